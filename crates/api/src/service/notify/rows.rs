//! What an outbox row is and how it is written: the kinds of notification, the row's
//! recipient, payload and deduplication key, one insert for several rows.

use diesel::prelude::*;
use serde_json::Value;

pub use crate::db::outbox::OutboxRow;
use crate::error::ApiError;
pub use crate::outbox::Kind;

fn message_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{hex}@civis")
}

/// Where an email belongs: its town and, when it is about one, its request.
#[derive(Clone, Copy)]
pub struct Subject {
    pub town: i64,
    pub request: Option<i64>,
}

/// An outbox row to write.
pub(super) struct Pending {
    pub(super) about: Subject,
    pub(super) kind: Kind,
    pub(super) recipient: String,
    pub(super) language: String,
    pub(super) payload: Value,
    pub(super) dedup: String,
}

/// The row as stored: the address lowercased, the dedup key prefixed with the kind, a new
/// Message-ID.
fn stored(kind: Kind, recipient: &str, language: &str, payload: &Value, dedup: &str) -> OutboxRow {
    OutboxRow {
        kind: kind.as_str(),
        recipient: recipient.trim().to_lowercase(),
        language: language.to_string(),
        payload: payload.clone(),
        dedup_key: format!("{}:{dedup}", kind.as_str()),
        message_id: message_id(),
    }
}

impl Pending {
    pub(super) fn finish(&self) -> OutboxRow {
        stored(self.kind, &self.recipient, &self.language, &self.payload, &self.dedup)
    }
}

/// Writes outbox rows in one statement; `dedup` makes the same notification of the same
/// event a no-op (so a job run twice sends once). Returns the rows added.
pub(super) fn write(conn: &mut PgConnection, rows: &[Pending]) -> Result<usize, ApiError> {
    let finished: Vec<(Option<i64>, Option<i64>, OutboxRow)> =
        rows.iter().map(|p| (Some(p.about.town), p.about.request, p.finish())).collect();
    Ok(crate::db::outbox::insert(conn, &finished)?)
}

/// One outbox row (see `write`). Returns 1 when a row was added, 0 when it already existed.
pub fn enqueue(
    conn: &mut PgConnection,
    about: Subject,
    kind: Kind,
    recipient: &str,
    language: &str,
    payload: &Value,
    dedup: String,
) -> Result<usize, ApiError> {
    let row = Pending {
        about,
        kind,
        recipient: recipient.into(),
        language: language.into(),
        payload: payload.clone(),
        dedup,
    };
    write(conn, &[row])
}

/// An email about an account rather than a town's request (no town, no request): the
/// account's own links and notices. `dedup` keeps a repeated event to one email.
pub fn enqueue_account(
    conn: &mut PgConnection,
    kind: Kind,
    recipient: &str,
    language: &str,
    payload: &Value,
    dedup: &str,
) -> Result<usize, ApiError> {
    let row = stored(kind, recipient, language, payload, dedup);
    Ok(crate::db::outbox::insert(conn, &[(None, None, row)])?)
}
