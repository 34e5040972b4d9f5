//! Public requests, the duplicate check, following, and tracking without an account.

use actix_web::{HttpResponse, get, post, web};
use civis_domain::wire::{
    FollowRequest, LinkToken, NearbyRequest, PublicPage, PublicRequest, TrackRequest, TrackedRequest,
};
use civis_domain::{Status, territory};
use serde::Deserialize;
use utoipa::IntoParams;
use validator::Validate;

use super::client::ClientAddr;
use super::extract::MaybeAuthenticated;
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service::requests::{self as svc, Followed, Follower, Near, NearbyArgs, PublicArgs};
use crate::state::State;

/// The place of a query whose ranges its `#[validate]` rules already checked: both
/// coordinates or neither. `NaN` passes a range rule (it compares false with either end),
/// so a value that is not a finite number is refused here.
pub(super) fn near(
    lat: Option<f64>,
    lng: Option<f64>,
    radius: Option<f64>,
    default_radius: f64,
) -> Result<Option<Near>, ApiError> {
    for (field, value) in [("lat", lat), ("lng", lng), ("radius_m", radius)] {
        finite(field, value)?;
    }
    match (lat, lng) {
        (None, None) => Ok(None),
        (Some(lat), Some(lng)) => {
            let radius_m = radius.unwrap_or(default_radius);
            Ok(Some(Near { lat: territory::snap(lat), lng: territory::snap(lng), radius_m }))
        }
        _ => Err(ApiError::field("lat", "location_incomplete")),
    }
}

/// A number given must be a finite one (`NaN`, `inf` are refused with the range's code).
pub(super) fn finite(field: &'static str, value: Option<f64>) -> Result<(), ApiError> {
    match value {
        Some(v) if !v.is_finite() => Err(ApiError::field(field, "range")),
        _ => Ok(()),
    }
}

#[civis_schema_rules::schema_rules(always)]
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct PublicQuery {
    /// Category (top-level node) id.
    category: Option<i64>,
    status: Option<Status>,
    /// With `lng`.
    #[validate(range(min = -90.0, max = 90.0, code = "range"))]
    lat: Option<f64>,
    /// With `lat`.
    #[validate(range(min = -180.0, max = 180.0, code = "range"))]
    lng: Option<f64>,
    /// Metres around `lat`/`lng` (default 1 000).
    #[validate(range(min = 1.0, max = 50_000.0, code = "range"))]
    radius_m: Option<f64>,
    cursor: Option<String>,
    /// 1 to 200 (default 50).
    limit: Option<i64>,
}

/// Public requests of a town, newest first; never who asked.
#[utoipa::path(tag = "public", params(("town_id" = i64, Path, description = "Town id"), PublicQuery),
    responses((status = 200, description = "A page", body = PublicPage)))]
#[get("/towns/{town_id}/public/requests")]
pub async fn list(
    state: State,
    path: web::Path<i64>,
    query: web::Query<PublicQuery>,
) -> Result<web::Json<PublicPage>, ApiError> {
    let q = query.into_inner();
    q.validate()?;
    let args = PublicArgs {
        town: path.into_inner(),
        category: q.category,
        status: q.status,
        near: near(q.lat, q.lng, q.radius_m, 1_000.0)?,
        cursor: q.cursor,
        limit: q.limit.unwrap_or(50).clamp(1, 200),
    };
    Ok(web::Json(state.db.read(move |conn| svc::public_list(conn, &args)).await?))
}

/// One public request with its external follow-ups.
#[utoipa::path(tag = "public",
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses((status = 200, description = "The request", body = PublicRequest),
              (status = 404, description = "No such public request", body = Problem)))]
#[get("/towns/{town_id}/public/requests/{id}")]
pub async fn detail(state: State, path: web::Path<(i64, i64)>) -> Result<web::Json<PublicRequest>, ApiError> {
    let (town, id) = path.into_inner();
    Ok(web::Json(state.db.read(move |conn| svc::public_detail(conn, town, id)).await?))
}

#[civis_schema_rules::schema_rules(always)]
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct NearbyQuery {
    /// The node the citizen is about to file under.
    pub(super) node_id: i64,
    #[validate(range(min = -90.0, max = 90.0, code = "range"))]
    pub(super) lat: f64,
    #[validate(range(min = -180.0, max = 180.0, code = "range"))]
    pub(super) lng: f64,
    /// Metres (default: the town's duplicate radius, 150 unless it set another).
    #[validate(range(min = 1.0, max = 50_000.0, code = "range"))]
    pub(super) radius_m: Option<f64>,
}

