//! What the periodic jobs read (towns, requests due, who receives the lists and reports)
//! and their locks, so that several workers share one database.

use chrono::NaiveDate;
use civis_domain::Lang;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Int4, Nullable, Text};

/// The first key of the jobs' advisory locks (`jobs` in ASCII); the second is the town.
pub const JOBS_LOCK: i32 = 0x6a6f_6273;

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

/// Takes the town's jobs lock for the current transaction; `false` when another worker
/// holds it (the lock is released when the transaction ends).
pub fn lock_town(conn: &mut PgConnection, town: i64) -> QueryResult<bool> {
    // Town ids fit in four bytes for ages; a wrap would only make two towns share a lock.
    #[allow(clippy::cast_possible_truncation)]
    let key = town as i32;
    diesel::sql_query("SELECT pg_try_advisory_xact_lock($1, $2) AS locked")
        .bind::<Int4, _>(JOBS_LOCK)
        .bind::<Int4, _>(key)
        .get_result::<Locked>(conn)
        .map(|l| l.locked)
}

/// A town as its jobs need it, with its own today.
#[derive(QueryableByName)]
pub struct Town {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub slug: String,
    #[diesel(sql_type = Text)]
    pub sender_name: String,
    #[diesel(sql_type = Text)]
    pub sender_email: String,
    #[diesel(sql_type = Int4)]
    pub reminder_lead_days: i32,
    #[diesel(sql_type = Date)]
    pub today: NaiveDate,
}

/// An open request due in a window, with its department's address.
#[derive(QueryableByName, Clone)]
pub struct Due {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub number: String,
    #[diesel(sql_type = Date)]
    pub due_date: NaiveDate,
    #[diesel(sql_type = Text)]
    pub email: String,
    #[diesel(sql_type = Text)]
    pub category_fr: String,
    #[diesel(sql_type = Text)]
    pub category_en: String,
}

/// Who receives a monthly list.
#[derive(QueryableByName)]
pub struct Recipient {
    #[diesel(sql_type = Nullable<BigInt>)]
    pub department_id: Option<i64>,
    #[diesel(sql_type = Text)]
    pub email: String,
    #[diesel(sql_type = Text)]
    pub language: String,
}

/// Who reads the council's report: elected officials and the director.
#[derive(QueryableByName)]
pub struct Reader {
    #[diesel(sql_type = Text)]
    pub email: String,
    #[diesel(sql_type = Text)]
    pub language: Lang,
}

/// The active towns, each with today in its time zone.
pub fn active_towns(conn: &mut PgConnection) -> QueryResult<Vec<Town>> {
    diesel::sql_query(
        "SELECT id, name, slug, sender_name, sender_email, reminder_lead_days,
                (now() AT TIME ZONE timezone)::date AS today
         FROM municipalities WHERE active ORDER BY id",
    )
    .load(conn)
}

const DUE: &str = "SELECT r.id, r.number, r.due_date, d.notification_email AS email,
        n.name_fr AS category_fr, n.name_en AS category_en
    FROM requests r JOIN departments d ON d.id = r.department_id JOIN taxonomy_nodes n ON n.id = r.node_id
    WHERE r.municipality_id = $1 AND r.status IN ('transferred', 'in_progress')
      AND d.notification_email IS NOT NULL AND r.due_date BETWEEN $2 AND $3";

/// The town's open requests due from `from` to `to`, whose department has an address.
pub fn due_between(conn: &mut PgConnection, town: i64, from: NaiveDate, to: NaiveDate) -> QueryResult<Vec<Due>> {
    diesel::sql_query(DUE).bind::<BigInt, _>(town).bind::<Date, _>(from).bind::<Date, _>(to).load(conn)
}

/// The town's open requests whose first answer, promised by `today` or before, is not
/// given, whose department has an address (`due_date` is the promised day).
pub fn first_answers_due(conn: &mut PgConnection, town: i64, today: NaiveDate) -> QueryResult<Vec<Due>> {
    diesel::sql_query(
        "SELECT r.id, r.number, r.first_answer_due AS due_date, d.notification_email AS email,
                n.name_fr AS category_fr, n.name_en AS category_en
           FROM requests r JOIN departments d ON d.id = r.department_id JOIN taxonomy_nodes n ON n.id = r.node_id
          WHERE r.municipality_id = $1 AND r.first_answer_due <= $2 AND r.first_answered_at IS NULL
            AND r.status IN ('transferred', 'in_progress') AND d.notification_email IS NOT NULL",
    )
    .bind::<BigInt, _>(town)
    .bind::<Date, _>(today)
    .load(conn)
}

/// Each active department's responsible people, or its address when it has none.
pub fn department_recipients(conn: &mut PgConnection, town: i64) -> QueryResult<Vec<Recipient>> {
    diesel::sql_query(
        "SELECT d.id AS department_id, u.email, u.language
           FROM departments d JOIN user_grants g ON g.department_id = d.id AND g.role = 'department_responsible'
           JOIN users u ON u.id = g.user_id AND u.active
          WHERE d.municipality_id = $1 AND d.active
         UNION
         SELECT d.id, d.notification_email, 'fr' FROM departments d
          WHERE d.municipality_id = $1 AND d.active AND d.notification_email IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM user_grants g WHERE g.department_id = d.id AND g.role = 'department_responsible')",
    )
    .bind::<BigInt, _>(town)
    .load(conn)
}

/// The town's elected officials.
pub fn elected_recipients(conn: &mut PgConnection, town: i64) -> QueryResult<Vec<Recipient>> {
    diesel::sql_query(
        "SELECT NULL::bigint AS department_id, u.email, u.language FROM user_grants g
           JOIN users u ON u.id = g.user_id AND u.active
          WHERE g.municipality_id = $1 AND g.role = 'elected_official'",
    )
    .bind::<BigInt, _>(town)
    .load(conn)
}

/// The town's elected officials and director, once each.
pub fn council_readers(conn: &mut PgConnection, town: i64) -> QueryResult<Vec<Reader>> {
    diesel::sql_query(
        "SELECT DISTINCT u.email, u.language FROM user_grants g JOIN users u ON u.id = g.user_id AND u.active
          WHERE g.municipality_id = $1 AND g.role IN ('elected_official', 'director') ORDER BY u.email",
    )
    .bind::<BigInt, _>(town)
    .load(conn)
}
