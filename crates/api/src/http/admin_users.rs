//! A town administrator's staff accounts and roles.

use actix_web::{HttpResponse, get, patch, post, web};
use civis_domain::wire::{NewStaffUser, StaffUser, StaffUserPatch};

use super::extract::TownAdmin;
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service::users as svc;
use crate::state::State;

/// The town's staff with their roles in this town.
#[utoipa::path(tag = "administration", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id")),
    responses((status = 200, description = "Staff", body = Vec<StaffUser>),
              (status = 404, description = "No such town among the caller's", body = Problem)))]
#[get("/admin/towns/{town_id}/users")]
pub async fn list(state: State, admin: TownAdmin) -> Result<web::Json<Vec<StaffUser>>, ApiError> {
    let town = admin.town_id;
    Ok(web::Json(state.db.run(move |conn| svc::list(conn, town)).await?))
}

/// Creates a staff account with roles in the town (not the operator agent role, which the
/// platform administrator grants).
#[utoipa::path(tag = "administration", security(("bearer" = [])), request_body = NewStaffUser,
    params(("town_id" = i64, Path, description = "Town id")),
    responses((status = 201, description = "Created", body = StaffUser),
              (status = 409, description = "A staff account already uses this address", body = Problem),
              (status = 422, description = "Invalid fields or roles", body = Problem)))]
#[post("/admin/towns/{town_id}/users")]
pub async fn create(state: State, admin: TownAdmin, body: Json<NewStaffUser>) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let town = admin.town_id;
    let by = format!("user:{}", admin.principal.id);
    let hash = crate::auth::password::hash_new(&state.hashers, &by, "password", &body.password, &body.email).await?;
    let user = state.db.run(move |conn| svc::create(conn, town, &body, &hash)).await?;
    Ok(HttpResponse::Created().json(user))
}

/// Changes a staff member's name, activity or roles in the town.
#[utoipa::path(tag = "administration", security(("bearer" = [])), request_body = StaffUserPatch,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "User id")),
    responses((status = 200, description = "Saved", body = StaffUser),
              (status = 403, description = "The account also serves other towns, or is a platform administrator's", body = Problem),
              (status = 404, description = "No such staff member in this town", body = Problem)))]
#[patch("/admin/towns/{town_id}/users/{id}")]
pub async fn update(
    state: State,
    admin: TownAdmin,
    path: web::Path<(i64, i64)>,
    body: Json<StaffUserPatch>,
) -> Result<web::Json<StaffUser>, ApiError> {
    let body = valid(body)?;
    let (town, id, by_platform) = (admin.town_id, path.1, admin.principal.platform_admin);
    Ok(web::Json(state.db.run(move |conn| svc::update(conn, town, id, &body, by_platform)).await?))
}
