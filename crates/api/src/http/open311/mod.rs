//! Open311 GeoReport v2 (`/open311/v2`) and its service discovery: every method in JSON and
//! in XML by the path's extension, errors in the spec's form. docs/INTEGRATIONS.md.

mod format;
mod media;
mod params;
mod post;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get};
use civis_domain::wire::{Discovery, DiscoveryEndpoint};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use self::format::{Failure, Format, answer, lang};
use self::params::{OneQuery, RequestsQuery, UpdatesQuery, moment, parsed};
use crate::service::open311 as svc;
use crate::state::State;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(discovery)
        .service(services)
        .service(definition)
        .service(requests)
        .service(post::post)
        .service(one)
        .service(token)
        .service(updates);
}

/// The date GeoReport's description here last changed.
const CHANGESET: &str = "2026-12-07T00:00:00Z";

type Answer = Result<HttpResponse, Failure>;

/// A path segment the route matched (`format`, `code`, `id`, `token`).
fn segment<'a>(req: &'a HttpRequest, name: &str) -> &'a str {
    req.match_info().get(name).unwrap_or_default()
}

/// The query string read into its parameters; answered in the route's format when it
/// cannot be (not `web::Query`, whose refusal is the REST API's problem body).
fn query<T: DeserializeOwned>(req: &HttpRequest) -> Result<T, crate::error::ApiError> {
    serde_urlencoded::from_str(req.query_string())
        .map_err(|e| crate::error::ApiError::BadRequest { code: "malformed_query", detail: e.to_string() })
}

/// Both reads of one query string, or the first refusal.
trait PipeOk<A, B> {
    fn pipe_ok(self) -> Result<(A, B), crate::error::ApiError>;
}

impl<A, B> PipeOk<A, B> for (Result<A, crate::error::ApiError>, Result<B, crate::error::ApiError>) {
    fn pipe_ok(self) -> Result<(A, B), crate::error::ApiError> {
        Ok((self.0?, self.1?))
    }
}

