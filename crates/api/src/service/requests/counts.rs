//! The three tabs' counts that come with the first page of the staff list.
//!
//! Without a filter, or filtered by department only (a department's everyday view), they
//! are exact and kept by triggers (`request_tab_counts`). Under another filter they are
//! counted, and counting costs a visit per row: up to `COUNT_CAP` matches are counted
//! ("100+" past it). A search made only of common words (see `words`) matches a few rows
//! in every hundred, so reaching the cap would mean visiting thousands of rows per tab;
//! its counts look at the newest `COUNT_WINDOW` rows of each tab instead and say "n+"
//! when the window did not reach the end of the tab.

use civis_domain::Tab;
use civis_domain::wire::{Count, OverdueCounts, RequestFilter, TabCounts};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int2};

use super::list::{Resolved, push_conditions, push_filter, push_keywords, tab_code};
use super::sql::{Bind, Sql};
use crate::error::ApiError;

/// Filtered counts stop here: past it the UI shows "100+".
pub const COUNT_CAP: i64 = 100;

/// Rows of each tab, newest first, that a search made only of common words looks at.
pub const COUNT_WINDOW: i64 = 1_000;

const TABS: [Tab; 3] = [Tab::NotTransferred, Tab::Open, Tab::Closed];

#[derive(QueryableByName)]
struct TabCountRow {
    #[diesel(sql_type = Int2)]
    tab: i16,
    /// Matching rows (up to the cap, or in the window).
    #[diesel(sql_type = BigInt)]
    n: i64,
    /// Rows looked at (the window's fill), or 0 when every row was.
    #[diesel(sql_type = BigInt)]
    seen: i64,
}

fn to_counts(rows: &[TabCountRow]) -> TabCounts {
    let get = |tab: Tab| {
        let (n, seen) = rows.iter().find(|r| r.tab == tab_code(tab)).map_or((0, 0), |r| (r.n, r.seen));
        Count { value: n.min(COUNT_CAP), capped: n > COUNT_CAP || seen >= COUNT_WINDOW }
    };
    TabCounts {
        not_transferred: get(Tab::NotTransferred),
        open: get(Tab::Open),
        closed: get(Tab::Closed),
        overdue: OverdueCounts::default(),
    }
}

/// The counts under a filter other than departments alone.
pub fn filtered(
    conn: &mut PgConnection,
    town: i64,
    user: i64,
    f: &RequestFilter,
    r: &Resolved,
) -> Result<TabCounts, ApiError> {
    let only_common = !r.keywords.is_empty() && r.keywords.iter().all(|(_, common)| *common);
    let mut sql = Sql::default();
    for (i, tab) in TABS.into_iter().enumerate() {
        sql.push(if i == 0 { "" } else { " UNION ALL " });
        if only_common {
            // The newest rows of the tab under the other conditions (read in the order of
            // the tab's index), and which of them hold every word.
            sql.push("SELECT ")
                .push(&tab_code(tab).to_string())
                .push("::int2 AS tab, count(*) FILTER (WHERE w.m) AS n, count(*) AS seen FROM (SELECT TRUE");
            push_keywords(&mut sql, r);
            sql.push(" AS m FROM requests r WHERE r.municipality_id = ").bind(Bind::I64(town));
            sql.push(" AND r.tab = ").bind(Bind::I16(tab_code(tab)));
            push_conditions(&mut sql, user, f, r);
            sql.push(" ORDER BY r.created_at DESC, r.id DESC LIMIT ").push(&COUNT_WINDOW.to_string()).push(") w");
        } else {
            // Each tab stops at its first `COUNT_CAP + 1` matching rows.
            sql.push("SELECT ").push(&tab_code(tab).to_string()).push("::int2 AS tab, count(*) AS n, 0::int8 AS seen FROM (SELECT 1 FROM requests r WHERE r.municipality_id = ").bind(Bind::I64(town));
            sql.push(" AND r.tab = ").bind(Bind::I16(tab_code(tab)));
            push_filter(&mut sql, user, f, r);
            sql.push(" LIMIT ").push(&(COUNT_CAP + 1).to_string()).push(") s");
        }
    }
    let rows: Vec<TabCountRow> = sql.build().load(conn)?;
    Ok(to_counts(&rows))
}

/// Whether the filter has no condition but departments (maybe none): its counts are kept.
pub fn by_departments_only(f: &RequestFilter) -> bool {
    RequestFilter { sort: f.sort, departments: f.departments.clone(), ..RequestFilter::default() } == *f
}

/// The exact counts of a town's tabs, from `request_tab_counts`, for some departments
/// or all.
pub fn kept(conn: &mut PgConnection, town: i64, departments: &[i64]) -> Result<TabCounts, ApiError> {
    use crate::db::schema::request_tab_counts::dsl as c;
    let of_town = c::request_tab_counts.filter(c::municipality_id.eq(town)).select((c::tab, c::n));
    // Two fixed shapes, so that the connection prepares each once.
    let rows: Vec<(i16, i64)> = if departments.is_empty() {
        of_town.load(conn)?
    } else {
        of_town.filter(c::department_id.eq_any(departments)).load(conn)?
    };
    let get = |tab: Tab| {
        let value = rows.iter().filter(|(t, _)| *t == tab_code(tab)).map(|(_, n)| *n).sum();
        Count { value, capped: false }
    };
    Ok(TabCounts {
        not_transferred: get(Tab::NotTransferred),
        open: get(Tab::Open),
        closed: get(Tab::Closed),
        overdue: OverdueCounts::default(),
    })
}

/// Overdue requests of the two open tabs under the filter, each up to `COUNT_CAP` ("100+"):
/// the walk of the `(town, tab, due date)` index stops at today or at the cap.
pub fn overdue(
    conn: &mut PgConnection,
    town: i64,
    user: i64,
    f: &RequestFilter,
    r: &Resolved,
) -> Result<OverdueCounts, ApiError> {
    let mut sql = Sql::default();
    for (i, tab) in [Tab::NotTransferred, Tab::Open].into_iter().enumerate() {
        sql.push(if i == 0 { "" } else { " UNION ALL " });
        sql.push("SELECT ").push(&tab_code(tab).to_string()).push("::int2 AS tab, count(*) AS n, 0::int8 AS seen FROM (SELECT 1 FROM requests r WHERE r.municipality_id = ").bind(Bind::I64(town));
        sql.push(" AND r.tab = ").bind(Bind::I16(tab_code(tab)));
        sql.push(" AND r.due_date < ").bind(Bind::Date(r.horizon.today));
        push_filter(&mut sql, user, f, r);
        sql.push(" LIMIT ").push(&(COUNT_CAP + 1).to_string()).push(") s");
    }
    let rows: Vec<TabCountRow> = sql.build().load(conn)?;
    let c = to_counts(&rows);
    Ok(OverdueCounts { not_transferred: c.not_transferred, open: c.open })
}
