//! Password hashing with Argon2id (the crate's defaults: 19 MiB, 2 passes).

use std::sync::{LazyLock, OnceLock};

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::ApiError;

/// Hashes a password into a PHC string. CPU-heavy: call it off the async workers.
pub fn hash(password: &str) -> Result<String, ApiError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ApiError::internal(format!("argon2: {e}")))
}

/// Checks a password against a stored hash; a malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), stored).is_ok()
}

/// Spends the time of a real check when the account does not exist, so that response
/// times do not reveal which addresses have accounts.
pub fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("not a real password, only for timing").unwrap_or_default());
    let _ = verify(password, stored);
}

/// Common passwords (lower case, 6 characters or more): zxcvbn's list from Xato's corpus
/// plus French and Quebec words and names (`data/common-passwords.txt`, MIT, see its
/// licence file).
static COMMON: &str = include_str!("../../data/common-passwords.txt");

fn common_set() -> &'static std::collections::HashSet<&'static str> {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| COMMON.lines().map(str::trim).filter(|l| !l.is_empty()).collect())
}

/// Whether a password is a common one, as is or dressed up with digits and signs around
/// it ("Motdepasse2026!", "123soleil123").
pub fn is_common(password: &str) -> bool {
    let lower = password.trim().to_lowercase();
    let core = lower.trim_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation() || c == ' ');
    let set = common_set();
    set.contains(lower.as_str()) || set.contains(core) || core.chars().all(|c| c == lower.chars().next().unwrap_or(c))
}

/// The policy a new password must follow (ASVS 4.0.3 L2 V2.1): 12 to 128 characters,
/// not common, not the account's email address. A refusal names `field`.
pub fn policy(field: &str, password: &str, email: &str) -> Result<(), ApiError> {
    civis_domain::password::shape(password).map_err(|e| ApiError::field(field, &e.code))?;
    if is_common(password) {
        return Err(ApiError::field(field, "password_common"));
    }
    if civis_domain::password::like_email(password, email) {
        return Err(ApiError::field(field, "password_like_email"));
    }
    Ok(())
}

/// Password hashes computed at once: each takes 19 MiB and a core for tens of
/// milliseconds, so a burst of sign-ins queues here instead of exhausting memory, and
/// holds no database connection while it waits.
static HASHERS: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    tokio::sync::Semaphore::new(cores.max(2))
});

/// Runs a hash or a check on the blocking pool, a few at a time.
pub async fn off_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
    let _permit = HASHERS.acquire().await.map_err(|_| ApiError::Unavailable)?;
    actix_web::web::block(f).await.map_err(|e| ApiError::caused("password task", e))
}

/// Checks a new password (given in `field`) against the policy and hashes it, off the
/// async workers.
pub async fn hash_new(field: &str, password: &str, email: &str) -> Result<String, ApiError> {
    policy(field, password, email)?;
    let password = password.to_string();
    off_thread(move || hash(&password)).await?
}
