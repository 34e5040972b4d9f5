//! What staff read of a request besides its detail: follow-ups, history, and the one
//! timeline of both.

use actix_web::{get, web};
use civis_domain::wire::{AccessEntry, Followup, HistoryEntry, PublicRequest, TimelineItem};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::Authenticated;
use crate::error::{ApiError, Problem};
use crate::service::requests as svc;
use crate::state::State;

/// Every follow-up, internal, external and incoming.
#[utoipa::path(tag = "requests", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses((status = 200, description = "Follow-ups, oldest first", body = Vec<Followup>)))]
#[get("/towns/{town_id}/requests/{id}/followups")]
pub async fn followups(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
) -> Result<web::Json<Vec<Followup>>, ApiError> {
    let (town, id) = path.into_inner();
    Ok(web::Json(state.db.run(move |conn| svc::followups(conn, &auth.0, town, id)).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// One field only: `status`, `priority`, `department`, `due_date`, `visibility`.
    field: Option<String>,
}

/// Who changed what and when.
#[utoipa::path(tag = "requests", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id"), HistoryQuery),
    responses((status = 200, description = "Changes, oldest first", body = Vec<HistoryEntry>)))]
#[get("/towns/{town_id}/requests/{id}/history")]
pub async fn history(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
    query: web::Query<HistoryQuery>,
) -> Result<web::Json<Vec<HistoryEntry>>, ApiError> {
    let (town, id) = path.into_inner();
    let field = query.into_inner().field;
    Ok(web::Json(state.db.run(move |conn| svc::history(conn, &auth.0, town, id, field.as_deref())).await?))
}

/// Every change and follow-up of a request in the order they happened, with who (named
/// where the privacy rule allows), when, what changed and why.
#[utoipa::path(tag = "requests", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses((status = 200, description = "The timeline, oldest first", body = Vec<TimelineItem>),
              (status = 404, description = "No such request for the caller", body = Problem)))]
#[get("/towns/{town_id}/requests/{id}/timeline")]
pub async fn timeline(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
) -> Result<web::Json<Vec<TimelineItem>>, ApiError> {
    let (town, id) = path.into_inner();
    Ok(web::Json(state.db.run(move |conn| svc::timeline(conn, &auth.0, town, id)).await?))
}

/// The duplicate check for staff taking a call: open requests of the same category near the
/// point, private ones too (complaints only for roles that read them), nearest first.
#[utoipa::path(tag = "requests", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), super::public_requests::NearbyQuery),
    responses((status = 200, description = "Up to 10 requests", body = Vec<PublicRequest>),
              (status = 404, description = "Not a town of the caller", body = Problem)))]
#[get("/towns/{town_id}/nearby")]
pub async fn nearby(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    query: web::Query<super::public_requests::NearbyQuery>,
) -> Result<web::Json<Vec<PublicRequest>>, ApiError> {
    let q = query.into_inner();
    validator::Validate::validate(&q)?;
    let near = super::public_requests::near(Some(q.lat), Some(q.lng), q.radius_m, 150.0)?
        .ok_or_else(|| ApiError::field("lat", "required"))?;
    let args =
        svc::NearbyArgs { town: path.into_inner(), node_id: q.node_id, near, radius_given: q.radius_m.is_some() };
    Ok(web::Json(state.db.run(move |conn| svc::nearby_for_staff(conn, &auth.0, &args)).await?))
}

/// The access journal of a request (Loi 25): who read its requester's contact, or the
/// contact of a call linked to it, and when. For the director (the town's privacy
/// officer); it names staff and records, never the person read.
#[utoipa::path(tag = "privacy", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses((status = 200, description = "The reads, newest first (500 at most)", body = Vec<AccessEntry>),
              (status = 401, description = "No valid token", body = Problem),
              (status = 403, description = "Not the town's director", body = Problem),
              (status = 404, description = "No such request in a town of the caller", body = Problem)))]
#[get("/towns/{town_id}/requests/{id}/access-journal")]
pub async fn access_journal(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
) -> Result<web::Json<Vec<AccessEntry>>, ApiError> {
    let (town, id) = path.into_inner();
    Ok(web::Json(state.db.run(move |conn| crate::service::journal::of_request(conn, &auth.0, town, id)).await?))
}
