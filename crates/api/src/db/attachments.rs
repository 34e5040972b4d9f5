//! A request's photos and files as stored (who may see which is `service::attachments`).

use civis_domain::wire::{AttachmentKind, FollowupKind};
use diesel::prelude::*;

use super::schema::{attachments, followups, requests, users};

#[derive(Queryable, Selectable)]
#[diesel(table_name = attachments, check_for_backend(diesel::pg::Pg))]
pub struct AttachmentRow {
    pub id: i64,
    pub kind: AttachmentKind,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
    pub thumbnail_key: Option<String>,
    pub sent_to_requester: bool,
    pub by_requester: bool,
    pub followup_id: Option<i64>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub original_removed_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A row with its staff uploader's name.
pub type Named = (AttachmentRow, Option<String>, Option<String>);

/// A request's attachments (or one of them), oldest first, each with its staff uploader's name.
pub fn of_request(conn: &mut PgConnection, id: i64, attachment: Option<i64>) -> QueryResult<Vec<Named>> {
    let mut q = attachments::table
        .left_join(users::table.on(users::id.nullable().eq(attachments::uploaded_by)))
        .filter(attachments::request_id.eq(id))
        .select((AttachmentRow::as_select(), users::first_name.nullable(), users::last_name.nullable()))
        .order(attachments::id)
        .into_boxed();
    if let Some(a) = attachment {
        q = q.filter(attachments::id.eq(a));
    }
    q.load(conn)
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

/// The kind of one of the request's follow-ups (a file sent with it).
pub fn followup_kind(conn: &mut PgConnection, request: i64, followup: i64) -> QueryResult<Option<FollowupKind>> {
    followups::table
        .filter(followups::id.eq(followup).and(followups::request_id.eq(request)))
        .select(followups::kind)
        .first(conn)
        .optional()
}

/// Records a stored file and counts it on the request. `by`: the staff uploader or the
/// signed-in requester, whether the requester uploaded it, whether it goes to them.
pub fn insert(
    conn: &mut PgConnection,
    town: i64,
    request: i64,
    s: &Stored,
    by: (Option<i64>, bool, bool),
) -> QueryResult<AttachmentRow> {
    let (uploaded_by, by_requester, sent) = by;
    let row = diesel::insert_into(attachments::table)
        .values((
            attachments::request_id.eq(request),
            attachments::municipality_id.eq(town),
            attachments::followup_id.eq(s.followup_id),
            attachments::kind.eq(s.kind),
            attachments::filename.eq(&s.filename),
            attachments::content_type.eq(&s.content_type),
            attachments::size_bytes.eq(s.size_bytes),
            attachments::sha256.eq(&s.sha256),
            attachments::storage_key.eq(&s.storage_key),
            attachments::thumbnail_key.eq(&s.thumbnail_key),
            attachments::sent_to_requester.eq(sent),
            attachments::uploaded_by.eq(uploaded_by),
            attachments::by_requester.eq(by_requester),
        ))
        .returning(AttachmentRow::as_returning())
        .get_result(conn)?;
    let target = requests::table.find(request);
    if s.kind == AttachmentKind::Photo {
        diesel::update(target).set(requests::photo_count.eq(requests::photo_count + 1)).execute(conn)?;
    } else {
        diesel::update(target).set(requests::file_count.eq(requests::file_count + 1)).execute(conn)?;
    }
    Ok(row)
}
