//! The client's address, for abuse limits: the peer's, or behind a configured reverse
//! proxy (`TRUSTED_PROXIES`) the last `X-Forwarded-For` entry no proxy of ours added.
//! A header from anyone else is ignored: a client cannot choose its own address.

use std::future::{Ready, ready};
use std::net::IpAddr;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use crate::error::ApiError;
use crate::state::AppState;

/// The address abuse limits count against.
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

/// The client of a request arriving from `peer` with these `X-Forwarded-For` values.
pub fn client_of(peer: Option<IpAddr>, forwarded: &[&str], proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = peer?;
    if !proxies.contains(&peer) {
        return Some(peer);
    }
    let hops: Vec<IpAddr> =
        forwarded.iter().flat_map(|v| v.split(',')).filter_map(|h| h.trim().parse::<IpAddr>().ok()).collect();
    // Right to left: each trusted proxy appended the address it received from.
    hops.into_iter().rev().find(|h| !proxies.contains(h)).or(Some(peer))
}

impl FromRequest for ClientAddr {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let proxies = req.app_data::<actix_web::web::Data<AppState>>().map(|s| s.settings.trusted_proxies.clone());
        let forwarded: Vec<&str> = req.headers().get_all("x-forwarded-for").filter_map(|v| v.to_str().ok()).collect();
        let peer = req.peer_addr().map(|a| a.ip());
        let client = client_of(peer, &forwarded, &proxies.unwrap_or_default());
        ready(Ok(Self(client.map_or_else(|| "unknown".into(), |ip| ip.to_string()))))
    }
}
