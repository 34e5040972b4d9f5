//! The client's address, for abuse limits: the peer's, or behind a configured reverse
//! proxy (`TRUSTED_PROXIES`: addresses or networks in CIDR) the last `X-Forwarded-For`
//! entry no proxy of ours added; an IPv6 client counts by its /64.
//! A header from anyone else is ignored: a client cannot choose its own address.

use std::future::{Ready, ready};
use std::net::IpAddr;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use crate::error::ApiError;
use crate::state::AppState;

/// The address abuse limits count against: an IPv4 address whole, an IPv6 address by its
/// /64 (one subscriber's network: a client rotates through its /64 at will).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

/// The key of a client's address (see `ClientAddr`).
pub fn client_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => ipnet::Ipv6Net::new(v6, 64).map_or_else(|_| v6.to_string(), |n| n.trunc().to_string()),
        },
    }
}

/// One `X-Forwarded-For` hop: an address, with or without a port (`203.0.113.7:5123`,
/// `[2001:db8::7]:443`).
fn hop(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    s.parse::<IpAddr>().ok().or_else(|| s.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
}

/// The client of a request arriving from `peer` with these `X-Forwarded-For` values, our
/// proxies being the networks `proxies` lists.
pub fn client_of(peer: Option<IpAddr>, forwarded: &[&str], proxies: &[ipnet::IpNet]) -> Option<IpAddr> {
    let peer = peer?;
    let trusted = |ip: &IpAddr| proxies.iter().any(|n| n.contains(ip));
    if !trusted(&peer) {
        return Some(peer);
    }
    // Right to left: each trusted proxy appended the address it received from. A hop that
    // is not an address ends the walk at the last proxy: what lies left of it is anyone's.
    let mut last = peer;
    for h in forwarded.iter().flat_map(|v| v.split(',')).collect::<Vec<_>>().into_iter().rev() {
        match hop(h) {
            Some(ip) if trusted(&ip) => last = ip,
            Some(ip) => return Some(ip),
            None => return Some(last),
        }
    }
    Some(last)
}

impl ClientAddr {
    /// The client of a request.
    pub fn of(req: &HttpRequest) -> Self {
        let proxies = req.app_data::<actix_web::web::Data<AppState>>().map(|s| s.settings.trusted_proxies.clone());
        let forwarded: Vec<&str> = req.headers().get_all("x-forwarded-for").filter_map(|v| v.to_str().ok()).collect();
        let peer = req.peer_addr().map(|a| a.ip());
        let client = client_of(peer, &forwarded, &proxies.unwrap_or_default());
        Self(client.map_or_else(|| "unknown".into(), client_key))
    }
}

impl FromRequest for ClientAddr {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Self::of(req)))
    }
}
