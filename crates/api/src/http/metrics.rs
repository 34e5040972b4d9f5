//! `GET /metrics` for whoever runs the server: the Prometheus text format, behind the
//! bearer token `METRICS_TOKEN` (the page does not exist without one). Not in the API
//! document: it is for the operators' scraper, not for integrators.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};

use crate::error::ApiError;
use crate::state::State;

pub async fn metrics(state: State, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let Some(expected) = state.settings.metrics_token.as_ref() else { return Err(ApiError::NotFound) };
    if !super::extract::presents(&req, Some(expected.as_str())) {
        return Err(ApiError::Unauthorized("unauthorized"));
    }
    let (outbox, jobs) =
        state.db.run(|conn| Ok((crate::db::metrics::outbox_state(conn)?, crate::db::metrics::job_runs(conn)?))).await?;
    // The pool is read after the scrape's own connection went back.
    let snap = crate::metrics::Snapshot {
        pool: state.db.pool_state(),
        outbox,
        jobs,
        hashers: state.hashers.stats(),
        reads: crate::metrics::Reads::of(state.db.replicas()),
    };
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(crate::metrics::render(&state.metrics, &snap)))
}
