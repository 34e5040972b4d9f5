//! The period queries of the reports: requests received, closed (with resolution times by
//! department, category and kind), pending at the end, month by month, top categories,
//! unusual requests, satisfaction; the director's summary. Periods are days of the town.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Double, Nullable, Text};

/// The period `[$2, $3]` (days of the town `$1`) as moments `lo`..`hi`.
const PERIOD: &str = "p AS (SELECT ($2::date)::timestamp AT TIME ZONE timezone AS lo,
                               ($3::date + 1)::timestamp AT TIME ZONE timezone AS hi, timezone AS tz
                          FROM municipalities WHERE id = $1)";

fn period_query(sql: &str) -> diesel::query_builder::SqlQuery {
    diesel::sql_query(format!("WITH {PERIOD} {sql}"))
}

#[derive(QueryableByName, Debug)]
pub struct Received {
    #[diesel(sql_type = Text)]
    pub kind: civis_domain::RequestKind,
    #[diesel(sql_type = Text)]
    pub channel: civis_domain::Channel,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub department_id: Option<i64>,
    #[diesel(sql_type = BigInt)]
    pub count: i64,
    #[diesel(sql_type = BigInt)]
    pub first_contact: i64,
    /// Complaints passed on (no longer "not transferred").
    #[diesel(sql_type = BigInt)]
    pub transferred: i64,
}

pub fn received(conn: &mut PgConnection, town: i64, from: NaiveDate, to: NaiveDate) -> QueryResult<Vec<Received>> {
    period_query(
        "SELECT r.kind, r.channel, r.department_id, count(*) AS count,
                count(*) FILTER (WHERE r.first_contact) AS first_contact,
                count(*) FILTER (WHERE r.status <> 'not_transferred') AS transferred
           FROM requests r, p WHERE r.municipality_id = $1 AND r.created_at >= p.lo AND r.created_at < p.hi
          GROUP BY r.kind, r.channel, r.department_id",
    )
    .bind::<BigInt, _>(town)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .load(conn)
}

/// One group of requests closed in the period: all of them, a department, a category or a
/// kind (the other keys are null).
#[derive(QueryableByName, Debug)]
pub struct Closed {
    #[diesel(sql_type = Bool)]
    pub by_department: bool,
    #[diesel(sql_type = Bool)]
    pub by_category: bool,
    #[diesel(sql_type = Bool)]
    pub by_kind: bool,
    #[diesel(sql_type = Bool)]
    pub by_channel: bool,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub department_id: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub category_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    pub kind: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub channel: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub processed: i64,
    #[diesel(sql_type = BigInt)]
    pub refused: i64,
    #[diesel(sql_type = Nullable<Double>)]
    pub median: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    pub p90: Option<f64>,
    #[diesel(sql_type = BigInt)]
    pub with_due: i64,
    #[diesel(sql_type = BigInt)]
    pub on_time: i64,
}

/// `apart`: complaints are counted on their kind's line only, left out of every other
/// group (the whole, departments, categories, channels), so that no group gives back a
/// masked complaint count by subtraction.
pub fn closed(
    conn: &mut PgConnection,
    town: i64,
    from: NaiveDate,
    to: NaiveDate,
    apart: bool,
) -> QueryResult<Vec<Closed>> {
    const AGGREGATES: &str = "count(*) FILTER (WHERE status = 'closed_processed') AS processed,
                count(*) FILTER (WHERE status = 'closed_refused') AS refused,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90,
                count(*) FILTER (WHERE has_due) AS with_due, count(*) FILTER (WHERE has_due AND on_time) AS on_time";
    period_query(&format!(
        ", c AS (
            SELECT r.status, r.department_id, r.category_id, r.kind, r.channel,
                   extract(epoch FROM r.closed_at - r.created_at)::float8 / 86400.0 AS days,
                   r.due_date IS NOT NULL AS has_due,
                   coalesce((r.closed_at AT TIME ZONE p.tz)::date <= r.due_date, false) AS on_time
              FROM requests r, p
             WHERE r.municipality_id = $1 AND r.closed_at >= p.lo AND r.closed_at < p.hi)
         SELECT GROUPING(department_id) = 0 AS by_department, GROUPING(category_id) = 0 AS by_category,
                false AS by_kind, GROUPING(channel) = 0 AS by_channel, department_id, category_id,
                NULL::text AS kind, channel, {AGGREGATES}
           FROM c WHERE NOT ($4 AND kind = 'complaint')
          GROUP BY GROUPING SETS ((), (department_id), (category_id), (channel))
         UNION ALL
         SELECT false, false, true, false, NULL::int8, NULL::int8, kind, NULL::text, {AGGREGATES}
           FROM c GROUP BY kind"
    ))
    .bind::<BigInt, _>(town)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .bind::<Bool, _>(apart)
    .load(conn)
}

