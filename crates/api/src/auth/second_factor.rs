//! The second factor's secrets and codes: TOTP (RFC 6238: SHA-1, six digits, 30-second
//! steps, one step of drift either way) through `totp-rs`, the secret sealed at rest with
//! ChaCha20-Poly1305 under a key derived from the server's secret (bound to the account),
//! and ten single-use recovery codes stored as HMACs.

use rand::RngCore;
use totp_rs::{Algorithm, TOTP};

use crate::error::ApiError;
use crate::secrets::{Purpose, Secret};

/// The name authenticator apps show above the code.
const ISSUER: &str = "Civis";
/// Seconds per code.
const STEP: u64 = 30;
/// Recovery codes given at enrolment.
pub const RECOVERY_CODES: usize = 10;

/// A TOTP for `secret`, labelled with the account's address.
pub fn totp(secret: Vec<u8>, email: &str) -> Result<TOTP, ApiError> {
    TOTP::new(Algorithm::SHA1, 6, 1, STEP, secret, Some(ISSUER.into()), email.replace(':', " "))
        .map_err(|e| ApiError::internal(format!("totp: {e}")))
}

/// A new random secret (160 bits, RFC 4226's recommendation).
pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; 20];
    rand::rng().fill_bytes(&mut secret);
    secret
}

/// Seals a TOTP secret for one account.
pub fn seal(secret: &Secret, user_id: i64, plain: &[u8]) -> Result<Vec<u8>, ApiError> {
    secret.seal(Purpose::SecondFactorSeal, &user_id.to_be_bytes(), plain)
}

/// Opens a sealed secret; an error when it was sealed for another account or key.
pub fn open(secret: &Secret, user_id: i64, sealed: &[u8]) -> Result<Vec<u8>, ApiError> {
    secret.open(Purpose::SecondFactorSeal, &user_id.to_be_bytes(), sealed)
}

/// The step a six-digit `code` belongs to, within one step of `now` (Unix seconds).
pub fn matching_step(totp: &TOTP, code: &str, now: u64) -> Option<i64> {
    let current = now / STEP;
    [current, current.saturating_sub(1), current + 1]
        .into_iter()
        .find(|step| crate::reply::same(&totp.generate(step * STEP), code))
        .and_then(|step| i64::try_from(step).ok())
}

/// Whether a code is an authenticator's (six digits) rather than a recovery code.
pub fn is_totp(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

/// Ten new recovery codes, `xxxxx-xxxxx` in an alphabet without look-alikes (50 bits each).
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut code: String =
                (0..10).map(|_| char::from(ALPHABET[(rng.next_u32() as usize) % ALPHABET.len()])).collect();
            code.insert(5, '-');
            code
        })
        .collect()
}

/// The stored form of a recovery code (case, spaces and dashes do not matter).
pub fn recovery_digest(secret: &Secret, code: &str) -> String {
    let normal: String = code.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase();
    crate::reply::hmac_hex(secret.key(Purpose::RecoveryCode).bytes(), &normal)
}
