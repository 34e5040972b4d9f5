//! Requests as staff work them, and filing (by staff, citizens and visitors).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use civis_domain::Tab;
use civis_domain::wire::UserKind;
use civis_domain::wire::{
    CreatedRequest, Followup, ListQuery, NewFollowup, NewRequest, RequestDetail, RequestFilter, RequestPage,
    RequestPatch, TransitionInput,
};
use serde::Deserialize;

use super::extract::{Authenticated, CallerId, MaybeAuthenticated};
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service::requests::{self as svc, Filer, ListArgs};
use crate::state::State;

/// Files a request. Staff and operator agents file for a caller (with the channel);
/// a signed-in citizen files for themself; without a token, a visitor files (anonymously
/// only where the town allows it).
#[utoipa::path(tag = "requests", security((), ("bearer" = [])), request_body = NewRequest,
    params(("town_id" = i64, Path, description = "Town id")),
    responses(
        (status = 201, description = "Filed; the number is in the body", body = CreatedRequest),
        (status = 404, description = "No such active town", body = Problem),
        (status = 422, description = "Invalid fields, answers or rules of the kind", body = Problem),
        (status = 429, description = "Too many requests filed: without an account, 10 a minute and 100 an hour from one client and 10 an hour with one email; 30 an hour by one citizen's account; see Retry-After", body = Problem)))]
#[post("/towns/{town_id}/requests")]
pub async fn create(
    state: State,
    path: web::Path<i64>,
    who: MaybeAuthenticated,
    client: super::client::ClientAddr,
    body: Json<NewRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let town = path.into_inner();
    let visitor = who.0.is_none();
    let st = state.clone();
    let mut created = state
        .db
        .run(move |conn| {
            let filer = match &who.0 {
                None => Filer::Visitor,
                Some(p) if p.kind == UserKind::Citizen => Filer::Citizen(p),
                Some(p) => Filer::Staff(p, p.town_roles(town)?),
            };
            svc::create(conn, town, &filer, &body, (&st.limits, &client.0))
        })
        .await?;
    if visitor {
        // The visitor has no account: this lets them add their photos for an hour.
        let now = crate::clock::unix();
        created.upload_token = Some(crate::reply::upload_token(&state.settings.secret, created.id, now));
    }
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/towns/{town}/requests/{}", created.id)))
        .json(created))
}

/// The dashboard list: a tab of the town's requests, filtered, sorted and paged by keyset,
/// with the three tabs' counts on the first page (exact without a filter or by department
/// only, capped at 100 with another filter).
#[utoipa::path(tag = "requests", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ListQuery),
    responses(
        (status = 200, description = "A page", body = RequestPage),
        (status = 404, description = "No such town among the caller's", body = Problem),
        (status = 422, description = "The search ran past its time limit (`search_too_broad`)", body = Problem)))]
#[get("/towns/{town_id}/requests")]
pub async fn list(
    state: State,
    req: HttpRequest,
    path: web::Path<i64>,
    caller: CallerId,
    query: web::Query<ListQuery>,
) -> Result<web::Json<RequestPage>, ApiError> {
    let town = path.into_inner();
    let q = query.into_inner();
    let mut filter = q.filter().map_err(|issue| ApiError::BadRequest {
        code: "invalid_value",
        detail: format!("{}: not a list of valid values", issue.field),
    })?;
    filter.keywords.truncate(10);
    let limit = q.limit.unwrap_or(25).clamp(1, 100);
    let tab = q.tab.unwrap_or(Tab::Open);
    let use_saved = !q.has_filter() && q.saved != Some(false);
    let cursor = q.cursor.clone();
    let timeout = state.settings.list_timeout;
    let st = state.clone();
    let mut page = state
        .db
        .read_list(move |conn| {
            // The caller, their saved filter and the town's clock: one read.
            let c = svc::list_caller(conn, &st.settings, caller.0, town)?;
            let complaints = svc::reader_roles(&c.principal, town)?.complaint_scope();
            let filter = match c.saved_filter {
                Some(saved) if use_saved => RequestFilter { sort: q.sort.unwrap_or(saved.sort), ..saved },
                _ => filter.clone(),
            };
            let args = ListArgs {
                town,
                user: c.principal.id,
                tab,
                filter: &filter,
                cursor: cursor.as_deref(),
                limit,
                complaints,
                timeout,
                clock: &c.clock,
            };
            svc::list(conn, &args)
        })
        .await?;
    page.next = page.next_cursor.as_ref().map(|c| {
        let rest: Vec<&str> =
            req.query_string().split('&').filter(|kv| !kv.is_empty() && !kv.starts_with("cursor=")).collect();
        let mut url = format!("{}?", req.path());
        for kv in rest {
            url.push_str(kv);
            url.push('&');
        }
        url.push_str("cursor=");
        url.push_str(c);
        url
    });
    Ok(web::Json(page))
}

fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// `If-Match`: absent, `*`, or the version of an `ETag`.
pub(super) fn if_match(req: &HttpRequest) -> Result<svc::IfMatch, ApiError> {
    let Some(value) = req.headers().get(header::IF_MATCH) else { return Ok(svc::IfMatch::Absent) };
    let s = value.to_str().unwrap_or("").trim();
    if s == "*" {
        return Ok(svc::IfMatch::Any);
    }
    s.trim_start_matches("W/")
        .trim_matches('"')
        .parse()
        .map(svc::IfMatch::Version)
        .map_err(|_| ApiError::BadRequest { code: "invalid_value", detail: "If-Match: an ETag or *".into() })
}

