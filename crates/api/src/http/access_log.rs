//! One log line per request, with what whoever runs the server needs and nothing of the
//! people behind it: the request id, method, route pattern (`/api/v1/towns/{town_id}/…`,
//! never the address with its values or query), status, latency and the signed-in
//! account's id. `LOG_FORMAT=json` writes it as one JSON object per line. The same
//! measure feeds `/metrics`.

use std::time::Instant;

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

/// The account a request was made by, noted by the authentication extractors.
#[derive(Debug, Clone, Copy)]
pub struct UserId(pub i64);

/// The middleware (`middleware::from_fn`).
pub async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().to_string();
    let request_id = req.extensions().get::<tracing_actix_web::RequestId>().map(|id| id.to_string());
    let res = next.call(req).await?;
    let route = res.request().match_pattern().unwrap_or_else(|| "(unmatched)".into());
    let user_id = res.request().extensions().get::<UserId>().map(|u| u.0);
    let status = res.status().as_u16();
    let seconds = started.elapsed().as_secs_f64();
    let latency_ms = seconds * 1000.0;
    if let Some(state) = res.request().app_data::<actix_web::web::Data<crate::state::AppState>>() {
        state.metrics.record(&route, &method, status, seconds);
    }
    tracing::info!(
        target: "civis::http",
        request_id = request_id.as_deref().unwrap_or(""),
        method = %method,
        route = %route,
        status,
        latency_ms = (latency_ms * 10.0).round() / 10.0,
        user_id,
        "request"
    );
    Ok(res)
}

/// The span each request runs in: its id, method and route pattern only (the default one
/// of `tracing-actix-web` also keeps the address with its query, the client's address and
/// user agent, which may name a person).
pub struct QuietSpan;

impl tracing_actix_web::RootSpanBuilder for QuietSpan {
    fn on_request_start(request: &ServiceRequest) -> tracing::Span {
        let id = request.extensions().get::<tracing_actix_web::RequestId>().map(|i| i.to_string()).unwrap_or_default();
        let route = request.match_pattern().unwrap_or_else(|| "(unmatched)".into());
        tracing::info_span!("request", request_id = %id, method = %request.method(), route = %route)
    }

    fn on_request_end<B: MessageBody>(_span: tracing::Span, _outcome: &Result<ServiceResponse<B>, actix_web::Error>) {}
}
