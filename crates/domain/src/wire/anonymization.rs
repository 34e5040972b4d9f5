//! Anonymization (Loi 25): the director removes a person from the town's records on their
//! request; the retention job does it for contacts past the town's limit. Each run is
//! recorded without what it removed.

use chrono::{DateTime, Utc};
use civis_schema_rules::schema_rules;
use serde::{Deserialize, Serialize};
use validator::Validate;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Whom to anonymize (an email, a phone, or both: as for their file), why, and the
/// director's acknowledgement that it cannot be undone.
#[schema_rules]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AnonymizeInput {
    #[validate(email(code = "email"), length(max = 254, code = "length"))]
    pub email: Option<String>,
    /// Compared by its last ten digits, whatever the separators.
    #[validate(length(min = 7, max = 30, code = "length"))]
    pub phone: Option<String>,
    /// Why (recorded): "Demande de la personne du 2026-12-01", for example.
    #[validate(length(min = 1, max = 1000, code = "length"))]
    pub reason: String,
    /// Must be true: anonymization cannot be undone.
    #[serde(default)]
    pub irreversible: bool,
}

/// What started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AnonymizationCause {
    /// A person asked; the director ran it.
    Request,
    /// The town's retention limit; the worker ran it.
    Retention,
}

/// One run, as recorded: who, when, why and how much, never whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Anonymization {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub cause: AnonymizationCause,
    /// The director who ran it (none for the retention job).
    pub by: Option<String>,
    pub reason: String,
    /// Requests whose contact became a tombstone (they stay, and are still counted).
    pub requests: i32,
    /// Calls whose caller was removed.
    pub calls: i32,
    /// Texts rewritten without the person: descriptions, follow-ups, call notes, survey
    /// comments and emails kept in the outbox.
    pub texts: i32,
    /// Stored files removed (photo originals, the person's documents).
    pub files: i32,
    /// Follow-up subscriptions removed.
    pub followers: i32,
    /// Emails to the person removed from the outbox (sent or waiting).
    pub emails: i32,
    /// Whether their citizen account was closed (it is only detached from the town when it
    /// holds requests of another town).
    pub account_closed: bool,
}
