//! An article's documents: upload (those who write the article), download (staff; anyone
//! for a public article), and sending them to a citizen by email.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use civis_domain::wire::{ArticleDocument, DocumentsSent, SendDocuments};

use super::attachments::{random_name, read, refuse_large, send, store_then_record};
use super::extract::Authenticated;
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::media;
use crate::service::kb_documents::{self as svc, StoredDocument};
use crate::service::knowledge::reader;
use crate::state::State;

/// Adds a document to an article: multipart field `file`; PDF, Word, Excel or an image,
/// 10 MB at most, the type checked by the content.
#[utoipa::path(tag = "knowledge", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Article id")),
    request_body(content = super::attachments::DocumentForm, content_type = "multipart/form-data", description = "The file"),
    responses(
        (status = 201, description = "Stored", body = ArticleDocument),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller may not write this article", body = Problem),
        (status = 404, description = "No such article in a town of the caller", body = Problem),
        (status = 413, description = "Over 10 MB", body = Problem),
        (status = 422, description = "Type not accepted, content not matching it, or `documents_full` (10 documents or 15 MB an article: they go in one email)", body = Problem)))]
#[post("/towns/{town_id}/kb/articles/{id}/documents")]
pub async fn upload(
    state: State,
    req: HttpRequest,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
    body: Multipart,
) -> Result<HttpResponse, ApiError> {
    let (town, id) = path.into_inner();
    refuse_large(&req)?;
    let who = auth.0.clone();
    state.db.run(move |conn| svc::may_add(conn, &who, town, id)).await?;
    let got = read(body, &["file"]).await?;
    let (ftype, ext) =
        media::by_extension(&got.filename).ok_or_else(|| ApiError::field("file", "file_type_not_allowed"))?;
    if !media::content_is(ftype, &got.bytes) {
        return Err(ApiError::field("file", "file_content_mismatch"));
    }
    let key = format!("t{town}/kb{id}/{}", random_name());
    // An image's metadata (a phone's EXIF location, its maker notes) never goes out: the
    // document kept is the copy without it.
    let bytes = if ftype.is_image() {
        let original = got.bytes.freeze();
        media::decode_bounded(move || media::strip_metadata(ftype, &original))
            .await?
            .ok_or_else(|| ApiError::field("file", "file_content_mismatch"))?
            .into()
    } else {
        got.bytes.freeze()
    };
    let stored = StoredDocument {
        filename: got.filename.chars().take(200).collect(),
        content_type: ftype.content_type(&ext).into(),
        size_bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        storage_key: key.clone(),
    };
    let objects = vec![(key, bytes)];
    let doc = store_then_record(&state, objects, move |conn| svc::add(conn, &auth.0, town, id, &stored)).await?;
    Ok(HttpResponse::Created().json(doc))
}

/// Downloads a document of an article (staff of the town).
#[utoipa::path(tag = "knowledge", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Article id"),
           ("doc" = i64, Path, description = "Document id")),
    responses(
        (status = 200, description = "The bytes, in the type of the file", content(("image/jpeg"), ("image/png"), ("application/pdf"), ("application/msword"), ("application/vnd.ms-excel"), ("application/vnd.ms-outlook"), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller's roles do not read the knowledge base", body = Problem),
        (status = 404, description = "No such document in a town of the caller", body = Problem)))]
#[get("/towns/{town_id}/kb/articles/{id}/documents/{doc}")]
pub async fn download(
    state: State,
    path: web::Path<(i64, i64, i64)>,
    auth: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let (town, id, doc) = path.into_inner();
    reader(&auth.0, town)?;
    let d = state.db.run(move |conn| svc::find(conn, town, id, doc, true)).await?;
    send(&state, d.storage_key, d.content_type, Some(d.filename)).await
}

/// Downloads a document of a public article (anyone).
#[utoipa::path(tag = "public",
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Article id"),
           ("doc" = i64, Path, description = "Document id")),
    responses(
        (status = 200, description = "The bytes, in the type of the file", content(("image/jpeg"), ("image/png"), ("application/pdf"), ("application/msword"), ("application/vnd.ms-excel"), ("application/vnd.ms-outlook"), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 404, description = "No such document of a public article", body = Problem)))]
#[get("/towns/{town_id}/public/help/{id}/documents/{doc}")]
pub async fn public_download(state: State, path: web::Path<(i64, i64, i64)>) -> Result<HttpResponse, ApiError> {
    let (town, id, doc) = path.into_inner();
    let d = state.db.run(move |conn| svc::find(conn, town, id, doc, false)).await?;
    send(&state, d.storage_key, d.content_type, Some(d.filename)).await
}

/// Emails every document of the article to a citizen (queued in the outbox; the address is
/// kept nowhere else), logged on the contact when one is given.
#[utoipa::path(tag = "knowledge", security(("bearer" = [])), request_body = SendDocuments,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Article id")),
    responses(
        (status = 202, description = "Queued", body = DocumentsSent),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller's roles do not log contacts", body = Problem),
        (status = 404, description = "No such article in a town of the caller", body = Problem),
        (status = 422, description = "Invalid address, unknown contact, or no document to send", body = Problem),
        (status = 429, description = "This account sent 30 emails of documents in the hour, or this address got 5", body = Problem)))]
#[post("/towns/{town_id}/kb/articles/{id}/send")]
pub async fn send_documents(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
    body: Json<SendDocuments>,
) -> Result<HttpResponse, ApiError> {
    let ((town, id), body) = (path.into_inner(), valid(body)?);
    let st = state.clone();
    let sent = state.db.run(move |conn| svc::send(conn, &st.limits, &auth.0, town, id, &body)).await?;
    Ok(HttpResponse::Accepted().json(sent))
}
