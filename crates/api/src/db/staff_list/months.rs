//! A staff list under a date range, sorted by another column, read month by month.

use chrono::NaiveDate;
use civis_domain::wire::{RequestFilter, SortKey};

use super::Page;
use super::conditions::{push_day_start, tab_code};
use crate::db::sql::{Bind, Sql};

/// Which date's months a page under a date range is read by (see `push_months`).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Months {
    Created,
    Due,
}

impl Months {
    /// A list sorted by one column under a range of another date is read month of that
    /// date by month; none when the sort's own index serves the range.
    pub(super) fn of(f: &RequestFilter) -> Option<Self> {
        let created = f.created_from.is_some() || f.created_to.is_some();
        let due = f.due_from.is_some() || f.due_to.is_some();
        match f.sort {
            SortKey::Due => created.then_some(Self::Created),
            SortKey::Created => due.then_some(Self::Due),
            SortKey::Priority | SortKey::Department if created => Some(Self::Created),
            SortKey::Priority | SortKey::Department => due.then_some(Self::Due),
        }
    }

    /// A row's month, as the `requests_tab_*month*` indexes hold it.
    pub(super) fn of_row(self) -> &'static str {
        match self {
            Self::Created => "date_trunc('month', r.created_at AT TIME ZONE 'UTC')",
            Self::Due => "date_trunc('month', r.due_date::timestamp)",
        }
    }
}

/// Under a date range and sorted by another column, the page is read month of the ranged
/// date by month (each month's first rows in the list's order from its
/// `requests_tab_*month*` index, then merged): dates follow one another (a request is due
/// some days after it is created), so walking the sort's own index would pass every row
/// outside the range first. Opens `FROM generate_series(…) m(month) CROSS JOIN LATERAL (`;
/// the page's query follows, with the row's month among its conditions. An open end is
/// the town's first (or last) date in the tab.
pub(super) fn push_months(sql: &mut Sql, months: Months, args: &Page, tz: &str) {
    let f = args.filter;
    sql.push("SELECT x.* FROM generate_series(date_trunc('month', ");
    let first = match months {
        Months::Created => f.created_from,
        Months::Due => f.due_from,
    };
    push_edge(sql, months, first, End::First, args, tz);
    sql.push("), date_trunc('month', ");
    let last = match months {
        Months::Created => f.created_to.map(|d| d + chrono::Days::new(1)),
        Months::Due => f.due_to,
    };
    push_edge(sql, months, last, End::Last, args, tz);
    sql.push("), interval '1 month') m(month) CROSS JOIN LATERAL (");
}

#[derive(Clone, Copy, PartialEq)]
enum End {
    First,
    Last,
}

/// One end of the months: the range's day, or else the town's first date in the tab (for
/// creation, the last is now); as a timestamp in UTC.
fn push_edge(sql: &mut Sql, months: Months, day: Option<NaiveDate>, end: End, args: &Page, tz: &str) {
    let town = Bind::I64(args.town);
    match (months, day, end) {
        (Months::Created, Some(d), _) => push_day_start(sql, d, tz),
        (Months::Due, Some(d), _) => {
            sql.bind(Bind::Date(d)).push("::timestamp");
        }
        (Months::Created, None, End::Last) => {
            sql.push("now()");
        }
        (Months::Created, None, End::First) => {
            sql.push("(SELECT min(created_at) FROM requests WHERE municipality_id = ").bind(town).push(")");
        }
        (Months::Due, None, _) => {
            let agg = if end == End::First { "min" } else { "max" };
            sql.push("(SELECT ").push(agg).push("(due_date) FROM requests WHERE municipality_id = ").bind(town);
            sql.push(" AND tab = ").bind(Bind::I16(tab_code(args.tab))).push(")::timestamp");
        }
    }
    if months == Months::Created {
        sql.push(" AT TIME ZONE 'UTC'");
    }
}
