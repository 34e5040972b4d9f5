//! Requests: filing, the staff list, the detail, edits, transitions, follow-ups, and the
//! public views.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use validator::Validate;

use crate::{Action, Channel, Lang, Lateness, Priority, RequestKind, Status};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Who asks: a named person, an anonymous one (only where the town allows), or nobody
/// (an internal task from one department to another, seen by staff only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequesterMode {
    #[default]
    Identified,
    Anonymous,
    Internal,
}

impl RequesterMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Identified => "identified",
            Self::Anonymous => "anonymous",
            Self::Internal => "internal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Identified, Self::Anonymous, Self::Internal].into_iter().find(|m| m.as_str() == s)
    }
}

/// Who did something to a request, whether or not the reader may know their name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A staff member or an operator agent (named to the town's staff).
    #[default]
    Staff,
    /// The requester ("Demandeur"): named only to those who may know who asked.
    Requester,
    /// Civis itself (jobs, automatic changes).
    System,
}

/// The requester's contact details.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Requester {
    #[validate(length(max = 100, code = "length"))]
    #[serde(default)]
    pub first_name: String,
    #[validate(length(max = 100, code = "length"))]
    #[serde(default)]
    pub last_name: String,
    #[validate(length(max = 30, code = "length"))]
    pub phone1: Option<String>,
    #[validate(length(max = 30, code = "length"))]
    pub phone2: Option<String>,
    #[validate(email(code = "email"))]
    pub email: Option<String>,
    #[validate(length(max = 300, code = "length"))]
    pub postal_address: Option<String>,
}

/// One answer to one of the category's questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AnswerInput {
    pub question_id: i64,
    /// Text, `true`/`false`, a number, `YYYY-MM-DD`, an option code or a list of codes.
    pub value: Value,
}

/// A request to file.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewRequest {
    /// The taxonomy node chosen (category, event or sub-event).
    pub node_id: i64,
    #[validate(length(min = 1, max = 10000, code = "required"))]
    pub description: String,
    #[validate(length(max = 300, code = "length"))]
    pub address: Option<String>,
    #[validate(range(min = -90.0, max = 90.0, code = "range"))]
    pub latitude: Option<f64>,
    #[validate(range(min = -180.0, max = 180.0, code = "range"))]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub answers: Vec<AnswerInput>,
    /// How it reached the town; staff only (the portal is always `web`).
    pub channel: Option<Channel>,
    #[serde(default)]
    pub requester_mode: RequesterMode,
    #[validate(nested)]
    pub requester: Option<Requester>,
    /// The requester wants emails about the request (then an email is required).
    #[serde(default)]
    pub wants_followups: bool,
    /// Shown on the public portal (only where the category allows; never who asked).
    #[serde(default)]
    pub public: bool,
    /// The requester's language, for emails.
    pub language: Option<Lang>,
    /// Complaints: when the facts happened.
    pub date_of_facts: Option<NaiveDate>,
    /// Complaints: the requester attests the complaint is accurate.
    #[serde(default)]
    pub attested: bool,
    /// Complaints: it concerns the safety of people or property (may then be anonymous).
    #[serde(default)]
    pub safety_concern: bool,
    /// Complaints: the employee concerned, if the complainant names one (seen by the
    /// citizen-services director alone).
    #[validate(length(max = 200, code = "length"))]
    pub employee_concerned: Option<String>,
    /// Staff may set the priority; otherwise the category's.
    pub priority: Option<Priority>,
}

/// What filing returns.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreatedRequest {
    pub id: i64,
    /// `2026-00042`
    pub number: String,
    pub status: Status,
    pub due_date: Option<NaiveDate>,
    /// For a visitor without an account: lets them add photos to this request for an hour
    /// (send it as `X-Upload-Token`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_token: Option<String>,
}

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

/// An answer as stored, with the question's wording when it was answered.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AnswerView {
    pub question_id: i64,
    pub label_fr: String,
    pub label_en: String,
    pub value: Value,
}

/// How a request was closed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Closure {
    #[validate(length(max = 2000, code = "length"))]
    pub resolution: Option<String>,
    /// e.g. `238 – Demande complétée`
    #[validate(length(max = 100, code = "length"))]
    pub intervention_code: Option<String>,
    pub planned_date: Option<NaiveDate>,
    pub performed_date: Option<NaiveDate>,
    /// Staff only.
    #[validate(length(max = 5000, code = "length"))]
    pub internal_note: Option<String>,
    /// Sent to the requester (information disponible pour le demandeur).
    #[validate(length(max = 5000, code = "length"))]
    pub message_to_requester: Option<String>,
    /// A refused access-to-information request cites the legal provision.
    #[validate(length(max = 500, code = "length"))]
    pub legal_provision: Option<String>,
}

