//! Anonymization's statements: finding what holds a person (by the person's file's match,
//! or by the retention limit), rewriting texts, turning contacts into tombstones, removing
//! followers, emails and files, closing an account, recording the run.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Int4, Int8, Jsonb, Nullable, Text, Timestamptz};
use serde_json::Value;

/// A contact to remove, with the names it gives.
#[derive(QueryableByName, Debug, Clone)]
pub struct ContactRow {
    #[diesel(sql_type = Int8)]
    pub request_id: i64,
    #[diesel(sql_type = Text)]
    pub first_name: String,
    #[diesel(sql_type = Text)]
    pub last_name: String,
}

/// The requests the person filed (their contact matches), as for their file.
pub fn contacts_of(
    conn: &mut PgConnection,
    town: i64,
    email: Option<&str>,
    phone: Option<&str>,
) -> QueryResult<Vec<ContactRow>> {
    diesel::sql_query(super::person::matched(
        "SELECT c.request_id, c.first_name, c.last_name FROM m JOIN requester_contacts c ON c.request_id = m.id
          WHERE m.is_requester ORDER BY c.request_id",
    ))
    .bind::<BigInt, _>(town)
    .bind::<Nullable<Text>, _>(email)
    .bind::<Nullable<Text>, _>(phone)
    .load(conn)
}

/// A call whose caller is to be removed.
#[derive(QueryableByName, Debug, Clone)]
pub struct CallRow {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Nullable<Text>)]
    pub contact_name: Option<String>,
}

/// The calls logged under the person's email or phone.
pub fn calls_of(
    conn: &mut PgConnection,
    town: i64,
    email: Option<&str>,
    phone: Option<&str>,
) -> QueryResult<Vec<CallRow>> {
    diesel::sql_query(
        "SELECT i.id, i.contact_name FROM interactions i
          WHERE i.municipality_id = $1
            AND (lower(i.contact_email) = lower($2) OR phone_key(i.contact_phone) = phone_key($3))
          ORDER BY i.id",
    )
    .bind::<BigInt, _>(town)
    .bind::<Nullable<Text>, _>(email)
    .bind::<Nullable<Text>, _>(phone)
    .load(conn)
}

/// A text that may name the person, with the row it lives in.
#[derive(QueryableByName, Debug, Clone)]
pub struct TextRow {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Int8)]
    pub request_id: i64,
    #[diesel(sql_type = Text)]
    pub text: String,
}

/// Where texts live: each with the statement that reads them for requests (`$1`) or calls
/// (`$2`), and the one that writes them back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextColumn {
    Description,
    ClosureMessage,
    ClosureNote,
    /// Every closure kept (`closures`): its message and its internal note.
    PastClosureMessage,
    PastClosureNote,
    Followup,
    SurveyComment,
    CallNote,
}

impl TextColumn {
    pub const ALL: [TextColumn; 8] = [
        Self::Description,
        Self::ClosureMessage,
        Self::ClosureNote,
        Self::PastClosureMessage,
        Self::PastClosureNote,
        Self::Followup,
        Self::SurveyComment,
        Self::CallNote,
    ];

