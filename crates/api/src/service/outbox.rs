//! A town administrator follows the delivery of the town's emails and sends a failed one
//! again.

use civis_domain::wire::OutboxMessage;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int4, Nullable, Text, Timestamptz};

use crate::error::ApiError;

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
}

impl From<Row> for OutboxMessage {
    fn from(r: Row) -> Self {
        Self {
            id: r.id,
            request_id: r.request_id,
            kind: r.kind,
            recipient: r.recipient,
            language: r.language,
            status: r.status,
            attempts: r.attempts,
            last_error: r.last_error,
            created_at: r.created_at,
            sent_at: r.sent_at,
        }
    }
}

const COLUMNS: &str = "id, request_id, kind, recipient, language, status, attempts, last_error, created_at, sent_at";

/// The town's emails in one status (`failed` by default), newest first, at most 200.
pub fn list(conn: &mut PgConnection, town: i64, status: &str) -> Result<Vec<OutboxMessage>, ApiError> {
    if !matches!(status, "pending" | "sent" | "failed") {
        return Err(ApiError::BadRequest { code: "invalid_value", detail: format!("status: {status:?}") });
    }
    let rows: Vec<Row> = diesel::sql_query(format!(
        "SELECT {COLUMNS} FROM outbox WHERE municipality_id = $1 AND status = $2 ORDER BY id DESC LIMIT 200"
    ))
    .bind::<BigInt, _>(town)
    .bind::<Text, _>(status)
    .load(conn)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Puts a failed email back in line, with its attempts counted afresh (same Message-ID).
pub fn retry(conn: &mut PgConnection, town: i64, id: i64) -> Result<OutboxMessage, ApiError> {
    let row: Option<Row> = diesel::sql_query(format!(
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = now()
         WHERE id = $1 AND municipality_id = $2 AND status = 'failed' RETURNING {COLUMNS}"
    ))
    .bind::<BigInt, _>(id)
    .bind::<BigInt, _>(town)
    .get_result(conn)
    .optional()?;
    match row {
        Some(r) => Ok(r.into()),
        None => {
            let exists: Option<Row> =
                diesel::sql_query(format!("SELECT {COLUMNS} FROM outbox WHERE id = $1 AND municipality_id = $2"))
                    .bind::<BigInt, _>(id)
                    .bind::<BigInt, _>(town)
                    .get_result(conn)
                    .optional()?;
            Err(if exists.is_some() { ApiError::Conflict("conflict") } else { ApiError::NotFound })
        }
    }
}
