//! The staff list: a page of requests, the tabs' counts, the filter and the sorts.

use chrono::{DateTime, NaiveDate, Utc};
use civis_schema_rules::schema_rules;
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::{FirstAnswer, Lateness, Priority, RequestKind, Status};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// A count, exact or stopped at a cap on large filtered sets ("1 000+").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Count {
    pub value: i64,
    /// True when there are more than `value`.
    pub capped: bool,
}

/// Counts of the dashboard's tabs under the current filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TabCounts {
    pub not_transferred: Count,
    pub open: Count,
    pub closed: Count,
    /// Requests past their due date in the tabs where that can happen (up to 100, "100+").
    #[serde(default)]
    pub overdue: OverdueCounts,
}

/// Overdue requests under the current filter, per tab that is still open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OverdueCounts {
    pub not_transferred: Count,
    pub open: Count,
}

/// A row of the staff list.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RequestSummary {
    pub id: i64,
    pub number: String,
    pub kind: RequestKind,
    pub node_id: i64,
    pub category_id: i64,
    pub department_id: Option<i64>,
    pub priority: Priority,
    pub status: Status,
    pub public: bool,
    /// An internal task (red band on the dashboard).
    pub internal: bool,
    pub description: String,
    pub address: Option<String>,
    pub created_at: DateTime<Utc>,
    pub due_date: Option<NaiveDate>,
    /// Overdue or due soon (within the town's reminder lead); none when closed.
    pub lateness: Option<Lateness>,
    /// A first answer promised by the next working day and not yet given (none when closed).
    #[serde(default)]
    pub first_answer: Option<FirstAnswer>,
    /// The staff member it is assigned to, if any.
    pub assignee_id: Option<i64>,
    pub photo_count: i32,
    pub file_count: i32,
    pub favorite: bool,
}

/// A page of the staff list.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RequestPage {
    pub items: Vec<RequestSummary>,
    /// Opaque cursor of the next page, if any.
    pub next_cursor: Option<String>,
    /// The URL of the next page, if any.
    pub next: Option<String>,
    /// The three tabs' counts under the filter; on the first page only (`null` after).
    pub counts: Option<TabCounts>,
}

/// Sort orders of the staff list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Newest first.
    #[default]
    Created,
    /// Soonest due first, undated last.
    Due,
    /// Most urgent first, then newest.
    Priority,
    /// By department, then newest.
    Department,
}

/// The staff list's filter, as saved per user.
#[schema_rules]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RequestFilter {
    #[serde(default)]
    pub departments: Vec<i64>,
    /// Taxonomy nodes; a request matches when it was filed under one of them or below.
    #[serde(default)]
    pub categories: Vec<i64>,
    /// Every keyword must match (accent-insensitive French search).
    #[serde(default)]
    #[validate(length(max = 10, code = "length"))]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub internal_only: bool,
    #[serde(default)]
    pub favorites_only: bool,
    /// Only requests past their due date ("En retard").
    #[serde(default)]
    pub overdue_only: bool,
    /// Only requests filed outside business hours since the office last closed (what came
    /// in overnight, the next working morning).
    #[serde(default)]
    pub after_hours_only: bool,
    /// Only requests whose promised first answer is due today or late, not yet given.
    #[serde(default)]
    pub first_answer_awaited: bool,
    /// Only requests assigned to the caller ("Assignées à moi").
    #[serde(default)]
    pub assigned_to_me: bool,
    #[serde(default)]
    pub priorities: Vec<Priority>,
    pub created_from: Option<NaiveDate>,
    pub created_to: Option<NaiveDate>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    #[serde(default)]
    pub sort: SortKey,
}

/// A line of a monthly list: no description, address or person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MonthlyItem {
    pub number: String,
    pub category_fr: String,
    pub category_en: String,
    /// The department's French name.
    pub department: String,
    pub status: Status,
    pub created_on: NaiveDate,
    pub due_date: Option<NaiveDate>,
}

/// What an elected official's monthly email says, on screen: the requests not completed
/// and those completed last month (complaints only as counts, "< 5" under five).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MonthlyLists {
    /// `YYYY-MM` of last month.
    pub last_month: String,
    pub open: Vec<MonthlyItem>,
    pub done: Vec<MonthlyItem>,
    pub complaints_open: String,
    pub complaints_done: String,
}