pub(super) fn with_etag(view: RequestDetail) -> HttpResponse {
    HttpResponse::Ok().insert_header((header::ETAG, etag(view.version))).json(view)
}

/// A request as the caller's role may see it, with its `ETag`.
#[utoipa::path(tag = "requests", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses(
        (status = 200, description = "The request", body = RequestDetail),
        (status = 404, description = "No such request among the caller's towns", body = Problem)))]
#[get("/towns/{town_id}/requests/{id}")]
pub async fn detail(state: State, path: web::Path<(i64, i64)>, auth: Authenticated) -> Result<HttpResponse, ApiError> {
    let (town, id) = path.into_inner();
    let view = state.db.run(move |conn| svc::detail(conn, &auth.0, town, id)).await?;
    Ok(with_etag(view))
}

/// Changes priority, department, due date or visibility. `If-Match` with the `ETag` is
/// required: a stale one gets 412 and changes nothing.
#[utoipa::path(tag = "requests", security(("bearer" = [])), request_body = RequestPatch,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id"),
           ("If-Match" = String, Header, description = "The request's `ETag` (`\"3\"`), or `*` for whatever version", pattern = r#"^(\*|(W/)?"[0-9]{1,9}")$"#)),
    responses(
        (status = 200, description = "Saved", body = RequestDetail),
        (status = 412, description = "Someone changed the request meanwhile", body = Problem),
        (status = 428, description = "If-Match missing", body = Problem)))]
#[patch("/towns/{town_id}/requests/{id}")]
pub async fn update(
    state: State,
    req: HttpRequest,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
    body: Json<RequestPatch>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let version = if_match(&req)?;
    let (town, id) = path.into_inner();
    let view = state.db.run(move |conn| svc::patch(conn, &auth.0, town, id, version, &body)).await?;
    Ok(with_etag(view))
}

/// Transfers, starts, closes or reopens. `If-Match` is checked when given.
#[utoipa::path(tag = "requests", security(("bearer" = [])), request_body = TransitionInput,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses(
        (status = 200, description = "The request after the change", body = RequestDetail),
        (status = 403, description = "The caller's role cannot do this", body = Problem),
        (status = 409, description = "Not possible from the current status", body = Problem),
        (status = 412, description = "Someone changed the request meanwhile", body = Problem),
        (status = 422, description = "Missing reason, closure or legal provision, or the requester was never answered", body = Problem)))]
#[post("/towns/{town_id}/requests/{id}/transitions")]
pub async fn transition(
    state: State,
    req: HttpRequest,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
    body: Json<TransitionInput>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let version = if_match(&req)?;
    let (town, id) = path.into_inner();
    let view = state.db.run(move |conn| svc::transition(conn, &auth.0, town, id, version, &body)).await?;
    Ok(with_etag(view))
}

/// Why a deadline is extended (kept in the history).
#[civis_schema_rules::schema_rules(always)]
#[derive(Debug, Default, Deserialize, utoipa::ToSchema, validator::Validate)]
pub struct ExtensionInput {
    #[validate(length(max = 1000, code = "length"))]
    reason: Option<String>,
}

/// Extends an access-to-information request's deadline once, by 10 calendar days; the
/// requester gets notice as an external follow-up.
#[utoipa::path(tag = "requests", security(("bearer" = [])), request_body = ExtensionInput,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses(
        (status = 200, description = "The request with its new due date", body = RequestDetail),
        (status = 422, description = "Not an access request, or already extended", body = Problem)))]
#[post("/towns/{town_id}/requests/{id}/extend-deadline")]
pub async fn extend_deadline(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
    body: Json<ExtensionInput>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let (town, id) = path.into_inner();
    let view = state.db.run(move |conn| svc::extend_deadline(conn, &auth.0, town, id, body.reason.as_deref())).await?;
    Ok(with_etag(view))
}

/// Adds an internal follow-up (staff only) or an external one (for the requester).
#[utoipa::path(tag = "requests", security(("bearer" = [])), request_body = NewFollowup,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses((status = 201, description = "Added", body = Followup)))]
#[post("/towns/{town_id}/requests/{id}/followups")]
pub async fn add_followup(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
    body: Json<NewFollowup>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let (town, id) = path.into_inner();
    let f = state.db.run(move |conn| svc::add_followup(conn, &auth.0, town, id, &body)).await?;
    Ok(HttpResponse::Created().json(f))
}

/// Stars a request.
#[utoipa::path(tag = "requests", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses((status = 204, description = "Starred")))]
#[put("/towns/{town_id}/requests/{id}/favorite")]
pub async fn star(state: State, path: web::Path<(i64, i64)>, auth: Authenticated) -> Result<HttpResponse, ApiError> {
    let (town, id) = path.into_inner();
    state.db.run(move |conn| svc::set_favorite(conn, &auth.0, town, id, true)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Unstars a request.
#[utoipa::path(tag = "requests", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses((status = 204, description = "Unstarred")))]
#[delete("/towns/{town_id}/requests/{id}/favorite")]
pub async fn unstar(state: State, path: web::Path<(i64, i64)>, auth: Authenticated) -> Result<HttpResponse, ApiError> {
    let (town, id) = path.into_inner();
    state.db.run(move |conn| svc::set_favorite(conn, &auth.0, town, id, false)).await?;
    Ok(HttpResponse::NoContent().finish())
}
