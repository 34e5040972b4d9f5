//! GeoReport's `POST requests`: the spec's form encoding (`attribute[code]=…`,
//! `attribute[code][]=…` for a list), read field by field.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::Answer;
use super::format::{Failure, Format, answer, lang};
use crate::error::ApiError;
use crate::service::open311::{self as svc, Posted};
use crate::state::State;

/// The form's fields (`attribute[code]` and `attribute[code][]` besides, by the service's
/// definition). Empty ones count as absent.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct PostForm {
    /// The town's slug.
    #[schema(min_length = 1)]
    jurisdiction_id: String,
    /// The key the town issued to the app.
    #[schema(nullable = false)]
    api_key: Option<String>,
    service_code: String,
    /// With `long`, or give `address_string`.
    #[schema(nullable = false, minimum = -90.0, maximum = 90.0)]
    lat: Option<f64>,
    #[schema(nullable = false, minimum = -180.0, maximum = 180.0)]
    long: Option<f64>,
    #[schema(nullable = false, max_length = 300)]
    address_string: Option<String>,
    #[schema(nullable = false)]
    address_id: Option<String>,
    /// The citizen's, for the town's answers by email.
    #[schema(nullable = false)]
    email: Option<String>,
    #[schema(nullable = false)]
    device_id: Option<String>,
    #[schema(nullable = false)]
    account_id: Option<String>,
    #[schema(nullable = false, max_length = 100)]
    first_name: Option<String>,
    #[schema(nullable = false, max_length = 100)]
    last_name: Option<String>,
    #[schema(nullable = false, max_length = 30)]
    phone: Option<String>,
    #[schema(nullable = false, max_length = 4000)]
    description: Option<String>,
    /// A link to a photo (kept in the request's text; not fetched).
    #[schema(nullable = false)]
    media_url: Option<String>,
    /// `fr` or `en`.
    #[schema(nullable = false)]
    locale: Option<String>,
}

/// The form's pairs as a filing.
/// The same fields, and a photo (`media`: a JPEG or PNG, 10 MB at most).
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct PostMedia {
    #[serde(flatten)]
    #[schema(inline)]
    form: PostForm,
    #[schema(value_type = String, format = Binary)]
    media: Vec<u8>,
}

/// The form's pairs as a filing.
fn posted(pairs: Vec<(String, String)>) -> (Option<String>, Posted) {
    let mut p = Posted::default();
    let mut jurisdiction = None;
    for (k, v) in pairs {
        // A U+0000, which PostgreSQL text cannot hold, becomes U+FFFD (as in JSON bodies).
        let (k, v) = (k.replace('\0', "\u{FFFD}"), v.replace('\0', "\u{FFFD}"));
        let value = Some(v.clone()).filter(|v| !v.is_empty());
        match k.as_str() {
            "jurisdiction_id" => jurisdiction = value,
            "api_key" => p.api_key = value,
            "service_code" => p.service_code = value,
            "lat" => p.lat = value,
            "long" => p.long = value,
            "address_string" => p.address_string = value,
            "email" => p.email = value.map(|e| e.trim().to_string()),
            "first_name" => p.first_name = value,
            "last_name" => p.last_name = value,
            "phone" => p.phone = value,
            "description" => p.description = value,
            "media_url" => p.media_url = value,
            "locale" => p.lang = lang(value.as_deref()),
            _ => {
                if let Some(code) = k
                    .strip_prefix("attribute[")
                    .and_then(|r| r.strip_suffix("[]").or(Some(r)))
                    .and_then(|r| r.strip_suffix(']'))
                {
                    match p.attributes.iter_mut().find(|(c, _)| c == code) {
                        Some((_, values)) => values.push(v),
                        None => p.attributes.push((code.to_string(), vec![v])),
                    }
                }
            }
        }
    }
    (jurisdiction, p)
}

/// Files a request for a citizen with the town's key: its number at once (every service
/// is realtime), with a token `tokens/{token}` also answers. The app is recorded on the
/// request (channel `application`); the key's hourly limit applies.
#[utoipa::path(tag = "open311",
    params(("format" = String, Path, description = "`json` or `xml`", pattern = "^(json|xml)$")),
    request_body(content((PostForm = "application/x-www-form-urlencoded"), (PostMedia = "multipart/form-data"))),
    responses((status = 201, description = "Filed", content((Vec<civis_domain::wire::PostedRequest> = "application/json"), (Vec<civis_domain::wire::PostedRequest> = "text/xml"))),
              (status = 400, description = "A field or a rule refused", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml"))),
              (status = 403, description = "No key, or not a live key of this town", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml"))),
              (status = 404, description = "No such town, service or format", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml"))),
              (status = 429, description = "The key's hourly limit", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml")))))]
#[post("/open311/v2/requests.{format}")]
pub async fn post(
    state: State,
    req: HttpRequest,
    client: crate::http::client::ClientAddr,
    payload: web::Payload,
) -> Answer {
    let format = Format::of(super::segment(&req, "format"))?;
    let fail = Failure::new(format);
    let (pairs, file) = body(&req, payload).await.map_err(&fail)?;
    let (jurisdiction, p) = posted(pairs);
    let st = state.clone();
    let key = p.api_key.clone();
    // The key is checked before a photo is decoded.
    let town = state
        .db
        .run(move |conn| {
            let town = svc::town(conn, jurisdiction.as_deref())?.id;
            crate::service::api_keys::check(conn, town, key.as_deref()).map(|_| town)
        })
        .await
        .map_err(&fail)?;
    let photo = match file {
        Some((name, bytes)) => Some(super::media::check(name, bytes).await.map_err(&fail)?),
        None => None,
    };
    let (done, id) = state.db.run(move |conn| svc::post(conn, &st, (town, &client.0), &p)).await.map_err(&fail)?;
    if let Some(photo) = photo {
        // The request is filed: a photo that cannot be stored now does not undo it.
        if let Err(e) = super::media::store(&state, (town, id), photo).await {
            tracing::error!(error = %e, request = id, "an Open311 filing's photo could not be stored");
        }
    }
    answer(StatusCode::CREATED, format, "service_requests", &[done]).map_err(fail)
}

/// The form's pairs and its `media` file: the spec's form encoding, or a multipart body.
async fn body(
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<(Vec<(String, String)>, Option<(String, bytes::Bytes)>), ApiError> {
    let kind = req.headers().get(actix_web::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if kind.starts_with("multipart/form-data") {
        return super::media::read(req, payload).await;
    }
    if !kind.starts_with("application/x-www-form-urlencoded") {
        return Err(ApiError::BadRequest {
            code: "content_type",
            detail: "expected Content-Type: application/x-www-form-urlencoded or multipart/form-data".into(),
        });
    }
    let bytes = payload
        .to_bytes_limited(256 * 1024)
        .await
        .map_err(|_| ApiError::PayloadTooLarge)?
        .map_err(|e| ApiError::BadRequest { code: "malformed_form", detail: e.to_string() })?;
    let pairs = serde_urlencoded::from_bytes(&bytes)
        .map_err(|e| ApiError::BadRequest { code: "malformed_form", detail: e.to_string() })?;
    Ok((pairs, None))
}
