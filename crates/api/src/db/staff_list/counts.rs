//! The three tabs' counts that come with the first page of the staff list.
//!
//! Without a filter, or filtered by department only (a department's everyday view), they
//! are exact and kept by triggers (`request_tab_counts`). Under another filter they are
//! counted, and counting costs a visit per row: up to `COUNT_CAP` matches are counted
//! ("100+" past it). A search made only of common words (see `words`) matches a few rows
//! in every hundred, so reaching the cap would mean visiting thousands of rows per tab;
//! its counts look at the newest `COUNT_WINDOW` rows of each tab instead and say "n+"
//! when the window did not reach the end of the tab.

use civis_domain::wire::{Count, OverdueCounts, RequestFilter, TabCounts};
use civis_domain::{ComplaintScope, Tab};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int2};

use super::conditions::{Resolved, excludes, push_conditions, push_filter, push_keywords, tab_code, unfiltered};
use crate::db::sql::{Bind, Sql};
use crate::error::ApiError;

/// Filtered counts stop here: past it the UI shows "100+".
pub const COUNT_CAP: i64 = 100;

/// Rows of each tab, newest first, that a search made only of common words looks at.
pub const COUNT_WINDOW: i64 = 1_000;

const TABS: [Tab; 3] = [Tab::NotTransferred, Tab::Open, Tab::Closed];

