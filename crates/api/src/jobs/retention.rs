//! Retention (Loi 25): each town that set a limit (months after a request closes, or after
//! a call) has the contacts past it anonymized. The limit counts from the start of the
//! town's day, so a contact becomes due once a day; the job runs with the others and
//! finds nothing new until the town's next midnight.

use chrono::{DateTime, Utc};
use diesel::PgConnection;

use crate::error::ApiError;

/// Contacts per transaction.
const BATCH: i64 = 1000;

/// What a run anonymized (requests and calls), and the stored files to delete.
pub fn run(conn: &mut PgConnection, now: DateTime<Utc>) -> Result<(usize, Vec<String>), ApiError> {
    let mut anonymized = 0;
    let mut files = Vec::new();
    for town in crate::db::retention::retentions(conn, now)? {
        if let Some(done) = crate::service::anonymize::retention(conn, town.town, town.months, town.before, BATCH)? {
            tracing::info!(town = town.town, requests = done.run.requests, calls = done.run.calls, "retention ran");
            anonymized += usize::try_from(done.run.requests + done.run.calls).unwrap_or(0);
            files.extend(done.files);
        }
    }
    Ok((anonymized, files))
}
