//! The platform administrator: towns and operator agents.

use actix_web::{HttpResponse, get, patch, post, put, web};
use civis_domain::wire::{NewOperator, NewTown, OperatorTowns, StaffUser, Town, TownPatch};

use super::extract::PlatformAdmin;
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service;
use crate::state::State;

/// Every town, active or not.
#[utoipa::path(tag = "platform", security(("bearer" = [])), responses(
    (status = 200, description = "Towns", body = Vec<Town>),
    (status = 403, description = "Not the platform administrator", body = Problem)))]
#[get("/platform/towns")]
pub async fn list_towns(state: State, _admin: PlatformAdmin) -> Result<web::Json<Vec<Town>>, ApiError> {
    Ok(web::Json(state.db.run(service::towns::list_all).await?))
}

/// Creates a town with default options.
#[utoipa::path(tag = "platform", security(("bearer" = [])), request_body = NewTown, responses(
    (status = 201, description = "Created", body = Town),
    (status = 409, description = "Slug already used", body = Problem),
    (status = 422, description = "Invalid fields", body = Problem)))]
#[post("/platform/towns")]
pub async fn create_town(state: State, _admin: PlatformAdmin, body: Json<NewTown>) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let town = state.db.run(move |conn| service::towns::create(conn, &body)).await?;
    Ok(HttpResponse::Created().json(town))
}

/// Renames, deactivates or reactivates a town.
#[utoipa::path(tag = "platform", security(("bearer" = [])), request_body = TownPatch,
    params(("id" = i64, Path, description = "Town id")),
    responses((status = 200, description = "Saved", body = Town),
              (status = 404, description = "No such town", body = Problem)))]
#[patch("/platform/towns/{id}")]
pub async fn update_town(
    state: State,
    _admin: PlatformAdmin,
    path: web::Path<i64>,
    body: Json<TownPatch>,
) -> Result<web::Json<Town>, ApiError> {
    let body = valid(body)?;
    let id = path.into_inner();
    Ok(web::Json(state.db.run(move |conn| service::towns::update(conn, id, &body)).await?))
}

/// Every operator agent with the towns they serve.
#[utoipa::path(tag = "platform", security(("bearer" = [])), responses(
    (status = 200, description = "Operator agents", body = Vec<StaffUser>)))]
#[get("/platform/operators")]
pub async fn list_operators(state: State, _admin: PlatformAdmin) -> Result<web::Json<Vec<StaffUser>>, ApiError> {
    Ok(web::Json(state.db.run(service::users::list_operators).await?))
}

/// Creates an operator agent serving one or several towns.
#[utoipa::path(tag = "platform", security(("bearer" = [])), request_body = NewOperator, responses(
    (status = 201, description = "Created", body = StaffUser),
    (status = 409, description = "A staff account already uses this address", body = Problem),
    (status = 422, description = "Invalid fields or unknown town", body = Problem)))]
#[post("/platform/operators")]
pub async fn create_operator(
    state: State,
    admin: PlatformAdmin,
    body: Json<NewOperator>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let by = format!("user:{}", admin.0.id);
    let hash = crate::auth::password::hash_new(&state.hashers, &by, "password", &body.password, &body.email).await?;
    let op = state.db.run(move |conn| service::users::create_operator(conn, &body, &hash)).await?;
    Ok(HttpResponse::Created().json(op))
}

/// Replaces the towns an operator agent serves.
#[utoipa::path(tag = "platform", security(("bearer" = [])), request_body = OperatorTowns,
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, description = "Saved", body = StaffUser),
              (status = 404, description = "No such operator agent", body = Problem)))]
#[put("/platform/operators/{id}/towns")]
pub async fn set_operator_towns(
    state: State,
    _admin: PlatformAdmin,
    path: web::Path<i64>,
    body: Json<OperatorTowns>,
) -> Result<web::Json<StaffUser>, ApiError> {
    let body = valid(body)?;
    let id = path.into_inner();
    Ok(web::Json(state.db.run(move |conn| service::users::set_operator_towns(conn, id, &body.town_ids)).await?))
}
