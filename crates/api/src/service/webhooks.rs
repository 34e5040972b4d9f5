//! Webhook endpoints: a town administrator registers one (its signing secret shown once,
//! kept sealed), changes or pauses it, reads its latest deliveries and sends one again.
//! What is delivered is written by `notify::hooks`; the worker sends it (`crate::hooks`).

use std::net::IpAddr;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use civis_domain::FieldIssue;
use civis_domain::wire::{RegisteredWebhook, WebhookDelivery, WebhookEndpoint, WebhookEndpointInput, WebhookEvent};
use diesel::PgConnection;
use rand::RngCore;

use crate::config::Settings;
use crate::db::webhooks::{self as db, DeliveryRow, EndpointRow, NewEndpoint};
use crate::error::ApiError;
use crate::secrets::Purpose;

/// An address a delivery must not reach unless the settings allow it: loopback, private,
/// link-local, shared (CGNAT), unspecified, broadcast or multicast, in IPv4 or IPv6
/// (an IPv4-mapped IPv6 address as its IPv4).
pub fn refused_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => {
            let [x, y, ..] = a.octets();
            a.is_private()
                || a.is_loopback()
                || a.is_link_local()
                || a.is_unspecified()
                || a.is_broadcast()
                || a.is_multicast()
                || x == 0
                || (x == 100 && (64..128).contains(&y))
        }
        IpAddr::V6(a) => {
            let first = a.segments()[0];
            a.to_ipv4_mapped().is_some_and(|v4| refused_address(IpAddr::V4(v4)))
                || a.is_loopback()
                || a.is_unspecified()
                || a.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// The address's rules: HTTPS (plain HTTP only where private addresses are allowed), a
/// host, no user or password, and not a refused address written as such or `localhost`.
/// A name is checked again at each delivery, on the addresses it resolves to then.
fn checked_url(settings: &Settings, url: &str) -> Result<url::Url, ApiError> {
    let bad = |code: &str| ApiError::field("url", code);
    let parsed = url::Url::parse(url.trim()).map_err(|_| bad("webhook_url_invalid"))?;
    let scheme_ok = parsed.scheme() == "https" || (settings.webhook_allow_private && parsed.scheme() == "http");
    if !scheme_ok || !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad("webhook_url_invalid"));
    }
    let private = match parsed.host() {
        None => return Err(bad("webhook_url_invalid")),
        Some(url::Host::Ipv4(a)) => refused_address(IpAddr::V4(a)),
        Some(url::Host::Ipv6(a)) => refused_address(IpAddr::V6(a)),
        Some(url::Host::Domain(d)) => {
            d.eq_ignore_ascii_case("localhost") || d.to_ascii_lowercase().ends_with(".localhost")
        }
    };
    if private && !settings.webhook_allow_private {
        return Err(bad("webhook_url_private"));
    }
    Ok(parsed)
}

fn events(input: &WebhookEndpointInput) -> Result<Vec<String>, ApiError> {
    let mut out: Vec<String> = Vec::new();
    for e in &input.events {
        if out.iter().any(|x| x == e.as_str()) {
            return Err(ApiError::Validation(vec![FieldIssue::new("events", "duplicate")]));
        }
        out.push(e.as_str().to_string());
    }
    Ok(out)
}

fn view(r: EndpointRow) -> WebhookEndpoint {
    WebhookEndpoint {
        id: r.id,
        url: r.url,
        description: r.description,
        events: r.events.iter().filter_map(|e| e.parse().ok()).collect(),
        active: r.active,
        disabled_reason: r.disabled_reason,
        created_at: r.created_at,
    }
}

/// Registers an endpoint: its `whsec_` secret (32 random bytes, base64) is in the answer,
/// and kept sealed under the town (it signs every delivery).
pub fn register(
    conn: &mut PgConnection,
    settings: &Settings,
    (town, by): (i64, i64),
    input: &WebhookEndpointInput,
) -> Result<RegisteredWebhook, ApiError> {
    let url = checked_url(settings, &input.url)?;
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let sealed = settings.secret.seal(Purpose::WebhookSecretSeal, &town.to_be_bytes(), &raw)?;
    let row = db::insert(
        conn,
        &NewEndpoint {
            municipality_id: town,
            url: url.as_str(),
            description: input.description.trim(),
            events: events(input)?,
            secret_sealed: &sealed,
            active: input.active.unwrap_or(true),
            created_by: Some(by),
        },
    )?;
    Ok(RegisteredWebhook { endpoint: view(row), secret: format!("whsec_{}", STANDARD.encode(raw)) })
}

/// The signing key of an endpoint of `town`.
pub fn signing_key(settings: &Settings, town: i64, sealed: &[u8]) -> Result<Vec<u8>, ApiError> {
    settings.secret.open(Purpose::WebhookSecretSeal, &town.to_be_bytes(), sealed)
}

pub fn list(conn: &mut PgConnection, town: i64) -> Result<Vec<WebhookEndpoint>, ApiError> {
    Ok(db::endpoints(conn, town)?.into_iter().map(view).collect())
}

/// Changes an endpoint (its secret stays); 404 for another town's.
pub fn replace(
    conn: &mut PgConnection,
    settings: &Settings,
    (town, id): (i64, i64),
    input: &WebhookEndpointInput,
) -> Result<WebhookEndpoint, ApiError> {
    let url = checked_url(settings, &input.url)?;
    let change = (url.as_str(), input.description.trim(), events(input)?, input.active.unwrap_or(true));
    db::replace(conn, town, id, change)?.map(view).ok_or(ApiError::NotFound)
}

fn delivery(r: DeliveryRow) -> Result<WebhookDelivery, ApiError> {
    Ok(WebhookDelivery {
        id: r.id,
        event: r.event.parse::<WebhookEvent>().map_err(|e| ApiError::caused("a delivery's event", e))?,
        message_id: r.message_id,
        request_id: r.request_id,
        status: r.status,
        attempts: r.attempts,
        created_at: r.created_at,
        last_attempt_at: r.last_attempt_at,
        last_status: r.last_status,
        last_error: r.last_error,
        delivered_at: r.delivered_at,
    })
}

/// An endpoint's latest 50 deliveries, newest first.
pub fn deliveries(conn: &mut PgConnection, town: i64, id: i64) -> Result<Vec<WebhookDelivery>, ApiError> {
    db::endpoint(conn, town, id)?.ok_or(ApiError::NotFound)?;
    db::deliveries(conn, id, 50)?.into_iter().map(delivery).collect()
}

/// Sends a delivery again (the same `webhook-id`: a receiver that had it ignores it).
pub fn resend(conn: &mut PgConnection, town: i64, (id, delivery_id): (i64, i64)) -> Result<WebhookDelivery, ApiError> {
    db::endpoint(conn, town, id)?.ok_or(ApiError::NotFound)?;
    delivery(db::resend(conn, id, delivery_id)?.ok_or(ApiError::NotFound)?)
}
