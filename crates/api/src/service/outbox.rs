//! A town administrator follows the delivery of the town's emails and sends a failed one
//! again. The administrator sees nothing of requests, so the list shows the state of
//! delivery in full but never who asked: a requester's or a follower's address is masked
//! (in the error too), and an email about a complaint names no request.

use civis_domain::privacy::mask_email;
use civis_domain::wire::{OutboxMessage, OutboxStatus};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int4, Nullable, Text, Timestamptz};

use crate::error::ApiError;
use crate::outbox::Kind;

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    request_id: Option<i64>,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    recipient: String,
    #[diesel(sql_type = Text)]
    language: String,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Int4)]
    attempts: i32,
    #[diesel(sql_type = Nullable<Text>)]
    last_error: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    created_at: chrono::DateTime<chrono::Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    sent_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The request is a complaint.
    #[diesel(sql_type = diesel::sql_types::Bool)]
    confidential: bool,
}

impl From<Row> for OutboxMessage {
    fn from(r: Row) -> Self {
        // A kind this build does not know is masked like a requester's email.
        let to_requester = r.kind.parse::<Kind>().ok().is_none_or(Kind::to_requester);
        let (recipient, last_error) = if to_requester {
            let masked = mask_email(&r.recipient);
            (masked.clone(), r.last_error.map(|e| e.replace(&r.recipient, &masked)))
        } else {
            (r.recipient, r.last_error)
        };
        Self {
            id: r.id,
            request_id: r.request_id.filter(|_| !r.confidential),
            kind: r.kind,
            recipient,
            to_requester,
            language: r.language,
            status: r.status,
            attempts: r.attempts,
            last_error,
            created_at: r.created_at,
            sent_at: r.sent_at,
        }
    }
}

/// The columns of a row, `o` the outbox and `r` its request (if any).
const COLUMNS: &str = "o.id, o.request_id, o.kind, o.recipient, o.language, o.status, o.attempts, o.last_error,
    o.created_at, o.sent_at, coalesce(r.kind = 'complaint', false) AS confidential";
const FROM: &str = "outbox o LEFT JOIN requests r ON r.id = o.request_id";

/// The town's emails in one status (`failed` by default), newest first, at most 200.
pub fn list(conn: &mut PgConnection, town: i64, status: OutboxStatus) -> Result<Vec<OutboxMessage>, ApiError> {
    let rows: Vec<Row> = diesel::sql_query(format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE o.municipality_id = $1 AND o.status = $2 ORDER BY o.id DESC LIMIT 200"
    ))
    .bind::<BigInt, _>(town)
    .bind::<Text, _>(status.as_str())
    .load(conn)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Puts a failed email back in line, with its attempts counted afresh (same Message-ID).
pub fn retry(conn: &mut PgConnection, town: i64, id: i64) -> Result<OutboxMessage, ApiError> {
    let row: Option<Row> = diesel::sql_query(format!(
        "WITH o AS (UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = now()
                    WHERE id = $1 AND municipality_id = $2 AND status = 'failed' RETURNING *)
         SELECT {COLUMNS} FROM o LEFT JOIN requests r ON r.id = o.request_id"
    ))
    .bind::<BigInt, _>(id)
    .bind::<BigInt, _>(town)
    .get_result(conn)
    .optional()?;
    match row {
        Some(r) => Ok(r.into()),
        None => {
            let exists: Option<Row> =
                diesel::sql_query(format!("SELECT {COLUMNS} FROM {FROM} WHERE o.id = $1 AND o.municipality_id = $2"))
                    .bind::<BigInt, _>(id)
                    .bind::<BigInt, _>(town)
                    .get_result(conn)
                    .optional()?;
            Err(if exists.is_some() { ApiError::Conflict("conflict") } else { ApiError::NotFound })
        }
    }
}
