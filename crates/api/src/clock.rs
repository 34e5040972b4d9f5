//! The product's clock, in one place.
//!
//! An instant is read from the machine's clock here and nowhere else in the process
//! (`make lint`'s `clock` check refuses `Utc::now()` and `SystemTime::now()` elsewhere);
//! in SQL it is PostgreSQL's `now()`, the transaction's start. The town's day is never
//! worked out from the process's clock: it is the instant seen in the town's time zone by
//! PostgreSQL (`db::towns::CLOCK_COLUMNS`, `db::requests`' year), so the server, the worker
//! and the jobs agree on it whatever zone the machines run in.
//!
//! Tests set the clock for the whole system (PostgreSQL, the server, the worker, the tests)
//! with libfaketime: `scripts/test-instants.sh` runs the API suite at fixed instants (New
//! Year's Eve in Montréal, the spring daylight-saving night, 29 February). A job is run on
//! another day with `civis jobs --date`.

use chrono::{DateTime, Utc};

/// Now, as an instant.
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Now, in seconds since the epoch (signed tokens' lifetimes).
pub fn unix() -> i64 {
    now().timestamp()
}
