//! Which database a request reads from, when there are standbys (`db::replicas`): a
//! request that writes (any method but GET, HEAD and OPTIONS) reads from the primary, and
//! so does every request of its writer (the account, and the client's address) for the
//! moments a standby may lag behind (read-your-writes). The rest may read from a standby.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
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
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else { return next.call(req).await };
    let Some(replicas) = state.db.replicas() else { return next.call(req).await };
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // The reader: its account when it presents one, else its address.
    let reader = match super::extract::bearer(req.request()).and_then(|t| state.keys.verify(&t).ok()) {
        Some(account) => Writer::Account(account),
        None => Writer::Client(ClientAddr::of(req.request()).0),
    };
    let primary = writes || replicas.wrote_recently(std::slice::from_ref(&reader));
    let res = replicas::routed(primary, next.call(req)).await?;
    if writes && !res.status().is_client_error() && !res.status().is_server_error() {
        // The writer: the account the request was made by (a sign-in's too), else the address.
        let writer = match res.request().extensions().get::<UserId>().copied() {
            Some(UserId(id)) => Writer::Account(id),
            None => reader,
        };
        replicas.wrote(writer);
    }
    Ok(res)
}