#[derive(QueryableByName, Debug)]
pub struct AtEnd {
    #[diesel(sql_type = Text)]
    pub kind: civis_domain::RequestKind,
    #[diesel(sql_type = Text)]
    pub channel: civis_domain::Channel,
    #[diesel(sql_type = BigInt)]
    pub pending: i64,
    #[diesel(sql_type = BigInt)]
    pub overdue: i64,
}

/// Requests received by the end of the period and not closed then: those still open, and
/// those closed after it (two index ranges rather than the town's whole history).
pub fn at_end(conn: &mut PgConnection, town: i64, from: NaiveDate, to: NaiveDate) -> QueryResult<Vec<AtEnd>> {
    period_query(
        ", o AS (SELECT r.kind, r.channel, r.due_date FROM requests r, p
                  WHERE r.municipality_id = $1 AND r.closed_at IS NULL AND r.created_at < p.hi
                 UNION ALL
                 SELECT r.kind, r.channel, r.due_date FROM requests r, p
                  WHERE r.municipality_id = $1 AND r.closed_at >= p.hi AND r.created_at < p.hi)
         SELECT kind, channel, count(*) AS pending, count(*) FILTER (WHERE due_date < $3::date) AS overdue
           FROM o GROUP BY kind, channel",
    )
    .bind::<BigInt, _>(town)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .load(conn)
}

#[derive(QueryableByName, Debug)]
pub struct Month {
    #[diesel(sql_type = Date)]
    pub month: NaiveDate,
    #[diesel(sql_type = BigInt)]
    pub received: i64,
    #[diesel(sql_type = BigInt)]
    pub processed: i64,
    #[diesel(sql_type = BigInt)]
    pub refused: i64,
}

/// Month by month; `apart` leaves complaints out (see [`closed`]).
pub fn months(
    conn: &mut PgConnection,
    town: i64,
    from: NaiveDate,
    to: NaiveDate,
    apart: bool,
) -> QueryResult<Vec<Month>> {
    period_query(
        ", e AS (SELECT date_trunc('month', r.created_at AT TIME ZONE p.tz)::date AS month, 1 AS received, 0 AS processed, 0 AS refused
                   FROM requests r, p WHERE r.municipality_id = $1 AND r.created_at >= p.lo AND r.created_at < p.hi
                    AND NOT ($4 AND r.kind = 'complaint')
                 UNION ALL
                 SELECT date_trunc('month', r.closed_at AT TIME ZONE p.tz)::date, 0,
                        (r.status = 'closed_processed')::int, (r.status = 'closed_refused')::int
                   FROM requests r, p WHERE r.municipality_id = $1 AND r.closed_at >= p.lo AND r.closed_at < p.hi
                    AND NOT ($4 AND r.kind = 'complaint'))
         SELECT month, sum(received)::int8 AS received, sum(processed)::int8 AS processed, sum(refused)::int8 AS refused
           FROM e GROUP BY month ORDER BY month",
    )
    .bind::<BigInt, _>(town)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .bind::<Bool, _>(apart)
    .load(conn)
}

#[derive(QueryableByName, Debug)]
pub struct CategoryCount {
    #[diesel(sql_type = BigInt)]
    pub category_id: i64,
    #[diesel(sql_type = Text)]
    pub name_fr: String,
    #[diesel(sql_type = Text)]
    pub name_en: String,
    #[diesel(sql_type = Text)]
    pub kind: civis_domain::RequestKind,
    #[diesel(sql_type = BigInt)]
    pub count: i64,
}

/// The ten categories most received (with the kind of the category's own requests).
pub fn top_categories(
    conn: &mut PgConnection,
    town: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<CategoryCount>> {
    period_query(
        ", t AS (SELECT r.category_id, min(r.kind) AS kind, count(*) AS count FROM requests r, p
                  WHERE r.municipality_id = $1 AND r.created_at >= p.lo AND r.created_at < p.hi
                  GROUP BY r.category_id ORDER BY count(*) DESC, r.category_id LIMIT 10)
         SELECT t.category_id, n.name_fr, n.name_en, t.kind, t.count FROM t JOIN taxonomy_nodes n ON n.id = t.category_id
          ORDER BY t.count DESC, t.category_id",
    )
    .bind::<BigInt, _>(town)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .load(conn)
}

#[derive(QueryableByName, Debug)]
pub struct Unusual {
    #[diesel(sql_type = Text)]
    pub number: String,
    #[diesel(sql_type = Text)]
    pub category_fr: String,
    #[diesel(sql_type = Text)]
    pub category_en: String,
    #[diesel(sql_type = Text)]
    pub reason: String,
}

