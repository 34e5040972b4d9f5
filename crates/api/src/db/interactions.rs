//! Contacts with citizens as agents log them, the callbacks they promise, and their counts.

use chrono::{DateTime, NaiveDate, Utc};
use civis_domain::RequestKind;
use civis_domain::knowledge::{ContactChannel, Outcome};
use civis_domain::wire::RequesterMode;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Nullable, Text, Timestamptz};

use super::schema::{interaction_articles, interactions, requests, users};

#[derive(Debug, Insertable)]
#[diesel(table_name = interactions)]
pub struct NewInteraction<'a> {
    pub municipality_id: i64,
    pub channel: &'a str,
    pub node_id: Option<i64>,
    pub note: &'a str,
    pub contact_name: Option<&'a str>,
    pub contact_email: Option<&'a str>,
    pub contact_phone: Option<&'a str>,
    pub outcome: &'a str,
    pub referred_department_id: Option<i64>,
    pub referred_to: Option<&'a str>,
    pub occurred_at: DateTime<Utc>,
    pub callback_due_at: Option<DateTime<Utc>>,
    pub created_by: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = interactions, check_for_backend(diesel::pg::Pg))]
pub struct InteractionRow {
    pub id: i64,
    pub municipality_id: i64,
    pub channel: ContactChannel,
    pub node_id: Option<i64>,
    pub note: String,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub outcome: Outcome,
    pub referred_department_id: Option<i64>,
    pub referred_to: Option<String>,
    pub request_id: Option<i64>,
    pub occurred_at: DateTime<Utc>,
    pub callback_due_at: Option<DateTime<Utc>>,
    pub callback_done_at: Option<DateTime<Utc>>,
}

/// A row with who logged it and the request it became.
pub type Listed = (InteractionRow, String, String, Linked);

/// What the disclosure rule needs of the request a contact became (all `None` while it
/// became none): its number, kind, requester mode and department.
pub type Linked = (Option<String>, Option<RequestKind>, Option<RequesterMode>, Option<i64>);

pub fn insert(conn: &mut PgConnection, row: &NewInteraction) -> QueryResult<i64> {
    diesel::insert_into(interactions::table).values(row).returning(interactions::id).get_result(conn)
}

pub fn link_articles(conn: &mut PgConnection, town: i64, id: i64, articles: &[i64]) -> QueryResult<usize> {
    let rows: Vec<_> = articles
        .iter()
        .map(|a| {
            (
                interaction_articles::municipality_id.eq(town),
                interaction_articles::interaction_id.eq(id),
                interaction_articles::article_id.eq(a),
            )
        })
        .collect();
    diesel::insert_into(interaction_articles::table).values(rows).on_conflict_do_nothing().execute(conn)
}

pub fn articles_of(conn: &mut PgConnection, ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    interaction_articles::table
        .filter(interaction_articles::interaction_id.eq_any(ids))
        .order((interaction_articles::interaction_id, interaction_articles::article_id))
        .select((interaction_articles::interaction_id, interaction_articles::article_id))
        .load(conn)
}

/// Contacts with who logged them and the request they became.
macro_rules! listed {
    () => {
        interactions::table
            .inner_join(users::table)
            .left_join(requests::table.on(requests::id.nullable().eq(interactions::request_id)))
            .select((
                InteractionRow::as_select(),
                users::first_name,
                users::last_name,
                (
                    requests::number.nullable(),
                    requests::kind.nullable(),
                    requests::requester_mode.nullable(),
                    requests::department_id.nullable(),
                ),
            ))
    };
}

pub fn find(conn: &mut PgConnection, town: i64, id: i64) -> QueryResult<Option<Listed>> {
    listed!().filter(interactions::municipality_id.eq(town)).filter(interactions::id.eq(id)).first(conn).optional()
}

/// The newest contacts, or the callbacks not done yet (soonest due first).
pub fn list(conn: &mut PgConnection, town: i64, callbacks: bool, limit: i64) -> QueryResult<Vec<Listed>> {
    let base = listed!().filter(interactions::municipality_id.eq(town)).limit(limit);
    if callbacks {
        base.filter(interactions::callback_due_at.is_not_null())
            .filter(interactions::callback_done_at.is_null())
            .order((interactions::callback_due_at.asc(), interactions::id.asc()))
            .load(conn)
    } else {
        base.order((interactions::occurred_at.desc(), interactions::id.desc())).load(conn)
    }
}

pub fn callback_done(conn: &mut PgConnection, town: i64, id: i64, by: i64) -> QueryResult<usize> {
    diesel::update(
        interactions::table
            .filter(interactions::municipality_id.eq(town))
            .filter(interactions::id.eq(id))
            .filter(interactions::callback_due_at.is_not_null())
            .filter(interactions::callback_done_at.is_null()),
    )
    .set((interactions::callback_done_at.eq(diesel::dsl::now), interactions::callback_done_by.eq(by)))
    .execute(conn)
}

pub fn set_request(conn: &mut PgConnection, town: i64, id: i64, request: i64) -> QueryResult<usize> {
    diesel::update(interactions::table.filter(interactions::municipality_id.eq(town)).filter(interactions::id.eq(id)))
        .set(interactions::request_id.eq(request))
        .execute(conn)
}

#[derive(QueryableByName)]
struct Moment {
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    at: Option<DateTime<Utc>>,
}

/// The town's day of a moment.
pub fn local_day(conn: &mut PgConnection, town: i64, at: DateTime<Utc>) -> QueryResult<NaiveDate> {
    let m: Moment = diesel::sql_query(
        "SELECT ($2 AT TIME ZONE timezone)::date AS day, NULL::timestamptz AS at FROM municipalities WHERE id = $1",
    )
    .bind::<BigInt, _>(town)
    .bind::<Timestamptz, _>(at)
    .get_result(conn)?;
    Ok(m.day)
}

