//! What staff read of a request besides its detail: follow-ups, history, and the one
//! timeline of both.

use actix_web::{get, web};
use civis_domain::wire::{Followup, HistoryEntry, TimelineItem};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Authenticated;
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