/// Where the town's GeoReport endpoint is and what it speaks.
#[utoipa::path(tag = "open311",
    params(("format" = String, Path, description = "`json` or `xml`", pattern = "^(json|xml)$")),
    responses((status = 200, description = "The discovery", content((Discovery = "application/json"), (Discovery = "text/xml"))),
              (status = 404, description = "Another format", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml")))))]
#[get("/open311/discovery.{format}")]
pub async fn discovery(state: State, req: HttpRequest) -> Answer {
    let format = Format::of(segment(&req, "format"))?;
    let base = state.settings.public_url.trim_end_matches('/');
    let body = Discovery {
        changeset: CHANGESET.into(),
        contact: format!("{base}/ — the town's service desk; integrators: {base}/api/docs"),
        key_service: "A town administrator issues a key to each app (Administration › Intégrations); it is shown once."
            .into(),
        endpoints: vec![DiscoveryEndpoint {
            specification: "http://wiki.open311.org/GeoReport_v2".into(),
            url: format!("{base}/open311/v2"),
            changeset: CHANGESET.into(),
            kind: "production".into(),
            formats: vec!["text/xml".into(), "application/json".into()],
        }],
    };
    answer(StatusCode::OK, format, "discovery", &body).map_err(Failure::new(format))
}

/// Parameters every GeoReport method takes.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Town {
    /// The town's slug (`demo`).
    #[param(required = true, min_length = 1)]
    jurisdiction_id: Option<String>,
    /// `fr` (default) or `en`: names and statuses in that language.
    #[param(pattern = "^(fr|en|fr_CA|en_CA)?$")]
    locale: Option<String>,
}

fn town(conn: &mut diesel::PgConnection, jurisdiction: &Option<String>) -> Result<i64, crate::error::ApiError> {
    Ok(svc::town(conn, jurisdiction.as_deref())?.id)
}

/// The services a request can be filed under: the nodes an app can file under.
#[utoipa::path(tag = "open311",
    params(("format" = String, Path, description = "`json` or `xml`", pattern = "^(json|xml)$"), Town),
    responses((status = 200, description = "The services", content((Vec<civis_domain::wire::Service> = "application/json"), (Vec<civis_domain::wire::Service> = "text/xml"))),
              (status = 400, description = "No jurisdiction", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml"))),
              (status = 404, description = "No such town or format", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml")))))]
#[get("/open311/v2/services.{format}")]
pub async fn services(state: State, req: HttpRequest) -> Answer {
    let format = Format::of(segment(&req, "format"))?;
    let q: Town = query(&req).map_err(Failure::new(format))?;
    let lang = lang(q.locale.as_deref());
    let list = state
        .db
        .run(move |conn| {
            let town = town(conn, &q.jurisdiction_id)?;
            svc::services(conn, town, lang)
        })
        .await;
    answer(StatusCode::OK, format, "services", &list.map_err(Failure::new(format))?).map_err(Failure::new(format))
}

/// A service's questions (its attributes).
#[utoipa::path(tag = "open311",
    params(("code" = String, Path, description = "The service's code"),
           ("format" = String, Path, description = "`json` or `xml`", pattern = "^(json|xml)$"), Town),
    responses((status = 200, description = "The definition", content((civis_domain::wire::ServiceDefinition = "application/json"), (civis_domain::wire::ServiceDefinition = "text/xml"))),
              (status = 400, description = "No jurisdiction", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml"))),
              (status = 404, description = "No such town, service or format", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml")))))]
#[get("/open311/v2/services/{code}.{format}")]
pub async fn definition(state: State, req: HttpRequest) -> Answer {
    let (code, format) = (segment(&req, "code").to_string(), Format::of(segment(&req, "format"))?);
    let q: Town = query(&req).map_err(Failure::new(format))?;
    let lang = lang(q.locale.as_deref());
    let def = state
        .db
        .run(move |conn| {
            let town = town(conn, &q.jurisdiction_id)?;
            svc::definition(conn, town, &code, lang)
        })
        .await;
    answer(StatusCode::OK, format, "service_definition", &def.map_err(Failure::new(format))?)
        .map_err(Failure::new(format))
}

/// The town's public requests (never who asked), newest first.
#[utoipa::path(tag = "open311",
    params(("format" = String, Path, description = "`json` or `xml`", pattern = "^(json|xml)$"), Town, RequestsQuery),
    responses((status = 200, description = "Requests", content((Vec<civis_domain::wire::ServiceRequest> = "application/json"), (Vec<civis_domain::wire::ServiceRequest> = "text/xml"))),
              (status = 400, description = "A value or a range refused", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml"))),
              (status = 404, description = "No such town or format", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml")))))]
#[get("/open311/v2/requests.{format}")]
pub async fn requests(state: State, req: HttpRequest) -> Answer {
    let format = Format::of(segment(&req, "format"))?;
    let (t, q): (Town, RequestsQuery) = (query(&req), query(&req)).pipe_ok().map_err(Failure::new(format))?;
    let query = parsed(&q, t.locale.as_deref()).map_err(Failure::new(format))?;
    let base = state.settings.public_url.trim_end_matches('/').to_string();
    let list = state
        .db
        .run(move |conn| {
            let town = town(conn, &t.jurisdiction_id)?;
            svc::requests(conn, &base, town, &query)
        })
        .await;
    answer(StatusCode::OK, format, "service_requests", &list.map_err(Failure::new(format))?)
        .map_err(Failure::new(format))
}

/// One public request by its number (a list of one, as the spec says).
#[utoipa::path(tag = "open311",
    params(("id" = String, Path, description = "The request's number"),
           ("format" = String, Path, description = "`json` or `xml`", pattern = "^(json|xml)$"), Town, OneQuery),
    responses((status = 200, description = "The request", content((Vec<civis_domain::wire::ServiceRequest> = "application/json"), (Vec<civis_domain::wire::ServiceRequest> = "text/xml"))),
              (status = 400, description = "A value refused", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml"))),
              (status = 404, description = "No such town, public request or format", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml")))))]
#[get("/open311/v2/requests/{id}.{format}")]
pub async fn one(state: State, req: HttpRequest) -> Answer {
    let (number, format) = (segment(&req, "id").to_string(), Format::of(segment(&req, "format"))?);
    let (t, q): (Town, OneQuery) = (query(&req), query(&req)).pipe_ok().map_err(Failure::new(format))?;
    let query = parsed(
        &RequestsQuery {
            service_request_id: None,
            service_code: None,
            start_date: None,
            end_date: None,
            status: None,
            updated_after: None,
            updated_before: None,
            page: None,
            page_size: None,
            extensions: q.extensions,
        },
        t.locale.as_deref(),
    )
    .map_err(Failure::new(format))?;
    let base = state.settings.public_url.trim_end_matches('/').to_string();
    let found = state
        .db
        .run(move |conn| {
            let town = town(conn, &t.jurisdiction_id)?;
            svc::one(conn, &base, town, &number, &query)
        })
        .await;
    answer(StatusCode::OK, format, "service_requests", &[found.map_err(Failure::new(format))?])
        .map_err(Failure::new(format))
}

/// The request a filing's token stands for.
#[utoipa::path(tag = "open311",
    params(("token" = String, Path, description = "The token a filing answered"),
           ("format" = String, Path, description = "`json` or `xml`", pattern = "^(json|xml)$"), Town),
    responses((status = 200, description = "The request's number", content((Vec<civis_domain::wire::TokenAnswer> = "application/json"), (Vec<civis_domain::wire::TokenAnswer> = "text/xml"))),
              (status = 400, description = "No jurisdiction", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml"))),
              (status = 404, description = "No such town, token or format", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml")))))]
#[get("/open311/v2/tokens/{token}.{format}")]
pub async fn token(state: State, req: HttpRequest) -> Answer {
    let (token, format) = (segment(&req, "token").to_string(), Format::of(segment(&req, "format"))?);
    let t: Town = query(&req).map_err(Failure::new(format))?;
    let st = state.clone();
    let found = state
        .db
        .run(move |conn| {
            let town = town(conn, &t.jurisdiction_id)?;
            svc::token(conn, &st.settings.secret, town, &token)
        })
        .await;
    answer(StatusCode::OK, format, "service_requests", &[found.map_err(Failure::new(format))?])
        .map_err(Failure::new(format))
}

/// Status changes of the town's public requests, oldest first (mySociety's extension, read
/// by FixMyStreet-style clients to sync).
#[utoipa::path(tag = "open311",
    params(("format" = String, Path, description = "`json` or `xml`", pattern = "^(json|xml)$"), Town, UpdatesQuery),
    responses((status = 200, description = "Updates", content((Vec<civis_domain::wire::RequestUpdate> = "application/json"), (Vec<civis_domain::wire::RequestUpdate> = "text/xml"))),
              (status = 400, description = "A value or a range refused", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml"))),
              (status = 404, description = "No such town or format", content((Vec<civis_domain::wire::Open311Error> = "application/json"), (Vec<civis_domain::wire::Open311Error> = "text/xml")))))]
#[get("/open311/v2/servicerequestupdates.{format}")]
pub async fn updates(state: State, req: HttpRequest) -> Answer {
    let format = Format::of(segment(&req, "format"))?;
    let (t, q): (Town, UpdatesQuery) = (query(&req), query(&req)).pipe_ok().map_err(Failure::new(format))?;
    let lang = lang(t.locale.as_deref());
    let range =
        (|| Ok::<_, crate::error::ApiError>((moment("start_date", &q.start_date)?, moment("end_date", &q.end_date)?)))(
        )
        .map_err(Failure::new(format))?;
    let list = state
        .db
        .run(move |conn| {
            let town = town(conn, &t.jurisdiction_id)?;
            svc::updates(conn, town, range, lang)
        })
        .await;
    answer(StatusCode::OK, format, "service_request_updates", &list.map_err(Failure::new(format))?)
        .map_err(Failure::new(format))
}
