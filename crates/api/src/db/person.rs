//! A person's records in one town, found by email (without case) or phone (its last ten
//! digits: `phone_key`, indexed). `$2` is the email or NULL, `$3` the phone or NULL.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Int4, Int8, Nullable, Text, Timestamptz};

/// The requests whose contact matches, as `m` (request ids with `is_requester`).
const MATCHED: &str = "m AS (
        SELECT c.request_id AS id, true AS is_requester FROM requester_contacts c JOIN requests r ON r.id = c.request_id
         WHERE r.municipality_id = $1 AND ((lower(c.email) = lower($2))
            OR (phone_key(c.phone1) = phone_key($3)) OR (phone_key(c.phone2) = phone_key($3)))
        UNION
        SELECT f.request_id, false FROM request_followers f JOIN requests r ON r.id = f.request_id
         WHERE r.municipality_id = $1 AND lower(f.email) = lower($2))";

pub(super) fn matched(sql: &str) -> String {
    format!("WITH {MATCHED} {sql}")
}

/// Runs a person's query with its three values: the town, the email and the phone.
fn load<T: QueryableByName<diesel::pg::Pg> + 'static>(
    conn: &mut PgConnection,
    sql: &str,
    town: i64,
    email: Option<&str>,
    phone: Option<&str>,
) -> QueryResult<Vec<T>> {
    diesel::sql_query(sql)
        .bind::<BigInt, _>(town)
        .bind::<Nullable<Text>, _>(email)
        .bind::<Nullable<Text>, _>(phone)
        .load(conn)
}

#[derive(QueryableByName, Debug)]
pub struct RequestRow {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub number: String,
    #[diesel(sql_type = Text)]
    pub kind: civis_domain::RequestKind,
    #[diesel(sql_type = Text)]
    pub status: civis_domain::Status,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Bool)]
    pub is_requester: bool,
    #[diesel(sql_type = Text)]
    pub description: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub first_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub last_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub phone1: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub phone2: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub email: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub postal_address: Option<String>,
}

pub fn requests(
    conn: &mut PgConnection,
    town: i64,
    email: Option<&str>,
    phone: Option<&str>,
) -> QueryResult<Vec<RequestRow>> {
    let sql = matched(
        "SELECT r.id, r.number, r.kind, r.status, r.created_at, bool_or(m.is_requester) AS is_requester, r.description,
                c.first_name, c.last_name, c.phone1, c.phone2, c.email, c.postal_address
           FROM m JOIN requests r ON r.id = m.id LEFT JOIN requester_contacts c ON c.request_id = r.id
          GROUP BY r.id, c.request_id ORDER BY r.created_at, r.id",
    );
    load(conn, &sql, town, email, phone)
}

#[derive(QueryableByName, Debug)]
pub struct MessageRow {
    #[diesel(sql_type = Int8)]
    pub request_id: i64,
    #[diesel(sql_type = Text)]
    pub number: String,
    #[diesel(sql_type = Text)]
    pub kind: civis_domain::wire::FollowupKind,
    #[diesel(sql_type = Text)]
    pub body: String,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

/// The replies and additions on the requests they filed, and what the town sent them.
pub fn messages(
    conn: &mut PgConnection,
    town: i64,
    email: Option<&str>,
    phone: Option<&str>,
) -> QueryResult<Vec<MessageRow>> {
    load(
        conn,
        &matched(
            "SELECT f.request_id, r.number, f.kind, f.body, f.created_at
           FROM m JOIN followups f ON f.request_id = m.id JOIN requests r ON r.id = f.request_id
          WHERE m.is_requester AND f.kind IN ('incoming', 'external') ORDER BY f.created_at, f.id",
        ),
        town,
        email,
        phone,
    )
}

#[derive(QueryableByName, Debug)]
pub struct CallRow {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Timestamptz)]
    pub occurred_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    pub channel: String,
    #[diesel(sql_type = Text)]
    pub note: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub contact_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub contact_email: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub contact_phone: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub request_number: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub callback_due_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub callback_done_at: Option<DateTime<Utc>>,
}

pub fn calls(
    conn: &mut PgConnection,
    town: i64,
    email: Option<&str>,
    phone: Option<&str>,
) -> QueryResult<Vec<CallRow>> {
    load(
        conn,
        "SELECT i.id, i.occurred_at, i.channel, i.note, i.contact_name, i.contact_email, i.contact_phone,
                r.number AS request_number, i.callback_due_at, i.callback_done_at
           FROM interactions i LEFT JOIN requests r ON r.id = i.request_id
          WHERE i.municipality_id = $1
            AND (lower(i.contact_email) = lower($2) OR phone_key(i.contact_phone) = phone_key($3))
          ORDER BY i.occurred_at, i.id",
        town,
        email,
        phone,
    )
}

