//! The server's one secret (`JWT_SECRET`) and the keys derived from it. Each purpose
//! (access tokens, upload tokens, reply addresses, survey, reset and confirmation links,
//! unsubscribe links) signs with its own key, derived by HKDF-SHA256, so a value signed for
//! one purpose is worthless for another and none of them exposes the secret itself.
//!
//! The secret must be random: the server refuses the examples of our own files and
//! anything that does not carry at least 32 random bytes' worth of characters.

use std::fmt;

use anyhow::bail;
use hkdf::Hkdf;
use sha2::Sha256;

/// Why a key is derived. The name is the HKDF `info`: never rename one (every link and
/// address signed under it would stop working).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    AccessToken,
    UploadToken,
    ReplyAddress,
    Survey,
    PasswordReset,
    EmailConfirmation,
    FollowConfirmation,
    Unsubscribe,
    RateLimitKey,
    SecondFactorSeal,
    RecoveryCode,
    DepartmentEmail,
    Open311Token,
    WebhookSecretSeal,
}

impl Purpose {
    fn info(self) -> &'static [u8] {
        match self {
            Self::AccessToken => b"civis/access-token",
            Self::UploadToken => b"civis/upload-token",
            Self::ReplyAddress => b"civis/reply-address",
            Self::Survey => b"civis/survey",
            Self::PasswordReset => b"civis/password-reset",
            Self::EmailConfirmation => b"civis/email-confirmation",
            Self::FollowConfirmation => b"civis/follow-confirmation",
            Self::Unsubscribe => b"civis/unsubscribe",
            Self::RateLimitKey => b"civis/rate-limit-key",
            Self::SecondFactorSeal => b"civis/second-factor-seal",
            Self::RecoveryCode => b"civis/recovery-code",
            Self::DepartmentEmail => b"civis/department-email",
            Self::Open311Token => b"civis/open311-token",
            Self::WebhookSecretSeal => b"civis/webhook-secret-seal",
        }
    }
}

/// Values from our own examples and docs, refused whatever their length.
const KNOWN_EXAMPLES: &[&str] = &[
    "change-me-change-me-change-me-change-me",
    "e2e-secret-e2e-secret-e2e-secret-e2e",
    "bench-secret-bench-secret-bench-secret-0123",
    "test-secret-test-secret-test-secret-test",
    "secret",
];

/// Fewest characters: 32 random bytes written in base64.
const MIN_CHARS: usize = 43;
/// Fewest bits the characters must carry (Shannon estimate of the string itself): random
/// base64 of 32 bytes carries about 215, hex of 32 bytes about 240, a repeated word far less.
const MIN_BITS: f64 = 192.0;

/// A secret value: never printed (`Debug` shows `<hidden>`).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Hidden(pub String);

impl fmt::Debug for Hidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<hidden>")
    }
}

impl Hidden {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The server's secret.
#[derive(Clone, Debug)]
pub struct Secret(Hidden);

/// A key derived for one purpose (32 bytes).
#[derive(Clone)]
pub struct Key([u8; 32]);

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(<hidden>)")
    }
}

impl Key {
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

/// Bits carried by `s` by its own character frequencies (length × Shannon entropy).
fn estimated_bits(s: &str) -> f64 {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len() as f64;
    let mut counts = std::collections::HashMap::<char, usize>::new();
    for c in &chars {
        *counts.entry(*c).or_default() += 1;
    }
    let per_char: f64 = counts.values().map(|&k| k as f64 / n).map(|p| -p * p.log2()).sum();
    per_char * n
}

impl Secret {
    /// A secret from the environment variable `name`, refused when it is an example value
    /// or too weak to sign with.
    pub fn parse(name: &str, value: &str) -> anyhow::Result<Self> {
        let value = value.trim();
        if KNOWN_EXAMPLES.iter().any(|e| e.eq_ignore_ascii_case(value)) {
            bail!("{name} is an example value from Civis' own files; generate one: head -c 48 /dev/urandom | base64");
        }
        if value.chars().count() < MIN_CHARS || estimated_bits(value) < MIN_BITS {
            bail!(
                "{name} is too weak: it needs at least 32 random bytes (43 characters of base64); \
generate one: head -c 48 /dev/urandom | base64"
            );
        }
        Ok(Self(Hidden(value.into())))
    }

    /// A secret taken as is (tests and commands that sign nothing lasting).
    pub fn unchecked(value: &str) -> Self {
        Self(Hidden(value.into()))
    }

    /// The key of one purpose.
    pub fn key(&self, purpose: Purpose) -> Key {
        let hk = Hkdf::<Sha256>::new(Some(b"civis-v1"), self.0.as_str().as_bytes());
        let mut okm = [0u8; 32];
        // 32 bytes is far below HKDF-SHA256's limit of 8 160: expand cannot fail.
        let _ = hk.expand(purpose.info(), &mut okm);
        Key(okm)
    }

    /// Seals `plain` at rest under the purpose's key with ChaCha20-Poly1305, bound to `aad`
    /// (what it belongs to): a random nonce, then the ciphertext.
    pub fn seal(&self, purpose: Purpose, aad: &[u8], plain: &[u8]) -> Result<Vec<u8>, crate::error::ApiError> {
        use chacha20poly1305::aead::{Aead, KeyInit, Payload};
        use rand::RngCore;
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        // A 32-byte key is what ChaCha20-Poly1305 takes: this cannot fail.
        let cipher =
            chacha20poly1305::ChaCha20Poly1305::new_from_slice(self.key(purpose).bytes()).expect("32-byte key");
        let sealed = cipher
            .encrypt(&chacha20poly1305::Nonce::from(nonce), Payload { msg: plain, aad })
            .map_err(|_| crate::error::ApiError::internal("sealing failed"))?;
        Ok([nonce.as_slice(), &sealed].concat())
    }

    /// Opens what `seal` sealed; an error when sealed for another `aad` or key.
    pub fn open(&self, purpose: Purpose, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, crate::error::ApiError> {
        use chacha20poly1305::aead::{Aead, KeyInit, Payload};
        let short = || crate::error::ApiError::internal("a short seal");
        let (nonce, body) = sealed.split_at_checked(12).ok_or_else(short)?;
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| short())?;
        let cipher =
            chacha20poly1305::ChaCha20Poly1305::new_from_slice(self.key(purpose).bytes()).expect("32-byte key");
        cipher
            .decrypt(&chacha20poly1305::Nonce::from(nonce), Payload { msg: body, aad })
            .map_err(|_| crate::error::ApiError::internal("a seal that does not open (another SECRET_KEY?)"))
    }
}

impl From<&str> for Hidden {
    fn from(s: &str) -> Self {
        Self(s.into())
    }
}

impl From<String> for Hidden {
    fn from(s: String) -> Self {
        Self(s)
    }
}
