//! The outbox: the rows services write in their transaction, the worker's reads and marks,
//! and the administrator's list and retry.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Double, Int4, Jsonb, Nullable, Text, Timestamptz};
use serde_json::Value;

use super::schema::outbox as o;

/// An outbox row as stored.
pub struct OutboxRow {
    pub kind: &'static str,
    pub recipient: String,
    pub language: String,
    pub payload: Value,
    pub dedup_key: String,
    pub message_id: String,
}

/// Writes rows in one statement, each with its town and request (neither for an account's
/// email); a `dedup_key` already there makes
/// its row a no-op (a job run twice sends once). Returns the rows added. No NOTIFY: the
/// worker polls, and NOTIFY would serialise every committing filing on PostgreSQL's
/// notification queue lock.
pub fn insert(conn: &mut PgConnection, rows: &[(Option<i64>, Option<i64>, OutboxRow)]) -> QueryResult<usize> {
    if rows.is_empty() {
        return Ok(0);
    }
    let values: Vec<_> = rows
        .iter()
        .map(|(town, request, r)| {
            (
                o::municipality_id.eq(town),
                o::request_id.eq(request),
                o::kind.eq(r.kind),
                o::recipient.eq(&r.recipient),
                o::language.eq(&r.language),
                o::payload.eq(&r.payload),
                o::dedup_key.eq(&r.dedup_key),
                o::message_id.eq(&r.message_id),
            )
        })
        .collect();
    diesel::insert_into(o::table).values(&values).on_conflict(o::dedup_key).do_nothing().execute(conn)
}

/// Whether a row with this deduplication key was written already.
pub fn queued(conn: &mut PgConnection, dedup_key: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(o::table.filter(o::dedup_key.eq(dedup_key)))).get_result(conn)
}

/// A row the worker is to send.
#[derive(QueryableByName)]
pub struct Due {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub recipient: String,
    #[diesel(sql_type = Text)]
    pub language: String,
    #[diesel(sql_type = Jsonb)]
    pub payload: Value,
    #[diesel(sql_type = Text)]
    pub message_id: String,
    #[diesel(sql_type = Int4)]
    pub attempts: i32,
}

/// The next row due, locked for this transaction (`SKIP LOCKED`: several workers never take
/// the same row).
pub fn next_due(conn: &mut PgConnection) -> QueryResult<Option<Due>> {
    diesel::sql_query(
        "SELECT id, kind, recipient, language, payload, message_id, attempts FROM outbox
         WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
    )
    .get_result(conn)
    .optional()
}

/// Sent. A sent link (confirmation, reset, follow) is not kept: the row then holds nothing
/// anyone reading the table could use.
pub fn mark_sent(conn: &mut PgConnection, id: i64, attempts: i32) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE outbox SET status = 'sent', sent_at = now(), attempts = $2, last_error = NULL,
            payload = CASE WHEN kind IN ('account_confirmation', 'password_reset', 'follow_confirmation')
                           THEN payload - 'link' ELSE payload END
         WHERE id = $1",
    )
    .bind::<BigInt, _>(id)
    .bind::<Int4, _>(attempts)
    .execute(conn)
}

/// Not sent: tried again in `wait_secs`, or `failed` for good.
pub fn mark_attempt_failed(
    conn: &mut PgConnection,
    id: i64,
    attempts: i32,
    error: &str,
    failed: bool,
    wait_secs: f64,
) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE outbox SET attempts = $2, last_error = $3,
            status = CASE WHEN $4 THEN 'failed' ELSE 'pending' END,
            next_attempt_at = now() + make_interval(secs => $5)
         WHERE id = $1",
    )
    .bind::<BigInt, _>(id)
    .bind::<Int4, _>(attempts)
    .bind::<Text, _>(error)
    .bind::<Bool, _>(failed)
    .bind::<Double, _>(wait_secs)
    .execute(conn)
}

/// A row as a town administrator lists it.
#[derive(QueryableByName)]
pub struct Listed {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub request_id: Option<i64>,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub recipient: String,
    #[diesel(sql_type = Text)]
    pub language: String,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Int4)]
    pub attempts: i32,
    #[diesel(sql_type = Nullable<Text>)]
    pub last_error: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub sent_at: Option<DateTime<Utc>>,
    /// The request is a complaint.
    #[diesel(sql_type = Bool)]
    pub confidential: bool,
}

/// The columns of a row, `o` the outbox and `r` its request (if any).
const COLUMNS: &str = "o.id, o.request_id, o.kind, o.recipient, o.language, o.status, o.attempts, o.last_error,
    o.created_at, o.sent_at, coalesce(r.kind = 'complaint', false) AS confidential";
const FROM: &str = "outbox o LEFT JOIN requests r ON r.id = o.request_id";

/// The town's emails in one status, newest first, at most 200.
pub fn list(conn: &mut PgConnection, town: i64, status: &str) -> QueryResult<Vec<Listed>> {
    diesel::sql_query(format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE o.municipality_id = $1 AND o.status = $2 ORDER BY o.id DESC LIMIT 200"
    ))
    .bind::<BigInt, _>(town)
    .bind::<Text, _>(status)
    .load(conn)
}

/// A failed email back in line, its attempts counted afresh; `None` when the town has no
/// such failed email.
pub fn retry(conn: &mut PgConnection, town: i64, id: i64) -> QueryResult<Option<Listed>> {
    diesel::sql_query(format!(
        "WITH o AS (UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = now()
                    WHERE id = $1 AND municipality_id = $2 AND status = 'failed' RETURNING *)
         SELECT {COLUMNS} FROM o LEFT JOIN requests r ON r.id = o.request_id"
    ))
    .bind::<BigInt, _>(id)
    .bind::<BigInt, _>(town)
    .get_result(conn)
    .optional()
}

/// One of the town's emails.
pub fn find(conn: &mut PgConnection, town: i64, id: i64) -> QueryResult<Option<Listed>> {
    diesel::sql_query(format!("SELECT {COLUMNS} FROM {FROM} WHERE o.id = $1 AND o.municipality_id = $2"))
        .bind::<BigInt, _>(id)
        .bind::<BigInt, _>(town)
        .get_result(conn)
        .optional()
}
