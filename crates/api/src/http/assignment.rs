//! Assigning a request to a person of its department, and who those people are.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use civis_domain::wire::{AssignInput, Assignee, RequestDetail};

use super::extract::Authenticated;
use super::json::Json;
use super::requests::{if_match, with_etag};
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service::requests as svc;
use crate::state::State;

/// Assigns a request to a person of its department, or to no one (`user_id: null`); the
/// person gets an email. Town staff only; `If-Match` is checked when sent.
#[utoipa::path(tag = "requests", security(("bearer" = [])), request_body = AssignInput,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses(
        (status = 200, description = "The request, assigned", body = RequestDetail),
        (status = 403, description = "The caller's roles do not assign", body = Problem),
        (status = 404, description = "No such request for the caller", body = Problem),
        (status = 412, description = "The request changed since `If-Match`", body = Problem),
        (status = 422, description = "Not a person of the request's department", body = Problem)))]
#[post("/towns/{town_id}/requests/{id}/assignee")]
pub async fn assign(
    state: State,
    req: HttpRequest,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
    body: Json<AssignInput>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let (town, id) = path.into_inner();
    let version = if_match(&req)?;
    let view = state.db.run(move |conn| svc::assign(conn, &auth.0, town, id, version, &body)).await?;
    Ok(with_etag(view))
}

/// The people of a department to whom its requests may be assigned.
#[utoipa::path(tag = "requests", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("department_id" = i64, Path, description = "Department id")),
    responses(
        (status = 200, description = "The department's people", body = Vec<Assignee>),
        (status = 404, description = "Not a town of the caller", body = Problem)))]
#[get("/towns/{town_id}/departments/{department_id}/members")]
pub async fn members(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
) -> Result<web::Json<Vec<Assignee>>, ApiError> {
    let (town, department) = path.into_inner();
    Ok(web::Json(state.db.run(move |conn| svc::members(conn, &auth.0, town, department)).await?))
}