    fn select(self) -> &'static str {
        match self {
            Self::Description => "SELECT id, id AS request_id, description AS text FROM requests WHERE id = ANY($1)",
            Self::ClosureMessage => {
                "SELECT id, id AS request_id, closure_message AS text FROM requests
                  WHERE id = ANY($1) AND closure_message IS NOT NULL"
            }
            Self::ClosureNote => {
                "SELECT id, id AS request_id, closure_note AS text FROM requests
                  WHERE id = ANY($1) AND closure_note IS NOT NULL"
            }
            Self::PastClosureMessage => {
                "SELECT id, request_id, message AS text FROM closures WHERE request_id = ANY($1) AND message IS NOT NULL"
            }
            Self::PastClosureNote => {
                "SELECT id, request_id, internal_note AS text FROM closures
                  WHERE request_id = ANY($1) AND internal_note IS NOT NULL"
            }
            Self::Followup => "SELECT id, request_id, body AS text FROM followups WHERE request_id = ANY($1)",
            Self::SurveyComment => {
                "SELECT request_id AS id, request_id, comment AS text FROM satisfaction WHERE request_id = ANY($1)"
            }
            Self::CallNote => "SELECT id, 0::bigint AS request_id, note AS text FROM interactions WHERE id = ANY($2)",
        }
    }

    fn update(self) -> &'static str {
        match self {
            Self::Description => {
                "UPDATE requests t SET description = v.text FROM unnest($1::bigint[], $2::text[]) v(id, text) WHERE t.id = v.id"
            }
            Self::ClosureMessage => {
                "UPDATE requests t SET closure_message = v.text FROM unnest($1::bigint[], $2::text[]) v(id, text) WHERE t.id = v.id"
            }
            Self::ClosureNote => {
                "UPDATE requests t SET closure_note = v.text FROM unnest($1::bigint[], $2::text[]) v(id, text) WHERE t.id = v.id"
            }
            Self::PastClosureMessage => {
                "UPDATE closures t SET message = v.text FROM unnest($1::bigint[], $2::text[]) v(id, text) WHERE t.id = v.id"
            }
            Self::PastClosureNote => {
                "UPDATE closures t SET internal_note = v.text FROM unnest($1::bigint[], $2::text[]) v(id, text) WHERE t.id = v.id"
            }
            Self::Followup => {
                "UPDATE followups t SET body = v.text FROM unnest($1::bigint[], $2::text[]) v(id, text) WHERE t.id = v.id"
            }
            Self::SurveyComment => {
                "UPDATE satisfaction t SET comment = v.text FROM unnest($1::bigint[], $2::text[]) v(id, text)
                  WHERE t.request_id = v.id"
            }
            Self::CallNote => {
                "UPDATE interactions t SET note = v.text FROM unnest($1::bigint[], $2::text[]) v(id, text) WHERE t.id = v.id"
            }
        }
    }

    pub fn read(self, conn: &mut PgConnection, requests: &[i64], calls: &[i64]) -> QueryResult<Vec<TextRow>> {
        diesel::sql_query(self.select()).bind::<Array<BigInt>, _>(requests).bind::<Array<BigInt>, _>(calls).load(conn)
    }

    pub fn write(self, conn: &mut PgConnection, ids: &[i64], texts: &[String]) -> QueryResult<usize> {
        if ids.is_empty() {
            return Ok(0);
        }
        diesel::sql_query(self.update()).bind::<Array<BigInt>, _>(ids).bind::<Array<Text>, _>(texts).execute(conn)
    }
}

/// An email kept in the outbox about one of the requests (to someone else: a department).
#[derive(QueryableByName, Debug, Clone)]
pub struct PayloadRow {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Int8)]
    pub request_id: i64,
    #[diesel(sql_type = Jsonb)]
    pub payload: Value,
}

pub fn payloads(conn: &mut PgConnection, requests: &[i64]) -> QueryResult<Vec<PayloadRow>> {
    diesel::sql_query("SELECT id, request_id, payload FROM outbox WHERE request_id = ANY($1)")
        .bind::<Array<BigInt>, _>(requests)
        .load(conn)
}

pub fn write_payloads(conn: &mut PgConnection, rows: &[(i64, Value)]) -> QueryResult<usize> {
    let (ids, payloads): (Vec<i64>, Vec<Value>) = rows.iter().cloned().unzip();
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::sql_query(
        "UPDATE outbox t SET payload = v.p FROM unnest($1::bigint[], $2::jsonb[]) v(id, p) WHERE t.id = v.id",
    )
    .bind::<Array<BigInt>, _>(ids)
    .bind::<Array<Jsonb>, _>(payloads)
    .execute(conn)
}

/// The contacts become a tombstone (the requests stay; no more emails to the requester).
pub fn tombstone_contacts(conn: &mut PgConnection, requests: &[i64]) -> QueryResult<usize> {
    diesel::sql_query(
        "WITH r AS (UPDATE requests SET wants_followups = false WHERE id = ANY($1) AND wants_followups)
         UPDATE requester_contacts SET first_name = '[anonymisé]', last_name = '', phone1 = NULL, phone2 = NULL,
                email = NULL, postal_address = NULL, anonymized_at = now()
          WHERE request_id = ANY($1)",
    )
    .bind::<Array<BigInt>, _>(requests)
    .execute(conn)
}

