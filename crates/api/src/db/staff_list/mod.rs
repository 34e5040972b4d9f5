//! The staff list's statements: a page of a tab under a filter, cut by a keyset, and the
//! tabs' counts that come with the first page. The service (`service::requests::list`)
//! resolves the filter, encodes the cursor and shapes the rows.
//!
//! The statements are written as text (`db::sql`): their shape depends on the filter (a
//! union per tab for the counts, a month-by-month lateral walk under a date range, an index
//! chosen by writing `ts_match_vq` instead of `@@`) in ways the DSL cannot say.

mod conditions;
mod counts;
mod months;

use chrono::{DateTime, NaiveDate, Utc};
use civis_domain::wire::{RequestFilter, RequesterMode, SortKey};
use civis_domain::{ComplaintScope, RequestKind, Status, Tab};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Date, Int2, Int4, Int8, Nullable, Text, Timestamptz};

pub use conditions::{Resolved, unfiltered};
use conditions::{excludes, push_filter, tab_code};
pub use counts::{COUNT_CAP, COUNT_WINDOW, first_page as counts};
use months::{Months, push_months};

use crate::db::sql::{Bind, Sql};
use crate::error::ApiError;

/// One page of a tab of a town's requests, as the statement needs it.
pub struct Page<'a> {
    pub town: i64,
    pub user: i64,
    pub tab: Tab,
    pub filter: &'a RequestFilter,
    /// Which complaints the reader's roles read.
    pub complaints: &'a ComplaintScope,
    /// Rows wanted; one more is read to know whether a next page exists.
    pub limit: i64,
    /// Where the previous page ended.
    pub after: Option<&'a Keyset>,
    pub resolved: &'a Resolved,
}

/// Where a page ends: the last row's sort values.
#[derive(Debug)]
pub struct Keyset {
    pub sort: SortKey,
    pub created_at: DateTime<Utc>,
    pub due: Option<NaiveDate>,
    pub rank: i16,
    pub dep: Option<i64>,
    pub id: i64,
}

/// A row of the list.
#[derive(QueryableByName)]
pub struct Row {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub number: String,
    #[diesel(sql_type = Text)]
    pub kind: RequestKind,
    #[diesel(sql_type = Int8)]
    pub node_id: i64,
    #[diesel(sql_type = Int8)]
    pub category_id: i64,
    #[diesel(sql_type = Nullable<Int8>)]
    pub department_id: Option<i64>,
    /// The priority's rank (`Priority::rank`), which the sort and the keyset use.
    #[diesel(sql_type = Int2)]
    pub priority_rank: i16,
    #[diesel(sql_type = Text)]
    pub status: Status,
    #[diesel(sql_type = Bool)]
    pub is_public: bool,
    #[diesel(sql_type = Text)]
    pub requester_mode: RequesterMode,
    #[diesel(sql_type = Text)]
    pub description: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub address: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Date>)]
    pub due_date: Option<NaiveDate>,
    /// The promised first answer's day while none was given.
    #[diesel(sql_type = Nullable<Date>)]
    pub first_answer_due: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Int8>)]
    pub assignee_user_id: Option<i64>,
    #[diesel(sql_type = Int4)]
    pub photo_count: i32,
    #[diesel(sql_type = Int4)]
    pub file_count: i32,
    #[diesel(sql_type = Bool)]
    pub favorite: bool,
}

/// The page's rows, one more than `limit` when a next page exists. The unfiltered page, a
/// dashboard's everyday view, is prepared once per connection and planned once for any
/// town (the same index walk fits every town). Under a filter the plan depends on the
/// values (a rare department, a common word, a date range read month by month), so it is
/// made anew for each.
pub fn page(conn: &mut PgConnection, p: &Page) -> Result<Vec<Row>, ApiError> {
    if excludes(p.filter, p.tab) {
        return Ok(Vec::new());
    }
    let sql = page_sql(p);
    Ok(if unfiltered(p.filter) { sql.cached() } else { sql.build() }.load(conn)?)
}

