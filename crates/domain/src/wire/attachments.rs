//! Photos and files of a request.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Photo (the requester's) or file (staff's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    Photo,
    File,
}

crate::wire_enum!(AttachmentKind { Photo => "photo", File => "file" });

/// An attachment as its reader may see it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Attachment {
    pub id: i64,
    pub kind: AttachmentKind,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// A staff file sent with an external follow-up ("sent to requester").
    pub sent_to_requester: bool,
    /// The follow-up it came with; outside the town's staff, only an external one.
    pub followup_id: Option<i64>,
    /// Who added it: staff, or the requester (their photos).
    #[serde(default)]
    pub uploader_kind: crate::wire::ActorKind,
    /// The staff member who added it (the town's staff only).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub uploader: Option<crate::privacy::Shown<String>>,
    /// A thumbnail can be fetched (photos).
    pub has_thumbnail: bool,
    pub created_at: DateTime<Utc>,
}
