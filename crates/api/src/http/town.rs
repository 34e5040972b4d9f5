//! What every staff member of a town reads to work its requests (the dashboard's names).

use actix_web::{get, web};
use civis_domain::wire::Department;

use crate::auth::Authenticated;
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
