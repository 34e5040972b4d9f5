//! Reply addresses: the email of an external follow-up says `Reply-To:
//! reply+<request>-<signature>@<REPLY_DOMAIN>`. The signature is an HMAC of the request id
//! under a key derived from the server's secret, so a reply can be tied to its request
//! and a made-up or altered address is refused.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::secrets::{Purpose, Secret};

/// Hex digits of the signature kept in the address (80 bits).
const SIGNATURE_LEN: usize = 20;

/// HMAC-SHA256 of `message` under `key`, in hex.
pub fn hmac_hex(key: &[u8], message: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else { return String::new() };
    mac.update(message.as_bytes());
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// Equal strings, compared in constant time.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A visitor's right to add photos to the request they just filed, for an hour:
/// `<request>.<expiry>.<signature>`.
pub fn upload_token(secret: &Secret, request: i64, now: i64) -> String {
    let expires = now + 3600;
    let signature = hmac_hex(secret.key(Purpose::UploadToken).bytes(), &format!("upload:{request}:{expires}"));
    format!("{request}.{expires}.{signature}")
}

/// Whether `token` lets its holder add to `request` at `now`.
pub fn upload_token_ok(secret: &Secret, token: &str, request: i64, now: i64) -> bool {
    let mut parts = token.splitn(3, '.');
    let (Some(id), Some(expires), Some(signature)) = (parts.next(), parts.next(), parts.next()) else { return false };
    let (Ok(id), Ok(expires)) = (id.parse::<i64>(), expires.parse::<i64>()) else { return false };
    id == request
        && now <= expires
        && same(signature, &hmac_hex(secret.key(Purpose::UploadToken).bytes(), &format!("upload:{request}:{expires}")))
}

/// The closure email's survey link: `<request>.<signature>` under a key of its own (no
/// expiry: one answer per request is kept, whenever it comes).
pub fn survey_token(secret: &Secret, request: i64) -> String {
    let key = secret.key(Purpose::Survey);
    format!("{request}.{}", &hmac_hex(key.bytes(), &format!("survey:{request}"))[..32])
}

/// The request a survey token names, when its signature holds.
pub fn survey_request(secret: &Secret, token: &str) -> Option<i64> {
    let (id, _) = token.split_once('.')?;
    let id: i64 = id.parse().ok()?;
    same(token, &survey_token(secret, id)).then_some(id)
}

/// An Open311 filing's token: `t<request>.<signature>` (GeoReport's `tokens/{token}` turns it
/// into the request's number).
pub fn open311_token(secret: &Secret, request: i64) -> String {
    let key = secret.key(Purpose::Open311Token);
    format!("t{request}.{}", &hmac_hex(key.bytes(), &format!("open311:{request}"))[..24])
}

/// The request an Open311 token names, when its signature holds.
pub fn open311_request(secret: &Secret, token: &str) -> Option<i64> {
    let (id, _) = token.strip_prefix('t')?.split_once('.')?;
    let id: i64 = id.parse().ok()?;
    same(token, &open311_token(secret, id)).then_some(id)
}

#[derive(Clone)]
pub struct ReplyKeys {
    key: crate::secrets::Key,
    domain: String,
}

impl ReplyKeys {
    pub fn new(secret: &Secret, domain: &str) -> Self {
        Self { key: secret.key(Purpose::ReplyAddress), domain: domain.trim().to_lowercase() }
    }

    fn signature(&self, request: i64) -> String {
        hmac_hex(self.key.bytes(), &format!("request:{request}"))[..SIGNATURE_LEN].to_string()
    }

    /// The reply address of a request.
    pub fn address(&self, request: i64) -> String {
        format!("reply+{request}-{}@{}", self.signature(request), self.domain)
    }

    /// The request an address replies to, when it is one of ours and its signature holds.
    pub fn request_of(&self, address: &str) -> Option<i64> {
        let address = address.trim().trim_matches(['<', '>']).to_lowercase();
        let (local, domain) = address.rsplit_once('@')?;
        if domain != self.domain {
            return None;
        }
        let (id, signature) = local.strip_prefix("reply+")?.split_once('-')?;
        let id: i64 = id.parse().ok()?;
        same(&self.signature(id), signature).then_some(id)
    }
}

/// The link that confirms a follower by email: `<follower>.<signature>`.
pub fn follow_token(secret: &Secret, follower: i64) -> String {
    let key = secret.key(Purpose::FollowConfirmation);
    format!("{follower}.{}", &hmac_hex(key.bytes(), &format!("follower:{follower}"))[..32])
}

/// The follower a confirmation token names, when its signature holds.
pub fn follow_target(secret: &Secret, token: &str) -> Option<i64> {
    let id: i64 = token.split_once('.')?.0.parse().ok()?;
    same(token, &follow_token(secret, id)).then_some(id)
}

/// The unsubscribe link of a request's email to one address:
/// `<request>.<address, base64url>.<signature>`.
pub fn unsubscribe_token(secret: &Secret, request: i64, email: &str) -> String {
    use base64::Engine;
    let email = email.trim().to_lowercase();
    let key = secret.key(Purpose::Unsubscribe);
    let signature = &hmac_hex(key.bytes(), &format!("unsubscribe:{request}:{email}"))[..32];
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(email.as_bytes());
    format!("{request}.{encoded}.{signature}")
}

/// The request and address an unsubscribe token names, when its signature holds.
pub fn unsubscribe_target(secret: &Secret, token: &str) -> Option<(i64, String)> {
    use base64::Engine;
    let mut parts = token.splitn(3, '.');
    let request: i64 = parts.next()?.parse().ok()?;
    let email = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(parts.next()?).ok()?;
    let email = String::from_utf8(email).ok()?;
    same(token, &unsubscribe_token(secret, request, &email)).then_some((request, email))
}
