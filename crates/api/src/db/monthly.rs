//! The monthly lists: a town's requests not completed, and those completed in a month —
//! numbers, categories, departments, statuses and dates, never a description, an address
//! or a person. Complaints are left out unless asked for, and counted apart.

use chrono::NaiveDate;
use civis_domain::ComplaintScope;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Date, Nullable, Text};

/// The most items a list carries (its count says how many there are).
pub const LIST_LIMIT: i64 = 500;

#[derive(QueryableByName, Debug, Clone)]
pub struct Item {
    #[diesel(sql_type = Text)]
    pub number: String,
    #[diesel(sql_type = Text)]
    pub category_fr: String,
    #[diesel(sql_type = Text)]
    pub category_en: String,
    #[diesel(sql_type = Text)]
    pub department_fr: String,
    #[diesel(sql_type = Text)]
    pub status: civis_domain::Status,
    #[diesel(sql_type = Date)]
    pub created_on: NaiveDate,
    #[diesel(sql_type = Nullable<Date>)]
    pub due_date: Option<NaiveDate>,
}

const ITEMS: &str = "SELECT r.number, n.name_fr AS category_fr, n.name_en AS category_en,
        coalesce(d.name_fr, '') AS department_fr, r.status,
        (r.created_at AT TIME ZONE m.timezone)::date AS created_on, r.due_date
    FROM requests r JOIN municipalities m ON m.id = r.municipality_id
    JOIN taxonomy_nodes n ON n.id = r.node_id LEFT JOIN departments d ON d.id = r.department_id";

/// Requests not completed (of one department, or of the town with those not transferred).
pub fn open(
    conn: &mut PgConnection,
    town: i64,
    department: Option<i64>,
    complaints: &ComplaintScope,
) -> QueryResult<Vec<Item>> {
    let (all, departments) = scope(complaints);
    diesel::sql_query(format!(
        "{ITEMS} WHERE r.municipality_id = $1
           AND (($2::int8 IS NULL AND r.status IN ('not_transferred', 'transferred', 'in_progress'))
                OR (r.department_id = $2 AND r.status IN ('transferred', 'in_progress')))
           AND ($3 OR r.kind <> 'complaint' OR r.department_id = ANY($4))
         ORDER BY r.due_date NULLS LAST, r.id LIMIT {LIST_LIMIT}"
    ))
    .bind::<BigInt, _>(town)
    .bind::<Nullable<BigInt>, _>(department)
    .bind::<Bool, _>(all)
    .bind::<Array<BigInt>, _>(departments)
    .load(conn)
}

/// A reader's complaints as SQL values: every one, or those of these departments.
fn scope(complaints: &ComplaintScope) -> (bool, Vec<i64>) {
    match complaints {
        ComplaintScope::All => (true, Vec::new()),
        ComplaintScope::Departments(d) => (false, d.clone()),
        ComplaintScope::None => (false, Vec::new()),
    }
}

/// Requests closed on `from` or later and before `to` (in the town's time zone).
pub fn done(
    conn: &mut PgConnection,
    town: i64,
    from: NaiveDate,
    to: NaiveDate,
    complaints: &ComplaintScope,
) -> QueryResult<Vec<Item>> {
    let (all, departments) = scope(complaints);
    diesel::sql_query(format!(
        "{ITEMS} WHERE r.municipality_id = $1 AND r.status IN ('closed_processed', 'closed_refused')
           AND (r.closed_at AT TIME ZONE m.timezone)::date >= $2 AND (r.closed_at AT TIME ZONE m.timezone)::date < $3
           AND ($4 OR r.kind <> 'complaint' OR r.department_id = ANY($5))
         ORDER BY r.closed_at, r.id LIMIT {LIST_LIMIT}"
    ))
    .bind::<BigInt, _>(town)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .bind::<Bool, _>(all)
    .bind::<Array<BigInt>, _>(departments)
    .load(conn)
}

#[derive(QueryableByName)]
pub struct ComplaintCounts {
    #[diesel(sql_type = BigInt)]
    pub open: i64,
    #[diesel(sql_type = BigInt)]
    pub done: i64,
}

/// Complaints not completed, and completed between `from` and `to`.
pub fn complaints(conn: &mut PgConnection, town: i64, from: NaiveDate, to: NaiveDate) -> QueryResult<ComplaintCounts> {
    diesel::sql_query(
        "SELECT count(*) FILTER (WHERE r.status IN ('not_transferred', 'transferred', 'in_progress')) AS open,
                count(*) FILTER (WHERE r.status IN ('closed_processed', 'closed_refused')
                    AND (r.closed_at AT TIME ZONE m.timezone)::date >= $2
                    AND (r.closed_at AT TIME ZONE m.timezone)::date < $3) AS done
           FROM requests r JOIN municipalities m ON m.id = r.municipality_id
          WHERE r.municipality_id = $1 AND r.kind = 'complaint'",
    )
    .bind::<BigInt, _>(town)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .get_result(conn)
}
