//! Open311 GeoReport v2: what the standard door answers, in the spec's own field names
//! (<https://wiki.open311.org/GeoReport_v2/>). The same values are written as JSON or XML;
//! nothing here names who asked.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// How a service is processed: every Civis service answers at once with its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ServiceType {
    Realtime,
}

/// A service a request can be filed under: a taxonomy node a citizen can file under.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename = "service")]
pub struct Service {
    /// The node's id.
    pub service_code: String,
    pub service_name: String,
    /// The path to the node (« Voirie › Nid-de-poule »).
    pub description: Option<String>,
    /// Whether the service has questions (read them with its definition).
    pub metadata: bool,
    #[serde(rename = "type")]
    pub kind: ServiceType,
    /// The names of the node's ancestors and of the other language, comma-separated.
    pub keywords: Option<String>,
    /// The node's category.
    pub group: Option<String>,
}

/// A service's questions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename = "service_definition")]
pub struct ServiceDefinition {
    pub service_code: String,
    pub attributes: Vec<Attribute>,
}

/// The GeoReport datatypes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Datatype {
    String,
    Number,
    Datetime,
    Text,
    Singlevaluelist,
    Multivaluelist,
}

/// One question of a service.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename = "attribute")]
pub struct Attribute {
    /// Always true: every question asks for an answer.
    pub variable: bool,
    /// The question's id: answer it as `attribute[code]`.
    pub code: String,
    pub datatype: Datatype,
    pub required: bool,
    pub datatype_description: Option<String>,
    /// 1 first.
    pub order: i32,
    /// The question as the citizen reads it.
    pub description: String,
    /// The choices (list datatypes).
    #[serde(default)]
    pub values: Vec<AttributeValue>,
}

/// A choice of a list question.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename = "value")]
pub struct AttributeValue {
    pub key: String,
    pub name: String,
}

/// Open or closed; the detail is in `status_notes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ServiceStatus {
    Open,
    Closed,
}

/// A public request, as GeoReport reads it: never who asked.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename = "request")]
pub struct ServiceRequest {
    /// The request's number (`2026-00042`).
    pub service_request_id: String,
    pub status: ServiceStatus,
    /// The detailed status in the town's words (« En traitement »).
    pub status_notes: Option<String>,
    pub service_name: Option<String>,
    pub service_code: String,
    /// The public text (contacts masked, or staff's public wording).
    pub description: Option<String>,
    /// The department that handles it.
    pub agency_responsible: Option<String>,
    pub service_notice: Option<String>,
    /// W3C date and time with the town's offset.
    pub requested_datetime: String,
    pub updated_datetime: Option<String>,
    /// The due date's end, when the request is open and has one.
    pub expected_datetime: Option<String>,
    pub address: Option<String>,
    pub address_id: Option<String>,
    pub zipcode: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    /// The first public photo.
    pub media_url: Option<String>,
    /// With `extensions=true` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_attributes: Option<ExtendedAttributes>,
}

/// The usual extension's extra fields (`extensions=true`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ExtendedAttributes {
    /// How it reached the town (`web`, `phone`, `application`…).
    pub channel: String,
    /// The detailed status (`in_progress`, `closed_refused`…).
    pub detailed_status: String,
    /// Every public photo.
    #[serde(default)]
    pub media_urls: Vec<String>,
    /// What the town told the public, oldest first.
    #[serde(default)]
    pub notes: Vec<Note>,
}

/// A message the town sent about the request (an external follow-up).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename = "note")]
pub struct Note {
    pub datetime: String,
    pub description: String,
}

/// What a filing answers: the number at once (every service is realtime), and a token
/// that `tokens/{token}` turns into it too.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename = "request")]
pub struct PostedRequest {
    pub service_request_id: String,
    pub token: String,
    /// What the town expects to do, and by when.
    pub service_notice: Option<String>,
    pub account_id: Option<String>,
}

/// A token and the request it stands for.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename = "request")]
pub struct TokenAnswer {
    pub service_request_id: String,
    pub token: String,
}

/// A status change (mySociety's `servicerequestupdates`, read by FixMyStreet-style clients).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename = "request_update")]
pub struct RequestUpdate {
    /// Unique per change.
    pub update_id: String,
    pub service_request_id: String,
    pub status: String,
    pub updated_datetime: String,
    pub description: String,
    pub media_url: Option<String>,
}

/// One error of an Open311 answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename = "error")]
pub struct Open311Error {
    /// The HTTP status (400, 403, 404…).
    pub code: u16,
    pub description: String,
}

/// Service discovery: where the town's GeoReport endpoint is and what it speaks.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename = "discovery")]
pub struct Discovery {
    /// When this description last changed (W3C).
    pub changeset: String,
    pub contact: String,
    /// How an integrator gets a key.
    pub key_service: String,
    pub endpoints: Vec<DiscoveryEndpoint>,
}

/// One endpoint of the discovery.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename = "endpoint")]
pub struct DiscoveryEndpoint {
    pub specification: String,
    pub url: String,
    pub changeset: String,
    /// `production`.
    #[serde(rename = "type")]
    pub kind: String,
    pub formats: Vec<String>,
}
