//! A town administrator follows the delivery of the town's emails.

use actix_web::{get, post, web};
use civis_domain::wire::{OutboxMessage, OutboxStatus};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::TownAdmin;
use crate::error::{ApiError, Problem};
use crate::service;
use crate::state::State;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// `failed` (default), `pending` or `sent`.
    status: Option<OutboxStatus>,
}

/// The town's emails in one status, newest first (at most 200).
#[utoipa::path(tag = "administration", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), OutboxQuery),
    responses((status = 200, description = "Emails", body = Vec<OutboxMessage>),
              (status = 404, description = "No such town among the caller's", body = Problem)))]
#[get("/admin/towns/{town_id}/outbox")]
pub async fn list(
    state: State,
    admin: TownAdmin,
    query: web::Query<OutboxQuery>,
) -> Result<web::Json<Vec<OutboxMessage>>, ApiError> {
    let town = admin.town_id;
    let status = query.into_inner().status.unwrap_or_default();
    Ok(web::Json(state.db.run(move |conn| service::outbox::list(conn, town, status)).await?))
}

/// Sends a failed email again (the same message, the same Message-ID).
#[utoipa::path(tag = "administration", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Email id")),
    responses((status = 200, description = "Back in line", body = OutboxMessage),
              (status = 404, description = "No such email in this town", body = Problem),
              (status = 409, description = "Not failed", body = Problem)))]
#[post("/admin/towns/{town_id}/outbox/{id}/retry")]
pub async fn retry(
    state: State,
    admin: TownAdmin,
    path: web::Path<(i64, i64)>,
) -> Result<web::Json<OutboxMessage>, ApiError> {
    let town = admin.town_id;
    let (_, id) = path.into_inner();
    Ok(web::Json(state.db.run(move |conn| service::outbox::retry(conn, town, id)).await?))
}
