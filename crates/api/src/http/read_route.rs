//! Which database a request reads from, when there are standbys (`db::replicas`): a
//! request that writes (any method but GET, HEAD and OPTIONS) reads from the primary, and
//! so does every request of its writer (the account, and the client's address) for the
//! moments a standby may lag behind (read-your-writes). The rest may read from a standby.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::{HttpMessage, web};

use super::access_log::UserId;
use super::client::ClientAddr;
use crate::db::replicas::{self, Writer};
use crate::state::AppState;

/// The middleware (`middleware::from_fn`).
pub async fn route_reads(
    req: ServiceRequest,
    next: actix_web::middleware::Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let Some(state) = state.filter(|s| s.db.replicas().is_some()) else { return next.call(req).await };
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // The reader: its account when it presents one, else its address.
    let bearer =
        req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let reader = match bearer.and_then(|t| state.keys.verify(t.trim()).ok()) {
        Some(account) => Writer::Account(account),
        None => Writer::Client(ClientAddr::of(req.request()).0),
    };
    let replicas = state.db.replicas();
    let primary = writes || replicas.is_some_and(|r| r.wrote_recently(std::slice::from_ref(&reader)));
    let res = replicas::routed(primary, next.call(req)).await?;
    if writes && !res.status().is_client_error() && !res.status().is_server_error() {
        // The writer: the account the request was made by (a sign-in's too), else the address.
        let writer = match res.request().extensions().get::<UserId>().copied() {
            Some(UserId(id)) => Writer::Account(id),
            None => reader,
        };
        if let Some(r) = replicas {
            r.wrote(writer);
        }
    }
    Ok(res)
}
