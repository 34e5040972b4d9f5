//! Reply addresses: the email of an external follow-up says `Reply-To:
//! reply+<request>-<signature>@<REPLY_DOMAIN>`. The signature is an HMAC of the request id
//! under a key derived from the server's secret, so a reply can be tied to its request
//! and a made-up or altered address is refused.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Hex digits of the signature kept in the address (80 bits).
const SIGNATURE_LEN: usize = 20;

#[derive(Clone)]
pub struct ReplyKeys {
    key: [u8; 32],
    domain: String,
}

impl ReplyKeys {
    pub fn new(secret: &str, domain: &str) -> Self {
        let key: [u8; 32] = Sha256::digest(format!("civis-reply-address:{secret}")).into();
        Self { key, domain: domain.trim().to_lowercase() }
    }

    fn signature(&self, request: i64) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else { return String::new() };
        mac.update(format!("request:{request}").as_bytes());
        let bytes = mac.finalize().into_bytes();
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()[..SIGNATURE_LEN].to_string()
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
        let expected = self.signature(id);
        // Compared in constant time.
        let same = expected.len() == signature.len()
            && expected.bytes().zip(signature.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        same.then_some(id)
    }
}
