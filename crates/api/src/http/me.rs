//! The signed-in person's own things: a citizen's requests, a staff member's saved filter.

use actix_web::{HttpResponse, delete, get, post, put, web};
use civis_domain::wire::{Followup, NewInformation, RequestFilter, TrackedRequest};

use super::extract::{Authenticated, Citizen};
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service::{filters, requests};
use crate::state::State;

/// A citizen's own requests with their follow-ups, newest first.
#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 200, description = "The requests", body = Vec<TrackedRequest>),
    (status = 403, description = "Not a citizen account", body = Problem)))]
#[get("/me/requests")]
pub async fn my_requests(state: State, citizen: Citizen) -> Result<web::Json<Vec<TrackedRequest>>, ApiError> {
    Ok(web::Json(state.db.read(move |conn| requests::own_requests(conn, &citizen.0)).await?))
}

/// One of the citizen's own requests, with its follow-ups.
#[utoipa::path(tag = "me", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Request id")),
    responses(
        (status = 200, description = "The request", body = TrackedRequest),
        (status = 403, description = "Not a citizen account", body = Problem),
        (status = 404, description = "Not one of the citizen's requests", body = Problem)))]
#[get("/me/requests/{id}")]
pub async fn my_request(
    state: State,
    citizen: Citizen,
    path: web::Path<i64>,
) -> Result<web::Json<TrackedRequest>, ApiError> {
    let id = path.into_inner();
    Ok(web::Json(state.db.read(move |conn| requests::own_request(conn, &citizen.0, id)).await?))
}

/// Adds information to one of the citizen's own open requests; the department hears of it
/// (photos are added with `POST /towns/{town_id}/requests/{id}/attachments`).
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = NewInformation,
    params(("id" = i64, Path, description = "Request id")),
    responses(
        (status = 201, description = "Added", body = Followup),
        (status = 403, description = "Not a citizen account", body = Problem),
        (status = 404, description = "Not one of the citizen's requests", body = Problem),
        (status = 409, description = "The request is closed", body = Problem),
        (status = 422, description = "Empty", body = Problem)))]
#[post("/me/requests/{id}/information")]
pub async fn add_information(
    state: State,
    citizen: Citizen,
    path: web::Path<i64>,
    body: Json<NewInformation>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let id = path.into_inner();
    let f = state.db.run(move |conn| requests::add_information(conn, &citizen.0, id, &body.body)).await?;
    Ok(HttpResponse::Created().json(f))
}

/// The saved dashboard filter (null when none).
#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 200, description = "The filter or null", body = Option<RequestFilter>)))]
#[get("/me/saved-filter")]
pub async fn get_filter(state: State, auth: Authenticated) -> Result<web::Json<Option<RequestFilter>>, ApiError> {
    Ok(web::Json(state.db.run(move |conn| filters::get(conn, auth.0.id)).await?))
}

/// Saves the dashboard filter; the staff list applies it by default.
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = RequestFilter, responses(
    (status = 200, description = "Saved", body = RequestFilter)))]
#[put("/me/saved-filter")]
pub async fn put_filter(
    state: State,
    auth: Authenticated,
    body: Json<RequestFilter>,
) -> Result<web::Json<RequestFilter>, ApiError> {
    let body = valid(body)?;
    let saved = body.clone();
    state.db.run(move |conn| filters::put(conn, auth.0.id, &body)).await?;
    Ok(web::Json(saved))
}

/// Clears the saved filter.
#[utoipa::path(tag = "me", security(("bearer" = [])), responses((status = 204, description = "Cleared")))]
#[delete("/me/saved-filter")]
pub async fn delete_filter(state: State, auth: Authenticated) -> Result<HttpResponse, ApiError> {
    state.db.run(move |conn| filters::delete(conn, auth.0.id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
