//! The staff list's conditions as SQL, shared by its page, its tab counts and its
//! month-by-month reads: the filter resolved against the database, and the ` AND …`
//! fragments they become.

use chrono::NaiveDate;
use civis_domain::wire::RequestFilter;
use civis_domain::{Horizon, Tab};

use crate::db::sql::{Bind, Sql};

/// The stored `requests.tab` of a dashboard tab.
pub(super) fn tab_code(tab: Tab) -> i16 {
    match tab {
        Tab::NotTransferred => 0,
        Tab::Open => 1,
        Tab::Closed => 2,
    }
}

/// Whether the filter keeps nothing of the tab: late work (overdue, a first answer
/// awaited) is never closed. Such a tab is answered empty without a read: its condition
/// (`tab = 2 AND tab <> 2`) would otherwise walk every closed row of the town to find none.
pub(super) fn excludes(f: &RequestFilter, tab: Tab) -> bool {
    tab == Tab::Closed && (f.overdue_only || f.first_answer_awaited)
}

/// Whether the filter has no condition (a sort only).
pub fn unfiltered(f: &RequestFilter) -> bool {
    *f == RequestFilter { sort: f.sort, ..RequestFilter::default() }
}

/// What a filter needs from the database before it becomes SQL.
pub struct Resolved {
    /// The town's time zone, for the creation dates.
    pub tz: String,
    /// Today in the town and the "due soon" window.
    pub horizon: Horizon,
    /// The chosen categories with every node below them.
    pub nodes: Option<Vec<i64>>,
    /// The keywords, each with whether it is common (see `words`).
    pub keywords: Vec<(String, bool)>,
    /// When the office last closed, on the town's clock (the after-hours filter).
    pub last_closing: Option<chrono::NaiveDateTime>,
}

/// The filter's conditions, appended as ` AND …`.
pub(super) fn push_filter(sql: &mut Sql, user: i64, f: &RequestFilter, r: &Resolved) {
    push_keywords(sql, r);
    push_conditions(sql, user, f, r);
}

/// The keywords' conditions, appended as ` AND …`.
pub(super) fn push_keywords(sql: &mut Sql, r: &Resolved) {
    for (kw, common) in &r.keywords {
        // `ts_match_vq` is what `@@` calls, written so that the GIN index is not used.
        let op = if *common { " AND ts_match_vq(r.search, " } else { " AND r.search @@ (" };
        sql.push(op).push("plainto_tsquery('public.fr_unaccent', ").bind(Bind::Text(kw.clone())).push("))");
    }
}

/// The filter's conditions other than keywords, appended as ` AND …`.
pub(super) fn push_conditions(sql: &mut Sql, user: i64, f: &RequestFilter, r: &Resolved) {
    // One department is written `=`, so that an index with the department before the sort's
    // columns can still give its rows in order (`= ANY` there would not).
    if let [one] = f.departments.as_slice() {
        sql.push(" AND r.department_id = ").bind(Bind::I64(*one));
    } else if !f.departments.is_empty() {
        sql.push(" AND r.department_id = ANY(").bind(Bind::I64s(f.departments.clone())).push(")");
    }
    if let Some(nodes) = &r.nodes {
        sql.push(" AND r.node_id = ANY(").bind(Bind::I64s(nodes.clone())).push(")");
    }
    if f.internal_only {
        sql.push(" AND r.requester_mode = 'internal'");
    }
    if f.favorites_only {
        sql.push(" AND EXISTS (SELECT 1 FROM favorites fv WHERE fv.request_id = r.id AND fv.user_id = ")
            .bind(Bind::I64(user))
            .push(")");
    }
    if f.after_hours_only {
        sql.push(" AND r.after_hours");
    }
    if let Some(closed) = r.last_closing.filter(|_| f.after_hours_only) {
        sql.push(" AND r.created_at >= (")
            .bind(Bind::Local(closed))
            .push(" AT TIME ZONE ")
            .bind(Bind::Text(r.tz.clone()))
            .push(")");
    }
    if f.assigned_to_me {
        sql.push(" AND r.assignee_user_id = ").bind(Bind::I64(user));
    }
    if f.first_answer_awaited {
        sql.push(" AND r.tab <> 2 AND r.first_answered_at IS NULL AND r.first_answer_due <= ")
            .bind(Bind::Date(r.horizon.today));
    }
    if f.overdue_only {
        sql.push(" AND r.tab <> 2 AND r.due_date < ").bind(Bind::Date(r.horizon.today));
    }
    if !f.priorities.is_empty() {
        let p: Vec<String> = f.priorities.iter().map(|p| p.as_str().to_string()).collect();
        sql.push(" AND r.priority = ANY(").bind(Bind::Texts(p)).push(")");
    }
    if let Some(d) = f.created_from {
        sql.push(" AND r.created_at >= ");
        push_day_start(sql, d, &r.tz);
    }
    if let Some(d) = f.created_to {
        sql.push(" AND r.created_at < ");
        push_day_start(sql, d + chrono::Days::new(1), &r.tz);
    }
    if let Some(d) = f.due_from {
        sql.push(" AND r.due_date >= ").bind(Bind::Date(d));
    }
    if let Some(d) = f.due_to {
        sql.push(" AND r.due_date <= ").bind(Bind::Date(d));
    }
}

/// The instant a day starts in the town's time zone.
pub(super) fn push_day_start(sql: &mut Sql, day: NaiveDate, tz: &str) {
    sql.push("(").bind(Bind::Date(day)).push("::timestamp AT TIME ZONE ").bind(Bind::Text(tz.to_string())).push(")");
}
