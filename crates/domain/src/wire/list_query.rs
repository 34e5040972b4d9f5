//! The staff list's query string, one type for both sides: the web app writes it from a
//! tab and a filter (`ListQuery::of`, `to_query`), the API reads it back into a filter
//! (`ListQuery::filter`). Lists are comma-separated.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{RequestFilter, SortKey};
use crate::{FieldIssue, Priority, Tab};

/// Query of the staff list (`GET /towns/{town_id}/requests`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ListQuery {
    /// `not_transferred`, `open` (default) or `closed`.
    pub tab: Option<Tab>,
    /// `created` (default), `due`, `priority` or `department`.
    pub sort: Option<SortKey>,
    /// Department ids.
    #[cfg_attr(feature = "openapi", param(value_type = Option<Vec<i64>>, style = Form, explode = false))]
    pub departments: Option<String>,
    /// Taxonomy node ids (their descendants are included).
    #[cfg_attr(feature = "openapi", param(value_type = Option<Vec<i64>>, style = Form, explode = false))]
    pub categories: Option<String>,
    /// Keywords, all required.
    pub keywords: Option<String>,
    pub internal_only: Option<bool>,
    pub favorites_only: Option<bool>,
    /// Only requests past their due date.
    pub overdue: Option<bool>,
    /// Only requests filed outside business hours since the office last closed.
    pub after_hours: Option<bool>,
    /// Only requests whose promised first answer is due today or late, not yet given.
    pub first_answer: Option<bool>,
    /// Only requests assigned to the caller.
    pub assigned_to_me: Option<bool>,
    /// `urgent,very_important,important,minor`
    #[cfg_attr(feature = "openapi", param(value_type = Option<Vec<Priority>>, style = Form, explode = false))]
    pub priorities: Option<String>,
    pub created_from: Option<NaiveDate>,
    pub created_to: Option<NaiveDate>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    /// From `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1 to 100 (default 25).
    pub limit: Option<i64>,
    /// `false` ignores the saved filter. Without any filter parameter the caller's saved
    /// filter applies.
    pub saved: Option<bool>,
}

fn csv<T: ToString>(items: &[T]) -> Option<String> {
    (!items.is_empty()).then(|| items.iter().map(ToString::to_string).collect::<Vec<_>>().join(","))
}

fn list_of<T: std::str::FromStr>(field: &str, s: &Option<String>) -> Result<Vec<T>, FieldIssue> {
    let items = s.as_deref().unwrap_or("").split(',').map(str::trim).filter(|v| !v.is_empty());
    items.map(|v| v.parse().map_err(|_| FieldIssue::new(field, "invalid_value"))).collect()
}

