//! What a town administrator manages for integrators: API keys (Open311 filings).

use chrono::{DateTime, Utc};
use civis_schema_rules::schema_rules;
use serde::{Deserialize, Serialize};
use validator::Validate;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// An integrator app's key, as listed (never the key itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ApiKey {
    pub id: i64,
    /// The app's name, recorded on every request it files.
    pub name: String,
    /// The key's first characters, to tell keys apart.
    pub prefix: String,
    /// Filings allowed per hour.
    pub rate_per_hour: i32,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// Last filing with it (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A key to issue.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Voirie mobile", "rate_per_hour": 1000})))]
pub struct ApiKeyInput {
    #[validate(length(min = 1, max = 100, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub name: String,
    /// Filings allowed per hour (default 1 000).
    #[validate(range(min = 1, max = 100_000, code = "range"))]
    pub rate_per_hour: Option<i32>,
}

/// A key just issued: the only time its secret is shown.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct IssuedApiKey {
    pub key: ApiKey,
    /// Give it to the integrator: it is not kept and cannot be shown again.
    pub secret: String,
}

/// What an endpoint can hear of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub enum WebhookEvent {
    /// A request was filed.
    #[serde(rename = "request.created")]
    Created,
    /// Its status changed (closing and reopening included).
    #[serde(rename = "request.status_changed")]
    StatusChanged,
    /// The town wrote to the requester (an external follow-up).
    #[serde(rename = "request.followup_added")]
    FollowupAdded,
    /// It was closed (processed or refused).
    #[serde(rename = "request.closed")]
    Closed,
}

crate::wire_enum!(WebhookEvent {
    Created => "request.created",
    StatusChanged => "request.status_changed",
    FollowupAdded => "request.followup_added",
    Closed => "request.closed",
});

/// An endpoint as listed (never its secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WebhookEndpoint {
    pub id: i64,
    pub url: String,
    pub description: String,
    pub events: Vec<WebhookEvent>,
    /// Deliveries are made (false once disabled, by hand or after failing for a day).
    pub active: bool,
    /// Why it was disabled, when the server did it.
    pub disabled_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// An endpoint to register or replace.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"url": "https://travaux.example.org/civis", "description": "Bons de travail", "events": ["request.created", "request.closed"]})))]
pub struct WebhookEndpointInput {
    /// HTTPS; an address on a private, loopback or link-local network is refused.
    #[validate(length(min = 1, max = 2000, code = "required"))]
    pub url: String,
    #[serde(default)]
    #[validate(length(max = 200, code = "length"))]
    pub description: String,
    #[validate(length(min = 1, max = 4, code = "required"))]
    pub events: Vec<WebhookEvent>,
    /// Off pauses deliveries; on again resumes them (default on).
    #[serde(default)]
    pub active: Option<bool>,
}

/// An endpoint just registered: the only time its signing secret is shown.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RegisteredWebhook {
    pub endpoint: WebhookEndpoint,
    /// `whsec_…` (Standard Webhooks): verify each delivery's `webhook-signature` with it.
    pub secret: String,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not yet received (waiting for its turn or its next try).
    Pending,
    Delivered,
    /// Every try failed (over more than a day).
    Failed,
}

crate::wire_enum!(DeliveryStatus {
    Pending => "pending",
    Delivered => "delivered",
    Failed => "failed",
});

/// One delivery of one event to one endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WebhookDelivery {
    pub id: i64,
    pub event: WebhookEvent,
    /// `webhook-id`: the same on every try.
    pub message_id: String,
    pub request_id: i64,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// The receiver's HTTP status at the last try.
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// The request an event is about: what it is and where it stands, never who asked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HookRequest {
    pub id: i64,
    pub number: String,
    /// The town's slug (Open311's `jurisdiction_id`).
    pub town: String,
    pub kind: crate::RequestKind,
    pub status: crate::Status,
    pub public: bool,
}

/// What a delivery's body says, by event (Standard Webhooks: `type`, `timestamp`, `data`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(tag = "type", content = "data")]
pub enum WebhookMessage {
    #[serde(rename = "request.created")]
    Created { request: HookRequest },
    #[serde(rename = "request.status_changed")]
    StatusChanged { request: HookRequest, previous_status: crate::Status },
    #[serde(rename = "request.followup_added")]
    FollowupAdded { request: HookRequest, followup_id: i64 },
    #[serde(rename = "request.closed")]
    Closed { request: HookRequest },
}

impl WebhookMessage {
    pub fn event(&self) -> WebhookEvent {
        match self {
            Self::Created { .. } => WebhookEvent::Created,
            Self::StatusChanged { .. } => WebhookEvent::StatusChanged,
            Self::FollowupAdded { .. } => WebhookEvent::FollowupAdded,
            Self::Closed { .. } => WebhookEvent::Closed,
        }
    }
}

/// A delivery's body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WebhookPayload {
    /// When the change was made.
    pub timestamp: DateTime<Utc>,
    #[serde(flatten)]
    pub message: WebhookMessage,
}
