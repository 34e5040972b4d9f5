//! A person's file (Loi 25): what a town holds about someone, found by email or phone, for
//! the director (the town's privacy officer) to answer an access request.

use chrono::{DateTime, Utc};
use civis_schema_rules::schema_rules;
use serde::{Deserialize, Serialize};
use validator::Validate;

#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};

use super::Requester;
use crate::{RequestKind, Status};

/// Whom to look for: an email, a phone number, or both (either matches).
#[schema_rules]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema, IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PersonQuery {
    #[validate(email(code = "email"), length(max = 254, code = "length"))]
    pub email: Option<String>,
    /// Compared by its last ten digits, whatever the separators.
    #[validate(length(min = 7, max = 30, code = "length"))]
    pub phone: Option<String>,
}

/// The language of an archive's readable summary (French when absent).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema, IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ArchiveLang {
    pub lang: Option<crate::Lang>,
}

/// How the person is tied to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PersonRole {
    /// They filed it (the contact matches).
    Requester,
    /// They follow it by email.
    Follower,
}

/// A request the person filed or follows, with the contact the town holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PersonRequest {
    pub id: i64,
    pub number: String,
    pub kind: RequestKind,
    pub status: Status,
    pub created_at: DateTime<Utc>,
    pub role: PersonRole,
    /// The contact as stored (requests they filed).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Requester>))]
    pub contact: Option<crate::privacy::Shown<Requester>>,
    pub description: String,
}

/// What was written on their requests: their own replies and additions (`incoming`), and
/// what the town sent them (`external`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PersonMessage {
    pub request_id: i64,
    pub number: String,
    pub kind: super::FollowupKind,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// A contact logged by the first line under their email or phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PersonCall {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub channel: String,
    pub note: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub request_number: Option<String>,
    pub callback_due_at: Option<DateTime<Utc>>,
    pub callback_done_at: Option<DateTime<Utc>>,
}

/// A photo or file they sent (its metadata: the file itself stays in the request).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PersonAttachment {
    pub request_id: i64,
    pub number: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: DateTime<Utc>,
}

/// Their answer to a closure survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PersonSurvey {
    pub number: String,
    pub score: i32,
    pub comment: String,
    pub answered_at: DateTime<Utc>,
}

/// Their citizen account, when one has the email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PersonAccount {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub language: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub email_confirmed_at: Option<DateTime<Utc>>,
}

/// Everything the town holds about a person, found by email or phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PersonFile {
    pub town_id: i64,
    pub query: PersonQuery,
    pub generated_at: DateTime<Utc>,
    pub requests: Vec<PersonRequest>,
    pub messages: Vec<PersonMessage>,
    pub calls: Vec<PersonCall>,
    pub attachments: Vec<PersonAttachment>,
    pub surveys: Vec<PersonSurvey>,
    pub account: Option<PersonAccount>,
}
