//! A town administrator's departments.

use actix_web::{HttpResponse, get, post, put, web};
use civis_domain::wire::{Department, DepartmentInput};

use super::extract::TownAdmin;
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service;
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

/// Adds a department.
#[utoipa::path(tag = "administration", security(("bearer" = [])), request_body = DepartmentInput,
    params(("town_id" = i64, Path, description = "Town id")),
    responses((status = 201, description = "Created", body = Department),
              (status = 409, description = "Code already used", body = Problem),
              (status = 422, description = "Invalid fields", body = Problem)))]
#[post("/admin/towns/{town_id}/departments")]
pub async fn create(state: State, admin: TownAdmin, body: Json<DepartmentInput>) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let town = admin.town_id;
    let dep = state.db.run(move |conn| service::departments::create(conn, town, &body)).await?;
    Ok(HttpResponse::Created().json(dep))
}

/// Replaces a department (deactivate it with `active: false`; departments are never deleted).
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
    Ok(web::Json(state.db.run(move |conn| service::departments::replace(conn, town, id, &body)).await?))
}
