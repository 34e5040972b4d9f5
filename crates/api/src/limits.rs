//! Abuse limits: how many times a client address, an account, an email address or a token
//! may do something in a window before the server answers 429 with `Retry-After`. The
//! counters live in PostgreSQL (`db::limits`), so every server and worker shares them, and
//! are keyed by an HMAC of the value: the table holds no address and no email.
//! `docs/SECURITY.md` lists the limits and why each is what it is.

use diesel::PgConnection;

use crate::db::limits as db;
use crate::error::ApiError;
use crate::reply::hmac_hex;
use crate::secrets::{Key, Purpose, Secret};

/// At most `max` in `window_secs` per key.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub bucket: &'static str,
    pub max: i32,
    pub window_secs: i64,
}

const fn limit(bucket: &'static str, max: i32, window_secs: i64) -> Limit {
    Limit { bucket, max, window_secs }
}

const MINUTE: i64 = 60;
const HOUR: i64 = 3600;

/// Failed sign-ins from one client address (any accounts).
pub const SIGN_IN_CLIENT: Limit = limit("sign_in_client", 20, 15 * MINUTE);
/// Failed sign-ins with one password across all accounts (password spraying).
pub const SIGN_IN_PASSWORD: Limit = limit("sign_in_password", 10, 15 * MINUTE);
/// Failed sign-ins to one account from one client address: the guesser is throttled,
/// never the account (its owner, elsewhere, still signs in).
pub const SIGN_IN_ACCOUNT_CLIENT: Limit = limit("sign_in_account_client", 5, 15 * MINUTE);
/// Failed sign-ins to one account from anywhere: never refused; reaching it emails the
/// owner once per window that someone is guessing.
pub const SIGN_IN_ACCOUNT_NOTICE: Limit = limit("sign_in_account", 10, HOUR);
/// Sign-ups from one client address.
pub const SIGN_UP_CLIENT: Limit = limit("sign_up_client", 5, HOUR);
/// Password-reset requests from one client address, and for one email address.
pub const RESET_CLIENT: Limit = limit("reset_client", 5, HOUR);
pub const RESET_EMAIL: Limit = limit("reset_email", 3, HOUR);
/// Requests filed by visitors (no account) from one client address: a ceiling a library's
/// or a town hall's kiosk stays under (a hundred people an hour), and a burst window that
/// stops a script at once.
pub const FILING_CLIENT: Limit = limit("filing_client", 100, HOUR);
pub const FILING_CLIENT_BURST: Limit = limit("filing_client_burst", 10, MINUTE);
/// Requests filed by visitors giving one email address.
pub const FILING_EMAIL: Limit = limit("filing_email", 10, HOUR);
/// Requests filed by one signed-in citizen (wherever they are).
pub const FILING_ACCOUNT: Limit = limit("filing_account", 30, HOUR);
/// Failed trackings (number and email that do not match) from one client address, for
/// one number, and for one email address.
pub const TRACKING_CLIENT: Limit = limit("tracking_client", 10, HOUR);
pub const TRACKING_NUMBER: Limit = limit("tracking_number", 5, HOUR);
pub const TRACKING_EMAIL: Limit = limit("tracking_email", 5, HOUR);
/// Follow requests from one client address, and for one email address.
pub const FOLLOW_CLIENT: Limit = limit("follow_client", 10, HOUR);
pub const FOLLOW_EMAIL: Limit = limit("follow_email", 5, HOUR);
/// Files added with one upload token (a visitor's hour to add photos).
pub const UPLOAD_TOKEN: Limit = limit("upload_token", 10, HOUR);
/// Replies by email to one reply address.
pub const INBOUND_ADDRESS: Limit = limit("inbound_address", 20, HOUR);
/// Article documents emailed by one staff account, and to one address.
pub const DOCUMENTS_ACCOUNT: Limit = limit("documents_account", 30, HOUR);
pub const DOCUMENTS_EMAIL: Limit = limit("documents_email", 5, HOUR);
/// "This answered my question" and survey answers from one client address.
pub const FEEDBACK_CLIENT: Limit = limit("feedback_client", 30, HOUR);

