//! Photos and files of a request: who may add them, who may see them, and which copy.
//!
//! | reader | sees |
//! | --- | --- |
//! | staff of the town who work requests (not elected officials) | everything, originals |
//! | the citizen who filed it (signed in) | its photos (without metadata) and the staff files sent with an external follow-up |
//! | anyone, when the request is public | its photos (without metadata) |
//!
//! Staff of another town, and anyone else, get 404.

use civis_domain::wire::{Attachment, AttachmentKind, FollowupKind, UserKind};
use diesel::prelude::*;

use super::requests::reader_roles;
use crate::auth::Principal;
use crate::db::requests as db;
use crate::db::schema::{attachments, followups, requests};
use crate::error::ApiError;

/// Who adds an attachment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Uploader {
    /// Staff of the town: photos and files.
    Staff(i64),
    /// The requester (signed in, or a visitor with the request's upload token): photos only.
    Requester(Option<i64>),
}

/// Who reads, and so which copy they get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    Staff,
    Requester,
    Public,
}

/// May the caller add to this request?
pub fn uploader(
    conn: &mut PgConnection,
    who: Option<&Principal>,
    token_ok: bool,
    town: i64,
    id: i64,
) -> Result<Uploader, ApiError> {
    let row = db::find(conn, town, id)?.ok_or(ApiError::NotFound)?;
    match who {
        Some(p) if p.kind == UserKind::Staff => {
            let roles = reader_roles(p, town)?;
            if roles.is_read_only() {
                return Err(ApiError::Forbidden);
            }
            Ok(Uploader::Staff(p.id))
        }
        Some(p) if row.citizen_user_id == Some(p.id) => Ok(Uploader::Requester(Some(p.id))),
        _ if token_ok => Ok(Uploader::Requester(None)),
        _ => Err(ApiError::NotFound),
    }
}

/// Which copy the caller may read of this request's attachments.
pub fn reader(conn: &mut PgConnection, who: Option<&Principal>, town: i64, id: i64) -> Result<Reader, ApiError> {
    let row = db::find(conn, town, id)?.ok_or(ApiError::NotFound)?;
    if let Some(p) = who {
        if p.kind == UserKind::Staff && p.town_roles(town).is_ok() {
            let roles = reader_roles(p, town)?;
            if roles.is_read_only() {
                return Err(ApiError::Forbidden);
            }
            return Ok(Reader::Staff);
        }
        if row.citizen_user_id == Some(p.id) {
            return Ok(Reader::Requester);
        }
    }
    if row.is_public { Ok(Reader::Public) } else { Err(ApiError::NotFound) }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = attachments, check_for_backend(diesel::pg::Pg))]
pub struct Row {
    pub id: i64,
    pub kind: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
    pub thumbnail_key: Option<String>,
    pub sent_to_requester: bool,
    pub followup_id: Option<i64>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl Row {
    pub fn kind(&self) -> AttachmentKind {
        if self.kind == "photo" { AttachmentKind::Photo } else { AttachmentKind::File }
    }

    fn visible_to(&self, reader: Reader) -> bool {
        match reader {
            Reader::Staff => true,
            Reader::Requester => self.kind() == AttachmentKind::Photo || self.sent_to_requester,
            Reader::Public => self.kind() == AttachmentKind::Photo,
        }
    }

    /// The copy a reader gets: staff the original; outside the town, a photo without its
    /// metadata.
    pub fn key_for(&self, reader: Reader) -> String {
        if reader != Reader::Staff && self.kind() == AttachmentKind::Photo {
            format!("{}.public", self.storage_key)
        } else {
            self.storage_key.clone()
        }
    }

    pub fn view(&self) -> Attachment {
        Attachment {
            id: self.id,
            kind: self.kind(),
            filename: self.filename.clone(),
            content_type: self.content_type.clone(),
            size_bytes: self.size_bytes,
            sent_to_requester: self.sent_to_requester,
            followup_id: self.followup_id,
            has_thumbnail: self.thumbnail_key.is_some(),
            created_at: self.created_at,
        }
    }
}

/// The attachments a reader may see, oldest first.
pub fn list(conn: &mut PgConnection, reader: Reader, id: i64) -> Result<Vec<Attachment>, ApiError> {
    let rows: Vec<Row> = attachments::table
        .filter(attachments::request_id.eq(id))
        .order(attachments::id)
        .select(Row::as_select())
        .load(conn)?;
    Ok(rows.iter().filter(|r| r.visible_to(reader)).map(Row::view).collect())
}

/// One attachment the reader may see.
pub fn find(conn: &mut PgConnection, reader: Reader, id: i64, attachment: i64) -> Result<Row, ApiError> {
    attachments::table
        .filter(attachments::request_id.eq(id).and(attachments::id.eq(attachment)))
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .filter(|r| r.visible_to(reader))
        .ok_or(ApiError::NotFound)
}

/// What was stored, to record.
pub struct Stored {
    pub kind: AttachmentKind,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: Vec<u8>,
    pub storage_key: String,
    pub thumbnail_key: Option<String>,
    pub followup_id: Option<i64>,
}

/// Records a stored attachment and counts it on the request. A staff file attached to an
/// external follow-up is marked as sent to the requester.
pub fn record(conn: &mut PgConnection, town: i64, id: i64, by: Uploader, s: &Stored) -> Result<Attachment, ApiError> {
    conn.transaction(|conn| {
        let sent = match s.followup_id {
            None => false,
            Some(f) => {
                let kind: String = followups::table
                    .filter(followups::id.eq(f).and(followups::request_id.eq(id)))
                    .select(followups::kind)
                    .first(conn)
                    .optional()?
                    .ok_or_else(|| ApiError::field("followup_id", "invalid_reference"))?;
                kind == FollowupKind::External.as_str()
            }
        };
        let uploaded_by = match by {
            Uploader::Staff(u) => Some(u),
            Uploader::Requester(u) => u,
        };
        let row: Row = diesel::insert_into(attachments::table)
            .values((
                attachments::request_id.eq(id),
                attachments::municipality_id.eq(town),
                attachments::followup_id.eq(s.followup_id),
                attachments::kind.eq(if s.kind == AttachmentKind::Photo { "photo" } else { "file" }),
                attachments::filename.eq(&s.filename),
                attachments::content_type.eq(&s.content_type),
                attachments::size_bytes.eq(s.size_bytes),
                attachments::sha256.eq(&s.sha256),
                attachments::storage_key.eq(&s.storage_key),
                attachments::thumbnail_key.eq(&s.thumbnail_key),
                attachments::sent_to_requester.eq(sent),
                attachments::uploaded_by.eq(uploaded_by),
            ))
            .returning(Row::as_returning())
            .get_result(conn)?;
        let target = requests::table.find(id);
        if s.kind == AttachmentKind::Photo {
            diesel::update(target).set(requests::photo_count.eq(requests::photo_count + 1)).execute(conn)?;
        } else {
            diesel::update(target).set(requests::file_count.eq(requests::file_count + 1)).execute(conn)?;
        }
        Ok(row.view())
    })
}