pub fn tombstone_calls(conn: &mut PgConnection, calls: &[i64]) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE interactions SET contact_name = '[anonymisé]', contact_email = NULL, contact_phone = NULL,
                anonymized_at = now()
          WHERE id = ANY($1)",
    )
    .bind::<Array<BigInt>, _>(calls)
    .execute(conn)
}

/// Removes the follow-ups by email of the person (or of their account) in the town, and
/// every follower of `requests` (retention: closed long ago).
pub fn remove_followers(
    conn: &mut PgConnection,
    town: i64,
    email: Option<&str>,
    account: Option<i64>,
    requests: &[i64],
) -> QueryResult<usize> {
    diesel::sql_query(
        "DELETE FROM request_followers f USING requests r
          WHERE r.id = f.request_id AND r.municipality_id = $1
            AND (lower(f.email) = lower($2) OR f.user_id = $3 OR f.request_id = ANY($4))",
    )
    .bind::<BigInt, _>(town)
    .bind::<Nullable<Text>, _>(email)
    .bind::<Nullable<BigInt>, _>(account)
    .bind::<Array<BigInt>, _>(requests)
    .execute(conn)
}

/// Removes the town's emails to the person, sent or waiting.
pub fn remove_emails_to(conn: &mut PgConnection, town: i64, email: &str) -> QueryResult<usize> {
    diesel::sql_query("DELETE FROM outbox WHERE municipality_id = $1 AND lower(recipient) = lower($2)")
        .bind::<BigInt, _>(town)
        .bind::<Text, _>(email)
        .execute(conn)
}

/// Removes the sent emails about `requests` (retention: what the town told anyone of them).
pub fn remove_sent_emails_about(conn: &mut PgConnection, requests: &[i64]) -> QueryResult<usize> {
    diesel::sql_query("DELETE FROM outbox WHERE request_id = ANY($1) AND status = 'sent'")
        .bind::<Array<BigInt>, _>(requests)
        .execute(conn)
}

/// A stored file the person sent, to remove.
#[derive(QueryableByName, Debug, Clone)]
pub struct FileRow {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub storage_key: String,
}

/// Marks the requester's files of `requests` removed (a neutral name; photos keep their
/// public copy) and answers their stored keys.
pub fn remove_files(conn: &mut PgConnection, requests: &[i64]) -> QueryResult<Vec<FileRow>> {
    diesel::sql_query(
        "UPDATE attachments SET original_removed_at = now(),
                filename = CASE WHEN kind = 'photo' THEN 'photo-' ELSE 'fichier-' END || id
                           || coalesce('.' || lower(nullif(substring(filename FROM '\\.([A-Za-z0-9]{1,8})$'), '')), '')
          WHERE request_id = ANY($1) AND by_requester AND original_removed_at IS NULL
         RETURNING id, kind, storage_key",
    )
    .bind::<Array<BigInt>, _>(requests)
    .load(conn)
}

/// Detaches the account from the town's requests and follow-ups; closes it (no name,
/// email, phone or password left; signed out) unless it holds another town's requests.
/// Answers whether it was closed.
pub fn close_account(conn: &mut PgConnection, town: i64, account: i64) -> QueryResult<bool> {
    diesel::sql_query(
        "WITH a AS (UPDATE requests SET citizen_user_id = NULL WHERE municipality_id = $1 AND citizen_user_id = $2)
         UPDATE followups SET author_user_id = NULL WHERE municipality_id = $1 AND author_user_id = $2",
    )
    .bind::<BigInt, _>(town)
    .bind::<BigInt, _>(account)
    .execute(conn)?;
    let closed = diesel::sql_query(
        "WITH u AS (
            UPDATE users SET email = 'anonymise-' || id || '@anonyme.invalid', first_name = '', last_name = '',
                   phone = NULL, active = false, password_hash = '!', updated_at = now()
             WHERE id = $2 AND kind = 'citizen'
               AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.citizen_user_id = $2 AND r.municipality_id <> $1)
               AND NOT EXISTS (SELECT 1 FROM request_followers f JOIN requests r ON r.id = f.request_id
                                WHERE f.user_id = $2 AND r.municipality_id <> $1)
            RETURNING id),
          t AS (UPDATE refresh_tokens SET revoked_at = now() WHERE user_id IN (SELECT id FROM u) AND revoked_at IS NULL),
          k AS (DELETE FROM account_tokens WHERE user_id IN (SELECT id FROM u))
         SELECT count(*) AS n FROM u",
    )
    .bind::<BigInt, _>(town)
    .bind::<BigInt, _>(account)
    .get_result::<Count>(conn)?;
    Ok(closed.n > 0)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// A run's record, without whom it removed.