/// Counts against the limits; shared by every handler through the application state.
#[derive(Clone, Debug)]
pub struct Limiter {
    key: Key,
    /// Multiplies every `max` (`RATE_LIMIT_FACTOR`, 1 in production; browser tests that
    /// sign up many times from one address raise it).
    factor: i32,
}

impl Limiter {
    pub fn new(secret: &Secret, factor: i32) -> Self {
        Self { key: secret.key(Purpose::RateLimitKey), factor: factor.max(1) }
    }

    fn key(&self, limit: &Limit, value: &str) -> String {
        hmac_hex(self.key.bytes(), &format!("{}:{}", limit.bucket, value.trim().to_lowercase()))[..32].to_string()
    }

    fn refuse(count: db::Count) -> ApiError {
        ApiError::TooManyRequests { retry_after_secs: u64::try_from(count.retry_after).unwrap_or(1).max(1) }
    }

    /// Counts one attempt; past the limit, 429.
    pub fn hit(&self, conn: &mut PgConnection, limit: &Limit, value: &str) -> Result<(), ApiError> {
        let count = db::hit(conn, limit.bucket, &self.key(limit, value), limit.window_secs)?;
        if count.hits > limit.max.saturating_mul(self.factor) { Err(Self::refuse(count)) } else { Ok(()) }
    }

    /// 429 when the limit is already reached, without counting (failures are counted
    /// afterwards with `hit`).
    pub fn check(&self, conn: &mut PgConnection, limit: &Limit, value: &str) -> Result<(), ApiError> {
        match db::peek(conn, limit.bucket, &self.key(limit, value), limit.window_secs)? {
            Some(c) if c.hits >= limit.max.saturating_mul(self.factor) => Err(Self::refuse(c)),
            _ => Ok(()),
        }
    }

    /// Takes a place in each limit, atomically and before the work it guards, or none:
    /// past any of them the places already taken are given back and the answer is 429.
    /// A burst sent at once thus gets through no more often than the limit allows. Give
    /// the places back (`give_back`) when the attempt turns out not to be a failure.
    pub fn take(&self, conn: &mut PgConnection, places: &[(Limit, String)]) -> Result<(), ApiError> {
        for (i, (limit, value)) in places.iter().enumerate() {
            let max = limit.max.saturating_mul(self.factor);
            let count = db::take(conn, limit.bucket, &self.key(limit, value), limit.window_secs, max)?;
            if count.hits > max {
                self.give_back(conn, &places[..i])?;
                return Err(Self::refuse(count));
            }
        }
        Ok(())
    }

    /// Gives back places taken with `take`.
    pub fn give_back(&self, conn: &mut PgConnection, places: &[(Limit, String)]) -> Result<(), ApiError> {
        for (limit, value) in places {
            db::give_back(conn, limit.bucket, &self.key(limit, value), limit.max.saturating_mul(self.factor))?;
        }
        Ok(())
    }

    /// Counts one more in `limit`'s window and says whether this one reached its `max`
    /// exactly (a notice sent once per window).
    pub fn reaches(&self, conn: &mut PgConnection, limit: &Limit, value: &str) -> Result<bool, ApiError> {
        let count = db::hit(conn, limit.bucket, &self.key(limit, value), limit.window_secs)?;
        Ok(count.hits == limit.max.saturating_mul(self.factor))
    }

    /// Forgets a key's window.
    pub fn clear(&self, conn: &mut PgConnection, limit: &Limit, value: &str) -> Result<(), ApiError> {
        db::clear(conn, limit.bucket, &self.key(limit, value)).map_err(Into::into)
    }

    /// Counts a failure whose answer is already decided (its own 429 does not matter).
    pub fn fail(&self, conn: &mut PgConnection, limit: &Limit, value: &str) -> Result<(), ApiError> {
        db::hit(conn, limit.bucket, &self.key(limit, value), limit.window_secs).map(drop).map_err(Into::into)
    }
}
