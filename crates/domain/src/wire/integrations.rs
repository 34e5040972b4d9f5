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
