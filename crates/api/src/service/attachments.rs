//! Photos and files of a request: who may add them, who may see them, and which copy.
//!
//! | reader | sees |
//! | --- | --- |
//! | staff of the town who work requests (not elected officials) | everything, originals — but a complainant's photos and files are the director's alone |
//! | the citizen who filed it | their own photos (without metadata) and the staff files sent with an external follow-up |
//! | anyone, when the request is public | the requester's photos and the staff photos sent with an external follow-up (without metadata, under a neutral name) |
//!
//! A staff photo on an internal follow-up, or on none, stays with the staff. Outside the
//! staff no item names an internal follow-up. Staff of another town, and anyone else, get 404.

use civis_domain::privacy::Held;
use civis_domain::wire::{ActorKind, Attachment, AttachmentKind, FollowupKind, RequesterMode, UserKind};
use civis_domain::{Disclosure, Reader as Who, RequestKind, disclosure};
use diesel::prelude::*;

use super::requests::{disclosed, full_name, readable};
use crate::auth::Principal;
use crate::db::attachments as db_a;
pub use crate::db::attachments::{AttachmentRow as Row, Stored};
use crate::db::requests as db;
use crate::error::ApiError;

/// Who adds an attachment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Uploader {
    /// Staff of the town: photos and files.
    Staff(i64),
    /// The requester (signed in, or a visitor with the request's upload token): photos only.
    Requester(Option<i64>),
}

/// Where the reader stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Staff,
    Requester,
    Public,
}

/// Who reads, and what they may know of the request.
#[derive(Clone, Copy, Debug)]
pub struct Reader {
    pub standing: Standing,
    seen: Disclosure,
}

/// May the caller add to this request? Staff who work requests, an operator agent only
/// until the transfer; the requester photos only.
/// Files a requester may add to one request.
pub const REQUESTER_FILES: i64 = 10;

/// Who adds a file, and whether they may: staff who work the request, its citizen, or a
/// visitor holding the upload token it got at filing (`token`, already checked). A
/// requester adds at most `REQUESTER_FILES` to a request, and a token serves a few files.
pub fn uploader(
    conn: &mut PgConnection,
    limits: &crate::limits::Limiter,
    who: Option<&Principal>,
    token: Option<&str>,
    town: i64,
    id: i64,
) -> Result<Uploader, ApiError> {
    match who {
        Some(p) if p.kind == UserKind::Staff => {
            let (roles, row, _) = readable(conn, p, town, id)?;
            if !roles.can_work_requests() || !roles.may_work_at(row.status) {
                return Err(ApiError::Forbidden);
            }
            Ok(Uploader::Staff(p.id))
        }
        _ => {
            let row = db::find(conn, town, id)?.ok_or(ApiError::NotFound)?;
            let by = match (who, token) {
                (Some(p), _) if row.citizen_user_id == Some(p.id) => Uploader::Requester(Some(p.id)),
                (_, Some(t)) => {
                    limits.hit(conn, &crate::limits::UPLOAD_TOKEN, t)?;
                    Uploader::Requester(None)
                }
                _ => return Err(ApiError::NotFound),
            };
            if crate::db::requests::requester_files(conn, id)? >= REQUESTER_FILES {
                return Err(ApiError::Rule("attachments_full"));
            }
            Ok(by)
        }
    }
}

/// How the caller reads this request's attachments.
pub fn reader(conn: &mut PgConnection, who: Option<&Principal>, town: i64, id: i64) -> Result<Reader, ApiError> {
    if let Some(p) = who.filter(|p| p.kind == UserKind::Staff && p.town_roles(town).is_ok()) {
        let (roles, row, _) = readable(conn, p, town, id)?;
        if !roles.can_read_attachments() {
            return Err(ApiError::Forbidden);
        }
        return Ok(Reader { standing: Standing::Staff, seen: disclosed(&roles, &row) });
    }
    let row = db::find(conn, town, id)?.ok_or(ApiError::NotFound)?;
    let (kind, mode) = (row.kind, row.requester_mode);
    if who.is_some_and(|p| row.citizen_user_id == Some(p.id)) {
        return Ok(Reader { standing: Standing::Requester, seen: disclosure(Who::Requester, kind, mode) });
    }
    let seen = disclosure(Who::Public, kind, mode);
    if row.is_public && seen.request {
        Ok(Reader { standing: Standing::Public, seen })
    } else {
        Err(ApiError::NotFound)
    }
}

impl Row {
    pub fn kind(&self) -> AttachmentKind {
        self.kind
    }