#[derive(QueryableByName, Debug)]
pub struct AttachmentRow {
    #[diesel(sql_type = Int8)]
    pub request_id: i64,
    #[diesel(sql_type = Text)]
    pub number: String,
    #[diesel(sql_type = Text)]
    pub filename: String,
    #[diesel(sql_type = Text)]
    pub content_type: String,
    #[diesel(sql_type = Int8)]
    pub size_bytes: i64,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

/// What they sent with the requests they filed.
pub fn attachments(
    conn: &mut PgConnection,
    town: i64,
    email: Option<&str>,
    phone: Option<&str>,
) -> QueryResult<Vec<AttachmentRow>> {
    load(
        conn,
        &matched(
            "SELECT a.request_id, r.number, a.filename, a.content_type, a.size_bytes, a.created_at
           FROM m JOIN attachments a ON a.request_id = m.id JOIN requests r ON r.id = a.request_id
          WHERE m.is_requester AND a.by_requester ORDER BY a.created_at, a.id",
        ),
        town,
        email,
        phone,
    )
}

#[derive(QueryableByName, Debug)]
pub struct SurveyRow {
    #[diesel(sql_type = Text)]
    pub number: String,
    #[diesel(sql_type = Int4)]
    pub score: i32,
    #[diesel(sql_type = Text)]
    pub comment: String,
    #[diesel(sql_type = Timestamptz)]
    pub answered_at: DateTime<Utc>,
}

pub fn surveys(
    conn: &mut PgConnection,
    town: i64,
    email: Option<&str>,
    phone: Option<&str>,
) -> QueryResult<Vec<SurveyRow>> {
    load(
        conn,
        &matched(
            "SELECT r.number, s.score, s.comment, s.answered_at
           FROM m JOIN satisfaction s ON s.request_id = m.id JOIN requests r ON r.id = s.request_id
          WHERE m.is_requester ORDER BY s.answered_at",
        ),
        town,
        email,
        phone,
    )
}

#[derive(QueryableByName, Debug)]
pub struct AccountRow {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub email: String,
    #[diesel(sql_type = Text)]
    pub first_name: String,
    #[diesel(sql_type = Text)]
    pub last_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub phone: Option<String>,
    #[diesel(sql_type = Text)]
    pub language: String,
    #[diesel(sql_type = Bool)]
    pub active: bool,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub email_confirmed_at: Option<DateTime<Utc>>,
}

/// The citizen account with this email, when it filed or follows a request of the town.
pub fn account(conn: &mut PgConnection, town: i64, email: &str) -> QueryResult<Option<AccountRow>> {
    diesel::sql_query(
        "SELECT u.id, u.email, u.first_name, u.last_name, u.phone, u.language, u.active, u.created_at,
                u.email_confirmed_at
           FROM users u
          WHERE u.kind = 'citizen' AND lower(u.email) = lower($2)
            AND (EXISTS (SELECT 1 FROM requests r WHERE r.municipality_id = $1 AND r.citizen_user_id = u.id)
                 OR EXISTS (SELECT 1 FROM request_followers f JOIN requests r ON r.id = f.request_id
                             WHERE r.municipality_id = $1 AND f.user_id = u.id))",
    )
    .bind::<BigInt, _>(town)
    .bind::<Text, _>(email)
    .get_result(conn)
    .optional()
}

/// Whether an account's email is confirmed.
pub fn confirmed(conn: &mut PgConnection, user: i64) -> QueryResult<bool> {
    use super::schema::users;
    users::table
        .find(user)
        .select(users::email_confirmed_at.is_not_null())
        .first(conn)
        .optional()
        .map(|c| c == Some(true))
}

#[derive(QueryableByName, Debug)]
struct TownName {
    #[diesel(sql_type = Int8)]
    id: i64,
    #[diesel(sql_type = Text)]
    name: String,
}

/// The towns holding something under an email or an account: a request's contact, a
/// follow-up, a call, a request filed with the account.
pub fn towns_of(conn: &mut PgConnection, email: &str, account: i64) -> QueryResult<Vec<(i64, String)>> {
    let rows: Vec<TownName> = diesel::sql_query(
        "SELECT m.id, m.name FROM municipalities m
          WHERE m.id IN (SELECT r.municipality_id FROM requester_contacts c JOIN requests r ON r.id = c.request_id
                          WHERE lower(c.email) = lower($1)
                         UNION SELECT r.municipality_id FROM request_followers f JOIN requests r ON r.id = f.request_id
                          WHERE lower(f.email) = lower($1) OR f.user_id = $2
                         UNION SELECT i.municipality_id FROM interactions i WHERE lower(i.contact_email) = lower($1)
                         UNION SELECT r.municipality_id FROM requests r WHERE r.citizen_user_id = $2)
          ORDER BY m.name, m.id",
    )
    .bind::<Text, _>(email)
    .bind::<BigInt, _>(account)
    .load(conn)?;
    Ok(rows.into_iter().map(|t| (t.id, t.name)).collect())
}
