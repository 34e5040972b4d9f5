//! Password hashing with Argon2id (the crate's defaults: 19 MiB, 2 passes).

use std::sync::OnceLock;

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

/// The password hashers: each hash takes 19 MiB and a core for tens of milliseconds, so
/// at most `workers` run at once (a permit held by the hashing thread itself, so a caller
/// that hangs up frees nothing early). Past `queue` jobs waiting, or past `per_client` jobs
/// of one client admitted, a new job is refused at once with 503 instead of queueing: a
/// burst from one client waits behind its own jobs, never fills the queue for the others,
/// and no job holds a database connection while it waits.
pub struct Hashers {
    permits: std::sync::Arc<tokio::sync::Semaphore>,
    workers: usize,
    queue: usize,
    per_client: usize,
    admitted: std::sync::Mutex<Admitted>,
    busy: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    peak: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    refused: std::sync::atomic::AtomicU64,
}

#[derive(Default)]
struct Admitted {
    total: usize,
    by_client: std::collections::HashMap<String, usize>,
}

/// A job's place among the admitted, given back when the job ends or is dropped.
struct Admission<'a> {
    hashers: &'a Hashers,
    client: String,
}

impl Drop for Admission<'_> {
    fn drop(&mut self) {
        let mut a = self.hashers.admitted.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        a.total = a.total.saturating_sub(1);
        if let Some(n) = a.by_client.get_mut(&self.client) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                a.by_client.remove(&self.client);
            }
        }
    }
}

/// How busy the hashers are, for `/metrics`.
#[derive(Debug, Clone, Copy)]
pub struct HasherStats {
    pub workers: usize,
    pub busy: usize,
    pub peak: usize,
    pub refused: u64,
}

impl Hashers {
    /// One worker per core (at least two), a queue of 32 per worker (at least 64: about
    /// two seconds of work), and as many jobs of one client as there are workers (times
    /// `RATE_LIMIT_FACTOR`, which only tests raise).
    pub fn for_this_machine(factor: i32) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get).max(2);
        Self::new(cores, (32 * cores).max(64), cores * usize::try_from(factor.max(1)).unwrap_or(1))
    }

    pub fn new(workers: usize, queue: usize, per_client: usize) -> Self {
        Self {
            permits: std::sync::Arc::new(tokio::sync::Semaphore::new(workers)),
            workers,
            queue,
            per_client,
            admitted: std::sync::Mutex::default(),
            busy: std::sync::Arc::default(),
            peak: std::sync::Arc::default(),
            refused: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn admit(&self, client: &str) -> Result<Admission<'_>, ApiError> {
        let mut a = self.admitted.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mine = a.by_client.get(client).copied().unwrap_or(0);
        if a.total >= self.workers + self.queue || mine >= self.per_client {
            self.refused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Err(ApiError::Unavailable);
        }
        a.total += 1;
        *a.by_client.entry(client.to_string()).or_default() += 1;
        Ok(Admission { hashers: self, client: client.to_string() })
    }

    /// Runs a hash or a check for `client` on the blocking pool, or 503 at once when the
    /// hashers are full (see the type).
    pub async fn run<T: Send + 'static>(
        &self,
        client: &str,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        use std::sync::atomic::Ordering;
        let _admission = self.admit(client)?;
        let permit = self.permits.clone().acquire_owned().await.map_err(|_| ApiError::Unavailable)?;
        let (busy, peak) = (self.busy.clone(), self.peak.clone());
        actix_web::web::block(move || {
            let now = busy.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            let out = f();
            busy.fetch_sub(1, Ordering::SeqCst);
            drop(permit);
            out
        })
        .await
        .map_err(|e| ApiError::caused("password task", e))
    }

    pub fn stats(&self) -> HasherStats {
        use std::sync::atomic::Ordering;
        HasherStats {
            workers: self.workers,
            busy: self.busy.load(Ordering::SeqCst),
            peak: self.peak.load(Ordering::SeqCst),
            refused: self.refused.load(Ordering::Relaxed),
        }
    }
}

/// Checks a new password (given in `field`) against the policy and hashes it, off the
/// async workers.
pub async fn hash_new(
    hashers: &Hashers,
    client: &str,
    field: &str,
    password: &str,
    email: &str,
) -> Result<String, ApiError> {
    policy(field, password, email)?;
    let password = password.to_string();
    hashers.run(client, move || hash(&password)).await?
}
