//! Requests: filing, the detail as staff see it, edits and transitions (the staff list is
//! `staff_list.rs`, follow-ups and the history `timeline.rs`).

use chrono::{DateTime, NaiveDate, Utc};
use civis_schema_rules::schema_rules;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use validator::Validate;

pub use crate::people::RequesterMode;

use crate::{Action, Channel, Lang, Lateness, Priority, RequestKind, Status};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The requester's contact details.
#[schema_rules]
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
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"node_id": 3, "description": "Nid-de-poule profond devant le 12, rue des Érables", "address": "12, rue des Érables", "latitude": 45.8612, "longitude": -74.0531, "answers": [{"question_id": 1, "value": "grand"}], "requester_mode": "identified", "requester": {"first_name": "Marie", "last_name": "Tremblay", "email": "marie.tremblay@exemple.ca", "phone": "450-555-0199"}, "wants_followups": true, "public": true, "language": "fr"})))]
pub struct NewRequest {
    /// The taxonomy node chosen (category, event or sub-event).
    pub node_id: i64,
    #[validate(length(min = 1, max = 10000, code = "required"), custom(function = "crate::rules::not_blank"))]
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
    /// An open request of the same category that this one reports again (the citizen's
    /// "Signaler aussi" on the duplicate check): the two are linked in their histories.
    #[serde(default)]
    pub also_reports: Option<i64>,
}

/// What filing returns.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": 42, "number": "2026-00042", "status": "not_transferred", "due_date": "2026-12-11"})))]
pub struct CreatedRequest {
    pub id: i64,
    /// `2026-00042`
    pub number: String,
    pub status: Status,
    pub due_date: Option<NaiveDate>,
    /// How the due date was counted.
    #[serde(default)]
    pub due_explanation: Option<crate::due::DueExplanation>,
    /// For a visitor without an account: lets them add photos to this request for an hour
    /// (send it as `X-Upload-Token`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_token: Option<String>,
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
#[schema_rules]
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
    /// The integrator's app that filed it (channel `application`).
    #[serde(default)]
    pub application: Option<String>,
    pub requester_mode: RequesterMode,
    pub wants_followups: bool,
    pub language: Lang,
    pub description: String,
    /// What the public reads of the description (when the request is public): staff's
    /// wording when set, else the citizen's words; contacts masked either way.
    #[serde(default)]
    pub public_text: String,
    /// Staff's wording for the public, when set.
    #[serde(default)]
    pub public_wording: Option<String>,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub date_of_facts: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    /// How the due date was counted: its rule, start, days and the days skipped and why
    /// (`civis_domain::due::DueExplanation::text` says it in French or English).
    #[serde(default)]
    pub due_explanation: Option<crate::due::DueExplanation>,
    /// Filed outside the town's business hours (routed to the node's after-hours
    /// department when it has one; the history says so).
    #[serde(default)]
    pub after_hours: bool,
    /// On hold, waiting on the citizen (the due date is empty meanwhile).
    #[serde(default)]
    pub waiting: Option<crate::wire::Waiting>,
    /// A first answer promised by the next working day, when the category promises one.
    #[serde(default)]
    pub first_answer: Option<crate::wire::PromisedAnswer>,
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
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Requester>))]
    pub requester: Option<crate::privacy::Shown<Requester>>,
    /// Complaints: the employee concerned, for the citizen-services director only.
    pub employee_concerned: Option<String>,
    /// The person of the department it is assigned to.
    pub assignee: Option<Assignee>,
    pub closure: Option<Closure>,
    /// What closing it requires.
    #[serde(default)]
    pub closure_requirements: ClosureRequirements,
    pub photo_count: i32,
    pub file_count: i32,
    pub favorite: bool,
    /// Flagged unusual ("inusitée") by staff, with the reason the reports list.
    #[serde(default)]
    pub unusual_reason: Option<String>,
    /// Send it back in `If-Match` (as the `ETag` header holds it) to change the request.
    pub version: i32,
}

/// A staff member a request is assigned to, within its department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Assignee {
    pub id: i64,
    pub name: String,
}

/// Assigns a request to a person of its department, or unassigns it (`user_id: null`).
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AssignInput {
    pub user_id: Option<i64>,
    /// Why (kept in the history).
    #[validate(length(max = 1000, code = "length"))]
    pub reason: Option<String>,
}

/// Changes to a request's priority, department, due date or visibility. Send the
/// request's `ETag` in `If-Match`.
#[schema_rules]
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"priority": "urgent", "due_date": "2026-12-04", "reason": "Danger pour les cyclistes"})))]
pub struct RequestPatch {
    pub priority: Option<Priority>,
    pub department_id: Option<i64>,
    pub due_date: Option<NaiveDate>,
    pub public: Option<bool>,
    /// What the public reads of the description, in staff's words (emails, phones and
    /// postal codes are masked all the same); empty goes back to the citizen's words,
    /// masked. The citizen's words stay for staff; the history keeps each change.
    #[validate(length(max = 5000, code = "length"))]
    pub public_wording: Option<String>,
    /// Why (kept in the history).
    #[validate(length(max = 1000, code = "length"))]
    pub reason: Option<String>,
}

/// A status change.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"action": "close_processed", "closure": {"resolution": "Trou réparé à l'asphalte froid.", "intervention_code": "238 – Demande complétée", "performed_date": "2026-11-27", "message_to_requester": "Bonjour, le nid-de-poule a été réparé. Merci de votre signalement."}})))]
pub struct TransitionInput {
    /// `transfer`, `start`, `close_processed`, `close_refused` or `reopen`.
    #[cfg_attr(feature = "openapi", schema(schema_with = actions_by_hand))]
    pub action: Action,
    /// Required to reopen.
    #[validate(length(max = 1000, code = "length"))]
    pub reason: Option<String>,
    /// Required to close.
    #[validate(nested)]
    pub closure: Option<Closure>,
}

/// The actions a caller may ask for (the town's first action happens by itself), for the
/// document.
#[cfg(feature = "openapi")]
fn actions_by_hand() -> utoipa::openapi::schema::Object {
    use crate::Action as A;
    let actions = [A::Transfer, A::Start, A::CloseProcessed, A::CloseRefused, A::Reopen];
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(actions.map(A::as_str)))
        .build()
}
