//! First contact: the contacts agents log, the callback queue, and the counts for reports.

use actix_web::{HttpResponse, get, post, web};
use civis_domain::wire::{
    FirstContactCounts, Interaction, InteractionInput, InteractionQuery, InteractionRequest, PeriodQuery,
};
use validator::Validate;

use super::extract::Authenticated;
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service::interactions as svc;
use crate::state::State;

/// Logs a contact with a citizen. A callback is due by the end of the next working day of
/// the town (holidays and closing time), counted from when the contact came in.
#[utoipa::path(tag = "first contact", security(("bearer" = [])), request_body = InteractionInput,
    params(("town_id" = i64, Path, description = "Town id")),
    responses(
        (status = 201, description = "Logged", body = Interaction),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller's roles do not log contacts", body = Problem),
        (status = 404, description = "Not a town of the caller", body = Problem),
        (status = 422, description = "Invalid fields", body = Problem)))]
#[post("/towns/{town_id}/interactions")]
pub async fn log(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    body: Json<InteractionInput>,
) -> Result<HttpResponse, ApiError> {
    let (town, body) = (path.into_inner(), valid(body)?);
    let logged = state.db.run(move |conn| svc::log(conn, &auth.0, town, &body)).await?;
    Ok(HttpResponse::Created().json(logged))
}

/// The newest contacts, or (`callbacks=true`) the callbacks still to make, soonest due first.
#[utoipa::path(tag = "first contact", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), InteractionQuery),
    responses(
        (status = 200, description = "The contacts", body = Vec<Interaction>),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller's roles do not log contacts", body = Problem),
        (status = 404, description = "Not a town of the caller", body = Problem),
        (status = 422, description = "Limit out of range", body = Problem)))]
#[get("/towns/{town_id}/interactions")]
pub async fn list(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    query: web::Query<InteractionQuery>,
) -> Result<web::Json<Vec<Interaction>>, ApiError> {
    let (town, q) = (path.into_inner(), query.into_inner());
    q.validate()?;
    let (callbacks, limit) = (q.callbacks.unwrap_or(false), i64::from(q.limit.unwrap_or(50)));
    Ok(web::Json(state.db.run(move |conn| svc::list(conn, &auth.0, town, callbacks, limit)).await?))
}

/// One contact, with its caller's details where the reader may see them (the agent's wizard
/// reads it to file the request the contact becomes).
#[utoipa::path(tag = "first contact", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Interaction id")),
    responses(
        (status = 200, description = "The contact", body = Interaction),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller's roles do not log contacts", body = Problem),
        (status = 404, description = "No such contact in a town of the caller", body = Problem)))]
#[get("/towns/{town_id}/interactions/{id}")]
pub async fn get(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
) -> Result<web::Json<Interaction>, ApiError> {
    let (town, id) = path.into_inner();
    Ok(web::Json(state.db.run(move |conn| svc::get(conn, &auth.0, town, id)).await?))
}

/// Marks a callback as made.
#[utoipa::path(tag = "first contact", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Interaction id")),
    responses(
        (status = 200, description = "Done", body = Interaction),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller's roles do not log contacts", body = Problem),
        (status = 404, description = "No such contact in a town of the caller", body = Problem),
        (status = 409, description = "No callback waiting on this contact", body = Problem)))]
#[post("/towns/{town_id}/interactions/{id}/callback-done")]
pub async fn callback_done(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
) -> Result<web::Json<Interaction>, ApiError> {
    let (town, id) = path.into_inner();
    Ok(web::Json(state.db.run(move |conn| svc::callback_done(conn, &auth.0, town, id)).await?))
}

/// Links a contact to the request filed from it; the request's history says it came from
/// that contact.
#[utoipa::path(tag = "first contact", security(("bearer" = [])), request_body = InteractionRequest,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Interaction id")),
    responses(
        (status = 200, description = "Linked", body = Interaction),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller's roles do not log contacts", body = Problem),
        (status = 404, description = "No such contact in a town of the caller", body = Problem),
        (status = 422, description = "No such request in this town", body = Problem)))]
#[post("/towns/{town_id}/interactions/{id}/request")]
pub async fn link_request(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
    body: Json<InteractionRequest>,
) -> Result<web::Json<Interaction>, ApiError> {
    let ((town, id), request) = (path.into_inner(), body.into_inner().request_id);
    Ok(web::Json(state.db.run(move |conn| svc::link_request(conn, &auth.0, town, id, request)).await?))
}

/// First contact in a period (days of the town, both included): contacts by channel,
/// outcomes, callbacks on time, questions resolved without a request. Counts only.
#[utoipa::path(tag = "first contact", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), PeriodQuery),
    responses(
        (status = 200, description = "The counts", body = FirstContactCounts),
        (status = 401, description = "No valid token", body = Problem),
        (status = 404, description = "Not a town of the caller", body = Problem),
        (status = 422, description = "Period reversed or longer than five years", body = Problem)))]
#[get("/towns/{town_id}/first-contact/counts")]
pub async fn counts(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    query: web::Query<PeriodQuery>,
) -> Result<web::Json<FirstContactCounts>, ApiError> {
    let (town, period) = (path.into_inner(), query.into_inner());
    Ok(web::Json(state.db.run(move |conn| svc::counts(conn, &auth.0, town, &period)).await?))
}