#[derive(QueryableByName, Debug, Clone, Default)]
pub struct RunRow {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Timestamptz)]
    pub at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Int8>)]
    pub by_user_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    pub by_name: Option<String>,
    #[diesel(sql_type = Text)]
    pub reason: String,
    #[diesel(sql_type = Int4)]
    pub requests: i32,
    #[diesel(sql_type = Int4)]
    pub calls: i32,
    #[diesel(sql_type = Int4)]
    pub texts: i32,
    #[diesel(sql_type = Int4)]
    pub files: i32,
    #[diesel(sql_type = Int4)]
    pub followers: i32,
    #[diesel(sql_type = Int4)]
    pub emails: i32,
    #[diesel(sql_type = Bool)]
    pub account_closed: bool,
}

const RUN_COLUMNS: &str = "a.id, a.at, a.by_user_id, nullif(trim(u.first_name || ' ' || u.last_name), '') AS by_name,
       a.reason, a.requests, a.calls, a.texts, a.files, a.followers, a.emails, a.account_closed";

pub fn record(conn: &mut PgConnection, town: i64, run: &RunRow) -> QueryResult<RunRow> {
    diesel::sql_query(format!(
        "WITH a AS (INSERT INTO anonymizations (municipality_id, by_user_id, reason, requests, calls, texts, files,
                                               followers, emails, account_closed)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *)
         SELECT {RUN_COLUMNS} FROM a LEFT JOIN users u ON u.id = a.by_user_id"
    ))
    .bind::<BigInt, _>(town)
    .bind::<Nullable<BigInt>, _>(run.by_user_id)
    .bind::<Text, _>(&run.reason)
    .bind::<Int4, _>(run.requests)
    .bind::<Int4, _>(run.calls)
    .bind::<Int4, _>(run.texts)
    .bind::<Int4, _>(run.files)
    .bind::<Int4, _>(run.followers)
    .bind::<Int4, _>(run.emails)
    .bind::<Bool, _>(run.account_closed)
    .get_result(conn)
}

/// The town's runs, the latest first.
pub fn runs(conn: &mut PgConnection, town: i64, limit: i64) -> QueryResult<Vec<RunRow>> {
    diesel::sql_query(format!(
        "SELECT {RUN_COLUMNS} FROM anonymizations a LEFT JOIN users u ON u.id = a.by_user_id
          WHERE a.municipality_id = $1 ORDER BY a.at DESC, a.id DESC LIMIT $2"
    ))
    .bind::<BigInt, _>(town)
    .bind::<BigInt, _>(limit)
    .load(conn)
}

/// Detaches citizen accounts from `requests` and their follow-ups (retention: the account
/// lives on, without these requests).
pub fn detach_citizens(conn: &mut PgConnection, requests: &[i64]) -> QueryResult<usize> {
    diesel::sql_query(
        "WITH f AS (UPDATE followups SET author_user_id = NULL
                     WHERE request_id = ANY($1)
                       AND author_user_id IN (SELECT id FROM users WHERE kind = 'citizen'))
         UPDATE requests SET citizen_user_id = NULL WHERE id = ANY($1) AND citizen_user_id IS NOT NULL",
    )
    .bind::<Array<BigInt>, _>(requests)
    .execute(conn)
}
