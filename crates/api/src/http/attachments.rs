//! Photos and files of a request: upload (multipart, 10 MB while streaming, type checked
//! by content), list, download and thumbnail, each with the request's visibility rules
//! (`service::attachments`).

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use bytes::BytesMut;
use civis_domain::wire::{Attachment, AttachmentKind};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use super::extract::MaybeAuthenticated;
use crate::error::{ApiError, Problem};
use crate::media;
use crate::service::attachments::{self as svc, Reader, Stored, Uploader};
use crate::state::State;

/// Largest file, in bytes (10 MB).
pub const MAX_FILE: usize = 10 * 1024 * 1024;
/// Room for the multipart framing and the small fields around the file.
pub(super) const FRAMING: u64 = 64 * 1024;

fn now() -> i64 {
    crate::clock::unix()
}

/// A body announced larger than a file and its framing is refused before it is read.
pub(super) fn refuse_large(req: &HttpRequest) -> Result<(), ApiError> {
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_FILE as u64 + FRAMING) { Err(ApiError::PayloadTooLarge) } else { Ok(()) }
}

/// A stored file's name: 128 random bits in hex.
pub(super) fn random_name() -> String {
    let mut rnd = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut rnd);
    rnd.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the multipart body held.
pub(super) struct Upload {
    pub(super) filename: String,
    pub(super) bytes: BytesMut,
    kind: Option<String>,
    followup_id: Option<i64>,
}

async fn small_text(field: &mut actix_multipart::Field) -> Result<String, ApiError> {
    let mut out = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|e| ApiError::BadRequest { code: "invalid_value", detail: e.to_string() })?;
        out.extend_from_slice(&chunk);
        if out.len() > 100 {
            return Err(ApiError::BadRequest { code: "invalid_value", detail: "field too long".into() });
        }
    }
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}

/// Reads the body, refusing a file as soon as it passes 10 MB (nothing more is read), and
/// any field but those `allowed` (400).
pub(super) async fn read(mut body: Multipart, allowed: &[&str]) -> Result<Upload, ApiError> {
    let mut got = Upload { filename: String::new(), bytes: BytesMut::new(), kind: None, followup_id: None };
    let mut seen_file = false;
    while let Some(field) = body.next().await {
        let mut field = field.map_err(|e| ApiError::BadRequest { code: "invalid_value", detail: e.to_string() })?;
        let name = field.name().unwrap_or("").to_string();
        if !allowed.contains(&name.as_str()) {
            return Err(ApiError::BadRequest { code: "invalid_value", detail: format!("unknown field {name:?}") });
        }
        match name.as_str() {
            "file" if !seen_file => {
                seen_file = true;
                got.filename = field
                    .content_disposition()
                    .and_then(|cd| cd.get_filename())
                    .map(|f| f.rsplit(['/', '\\']).next().unwrap_or(f).to_string())
                    .unwrap_or_default();
                while let Some(chunk) = field.next().await {
                    let chunk =
                        chunk.map_err(|e| ApiError::BadRequest { code: "invalid_value", detail: e.to_string() })?;
                    if got.bytes.len() + chunk.len() > MAX_FILE {
                        return Err(ApiError::PayloadTooLarge);
                    }
                    got.bytes.extend_from_slice(&chunk);
                }
            }
            "kind" => {
                let kind = small_text(&mut field).await?;
                if kind != "photo" && kind != "file" {
                    return Err(ApiError::BadRequest { code: "invalid_value", detail: "kind: photo or file".into() });
                }
                got.kind = Some(kind);
            }
            "followup_id" => {
                let v = small_text(&mut field).await?;
                got.followup_id = Some(v.parse().map_err(|_| ApiError::field("followup_id", "invalid_value"))?);
            }
            _ => while field.next().await.is_some() {},
        }
    }
    if !seen_file {
        return Err(ApiError::field("file", "required"));
    }
    if got.filename.is_empty() {
        return Err(ApiError::field("file", "file_name_missing"));
    }
    Ok(got)
}

/// The multipart form of a request's upload (for the document; `read` takes it apart).
#[derive(utoipa::ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct AttachmentForm {
    /// The file, with its name: the extension names its type (JPEG, PNG, PDF, Word, Excel,
    /// Outlook message) and the content must be of that type.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// Staff only: `photo` or `file` (the default).
    #[schema(required = false)]
    kind: AttachmentKind,
    /// Staff only: the follow-up it goes with.
    #[schema(required = false)]
    followup_id: i64,
}

