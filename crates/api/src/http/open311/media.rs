//! GeoReport's filing with a photo (the usual extension): a `multipart/form-data` body of
//! the same fields and one `media` file. The photo is checked before the request is filed
//! (an image by its content, 10 MB at most, decodable) and stored after, as the requester's
//! (the public sees its copy without metadata where the request is public).

use actix_multipart::Multipart;
use actix_web::HttpRequest;
use actix_web::web::Payload;
use bytes::{Bytes, BytesMut};
use civis_domain::wire::AttachmentKind;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::http::attachments::{MAX_FILE, random_name, store_then_record};
use crate::media;
use crate::service::attachments::{self as svc, Stored, Uploader};
use crate::state::State;

/// Longest text field of a form.
const MAX_TEXT: usize = 64 * 1024;

/// A part whose headers the parser cannot read (RFC 7578: a field's name is a quoted string
/// without control characters; a generator may still write one).
fn bad(e: impl std::fmt::Display) -> ApiError {
    ApiError::BadRequest { code: "multipart_unreadable", detail: e.to_string() }
}

/// A photo that passed its checks, with its thumbnail and its copy without metadata.
pub struct Photo {
    filename: String,
    content_type: String,
    bytes: Bytes,
    thumb: Vec<u8>,
    public: Vec<u8>,
}

/// The form's text fields as pairs, and its `media` file (name and bytes) when given.
pub async fn read(
    req: &HttpRequest,
    payload: Payload,
) -> Result<(Vec<(String, String)>, Option<(String, Bytes)>), ApiError> {
    let mut body = Multipart::new(req.headers(), payload);
    let (mut pairs, mut file) = (Vec::new(), None);
    while let Some(field) = body.next().await {
        let mut field = field.map_err(bad)?;
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.content_disposition().and_then(|cd| cd.get_filename()).map(str::to_string);
        let limit = if name == "media" { MAX_FILE } else { MAX_TEXT };
        let mut bytes = BytesMut::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(bad)?;
            if bytes.len() + chunk.len() > limit {
                return Err(ApiError::PayloadTooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        // `media` is the file, named or not (a part without a file name gets the type of
        // none: refused once the key is checked); text is read leniently (U+FFFD).
        if name == "media" {
            if file.is_none() {
                let f = filename.unwrap_or_default();
                file = Some((f.rsplit(['/', '\\']).next().unwrap_or(&f).to_string(), bytes.freeze()));
            }
        } else {
            pairs.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    Ok((pairs, file))
}

/// Checks a photo: an image by its name and its content, that decodes.
pub async fn check(filename: String, bytes: Bytes) -> Result<Photo, ApiError> {
    let refused = |code: &str| ApiError::field("media", code);
    let (ftype, ext) = media::by_extension(&filename).ok_or_else(|| refused("file_type_not_allowed"))?;
    if !ftype.is_image() {
        return Err(refused("file_type_not_allowed"));
    }
    if !media::content_is(ftype, &bytes) {
        return Err(refused("file_content_mismatch"));
    }
    let original = bytes.clone();
    let (thumb, public) =
        media::decode_bounded(move || (media::thumbnail(&original), media::strip_metadata(ftype, &original))).await?;
    let (Some(thumb), Some(public)) = (thumb, public) else { return Err(refused("file_content_mismatch")) };
    Ok(Photo {
        filename: filename.chars().take(200).collect(),
        content_type: ftype.content_type(&ext).into(),
        bytes,
        thumb,
        public,
    })
}

/// Stores the photo on the filed request, as its requester's.
pub async fn store(state: &State, (town, id): (i64, i64), p: Photo) -> Result<(), ApiError> {
    let key = format!("t{town}/r{id}/{}", random_name());
    let thumbnail_key = format!("{key}.thumb.jpg");
    let stored = Stored {
        kind: AttachmentKind::Photo,
        filename: p.filename,
        content_type: p.content_type,
        size_bytes: i64::try_from(p.bytes.len()).unwrap_or(i64::MAX),
        sha256: Sha256::digest(&p.bytes).to_vec(),
        storage_key: key.clone(),
        thumbnail_key: Some(thumbnail_key.clone()),
        followup_id: None,
    };
    let objects =
        vec![(key.clone(), p.bytes), (format!("{key}.public"), p.public.into()), (thumbnail_key, p.thumb.into())];
    store_then_record(state, objects, move |conn| svc::record(conn, town, id, Uploader::Requester(None), &stored))
        .await
        .map(drop)
}
