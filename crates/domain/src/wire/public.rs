//! What the public and requesters without an account see.

use chrono::{DateTime, NaiveDate, Utc};
use civis_schema_rules::schema_rules;
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::Followup;
use crate::Status;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// A public request: never who asked.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PublicRequest {
    pub id: i64,
    pub number: String,
    pub node_id: i64,
    pub category_id: i64,
    pub status: Status,
    pub description: String,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub created_at: DateTime<Utc>,
    /// When the town expects to have handled it (shown while open).
    #[serde(default)]
    pub due_date: Option<NaiveDate>,
    /// When it was closed.
    #[serde(default)]
    pub closed_at: Option<DateTime<Utc>>,
    /// Distance from the point asked about, in metres.
    pub distance_m: Option<f64>,
    /// Open past its due date (in the town's day).
    #[serde(default)]
    pub late: bool,
    /// External follow-ups (detail view only).
    pub followups: Vec<Followup>,
}

/// An open request of the same category near where a citizen is about to file: a public
/// one with its number and text (it can be followed); a private one as its category,
/// status and distance only, never its text, photos or who asked (it can be reported
/// again: the new request is then linked to it). Complaints and other kinds than a
/// request or report are never shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NearbyRequest {
    pub id: i64,
    /// On the public portal.
    pub public: bool,
    /// Public ones only.
    pub number: Option<String>,
    /// Public ones only (the public wording when staff wrote one).
    pub description: Option<String>,
    /// The taxonomy node it was filed under.
    pub node_id: i64,
    pub status: Status,
    pub late: bool,
    /// Metres from the point asked about.
    pub distance_m: f64,
    /// Where it is; a private one's rounded to about 10 m.
    pub latitude: f64,
    pub longitude: f64,
}

/// A page of public requests.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PublicPage {
    pub items: Vec<PublicRequest>,
    pub next_cursor: Option<String>,
}

/// What a requester sees when tracking a request by number and email.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TrackedRequest {
    /// Its id, and its town's (for the citizen's own pages and photos).
    #[serde(default)]
    pub id: i64,
    #[serde(default)]
    pub municipality_id: i64,
    pub number: String,
    /// The category (the taxonomy node it was filed under), in French and English.
    #[serde(default)]
    pub category_fr: String,
    #[serde(default)]
    pub category_en: String,
    pub status: Status,
    pub description: String,
    pub address: Option<String>,
    pub created_at: DateTime<Utc>,
    pub due_date: Option<NaiveDate>,
    /// How the due date was counted (see the staff view's `due_explanation`).
    #[serde(default)]
    pub due_explanation: Option<crate::due::DueExplanation>,
    /// The town waits on the requester's answer since that day (its delay is suspended).
    #[serde(default)]
    pub waiting_since: Option<NaiveDate>,
    /// When it was closed.
    #[serde(default)]
    pub closed_at: Option<DateTime<Utc>>,
    /// Closure message, once closed.
    pub message: Option<String>,
    /// Every closure, oldest first, as the requester was told it (kept when the request is
    /// reopened).
    #[serde(default)]
    pub closures: Vec<ClosureTold>,
    /// External follow-ups and the requester's own replies.
    pub followups: Vec<Followup>,
}

/// A closure as its requester was told it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ClosureTold {
    pub closed_at: DateTime<Utc>,
    /// Refused (otherwise processed).
    pub refused: bool,
    /// The message sent to the requester, if any.
    pub message: Option<String>,
}

/// A requester without an account asks for their request (in a body, not the address, so
/// the email stays out of access logs).
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"number": "2026-00042", "email": "marie.tremblay@exemple.ca"})))]
pub struct TrackRequest {
    /// `2026-00042`
    #[validate(length(min = 1, max = 40, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub number: String,
    /// The email given when filing.
    #[validate(length(min = 3, max = 254, code = "email"))]
    pub email: String,
}

/// A citizen or visitor follows an existing public request instead of filing a duplicate.
#[schema_rules]
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "voisin@exemple.ca", "language": "fr"})))]
pub struct FollowRequest {
    /// Required when not signed in.
    #[validate(email(code = "email"))]
    pub email: Option<String>,
    /// The language of the confirmation email.
    #[serde(default)]
    pub language: crate::Lang,
}