/// Requests received in the period and flagged unusual, complaints left out.
pub fn unusual(conn: &mut PgConnection, town: i64, from: NaiveDate, to: NaiveDate) -> QueryResult<Vec<Unusual>> {
    period_query(
        "SELECT r.number, n.name_fr AS category_fr, n.name_en AS category_en, r.unusual_reason AS reason
           FROM requests r JOIN taxonomy_nodes n ON n.id = r.category_id, p
          WHERE r.municipality_id = $1 AND r.unusual_reason IS NOT NULL AND r.kind <> 'complaint'
            AND r.created_at >= p.lo AND r.created_at < p.hi
          ORDER BY r.number LIMIT 500",
    )
    .bind::<BigInt, _>(town)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .load(conn)
}

#[derive(QueryableByName, Debug)]
pub struct Score {
    #[diesel(sql_type = diesel::sql_types::Int4)]
    pub score: i32,
    #[diesel(sql_type = BigInt)]
    pub count: i64,
}

pub fn satisfaction(conn: &mut PgConnection, town: i64, from: NaiveDate, to: NaiveDate) -> QueryResult<Vec<Score>> {
    period_query(
        "SELECT s.score, count(*) AS count FROM satisfaction s, p
          WHERE s.municipality_id = $1 AND s.answered_at >= p.lo AND s.answered_at < p.hi GROUP BY s.score",
    )
    .bind::<BigInt, _>(town)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .load(conn)
}

#[derive(QueryableByName, Debug)]
pub struct Comment {
    #[diesel(sql_type = Text)]
    pub number: String,
    #[diesel(sql_type = diesel::sql_types::Int4)]
    pub score: i32,
    #[diesel(sql_type = Text)]
    pub comment: String,
    #[diesel(sql_type = diesel::sql_types::Timestamptz)]
    pub answered_at: chrono::DateTime<chrono::Utc>,
}

/// The comments left in the period, with the request's number only.
pub fn comments(conn: &mut PgConnection, town: i64, from: NaiveDate, to: NaiveDate) -> QueryResult<Vec<Comment>> {
    period_query(
        "SELECT r.number, s.score, s.comment, s.answered_at FROM satisfaction s JOIN requests r ON r.id = s.request_id, p
          WHERE s.municipality_id = $1 AND s.answered_at >= p.lo AND s.answered_at < p.hi AND s.comment <> ''
          ORDER BY s.answered_at DESC LIMIT 1000",
    )
    .bind::<BigInt, _>(town)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .load(conn)
}

/// Records an answer; `false` when the request was answered already.
pub fn add_satisfaction(
    conn: &mut PgConnection,
    town: i64,
    request: i64,
    score: i32,
    comment: &str,
) -> QueryResult<bool> {
    use super::schema::satisfaction as s;
    let n = diesel::insert_into(s::table)
        .values((s::request_id.eq(request), s::municipality_id.eq(town), s::score.eq(score), s::comment.eq(comment)))
        .on_conflict_do_nothing()
        .execute(conn)?;
    Ok(n == 1)
}

pub fn summary(conn: &mut PgConnection, town: i64, from: NaiveDate, to: NaiveDate) -> QueryResult<Option<String>> {
    use super::schema::report_summaries as s;
    s::table
        .filter(s::municipality_id.eq(town).and(s::period_from.eq(from)).and(s::period_to.eq(to)))
        .select(s::body)
        .first(conn)
        .optional()
}

pub fn put_summary(
    conn: &mut PgConnection,
    town: i64,
    from: NaiveDate,
    to: NaiveDate,
    body: &str,
    by: i64,
) -> QueryResult<usize> {
    use super::schema::report_summaries as s;
    diesel::insert_into(s::table)
        .values((
            s::municipality_id.eq(town),
            s::period_from.eq(from),
            s::period_to.eq(to),
            s::body.eq(body),
            s::updated_by.eq(by),
        ))
        .on_conflict((s::municipality_id, s::period_from, s::period_to))
        .do_update()
        .set((s::body.eq(body), s::updated_by.eq(by), s::updated_at.eq(diesel::dsl::now)))
        .execute(conn)
}

pub fn set_unusual(conn: &mut PgConnection, town: i64, id: i64, reason: Option<&str>) -> QueryResult<usize> {
    use super::schema::requests as r;
    diesel::update(r::table.filter(r::municipality_id.eq(town)).filter(r::id.eq(id)))
        .set(r::unusual_reason.eq(reason))
        .execute(conn)
}
