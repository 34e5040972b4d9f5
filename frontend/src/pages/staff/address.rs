//! The dashboard's view in the address bar: tab, sort and filter as query parameters (the
//! API's own names), so that a copied link opens the same list.

use crate::router::Params;
use civis_domain::Tab;
use civis_domain::wire::{ListQuery, RequestFilter};

fn list<T: std::str::FromStr>(q: &Params, key: &str) -> Vec<T> {
    q.get(key).map(|v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect()).unwrap_or_default()
}

fn flag(q: &Params, key: &str) -> bool {
    q.get(key).as_deref() == Some("true")
}

/// The tab and filter an address names, if it names any.
pub fn parse(q: &Params) -> Option<(Tab, RequestFilter)> {
    if q.get("tab").is_none() && q.get("sort").is_none() {
        return None;
    }
    let tab = q.get("tab").and_then(|t| t.parse().ok()).unwrap_or(Tab::Open);
    let filter = RequestFilter {
        departments: list(q, "departments"),
        categories: list(q, "categories"),
        keywords: q
            .get("keywords")
            .map(|k| k.split(',').map(str::to_string).filter(|k| !k.is_empty()).collect())
            .unwrap_or_default(),
        internal_only: flag(q, "internal_only"),
        favorites_only: flag(q, "favorites_only"),
        overdue_only: flag(q, "overdue"),
        after_hours_only: flag(q, "after_hours"),
        first_answer_awaited: flag(q, "first_answer"),
        assigned_to_me: flag(q, "assigned_to_me"),
        priorities: list(q, "priorities"),
        created_from: q.get("created_from").and_then(|d| d.parse().ok()),
        created_to: q.get("created_to").and_then(|d| d.parse().ok()),
        due_from: q.get("due_from").and_then(|d| d.parse().ok()),
        due_to: q.get("due_to").and_then(|d| d.parse().ok()),
        sort: q.get("sort").and_then(|s| serde_json::from_value(serde_json::Value::String(s)).ok()).unwrap_or_default(),
    };
    Some((tab, filter))
}

/// The query string of a tab and filter (`tab=open&sort=due&departments=3%2C4…`), in the
/// API's own parameters.
pub fn query(tab: Tab, f: &RequestFilter) -> String {
    ListQuery { limit: None, saved: None, ..ListQuery::of(tab, f, None, 0) }.to_query()
}
