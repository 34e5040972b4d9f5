//! The dashboard's view in the address bar: tab, sort and filter as query parameters (the
//! API's own names), so that a copied link opens the same list.

use crate::router::Params;
use civis_domain::wire::RequestFilter;

fn list<T: std::str::FromStr>(q: &Params, key: &str) -> Vec<T> {
    q.get(key).map(|v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect()).unwrap_or_default()
}

fn flag(q: &Params, key: &str) -> bool {
    q.get(key).as_deref() == Some("true")
}

/// The tab and filter an address names, if it names any.
pub fn parse(q: &Params) -> Option<(&'static str, RequestFilter)> {
    if q.get("tab").is_none() && q.get("sort").is_none() {
        return None;
    }
    let tab = match q.get("tab").as_deref() {
        Some("not_transferred") => "not_transferred",
        Some("closed") => "closed",
        _ => "open",
    };
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

/// The query string of a tab and filter (`tab=open&sort=due&departments=3,4…`).
pub fn query(tab: &str, f: &RequestFilter) -> String {
    let mut parts = vec![format!("tab={tab}")];
    let sort = serde_json::to_value(f.sort).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    parts.push(format!("sort={sort}"));
    let join = |v: Vec<String>| v.join(",");
    let mut add = |k: &str, v: String| {
        if !v.is_empty() {
            parts.push(format!("{k}={}", js_sys::encode_uri_component(&v)));
        }
    };
    add("departments", join(f.departments.iter().map(i64::to_string).collect()));
    add("categories", join(f.categories.iter().map(i64::to_string).collect()));
    add("keywords", f.keywords.join(","));
    add("priorities", join(f.priorities.iter().map(|p| p.as_str().to_string()).collect()));
    for (k, on) in [
        ("internal_only", f.internal_only),
        ("favorites_only", f.favorites_only),
        ("overdue", f.overdue_only),
        ("assigned_to_me", f.assigned_to_me),
    ] {
        if on {
            add(k, "true".into());
        }
    }
    for (k, d) in
        [("created_from", f.created_from), ("created_to", f.created_to), ("due_from", f.due_from), ("due_to", f.due_to)]
    {
        add(k, d.map(|d| d.to_string()).unwrap_or_default());
    }
    parts.join("&")
}
