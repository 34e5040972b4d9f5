//! A town administrator reads the town and sets its options.

use actix_web::{get, put, web};
use civis_domain::wire::{Town, TownSettings};

use super::extract::TownAdmin;
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service;
use crate::state::State;

/// The town with its options and holidays.
#[utoipa::path(tag = "administration", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id")),
    responses(
        (status = 200, description = "The town", body = Town),
        (status = 403, description = "Not an administrator of this town", body = Problem),
        (status = 404, description = "No such town among the caller's", body = Problem),
    ))]
#[get("/admin/towns/{town_id}")]
pub async fn get_town(state: State, admin: TownAdmin) -> Result<web::Json<Town>, ApiError> {
    let town = admin.town_id;
    Ok(web::Json(state.db.run(move |conn| service::towns::get(conn, town)).await?))
}

/// Replaces the town's options: anonymous requests, reminders, numbering, business hours,
/// holidays and the sender of its emails.
#[utoipa::path(tag = "administration", security(("bearer" = [])), request_body = TownSettings,
    params(("town_id" = i64, Path, description = "Town id")),
    responses(
        (status = 200, description = "The town as saved", body = Town),
        (status = 422, description = "Invalid options", body = Problem),
    ))]
#[put("/admin/towns/{town_id}/settings")]
pub async fn put_settings(
    state: State,
    admin: TownAdmin,
    body: Json<TownSettings>,
) -> Result<web::Json<Town>, ApiError> {
    let body = valid(body)?;
    let town = admin.town_id;
    Ok(web::Json(state.db.run(move |conn| service::towns::put_settings(conn, town, &body)).await?))
}
