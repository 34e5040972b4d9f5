//! The access journal (Loi 25): who read a person's contact, when, on which record. It
//! names staff and records, never the person read.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// What was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccessKind {
    /// A request's requester, with the request.
    RequestContact,
    /// The contact of a logged call (or of the callback it promised).
    CallContact,
    /// The request, in a person's file the director read.
    PersonFile,
}

crate::wire_enum!(AccessKind {
    RequestContact => "request_contact",
    CallContact => "call_contact",
    PersonFile => "person_file",
});

/// One read of a contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AccessEntry {
    pub at: DateTime<Utc>,
    /// The staff member who read it.
    pub user_id: i64,
    pub user_name: String,
    pub what: AccessKind,
    pub request_id: Option<i64>,
    /// The request's number, when the read was of a request.
    #[serde(default)]
    pub request_number: Option<String>,
    pub interaction_id: Option<i64>,
}
