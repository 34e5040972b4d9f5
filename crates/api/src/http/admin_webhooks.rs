//! A town administrator's webhook endpoints and their deliveries.

use actix_web::{HttpResponse, get, post, put, web};
use civis_domain::wire::{RegisteredWebhook, WebhookDelivery, WebhookEndpoint, WebhookEndpointInput};

use super::extract::TownAdmin;
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service::webhooks as svc;
use crate::state::State;

/// The town's endpoints (never a secret: it was shown once).
#[utoipa::path(tag = "administration", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id")),
    responses((status = 200, description = "Endpoints", body = Vec<WebhookEndpoint>),
              (status = 404, description = "No such town among the caller's", body = Problem)))]
#[get("/admin/towns/{town_id}/webhooks")]
pub async fn list(state: State, admin: TownAdmin) -> Result<web::Json<Vec<WebhookEndpoint>>, ApiError> {
    let town = admin.town_id;
    Ok(web::Json(state.db.run(move |conn| svc::list(conn, town)).await?))
}

/// Registers an endpoint: the answer holds its signing secret (`whsec_…`), shown this once.
/// The address is HTTPS and not on a private, loopback or link-local network
/// (`webhook_url_invalid`, `webhook_url_private`).
#[utoipa::path(tag = "administration", security(("bearer" = [])), request_body = WebhookEndpointInput,
    params(("town_id" = i64, Path, description = "Town id")),
    responses((status = 201, description = "Registered", body = RegisteredWebhook),
              (status = 404, description = "No such town among the caller's", body = Problem),
              (status = 422, description = "Invalid fields", body = Problem)))]
#[post("/admin/towns/{town_id}/webhooks")]
pub async fn register(
    state: State,
    admin: TownAdmin,
    body: Json<WebhookEndpointInput>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let (town, by) = (admin.town_id, admin.principal.id);
    let st = state.clone();
    let done = state.db.run(move |conn| svc::register(conn, &st.settings, (town, by), &body)).await?;
    Ok(HttpResponse::Created().json(done))
}

/// Changes an endpoint's address, events or state (`active: false` pauses it; on again
/// resumes its deliveries in order). Its secret stays.
#[utoipa::path(tag = "administration", security(("bearer" = [])), request_body = WebhookEndpointInput,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Endpoint id")),
    responses((status = 200, description = "Saved", body = WebhookEndpoint),
              (status = 404, description = "No such endpoint in this town", body = Problem),
              (status = 422, description = "Invalid fields", body = Problem)))]
#[put("/admin/towns/{town_id}/webhooks/{id}")]
pub async fn replace(
    state: State,
    admin: TownAdmin,
    path: web::Path<(i64, i64)>,
    body: Json<WebhookEndpointInput>,
) -> Result<web::Json<WebhookEndpoint>, ApiError> {
    let body = valid(body)?;
    let (town, id) = (admin.town_id, path.1);
    let st = state.clone();
    Ok(web::Json(state.db.run(move |conn| svc::replace(conn, &st.settings, (town, id), &body)).await?))
}

/// An endpoint's latest 50 deliveries, newest first: event, status, tries, the receiver's
/// last answer.
#[utoipa::path(tag = "administration", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Endpoint id")),
    responses((status = 200, description = "Deliveries", body = Vec<WebhookDelivery>),
              (status = 404, description = "No such endpoint in this town", body = Problem)))]
#[get("/admin/towns/{town_id}/webhooks/{id}/deliveries")]
pub async fn deliveries(
    state: State,
    admin: TownAdmin,
    path: web::Path<(i64, i64)>,
) -> Result<web::Json<Vec<WebhookDelivery>>, ApiError> {
    let (town, id) = (admin.town_id, path.1);
    Ok(web::Json(state.db.run(move |conn| svc::deliveries(conn, town, id)).await?))
}

/// Sends a delivery again, now, under the same `webhook-id`.
#[utoipa::path(tag = "administration", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Endpoint id"),
           ("delivery" = i64, Path, description = "Delivery id")),
    responses((status = 200, description = "Pending again", body = WebhookDelivery),
              (status = 404, description = "No such delivery of this town's endpoint", body = Problem)))]
#[post("/admin/towns/{town_id}/webhooks/{id}/deliveries/{delivery}/resend")]
pub async fn resend(
    state: State,
    admin: TownAdmin,
    path: web::Path<(i64, i64, i64)>,
) -> Result<web::Json<WebhookDelivery>, ApiError> {
    let (town, id, delivery) = (admin.town_id, path.1, path.2);
    Ok(web::Json(state.db.run(move |conn| svc::resend(conn, town, (id, delivery))).await?))
}
