//! Liveness and readiness probes.

use actix_web::{HttpResponse, get};

use crate::error::{ApiError, Problem};
use crate::state::State;

/// The process is up.
#[utoipa::path(tag = "health", responses((status = 200, description = "Up")))]
#[get("/health")]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// The database answers.
#[utoipa::path(tag = "health", responses(
    (status = 200, description = "Ready"),
    (status = 503, description = "Database unreachable; see Retry-After", body = Problem),
))]
#[get("/ready")]
pub async fn ready(state: State) -> Result<HttpResponse, ApiError> {
    state.db.run(|conn| crate::db::ping(conn).map_err(|_| ApiError::Unavailable)).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "status": "ready" })))
}
