//! A town administrator's departments.

use actix_web::{HttpResponse, get, post, put, web};
use civis_domain::wire::{Department, DepartmentEmailConfirmed, DepartmentInput, LinkToken};

use super::extract::TownAdmin;
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service;
use crate::service::departments::EmailCheck;
use crate::state::State;

/// The town's departments.
#[utoipa::path(tag = "administration", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id")),
    responses((status = 200, description = "Departments", body = Vec<Department>),
              (status = 404, description = "No such town among the caller's", body = Problem)))]
#[get("/admin/towns/{town_id}/departments")]
pub async fn list(state: State, admin: TownAdmin) -> Result<web::Json<Vec<Department>>, ApiError> {
    let town = admin.town_id;
    Ok(web::Json(state.db.run(move |conn| service::departments::list(conn, town)).await?))
}

/// Adds a department. Its notification address is used once confirmed from the link sent
/// to it (`notification_email_pending` until then).
#[utoipa::path(tag = "administration", security(("bearer" = [])), request_body = DepartmentInput,
    params(("town_id" = i64, Path, description = "Town id")),
    responses((status = 201, description = "Created", body = Department),
              (status = 409, description = "Code already used", body = Problem),
              (status = 422, description = "Invalid fields", body = Problem)))]
#[post("/admin/towns/{town_id}/departments")]
pub async fn create(state: State, admin: TownAdmin, body: Json<DepartmentInput>) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let town = admin.town_id;
    let st = state.clone();
    let dep = state
        .db
        .run(move |conn| service::departments::create(conn, town, &body, EmailCheck::Confirm(&st.settings)))
        .await?;
    Ok(HttpResponse::Created().json(dep))
}

/// Replaces a department (deactivate it with `active: false`; departments are never deleted).
/// A new notification address waits for its confirmation; the one in use keeps the notices
/// until then; none removes it at once.
#[utoipa::path(tag = "administration", security(("bearer" = [])), request_body = DepartmentInput,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Department id")),
    responses((status = 200, description = "Saved", body = Department),
              (status = 404, description = "No such department in this town", body = Problem)))]
#[put("/admin/towns/{town_id}/departments/{id}")]
pub async fn replace(
    state: State,
    admin: TownAdmin,
    path: web::Path<(i64, i64)>,
    body: Json<DepartmentInput>,
) -> Result<web::Json<Department>, ApiError> {
    let body = valid(body)?;
    let (town, id) = (admin.town_id, path.1);
    let st = state.clone();
    let saved = state
        .db
        .run(move |conn| service::departments::replace(conn, town, id, &body, EmailCheck::Confirm(&st.settings)))
        .await?;
    Ok(web::Json(saved))
}

/// Confirms a department's notification address from the link emailed to it (the token
/// after `#`): the department's notices go there from now on.
#[utoipa::path(tag = "public", request_body = LinkToken, responses(
    (status = 200, description = "Confirmed", body = DepartmentEmailConfirmed),
    (status = 422, description = "`link_invalid`: unknown, used or expired link", body = Problem),
))]
#[post("/public/department-email/confirm")]
pub async fn confirm_email(
    state: State,
    body: Json<LinkToken>,
) -> Result<web::Json<DepartmentEmailConfirmed>, ApiError> {
    let body = valid(body)?;
    let st = state.clone();
    Ok(web::Json(state.db.run(move |conn| service::departments::confirm_email(conn, &st.settings, &body.token)).await?))
}
