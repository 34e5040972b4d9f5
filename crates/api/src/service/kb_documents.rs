//! An article's documents (forms, leaflets): added by those who write the article, read by
//! staff (and by anyone for a public article), and sent to a citizen by email in one action
//! through the outbox, logged on the contact.

use civis_domain::wire::{ArticleDocument, DocumentsSent, SendDocuments};
use diesel::prelude::*;

use super::knowledge::{self, may_edit, reader};
use crate::auth::Principal;
use crate::db::knowledge::{self as db, DocumentRow};
use crate::error::ApiError;
use crate::limits::{DOCUMENTS_ACCOUNT, DOCUMENTS_EMAIL};
use crate::outbox::first_contact::{DocumentsMail, MailDocument};
use crate::service::notify::{Kind, Subject, enqueue};

/// Documents one article holds: all go in one email.
pub const MAX_DOCUMENTS: usize = 10;
/// Their total size: an email of them (about a third more, encoded) stays under the 25 MB
/// most mail servers accept.
pub const MAX_TOTAL_BYTES: i64 = 15 * 1024 * 1024;

/// A stored file, ready to record.
pub struct StoredDocument {
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
}

/// Whether the caller may add documents to this article (checked before the upload is read).
pub fn may_add(conn: &mut PgConnection, p: &Principal, town: i64, article: i64) -> Result<(), ApiError> {
    let roles = reader(p, town)?;
    let row = db::find(conn, town, article)?.ok_or(ApiError::NotFound)?;
    if !may_edit(p, town, &roles, row.department_id) {
        return Err(ApiError::Forbidden);
    }
    room_for(conn, town, article, 0)
}

/// 422 `documents_full` when the article cannot take a document of `size` bytes more.
fn room_for(conn: &mut PgConnection, town: i64, article: i64, size: i64) -> Result<(), ApiError> {
    let docs = db::documents(conn, town, article)?;
    let total: i64 = docs.iter().map(|d| d.size_bytes).sum();
    if docs.len() >= MAX_DOCUMENTS || total.saturating_add(size) > MAX_TOTAL_BYTES {
        return Err(ApiError::field("file", "documents_full"));
    }
    Ok(())
}

pub fn add(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    article: i64,
    s: &StoredDocument,
) -> Result<ArticleDocument, ApiError> {
    conn.transaction(|conn| {
        // Locked: two uploads at once cannot both take the last room.
        db::find_for_update(conn, town, article)?.ok_or(ApiError::NotFound)?;
        may_add(conn, p, town, article)?;
        room_for(conn, town, article, s.size_bytes)?;
        let d = db::insert_document(conn, town, article, (&s.filename, &s.content_type, s.size_bytes, &s.storage_key))?;
        Ok(ArticleDocument { id: d.id, filename: d.filename, content_type: d.content_type, size_bytes: d.size_bytes })
    })
}

/// One document of an article the reader may read (`internal`: staff).
pub fn find(
    conn: &mut PgConnection,
    town: i64,
    article: i64,
    doc: i64,
    internal: bool,
) -> Result<DocumentRow, ApiError> {
    knowledge::get(conn, town, article, internal)?;
    db::documents(conn, town, article)?.into_iter().find(|d| d.id == doc).ok_or(ApiError::NotFound)
}

/// Queues an email to a citizen with every document of the article attached.
pub fn send(
    conn: &mut PgConnection,
    limits: &crate::limits::Limiter,
    p: &Principal,
    town: i64,
    article: i64,
    input: &SendDocuments,
) -> Result<DocumentsSent, ApiError> {
    let roles = reader(p, town)?;
    if !roles.can_log_interactions() {
        return Err(ApiError::Forbidden);
    }
    conn.transaction(|conn| {
        // Counted only when sent (a refusal rolls its own count back).
        limits.hit(conn, &DOCUMENTS_ACCOUNT, &p.id.to_string())?;
        limits.hit(conn, &DOCUMENTS_EMAIL, &input.email)?;
        let a = knowledge::get(conn, town, article, true)?;
        let docs = db::documents(conn, town, article)?;
        if docs.is_empty() {
            return Err(ApiError::Rule("no_documents"));
        }
        let send =
            db::insert_send(conn, town, article, input.interaction_id, p.id).map_err(|e| match ApiError::from(e) {
                ApiError::Rule("invalid_reference") => ApiError::field("interaction_id", "invalid_reference"),
                other => other,
            })?;
        let t = crate::db::towns::find(conn, town)?.ok_or(ApiError::NotFound)?;
        let en = input.language == civis_domain::Lang::En && !a.content.title_en.is_empty();
        let mail = DocumentsMail {
            town_name: t.name,
            sender_name: t.sender_name,
            sender_email: t.sender_email,
            title: if en { a.content.title_en } else { a.content.title_fr },
            note: input.note.trim().to_string(),
            documents: docs
                .iter()
                .map(|d| MailDocument {
                    filename: d.filename.clone(),
                    content_type: d.content_type.clone(),
                    storage_key: d.storage_key.clone(),
                })
                .collect(),
        };
        let payload = serde_json::to_value(&mail).map_err(|e| ApiError::caused("documents payload", e))?;
        let about = Subject { town, request: None };
        enqueue(
            conn,
            about,
            Kind::ArticleDocuments,
            &input.email,
            input.language.as_str(),
            &payload,
            format!("{send}"),
        )?;
        Ok(DocumentsSent { documents: i64::try_from(docs.len()).unwrap_or(i64::MAX) })
    })
}