/// The town's closing time on a day, as a moment.
pub fn closing_time(conn: &mut PgConnection, town: i64, day: NaiveDate) -> QueryResult<DateTime<Utc>> {
    let m: Moment = diesel::sql_query(
        "SELECT $2 AS day, ($2 + closes_at) AT TIME ZONE timezone AS at FROM municipalities WHERE id = $1",
    )
    .bind::<BigInt, _>(town)
    .bind::<Date, _>(day)
    .get_result(conn)?;
    m.at.ok_or(diesel::result::Error::NotFound)
}

#[derive(QueryableByName)]
pub struct ChannelRow {
    #[diesel(sql_type = Text)]
    pub channel: String,
    #[diesel(sql_type = BigInt)]
    pub count: i64,
}

#[derive(QueryableByName)]
pub struct CountsRow {
    #[diesel(sql_type = BigInt)]
    pub answered: i64,
    #[diesel(sql_type = BigInt)]
    pub referred: i64,
    #[diesel(sql_type = BigInt)]
    pub requests: i64,
    #[diesel(sql_type = BigInt)]
    pub callbacks_due: i64,
    #[diesel(sql_type = BigInt)]
    pub callbacks_on_time: i64,
    #[diesel(sql_type = BigInt)]
    pub callbacks_overdue: i64,
    #[diesel(sql_type = BigInt)]
    pub self_service: i64,
}

/// The period `[from, to]` (days of the town) as moments.
const PERIOD: &str = "p AS (SELECT ($2::date)::timestamp AT TIME ZONE timezone AS lo,
                                ($3::date + 1)::timestamp AT TIME ZONE timezone AS hi
                           FROM municipalities WHERE id = $1)";

pub fn by_channel(conn: &mut PgConnection, town: i64, from: NaiveDate, to: NaiveDate) -> QueryResult<Vec<ChannelRow>> {
    diesel::sql_query(format!(
        "WITH {PERIOD}
         SELECT channel, count(*) AS count FROM interactions, p
          WHERE municipality_id = $1 AND occurred_at >= p.lo AND occurred_at < p.hi
          GROUP BY channel"
    ))
    .bind::<BigInt, _>(town)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .load(conn)
}

/// Outcomes of contacts in the period; callbacks by their due time in the period.
pub fn counts(conn: &mut PgConnection, town: i64, from: NaiveDate, to: NaiveDate) -> QueryResult<CountsRow> {
    diesel::sql_query(format!(
        "WITH {PERIOD}
         SELECT count(*) FILTER (WHERE i.outcome = 'answered' AND i.occurred_at >= p.lo AND i.occurred_at < p.hi) AS answered,
                count(*) FILTER (WHERE i.outcome = 'referred' AND i.occurred_at >= p.lo AND i.occurred_at < p.hi) AS referred,
                count(*) FILTER (WHERE i.outcome = 'request' AND i.occurred_at >= p.lo AND i.occurred_at < p.hi) AS requests,
                count(*) FILTER (WHERE i.callback_due_at >= p.lo AND i.callback_due_at < p.hi) AS callbacks_due,
                count(*) FILTER (WHERE i.callback_due_at >= p.lo AND i.callback_due_at < p.hi
                                   AND i.callback_done_at <= i.callback_due_at) AS callbacks_on_time,
                count(*) FILTER (WHERE i.callback_due_at >= p.lo AND i.callback_due_at < p.hi
                                   AND i.callback_done_at IS NULL AND i.callback_due_at < now()) AS callbacks_overdue,
                (SELECT count(*) FROM kb_self_service s WHERE s.municipality_id = $1 AND s.at >= p.lo AND s.at < p.hi) AS self_service
           FROM p LEFT JOIN interactions i ON i.municipality_id = $1
                 AND ((i.occurred_at >= p.lo AND i.occurred_at < p.hi) OR (i.callback_due_at >= p.lo AND i.callback_due_at < p.hi))
          GROUP BY p.lo, p.hi"
    ))
    .bind::<BigInt, _>(town)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .get_result(conn)
}

#[derive(QueryableByName)]
pub struct DueCallback {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub channel: ContactChannel,
    /// In the town's time, `2026-11-24 16:30`.
    #[diesel(sql_type = Text)]
    pub due: String,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub overdue: bool,
}

/// Callbacks not made that are due within two hours, or past due.
pub fn due_callbacks(conn: &mut PgConnection, town: i64) -> QueryResult<Vec<DueCallback>> {
    diesel::sql_query(
        "SELECT i.id, i.channel, to_char(i.callback_due_at AT TIME ZONE m.timezone, 'YYYY-MM-DD HH24:MI') AS due,
                i.callback_due_at < now() AS overdue
           FROM interactions i JOIN municipalities m ON m.id = i.municipality_id
          WHERE i.municipality_id = $1 AND i.callback_done_at IS NULL
            AND i.callback_due_at < now() + interval '2 hours'
          ORDER BY i.callback_due_at",
    )
    .bind::<BigInt, _>(town)
    .load(conn)
}

#[derive(QueryableByName)]
pub struct FirstLine {
    #[diesel(sql_type = Text)]
    pub email: String,
    #[diesel(sql_type = Text)]
    pub language: String,
}

/// The town's first-line team: its active clerks.
pub fn first_line(conn: &mut PgConnection, town: i64) -> QueryResult<Vec<FirstLine>> {
    diesel::sql_query(
        "SELECT DISTINCT u.email, u.language FROM users u JOIN user_grants g ON g.user_id = u.id
          WHERE g.municipality_id = $1 AND g.role = 'clerk' AND u.active ORDER BY u.email",
    )
    .bind::<BigInt, _>(town)
    .load(conn)
}
