//! GeoReport's two formats, chosen by the path's extension: the same values written as JSON
//! or as the spec's XML (UTF-8, `text/xml`), and its errors in either.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use civis_domain::Lang;
use civis_domain::wire::Open311Error;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde::Serialize;
use serde_json::Value;

use crate::error::ApiError;

/// The extension of a GeoReport path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// `json` or `xml`; anything else names no resource.
    pub fn of(ext: &str) -> Result<Self, Failure> {
        // A path matched for another extension (`services.yaml`) names no resource.
        match ext {
            "json" => Ok(Self::Json),
            "xml" => Ok(Self::Xml),
            _ => Err(Failure { format: Self::Json, error: ApiError::NotFound }),
        }
    }
}

/// The element name of a list's items, by the list's name (the spec's XML).
fn item_of(list: &str) -> &str {
    match list {
        "services" => "service",
        "attributes" => "attribute",
        "values" => "value",
        "service_requests" => "request",
        "service_request_updates" => "request_update",
        "errors" => "error",
        "endpoints" => "endpoint",
        "formats" => "format",
        "media_urls" => "media_url",
        "notes" => "note",
        _ => "item",
    }
}

type W = Writer<Vec<u8>>;

fn element(w: &mut W, name: &str, value: &Value) -> std::io::Result<()> {
    match value {
        Value::Null => w.write_event(Event::Empty(BytesStart::new(name)))?,
        Value::Object(map) => {
            w.write_event(Event::Start(BytesStart::new(name)))?;
            for (k, v) in map {
                element(w, k, v)?;
            }
            w.write_event(Event::End(BytesEnd::new(name)))?;
        }
        Value::Array(items) => {
            w.write_event(Event::Start(BytesStart::new(name)))?;
            for v in items {
                element(w, item_of(name), v)?;
            }
            w.write_event(Event::End(BytesEnd::new(name)))?;
        }
        Value::String(s) => text(w, name, s)?,
        other => text(w, name, &other.to_string())?,
    }
    Ok(())
}

fn text(w: &mut W, name: &str, s: &str) -> std::io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name)))?;
    w.write_event(Event::Text(BytesText::from_escaped(quick_xml::escape::partial_escape(s))))?;
    w.write_event(Event::End(BytesEnd::new(name)))
}

/// The value as the spec's XML document, its root named `root`.
pub fn xml(root: &str, value: &Value) -> Result<Vec<u8>, ApiError> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))
        .and_then(|()| element(&mut w, root, value))
        .map_err(|e| ApiError::caused("writing an Open311 XML answer", e))?;
    Ok(w.into_inner())
}

/// An answer in the asked format: `root` names the XML document (a list's items are named
/// by it, a single object is the root itself).
pub fn answer<T: Serialize>(
    status: StatusCode,
    format: Format,
    root: &str,
    body: &T,
) -> Result<HttpResponse, ApiError> {
    let value = serde_json::to_value(body).map_err(|e| ApiError::caused("an Open311 answer", e))?;
    Ok(match format {
        Format::Json => HttpResponse::build(status).json(value),
        Format::Xml => HttpResponse::build(status).content_type("text/xml; charset=utf-8").body(xml(root, &value)?),
    })
}

/// An error of a GeoReport route, answered in the route's format.
#[derive(Debug)]
pub struct Failure {
    pub format: Format,
    pub error: ApiError,
}

impl Failure {
    pub fn new(format: Format) -> impl Fn(ApiError) -> Self {
        move |error| Self { format, error }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

/// The spec's status for an error: 403 for a key, 404 for what does not exist, 400 for any
/// other refusal; a limit, an outage or a failure of the server keep theirs.
fn status(e: &ApiError) -> StatusCode {
    match e.status_code() {
        StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT | StatusCode::PAYLOAD_TOO_LARGE => {
            StatusCode::BAD_REQUEST
        }
        StatusCode::UNAUTHORIZED => StatusCode::FORBIDDEN,
        other => other,
    }
}

use actix_web::ResponseError;

impl ResponseError for Failure {
    fn status_code(&self) -> StatusCode {
        status(&self.error)
    }

    fn error_response(&self) -> HttpResponse {
        if self.error.status_code().is_server_error() {
            tracing::error!(error = ?self.error, "open311");
        }
        let problem = self.error.problem();
        let code = status(&self.error).as_u16();
        let errors: Vec<Open311Error> = if problem.errors.is_empty() {
            vec![Open311Error { code, description: problem.detail.clone() }]
        } else {
            problem
                .errors
                .iter()
                .map(|e| Open311Error { code, description: format!("{}: {}", open311_field(&e.field), e.message_en) })
                .collect()
        };
        // The rules broken, by code, for a program (the contract run reads them).
        let mut rules: Vec<&str> = problem.errors.iter().map(|e| e.code.as_str()).collect();
        if rules.is_empty() {
            rules.push(&problem.code);
        }
        let mut resp =
            answer(StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST), self.format, "errors", &errors)
                .unwrap_or_else(|_| HttpResponse::InternalServerError().finish());
        if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&rules.join(",")) {
            resp.headers_mut().insert(actix_web::http::header::HeaderName::from_static("civis-rule"), v);
        }
        if let ApiError::TooManyRequests { retry_after_secs } = &self.error {
            resp.headers_mut().insert(actix_web::http::header::RETRY_AFTER, (*retry_after_secs).into());
        }
        resp
    }
}

/// A field of the portal's filing under its GeoReport name.
fn open311_field(field: &str) -> String {
    match field {
        "node_id" => "service_code".into(),
        "latitude" => "lat".into(),
        "longitude" => "long".into(),
        "address" => "address_string".into(),
        "requester.email" => "email".into(),
        "requester.phone1" => "phone".into(),
        "requester.first_name" => "first_name".into(),
        "requester.last_name" => "last_name".into(),
        other => other.strip_prefix("answers.").map_or_else(|| other.to_string(), |code| format!("attribute[{code}]")),
    }
}

/// The reader's language from a `locale` parameter (`fr`, `en`, `en_CA`…); French by default.
pub fn lang(locale: Option<&str>) -> Lang {
    match locale.map(str::trim) {
        Some(l) if l.to_ascii_lowercase().starts_with("en") => Lang::En,
        _ => Lang::Fr,
    }
}
