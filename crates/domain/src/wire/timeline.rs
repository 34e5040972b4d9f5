//! What happened to a request: follow-ups, changes (the history), and the timeline of both,
//! with who acted as the reader may know it.

use chrono::{DateTime, Utc};
use civis_schema_rules::schema_rules;
use serde::{Deserialize, Serialize};
use validator::Validate;

pub use crate::people::ActorKind;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Internal (staff only), external (sent to the requester, shown on the public page when
/// the request is public) or incoming (the requester's reply).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FollowupKind {
    Internal,
    External,
    Incoming,
}

crate::wire_enum!(FollowupKind { Internal => "internal", External => "external", Incoming => "incoming" });

/// A follow-up to write.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"kind": "internal", "body": "Équipe de voirie prévue jeudi matin."})))]
pub struct NewFollowup {
    /// `internal` or `external` (staff write no `incoming` follow-up: those are the
    /// requester's).
    #[cfg_attr(feature = "openapi", schema(schema_with = written_followup_kinds))]
    pub kind: FollowupKind,
    #[validate(length(min = 1, max = 20000, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub body: String,
}

/// Putting a request on hold until the citizen answers: why (kept in the history) and what
/// to ask them (an external follow-up, emailed with a reply address).
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reason": "Photo manquante", "message": "Pourriez-vous nous envoyer une photo du nid-de-poule? Répondez simplement à ce courriel."})))]
pub struct HoldInput {
    #[validate(length(min = 1, max = 1000, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub reason: String,
    #[validate(length(min = 1, max = 20000, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub message: String,
}

/// A request waiting on the citizen: since when, why, and whether it has waited past the
/// town's limit (the dashboard then proposes closing it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Waiting {
    pub since: chrono::NaiveDate,
    pub reason: String,
    /// Calendar days waited so far.
    pub days: i64,
    pub past_limit: bool,
}

/// A first answer to the citizen promised by the next working day (the node's rule): the
/// day, when it was given (the first external follow-up), and while it is awaited on an
/// open request, where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PromisedAnswer {
    pub due: chrono::NaiveDate,
    pub answered_at: Option<chrono::DateTime<chrono::Utc>>,
    pub state: Option<crate::FirstAnswer>,
}

/// The kinds staff may write, for the document.
#[cfg(feature = "openapi")]
fn written_followup_kinds() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some([FollowupKind::Internal.as_str(), FollowupKind::External.as_str()]))
        .build()
}

/// What a citizen adds to their own request (it reaches the department like a reply by
/// email).
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewInformation {
    #[validate(length(min = 1, max = 20000, code = "required"), custom(function = "crate::rules::not_blank"))]
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
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub author: Option<crate::privacy::Shown<String>>,
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
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub actor: Option<crate::privacy::Shown<String>>,
    /// A staff member, the requester ("Demandeur / Requester", named only to those who may
    /// know who asked, never on an anonymous request) or the system.
    #[serde(default)]
    pub actor_kind: ActorKind,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: Option<String>,
}

/// A closure as it was written (kept across reopens): who closed, when, refused or
/// processed, and what the closure said.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ClosureEntry {
    pub at: DateTime<Utc>,
    /// The staff member who closed it.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub actor: Option<crate::privacy::Shown<String>>,
    /// Closed as refused (otherwise processed).
    pub refused: bool,
    pub closure: super::Closure,
}

/// One entry of a request's timeline: a change (status, priority, department, due date,
/// visibility…), a closure or a follow-up, in the order they happened.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TimelineItem {
    Change(HistoryEntry),
    Closure(ClosureEntry),
    Followup(Followup),
}

impl TimelineItem {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Self::Change(h) => h.at,
            Self::Closure(c) => c.at,
            Self::Followup(f) => f.created_at,
        }
    }
}