/// The multipart form of an article's document.
#[derive(utoipa::ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct DocumentForm {
    /// The file, with its name: PDF, Word, Excel or an image, the content of the type its
    /// extension names.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Adds a photo or a file to a request. Multipart fields: `file` (required), `kind`
/// (`photo` or `file`; staff only, `file` by default for staff), `followup_id` (staff:
/// the follow-up it goes with; with an external one it is sent to the requester). Staff
/// of the town send photos and files; the requester (signed in, or a visitor with the
/// `X-Upload-Token` received when filing) sends photos only. 10 MB at most; the type is
/// checked by the content, not the name alone.
#[utoipa::path(tag = "requests", security((), ("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id"),
           ("X-Upload-Token" = Option<String>, Header, description = "A visitor's token from filing")),
    request_body(content = AttachmentForm, content_type = "multipart/form-data", description = "The file and its fields"),
    responses(
        (status = 201, description = "Stored", body = Attachment),
        (status = 404, description = "No such request for the caller", body = Problem),
        (status = 413, description = "Over 10 MB", body = Problem),
        (status = 422, description = "Type not accepted, or content not matching it", body = Problem)))]
#[post("/towns/{town_id}/requests/{id}/attachments")]
pub async fn upload(
    state: State,
    req: HttpRequest,
    path: web::Path<(i64, i64)>,
    who: MaybeAuthenticated,
    body: Multipart,
) -> Result<HttpResponse, ApiError> {
    let (town, id) = path.into_inner();
    refuse_large(&req)?;
    let token = req
        .headers()
        .get("x-upload-token")
        .and_then(|v| v.to_str().ok())
        .filter(|t| crate::reply::upload_token_ok(&state.settings.secret, t, id, now()))
        .map(str::to_string);
    let (principal, st) = (who.0.clone(), state.clone());
    let by = state
        .db
        .run(move |conn| svc::uploader(conn, &st.limits, principal.as_ref(), token.as_deref(), town, id))
        .await?;
    let got = read(body, &["file", "kind", "followup_id"]).await?;

    let (ftype, ext) =
        media::by_extension(&got.filename).ok_or_else(|| ApiError::field("file", "file_type_not_allowed"))?;
    let staff = matches!(by, Uploader::Staff(_));
    if !staff && !ftype.is_image() {
        return Err(ApiError::field("file", "file_type_not_allowed"));
    }
    if !media::content_is(ftype, &got.bytes) {
        return Err(ApiError::field("file", "file_content_mismatch"));
    }
    let kind = match (staff, got.kind.as_deref()) {
        (false, _) | (true, Some("photo")) => AttachmentKind::Photo,
        _ => AttachmentKind::File,
    };
    if kind == AttachmentKind::Photo && !ftype.is_image() {
        return Err(ApiError::field("kind", "file_type_not_allowed"));
    }
    let bytes = got.bytes.freeze();
    let original = bytes.clone();
    // Images: decoded once for the thumbnail (a file that does not decode is refused),
    // and a copy without metadata for readers outside the town.
    let (thumb, public) = if ftype.is_image() {
        media::decode_bounded(move || (media::thumbnail(&original), media::strip_metadata(ftype, &original))).await?
    } else {
        (None, None)
    };
    if ftype.is_image() && (thumb.is_none() || public.is_none()) {
        return Err(ApiError::field("file", "file_content_mismatch"));
    }
    let key = format!("t{town}/r{id}/{}", random_name());
    let thumbnail_key = thumb.as_ref().map(|_| format!("{key}.thumb.jpg"));
    let mut objects = vec![(key.clone(), bytes.clone())];
    objects.extend(public.map(|p| (format!("{key}.public"), p.into())));
    objects.extend(thumb.zip(thumbnail_key.clone()).map(|(t, k)| (k, t.into())));
    let stored = Stored {
        kind,
        filename: got.filename.chars().take(200).collect(),
        content_type: ftype.content_type(&ext).into(),
        size_bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        sha256: Sha256::digest(&bytes).to_vec(),
        storage_key: key,
        thumbnail_key,
        followup_id: got.followup_id.filter(|_| staff),
    };
    let view = store_then_record(&state, objects, move |conn| svc::record(conn, town, id, by, &stored)).await?;
    Ok(HttpResponse::Created().json(view))
}