/// The page's statement. Under a date range of another column than the sort, each month's
/// first rows are picked by their keys alone (`push_months`), and only the page's rows are
/// then read whole: the months' walk reads thousands of rows, of which 26 are shown.
fn page_sql(p: &Page) -> Sql {
    let f = p.filter;
    let months = Months::of(f);
    let limit = (p.limit + 1).to_string();
    let mut sql = Sql::default();
    sql.push(
        "SELECT r.id, r.number, r.kind, r.node_id, r.category_id, r.department_id, r.priority_rank, r.status,
                r.is_public, r.requester_mode, left(r.description, 300) AS description, r.address, r.created_at,
                r.due_date, CASE WHEN r.first_answered_at IS NULL THEN r.first_answer_due END AS first_answer_due,
                r.assignee_user_id, r.photo_count, r.file_count,
                EXISTS (SELECT 1 FROM favorites fv WHERE fv.request_id = r.id AND fv.user_id = ",
    )
    .bind(Bind::I64(p.user))
    .push(") AS favorite FROM ");
    if let Some(m) = months {
        sql.push("(");
        push_months(&mut sql, m, p, &p.resolved.tz);
        sql.push("SELECT r.id, r.created_at, r.due_date, r.priority_rank, r.department_id FROM ");
    }
    sql.push("requests r WHERE r.municipality_id = ").bind(Bind::I64(p.town));
    sql.push(" AND r.tab = ").bind(Bind::I16(tab_code(p.tab)));
    if let Some(m) = months {
        sql.push(" AND ").push(m.of_row()).push(" = m.month");
    }
    sql.push_complaint_scope(p.complaints);
    push_filter(&mut sql, p.user, f, p.resolved);
    if let Some(c) = p.after {
        push_keyset(&mut sql, c);
    }
    sql.push(order_by(f.sort)).push(" LIMIT ").push(&limit);
    if months.is_some() {
        sql.push(") x").push(&order_by(f.sort).replace("r.", "x.")).push(" LIMIT ").push(&limit);
        sql.push(") k JOIN requests r ON r.id = k.id").push(order_by(f.sort));
    }
    sql
}

fn push_keyset(sql: &mut Sql, c: &Keyset) {
    let created_id = |sql: &mut Sql| {
        sql.push("(r.created_at, r.id) < (").bind(Bind::Ts(c.created_at)).push(", ").bind(Bind::I64(c.id)).push(")");
    };
    match c.sort {
        SortKey::Created => {
            sql.push(" AND ");
            created_id(sql);
        }
        SortKey::Due => match c.due {
            Some(d) => {
                sql.push(" AND (r.due_date > ").bind(Bind::Date(d)).push(" OR r.due_date IS NULL OR (r.due_date = ");
                sql.bind(Bind::Date(d)).push(" AND r.id > ").bind(Bind::I64(c.id)).push("))");
            }
            None => {
                sql.push(" AND r.due_date IS NULL AND r.id > ").bind(Bind::I64(c.id));
            }
        },
        SortKey::Priority => {
            sql.push(" AND (r.priority_rank > ").bind(Bind::I16(c.rank)).push(" OR (r.priority_rank = ");
            sql.bind(Bind::I16(c.rank)).push(" AND ");
            created_id(sql);
            sql.push("))");
        }
        SortKey::Department => match c.dep {
            Some(d) => {
                sql.push(" AND (r.department_id > ")
                    .bind(Bind::I64(d))
                    .push(" OR r.department_id IS NULL OR (r.department_id = ");
                sql.bind(Bind::I64(d)).push(" AND ");
                created_id(sql);
                sql.push("))");
            }
            None => {
                sql.push(" AND r.department_id IS NULL AND ");
                created_id(sql);
            }
        },
    }
}

fn order_by(sort: SortKey) -> &'static str {
    match sort {
        SortKey::Created => " ORDER BY r.created_at DESC, r.id DESC",
        SortKey::Due => " ORDER BY r.due_date ASC NULLS LAST, r.id ASC",
        SortKey::Priority => " ORDER BY r.priority_rank ASC, r.created_at DESC, r.id DESC",
        SortKey::Department => " ORDER BY r.department_id ASC NULLS LAST, r.created_at DESC, r.id DESC",
    }
}