#[derive(QueryableByName)]
struct TabCountRow {
    /// Which counts the row is of: the tabs' (0) or the overdue requests' (1).
    #[diesel(sql_type = Int2)]
    set: i16,
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

/// The first page's counts in one statement: the three tabs' (kept, or counted under the
/// filter) and the overdue requests of the two open tabs — each without the complaints
/// the reader may not see (`complaints`), or the difference with the rows would count them.
pub fn first_page(
    conn: &mut PgConnection,
    town: i64,
    user: i64,
    complaints: &ComplaintScope,
    f: &RequestFilter,
    r: &Resolved,
) -> Result<TabCounts, ApiError> {
    let mut sql = Sql::default();
    let kept = by_departments_only(f);
    if kept {
        push_kept(&mut sql, town, &f.departments, complaints);
    } else {
        push_filtered(&mut sql, town, user, complaints, f, r);
    }
    sql.push(" UNION ALL ");
    push_overdue(&mut sql, town, user, complaints, f, r);
    // Prepared and planned once without a filter, as the page (see `super::page`).
    let rows: Vec<TabCountRow> = if unfiltered(f) { sql.cached() } else { sql.build() }.load(conn)?;
    let (tabs, overdue): (Vec<_>, Vec<_>) = rows.into_iter().partition(|row| row.set == 0);
    let overdue = to_counts(&overdue);
    let tabs = if kept { exact(&tabs) } else { to_counts(&tabs) };
    Ok(TabCounts { overdue: OverdueCounts { not_transferred: overdue.not_transferred, open: overdue.open }, ..tabs })
}

/// Whether the filter has no condition but departments (maybe none): its counts are kept.
fn by_departments_only(f: &RequestFilter) -> bool {
    RequestFilter { sort: f.sort, departments: f.departments.clone(), ..RequestFilter::default() } == *f
}

/// The exact counts of a town's tabs, kept by triggers in `request_tab_counts`, for some
/// departments or all, less the complaints the reader may not see (counted: a town has
/// few, and `requests_complaints` indexes them).
fn push_kept(sql: &mut Sql, town: i64, departments: &[i64], complaints: &ComplaintScope) {
    sql.push("SELECT 0::int2 AS set, k.tab, sum(k.n)::int8 AS n, 0::int8 AS seen FROM (SELECT c.tab, c.n FROM request_tab_counts c WHERE c.municipality_id = ")
        .bind(Bind::I64(town));
    if !departments.is_empty() {
        sql.push(" AND c.department_id = ANY(").bind(Bind::I64s(departments.to_vec())).push(")");
    }
    if *complaints != ComplaintScope::All {
        sql.push(" UNION ALL SELECT r.tab, -1 FROM requests r WHERE r.municipality_id = ").bind(Bind::I64(town));
        sql.push(" AND r.kind = 'complaint'");
        if !departments.is_empty() {
            sql.push(" AND r.department_id = ANY(").bind(Bind::I64s(departments.to_vec())).push(")");
        }
        sql.push(" AND NOT (TRUE").push_complaint_scope(complaints).push(")");
    }
    sql.push(") k GROUP BY k.tab");
}

/// Kept counts as they are: exact, never capped.
fn exact(rows: &[TabCountRow]) -> TabCounts {
    let get =
        |tab: Tab| Count { value: rows.iter().find(|r| r.tab == tab_code(tab)).map_or(0, |r| r.n), capped: false };
    TabCounts {
        not_transferred: get(Tab::NotTransferred),
        open: get(Tab::Open),
        closed: get(Tab::Closed),
        overdue: OverdueCounts::default(),
    }
}

/// The counts under a filter other than departments alone.
fn push_filtered(sql: &mut Sql, town: i64, user: i64, complaints: &ComplaintScope, f: &RequestFilter, r: &Resolved) {
    let only_common = !r.keywords.is_empty() && r.keywords.iter().all(|(_, common)| *common);
    for (i, tab) in TABS.into_iter().enumerate() {
        sql.push(if i == 0 { "" } else { " UNION ALL " });
        let code = tab_code(tab).to_string();
        if excludes(f, tab) {
            sql.push("SELECT 0::int2 AS set, ").push(&code).push("::int2 AS tab, 0::int8 AS n, 0::int8 AS seen");
        } else if only_common {
            // The newest rows of the tab under the other conditions (read in the order of
            // the tab's index), and which of them hold every word.
            sql.push("SELECT 0::int2 AS set, ")
                .push(&code)
                .push("::int2 AS tab, count(*) FILTER (WHERE w.m) AS n, count(*) AS seen FROM (SELECT TRUE");
            push_keywords(sql, r);
            sql.push(" AS m FROM requests r WHERE r.municipality_id = ").bind(Bind::I64(town));
            sql.push(" AND r.tab = ").bind(Bind::I16(tab_code(tab)));
            sql.push_complaint_scope(complaints);
            push_conditions(sql, user, f, r);
            sql.push(" ORDER BY r.created_at DESC, r.id DESC LIMIT ").push(&COUNT_WINDOW.to_string()).push(") w");
        } else {
            // Each tab stops at its first `COUNT_CAP + 1` matching rows.
            sql.push("(SELECT 0::int2 AS set, ").push(&code).push("::int2 AS tab, count(*) AS n, 0::int8 AS seen FROM (SELECT 1 FROM requests r WHERE r.municipality_id = ").bind(Bind::I64(town));
            sql.push(" AND r.tab = ").bind(Bind::I16(tab_code(tab)));
            sql.push_complaint_scope(complaints);
            push_filter(sql, user, f, r);
            sql.push(" LIMIT ").push(&(COUNT_CAP + 1).to_string()).push(") s)");
        }
    }
}

/// Overdue requests of the two open tabs under the filter, each up to `COUNT_CAP` ("100+"):
/// the walk of the `(town, tab, due date)` index stops at today or at the cap.
fn push_overdue(sql: &mut Sql, town: i64, user: i64, complaints: &ComplaintScope, f: &RequestFilter, r: &Resolved) {
    for (i, tab) in [Tab::NotTransferred, Tab::Open].into_iter().enumerate() {
        sql.push(if i == 0 { "" } else { " UNION ALL " });
        sql.push("SELECT 1::int2 AS set, ").push(&tab_code(tab).to_string()).push("::int2 AS tab, count(*) AS n, 0::int8 AS seen FROM (SELECT 1 FROM requests r WHERE r.municipality_id = ").bind(Bind::I64(town));
        sql.push(" AND r.tab = ").bind(Bind::I16(tab_code(tab)));
        sql.push(" AND r.due_date < ").bind(Bind::Date(r.horizon.today));
        sql.push_complaint_scope(complaints);
        push_filter(sql, user, f, r);
        sql.push(" LIMIT ").push(&(COUNT_CAP + 1).to_string()).push(") s");
    }
}