    fn visible_to(&self, reader: Reader) -> bool {
        let photo = self.kind() == AttachmentKind::Photo;
        match reader.standing {
            Standing::Staff => !self.by_requester || reader.seen.requester_material,
            Standing::Requester => self.by_requester || self.sent_to_requester,
            Standing::Public => {
                (self.by_requester && reader.seen.requester_material) || (self.sent_to_requester && photo)
            }
        }
    }

    /// The copy a reader gets: staff the original; outside the town, a photo without its
    /// metadata. Once anonymization removed the original, everyone gets a photo's public
    /// copy and a document is gone (`None`).
    pub fn key_for(&self, reader: Reader) -> Option<String> {
        let photo = self.kind() == AttachmentKind::Photo;
        if photo && (reader.standing != Standing::Staff || self.original_removed_at.is_some()) {
            Some(format!("{}.public", self.storage_key))
        } else if self.original_removed_at.is_some() {
            None
        } else {
            Some(self.storage_key.clone())
        }
    }

    /// The name a reader sees: the public gets a neutral one (a requester's file name
    /// may carry their name).
    pub fn filename_for(&self, reader: Reader) -> String {
        if reader.standing != Standing::Public {
            return self.filename.clone();
        }
        let ext = self.filename.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default();
        let stem = if self.kind() == AttachmentKind::Photo { "photo" } else { "fichier" };
        if ext.is_empty() { format!("{stem}-{}", self.id) } else { format!("{stem}-{}.{ext}", self.id) }
    }

    pub fn view(&self, reader: Reader, first: Option<String>, last: Option<String>) -> Attachment {
        let staff = reader.standing == Standing::Staff;
        let who = if self.by_requester { ActorKind::Requester } else { ActorKind::Staff };
        let uploader = match (first, last) {
            (Some(a), Some(b)) if staff => reader.seen.name_of(who, Held::new(full_name(&a, &b))),
            _ => None,
        };
        Attachment {
            id: self.id,
            kind: self.kind(),
            filename: self.filename_for(reader),
            content_type: self.content_type.clone(),
            size_bytes: self.size_bytes,
            sent_to_requester: self.sent_to_requester,
            followup_id: self.followup_id.filter(|_| staff || self.sent_to_requester),
            uploader_kind: who,
            uploader,
            has_thumbnail: self.thumbnail_key.is_some(),
            created_at: self.created_at,
        }
    }
}

/// Whether the public sees a photo of a public request (the table above; Open311's
/// `media_url` reads it for many requests at once).
pub fn public_photo(seen: Disclosure, by_requester: bool, sent_to_requester: bool) -> bool {
    (by_requester && seen.requester_material) || sent_to_requester
}

/// The attachments a reader may see, oldest first.
pub fn list(conn: &mut PgConnection, reader: Reader, id: i64) -> Result<Vec<Attachment>, ApiError> {
    Ok(db_a::of_request(conn, id, None)?
        .into_iter()
        .filter(|(r, _, _)| r.visible_to(reader))
        .map(|(r, first, last)| r.view(reader, first, last))
        .collect())
}

/// One attachment the reader may see.
pub fn find(conn: &mut PgConnection, reader: Reader, id: i64, attachment: i64) -> Result<Row, ApiError> {
    db_a::of_request(conn, id, Some(attachment))?
        .into_iter()
        .map(|(r, _, _)| r)
        .find(|r| r.visible_to(reader))
        .ok_or(ApiError::NotFound)
}

/// Records a stored attachment and counts it on the request. A staff file attached to an
/// external follow-up is marked as sent to the requester.
pub fn record(conn: &mut PgConnection, town: i64, id: i64, by: Uploader, s: &Stored) -> Result<Attachment, ApiError> {
    conn.transaction(|conn| {
        let sent = match s.followup_id {
            None => false,
            Some(f) => {
                let kind = db_a::followup_kind(conn, id, f)?
                    .ok_or_else(|| ApiError::field("followup_id", "invalid_reference"))?;
                kind == FollowupKind::External
            }
        };
        let (uploaded_by, by_requester) = match by {
            Uploader::Staff(u) => (Some(u), false),
            Uploader::Requester(u) => (u, true),
        };
        let row = db_a::insert(conn, town, id, s, (uploaded_by, by_requester, sent))?;
        // The uploader gets back what they sent, without names.
        let standing = if by_requester { Standing::Requester } else { Standing::Staff };
        let seen = disclosure(Who::Requester, RequestKind::Request, RequesterMode::Identified);
        Ok(row.view(Reader { standing, seen }, None, None))
    })
}