/// Stores the objects, then writes the row; when the row cannot be written (or a store
/// fails half-way), the objects already stored are removed: no bytes without a row.
pub(super) async fn store_then_record<T: Send + 'static>(
    state: &State,
    objects: Vec<(String, bytes::Bytes)>,
    record: impl FnOnce(&mut diesel::PgConnection) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let mut stored = Vec::new();
    let mut result = Ok(());
    for (k, b) in objects {
        result = state.storage.put(&k, b).await;
        if result.is_err() {
            break;
        }
        stored.push(k);
    }
    let result = match result {
        Ok(()) => state.db.run(record).await,
        Err(e) => Err(e),
    };
    if result.is_err() {
        for k in &stored {
            if let Err(e) = state.storage.delete(k).await {
                tracing::error!(error = %e, "an upload's bytes could not be removed after its row failed");
            }
        }
    }
    result
}

/// The attachments of a request the caller may see (see the rules above).
#[utoipa::path(tag = "requests", security((), ("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses((status = 200, description = "Attachments", body = Vec<Attachment>),
              (status = 404, description = "No such request for the caller", body = Problem)))]
#[get("/towns/{town_id}/requests/{id}/attachments")]
pub async fn list(
    state: State,
    path: web::Path<(i64, i64)>,
    who: MaybeAuthenticated,
) -> Result<web::Json<Vec<Attachment>>, ApiError> {
    let (town, id) = path.into_inner();
    Ok(web::Json(
        state
            .db
            .run(move |conn| {
                let reader = svc::reader(conn, who.0.as_ref(), town, id)?;
                svc::list(conn, reader, id)
            })
            .await?,
    ))
}

pub(super) async fn send(
    state: &State,
    key: String,
    content_type: String,
    filename: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let bytes = state.storage.get(&key).await?;
    let mut resp = HttpResponse::Ok();
    resp.insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, max-age=300"));
    if let Some(f) = filename {
        let safe: String = f.chars().filter(|c| !c.is_control() && *c != '"').collect();
        resp.insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{safe}\"")));
    }
    Ok(resp.body(bytes))
}

/// Downloads an attachment: the original for staff of the town; outside it, a photo
/// without its metadata (EXIF location among it).
#[utoipa::path(tag = "requests", security((), ("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id"),
           ("attachment" = i64, Path, description = "Attachment id")),
    responses((status = 200, description = "The bytes, in the type of the file", content(("image/jpeg"), ("image/png"), ("application/pdf"), ("application/msword"), ("application/vnd.ms-excel"), ("application/vnd.ms-outlook"), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
              (status = 404, description = "No such attachment for the caller", body = Problem)))]
#[get("/towns/{town_id}/requests/{id}/attachments/{attachment}")]
pub async fn download(
    state: State,
    path: web::Path<(i64, i64, i64)>,
    who: MaybeAuthenticated,
) -> Result<HttpResponse, ApiError> {
    let (town, id, attachment) = path.into_inner();
    let (row, reader): (svc::Row, Reader) = state
        .db
        .run(move |conn| {
            let reader = svc::reader(conn, who.0.as_ref(), town, id)?;
            Ok((svc::find(conn, reader, id, attachment)?, reader))
        })
        .await?;
    send(
        &state,
        row.key_for(reader).ok_or(ApiError::NotFound)?,
        row.content_type.clone(),
        Some(row.filename_for(reader)),
    )
    .await
}

/// A photo's thumbnail (320 pixels, JPEG, no metadata), with the same rules.
#[utoipa::path(tag = "requests", security((), ("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id"),
           ("attachment" = i64, Path, description = "Attachment id")),
    responses((status = 200, description = "A JPEG", content_type = "image/jpeg"),
              (status = 404, description = "No such thumbnail for the caller", body = Problem)))]
#[get("/towns/{town_id}/requests/{id}/attachments/{attachment}/thumbnail")]
pub async fn thumbnail(
    state: State,
    path: web::Path<(i64, i64, i64)>,
    who: MaybeAuthenticated,
) -> Result<HttpResponse, ApiError> {
    let (town, id, attachment) = path.into_inner();
    let row = state
        .db
        .run(move |conn| {
            let reader = svc::reader(conn, who.0.as_ref(), town, id)?;
            svc::find(conn, reader, id, attachment)
        })
        .await?;
    let key = row.thumbnail_key.clone().ok_or(ApiError::NotFound)?;
    send(&state, key, "image/jpeg".into(), None).await
}