/// `s` percent-encoded for a query string (RFC 3986: unreserved characters kept).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl ListQuery {
    /// A page of `tab` under an explicit `filter` (the saved filter does not apply).
    pub fn of(tab: Tab, filter: &RequestFilter, cursor: Option<&str>, limit: i64) -> Self {
        let yes = |b: bool| b.then_some(true);
        Self {
            tab: Some(tab),
            sort: Some(filter.sort),
            departments: csv(&filter.departments),
            categories: csv(&filter.categories),
            keywords: (!filter.keywords.is_empty()).then(|| filter.keywords.join(",")),
            internal_only: yes(filter.internal_only),
            favorites_only: yes(filter.favorites_only),
            overdue: yes(filter.overdue_only),
            after_hours: yes(filter.after_hours_only),
            first_answer: yes(filter.first_answer_awaited),
            assigned_to_me: yes(filter.assigned_to_me),
            priorities: csv(&filter.priorities),
            created_from: filter.created_from,
            created_to: filter.created_to,
            due_from: filter.due_from,
            due_to: filter.due_to,
            cursor: cursor.map(str::to_string),
            limit: Some(limit),
            saved: Some(false),
        }
    }

    /// The query string (`tab=open&sort=created&…`), its values encoded.
    pub fn to_query(&self) -> String {
        let value = serde_json::to_value(self).unwrap_or_default();
        let Some(fields) = value.as_object() else { return String::new() };
        let text = |v: &serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
        let pairs = fields.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| format!("{k}={}", encode(&text(v))));
        pairs.collect::<Vec<_>>().join("&")
    }

    /// Whether any filter parameter is given (otherwise the saved filter may apply).
    pub fn has_filter(&self) -> bool {
        self.departments.is_some()
            || self.categories.is_some()
            || self.keywords.is_some()
            || self.internal_only.is_some()
            || self.favorites_only.is_some()
            || self.overdue.is_some()
            || self.after_hours.is_some()
            || self.first_answer.is_some()
            || self.assigned_to_me.is_some()
            || self.priorities.is_some()
            || self.created_from.is_some()
            || self.created_to.is_some()
            || self.due_from.is_some()
            || self.due_to.is_some()
    }

    /// The filter the parameters say; a list item that is not a valid id or priority is
    /// that field's `invalid_value`.
    pub fn filter(&self) -> Result<RequestFilter, FieldIssue> {
        Ok(RequestFilter {
            departments: list_of("departments", &self.departments)?,
            categories: list_of("categories", &self.categories)?,
            keywords: list_of("keywords", &self.keywords)?,
            internal_only: self.internal_only.unwrap_or(false),
            favorites_only: self.favorites_only.unwrap_or(false),
            overdue_only: self.overdue.unwrap_or(false),
            after_hours_only: self.after_hours.unwrap_or(false),
            first_answer_awaited: self.first_answer.unwrap_or(false),
            assigned_to_me: self.assigned_to_me.unwrap_or(false),
            priorities: list_of::<Priority>("priorities", &self.priorities)?,
            created_from: self.created_from,
            created_to: self.created_to,
            due_from: self.due_from,
            due_to: self.due_to,
            sort: self.sort.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_written_by_the_web_app_reads_back_the_same() {
        let filter = RequestFilter {
            departments: vec![3, 7],
            categories: vec![12],
            keywords: vec!["nid-de-poule".into(), "rue Saint-Jean & fils".into()],
            overdue_only: true,
            first_answer_awaited: true,
            priorities: vec![Priority::Urgent, Priority::Minor],
            created_from: NaiveDate::from_ymd_opt(2026, 1, 31),
            sort: SortKey::Due,
            ..RequestFilter::default()
        };
        let q = ListQuery::of(Tab::Closed, &filter, Some("abc"), 25);
        let text = q.to_query();
        assert!(
            text.contains("tab=closed") && text.contains("saved=false") && text.contains("departments=3%2C7"),
            "{text}"
        );
        assert!(text.contains("rue%20Saint-Jean%20%26%20fils"), "{text}");
        let pairs: Vec<(String, String)> = text
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').expect("k=v");
                let bytes = v.as_bytes();
                let mut out = Vec::new();
                let mut i = 0;
                while i < bytes.len() {
                    if bytes[i] == b'%' {
                        out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).expect("hex"));
                        i += 3;
                    } else {
                        out.push(bytes[i]);
                        i += 1;
                    }
                }
                (k.to_string(), String::from_utf8(out).expect("utf-8"))
            })
            .collect();
        let object: serde_json::Map<String, serde_json::Value> = pairs
            .into_iter()
            .map(|(k, v)| {
                let value = match v.as_str() {
                    "true" | "false" => serde_json::Value::Bool(v == "true"),
                    n if k == "limit" => serde_json::json!(n.parse::<i64>().expect("limit")),
                    _ => serde_json::Value::String(v),
                };
                (k, value)
            })
            .collect();
        let back: ListQuery = serde_json::from_value(serde_json::Value::Object(object)).expect("read back");
        assert_eq!(back, q);
        assert_eq!(back.filter().expect("filter"), filter);
    }

    #[test]
    fn a_bad_list_item_names_its_field() {
        let q = ListQuery { departments: Some("3,x".into()), ..ListQuery::default() };
        assert_eq!(q.filter().expect_err("x is no id").field, "departments");
    }
}
