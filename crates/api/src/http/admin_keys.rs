//! A town administrator's API keys for integrators' apps (Open311 filings).

use actix_web::{HttpResponse, delete, get, post, web};
use civis_domain::wire::{ApiKey, ApiKeyInput, IssuedApiKey};

use super::extract::TownAdmin;
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service::api_keys as svc;
use crate::state::State;

/// The town's keys, newest first (never a key itself: it was shown once).
#[utoipa::path(tag = "administration", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id")),
    responses((status = 200, description = "Keys", body = Vec<ApiKey>),
              (status = 404, description = "No such town among the caller's", body = Problem)))]
#[get("/admin/towns/{town_id}/api-keys")]
pub async fn list(state: State, admin: TownAdmin) -> Result<web::Json<Vec<ApiKey>>, ApiError> {
    let town = admin.town_id;
    Ok(web::Json(state.db.run(move |conn| svc::list(conn, town)).await?))
}

/// Issues a key to an app: the answer holds its secret, shown this once and kept nowhere.
#[utoipa::path(tag = "administration", security(("bearer" = [])), request_body = ApiKeyInput,
    params(("town_id" = i64, Path, description = "Town id")),
    responses((status = 201, description = "Issued", body = IssuedApiKey),
              (status = 404, description = "No such town among the caller's", body = Problem),
              (status = 422, description = "Invalid fields", body = Problem)))]
#[post("/admin/towns/{town_id}/api-keys")]
pub async fn issue(state: State, admin: TownAdmin, body: Json<ApiKeyInput>) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let (town, by) = (admin.town_id, admin.principal.id);
    let issued = state.db.run(move |conn| svc::issue(conn, town, by, &body)).await?;
    Ok(HttpResponse::Created().json(issued))
}

/// Revokes a key at once: the app's next filing gets 403. Its requests keep its name.
#[utoipa::path(tag = "administration", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Key id")),
    responses((status = 200, description = "Revoked", body = ApiKey),
              (status = 404, description = "No such key in this town", body = Problem)))]
#[delete("/admin/towns/{town_id}/api-keys/{id}")]
pub async fn revoke(
    state: State,
    admin: TownAdmin,
    path: web::Path<(i64, i64)>,
) -> Result<web::Json<ApiKey>, ApiError> {
    let (town, id) = (admin.town_id, path.1);
    Ok(web::Json(state.db.run(move |conn| svc::revoke(conn, town, id)).await?))
}