/// What closing this request requires (the close form marks these fields).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ClosureRequirements {
    /// Always.
    pub resolution: bool,
    /// Whenever the requester can be reached (named, with an email or a phone).
    pub message_to_requester: bool,
    pub intervention_code: bool,
    pub planned_date: bool,
    pub performed_date: bool,
    /// An access-to-information request refused cites the legal provision.
    pub legal_provision_if_refused: bool,
}

/// A request as staff see it; what is shown depends on the caller's role.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RequestDetail {
    pub id: i64,
    pub municipality_id: i64,
    pub number: String,
    pub kind: RequestKind,
    pub node_id: i64,
    pub category_id: i64,
    pub department_id: Option<i64>,
    pub priority: Priority,
    pub status: Status,
    pub public: bool,
    pub channel: Channel,
    pub requester_mode: RequesterMode,
    pub wants_followups: bool,
    pub language: Lang,
    pub description: String,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub date_of_facts: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    /// Overdue or due soon (within the town's reminder lead); none when closed.
    pub lateness: Option<Lateness>,
    /// Days past the due date, when overdue.
    pub days_late: Option<i64>,
    pub deadline_extended: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub answers: Vec<AnswerView>,
    /// Only for roles that need it; never for anonymous or internal requests; for
    /// complaints, the director only.
    pub requester: Option<Requester>,
    /// Complaints: the employee concerned, for the citizen-services director only.
    pub employee_concerned: Option<String>,
    pub closure: Option<Closure>,
    /// What closing it requires.
    #[serde(default)]
    pub closure_requirements: ClosureRequirements,
    pub photo_count: i32,
    pub file_count: i32,
    pub favorite: bool,
    /// Send it back in `If-Match` (as the `ETag` header holds it) to change the request.
    pub version: i32,
}

/// Changes to a request's priority, department, due date or visibility. Send the
/// request's `ETag` in `If-Match`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RequestPatch {
    pub priority: Option<Priority>,
    pub department_id: Option<i64>,
    pub due_date: Option<NaiveDate>,
    pub public: Option<bool>,
    /// Why (kept in the history).
    #[validate(length(max = 1000, code = "length"))]
    pub reason: Option<String>,
}

/// A status change.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TransitionInput {
    /// `transfer`, `start`, `close_processed`, `close_refused` or `reopen`.
    pub action: Action,
    /// Required to reopen.
    #[validate(length(max = 1000, code = "length"))]
    pub reason: Option<String>,
    /// Required to close.
    #[validate(nested)]
    pub closure: Option<Closure>,
}

/// Internal (staff only), external (sent to the requester, shown on the public page when
/// the request is public) or incoming (the requester's reply).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FollowupKind {
    Internal,
    External,
    Incoming,
}

impl FollowupKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Internal => "internal",
            Self::External => "external",
            Self::Incoming => "incoming",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Internal, Self::External, Self::Incoming].into_iter().find(|k| k.as_str() == s)
    }
}

/// A follow-up to write.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewFollowup {
    /// `internal` or `external`.
    pub kind: FollowupKind,
    #[validate(length(min = 1, max = 20000, code = "required"))]
    pub body: String,
}

/// A follow-up as shown.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Followup {
    pub id: i64,
    pub kind: FollowupKind,
    pub body: String,
    /// Who wrote it, by name where the reader may know it: staff to the town's staff;
    /// the requester (an incoming reply) is never named.
    pub author: Option<String>,
    #[serde(default)]
    pub author_kind: ActorKind,
    pub created_at: DateTime<Utc>,
}

/// One change in a request's history.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    /// Who made the change, by name where the reader may know it (see `actor_kind`).
    pub actor: Option<String>,
    /// A staff member, the requester ("Demandeur / Requester", named only to those who may
    /// know who asked, never on an anonymous request) or the system.
    #[serde(default)]
    pub actor_kind: ActorKind,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: Option<String>,
}

/// One entry of a request's timeline: a change (status, priority, department, due date,
/// visibility…) or a follow-up, in the order they happened.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TimelineItem {
    Change(HistoryEntry),
    Followup(Followup),
}

impl TimelineItem {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Self::Change(h) => h.at,
            Self::Followup(f) => f.created_at,
        }
    }
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
    #[serde(default)]
    pub priorities: Vec<Priority>,
    pub created_from: Option<NaiveDate>,
    pub created_to: Option<NaiveDate>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    #[serde(default)]
    pub sort: SortKey,
}
