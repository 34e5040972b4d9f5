//! The signed-in person's own things: a citizen's requests, a staff member's saved filter.

use actix_web::{HttpResponse, delete, get, put, web};
use civis_domain::wire::{RequestFilter, TrackedRequest};

use super::valid;
use crate::auth::{Authenticated, Citizen};
use crate::error::{ApiError, Problem};
use crate::service::{filters, requests};
use crate::state::State;

/// A citizen's own requests with their follow-ups, newest first.
#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 200, description = "The requests", body = Vec<TrackedRequest>),
    (status = 403, description = "Not a citizen account", body = Problem)))]
#[get("/me/requests")]
pub async fn my_requests(state: State, citizen: Citizen) -> Result<web::Json<Vec<TrackedRequest>>, ApiError> {
    Ok(web::Json(state.db.run(move |conn| requests::own_requests(conn, &citizen.0)).await?))
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
    body: web::Json<RequestFilter>,
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
