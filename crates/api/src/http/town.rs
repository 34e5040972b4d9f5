//! What every staff member of a town reads to work its requests (the dashboard's names),
//! and the monthly lists an elected official reads on their home page.

use actix_web::{get, web};
use civis_domain::wire::{Department, MonthlyLists};

use super::extract::Authenticated;
use crate::error::{ApiError, Problem};
use crate::service;
use crate::state::State;

/// The town's departments (active and retired), for the dashboard's filter and columns.
#[utoipa::path(tag = "requests", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id")),
    responses(
        (status = 200, description = "The departments", body = Vec<Department>),
        (status = 404, description = "Not a town of the caller", body = Problem)))]
#[get("/towns/{town_id}/departments")]
pub async fn departments(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
) -> Result<web::Json<Vec<Department>>, ApiError> {
    let town = path.into_inner();
    auth.0.town_roles(town)?;
    Ok(web::Json(state.db.run(move |conn| service::departments::list(conn, town)).await?))
}

/// The requests not completed and those completed last month, as the elected officials'
/// monthly email lists them (no description, address or person; complaints as counts
/// for roles that do not read them).
#[utoipa::path(tag = "requests", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id")),
    responses(
        (status = 200, description = "The lists", body = MonthlyLists),
        (status = 403, description = "The caller's roles do not read requests", body = Problem),
        (status = 404, description = "Not a town of the caller", body = Problem)))]
#[get("/towns/{town_id}/monthly-lists")]
pub async fn monthly_lists(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
) -> Result<web::Json<MonthlyLists>, ApiError> {
    let town = path.into_inner();
    Ok(web::Json(state.db.run(move |conn| service::monthly::lists(conn, &auth.0, town)).await?))
}