/// The duplicate check before filing: open requests (reports) of the same category near the
/// point, nearest first, public or not; a private one as its category, status, lateness and
/// distance only (its place rounded to about 10 m), never its number, text or who asked.
#[utoipa::path(tag = "public", params(("town_id" = i64, Path, description = "Town id"), NearbyQuery),
    responses((status = 200, description = "Up to 10 requests", body = Vec<NearbyRequest>)))]
#[get("/towns/{town_id}/public/nearby")]
pub async fn nearby(
    state: State,
    path: web::Path<i64>,
    query: web::Query<NearbyQuery>,
) -> Result<web::Json<Vec<NearbyRequest>>, ApiError> {
    let q = query.into_inner();
    q.validate()?;
    let near = near(Some(q.lat), Some(q.lng), q.radius_m, 150.0)?.ok_or_else(|| ApiError::field("lat", "required"))?;
    let args = NearbyArgs { town: path.into_inner(), node_id: q.node_id, near, radius_given: q.radius_m.is_some() };
    Ok(web::Json(state.db.read(move |conn| svc::nearby(conn, &args)).await?))
}

/// Follows an open public request instead of filing a duplicate: signed in, by account
/// (204); otherwise by email, once the address confirms by the link sent to it (202).
#[utoipa::path(tag = "public", security((), ("bearer" = [])), request_body = FollowRequest,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses((status = 202, description = "A confirmation link was sent to the address"),
              (status = 204, description = "Following"),
              (status = 404, description = "No such public request", body = Problem),
              (status = 409, description = "The request is closed", body = Problem),
              (status = 429, description = "Too many follow requests from this client or for this address", body = Problem)))]
#[post("/towns/{town_id}/public/requests/{id}/follow")]
pub async fn follow(
    state: State,
    path: web::Path<(i64, i64)>,
    who: MaybeAuthenticated,
    client: ClientAddr,
    body: Json<FollowRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let (town, id) = path.into_inner();
    let st = state.clone();
    let followed = state
        .db
        .run(move |conn| {
            let follower = Follower {
                citizen: who.0.as_ref(),
                email: body.email.as_deref(),
                language: body.language,
                client: &client.0,
            };
            svc::follow(conn, &st, town, id, &follower)
        })
        .await?;
    Ok(match followed {
        Followed::Now => HttpResponse::NoContent().finish(),
        Followed::Confirming => HttpResponse::Accepted().finish(),
    })
}

/// Confirms following a request from the link emailed to the address.
#[utoipa::path(tag = "public", request_body = LinkToken, responses(
    (status = 204, description = "Following"),
    (status = 422, description = "`link_invalid`", body = Problem)))]
#[post("/public/follow/confirm")]
pub async fn confirm_follow(state: State, body: Json<LinkToken>) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let st = state.clone();
    state.db.run(move |conn| svc::confirm_follow(conn, &st, &body.token)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Stops a request's emails to the address an email's unsubscribe link names (a follower
/// stops following; the requester stops receiving follow-ups).
#[utoipa::path(tag = "public", request_body = LinkToken, responses(
    (status = 204, description = "No more emails about this request to this address"),
    (status = 422, description = "`link_invalid`", body = Problem)))]
#[post("/public/unsubscribe")]
pub async fn unsubscribe(state: State, body: Json<LinkToken>) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let st = state.clone();
    state.db.run(move |conn| svc::unsubscribe(conn, &st, &body.token)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Tracks a request by its number and the requester's email, without an account. A POST:
/// the email travels in the body, never in the address (which access logs keep).
#[utoipa::path(tag = "public", request_body = TrackRequest,
    params(("town_id" = i64, Path, description = "Town id")),
    responses((status = 200, description = "The request and its replies", body = TrackedRequest),
              (status = 404, description = "No request with this number and email", body = Problem),
              (status = 429, description = "Too many misses from this client, for this number or for this email; see Retry-After", body = Problem)))]
#[post("/towns/{town_id}/track")]
pub async fn track(
    state: State,
    path: web::Path<i64>,
    client: ClientAddr,
    body: Json<TrackRequest>,
) -> Result<web::Json<TrackedRequest>, ApiError> {
    let town = path.into_inner();
    let q = valid(body)?;
    let st = state.clone();
    Ok(web::Json(state.db.run(move |conn| svc::track(conn, &st.limits, town, &q.number, &q.email, &client.0)).await?))
}
