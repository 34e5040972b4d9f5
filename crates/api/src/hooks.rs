//! Sends webhook deliveries, signed as the Standard Webhooks specification says
//! (<https://www.standardwebhooks.com/>): `webhook-id` (the same on every try),
//! `webhook-timestamp` (this try's, Unix seconds) and `webhook-signature`
//! (`v1,` + base64 of HMAC-SHA256 over `id.timestamp.body` with the endpoint's secret).
//! A 2xx is delivered; anything else is tried again after the settings' pauses (more than a
//! day in all), then the delivery fails and its endpoint is disabled, its town
//! administrators emailed. A request's deliveries to one endpoint go one after the other,
//! in the order of their changes (`db::webhooks::claim`). Addresses are resolved at each
//! try and one on a private, loopback or link-local network is refused (DNS rebinding
//! included) unless the settings allow it; redirects are not followed.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use diesel::prelude::*;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::config::Settings;
use crate::db::webhooks::{self as db, Due, Outcome};
use crate::service::webhooks::{refused_address, signing_key};

/// Deliveries sent at once by one worker.
const BATCH: i64 = 32;
/// How long one try may take.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How often an idle sender looks for deliveries (a change is sent within about this).
const POLL: Duration = Duration::from_millis(100);

/// The Standard Webhooks signature of a body.
pub fn signature(key: &[u8], id: &str, timestamp: i64, body: &str) -> String {
    // HMAC takes a key of any length: this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("hmac key");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// Resolves names to the addresses a delivery may reach.
struct Guarded {
    allow_private: bool,
}

impl reqwest::dns::Resolve for Guarded {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow = self.allow_private;
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found.into_iter().filter(|a| allow || !refused_address(a.ip())).collect();
            if allowed.is_empty() {
                return Err("the address is on a private, loopback or link-local network".into());
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The client every delivery goes through.
fn client(settings: &Settings) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .dns_resolver(Arc::new(Guarded { allow_private: settings.webhook_allow_private }))
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .user_agent("Civis-Webhooks/1")
        .build()?)
}

/// One try: the receiver's status, or why there is none.
async fn send(client: &reqwest::Client, settings: &Settings, due: &Due) -> Result<u16, String> {
    let url = url::Url::parse(&due.url).map_err(|e| e.to_string())?;
    // A literal address is not resolved: its rule is checked here.
    if let Some(ip) = url.host_str().and_then(|h| h.trim_matches(['[', ']']).parse::<IpAddr>().ok())
        && refused_address(ip)
        && !settings.webhook_allow_private
    {
        return Err("the address is on a private, loopback or link-local network".into());
    }
    let key = signing_key(settings, due.municipality_id, &due.secret_sealed).map_err(|e| e.to_string())?;
    let body = due.payload.to_string();
    let timestamp = crate::clock::unix();
    let res = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &due.message_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature(&key, &due.message_id, timestamp, &body))
        .body(body)
        .send()
        .await
        .map_err(|e| format!("{e}"))?;
    Ok(res.status().as_u16())
}

/// Records a try; a last failure disables the endpoint and emails its town administrators,
/// all in one transaction (no disabled endpoint without its notice).
fn record(conn: &mut PgConnection, settings: &Settings, due: &Due, tried: Result<u16, String>) -> QueryResult<()> {
    conn.transaction(|conn| record_in(conn, settings, due, tried))
}

fn record_in(conn: &mut PgConnection, settings: &Settings, due: &Due, tried: Result<u16, String>) -> QueryResult<()> {
    let status = tried.as_ref().ok().map(|s| i32::from(*s));
    if let Ok(code @ 200..=299) = tried {
        return db::record(conn, due.id, Outcome::Delivered(i32::from(code)));
    }
    let error = match &tried {
        Ok(code) => format!("HTTP {code}"),
        Err(e) => e.chars().take(500).collect(),
    };
    let pause = usize::try_from(due.attempts).ok().and_then(|n| settings.webhook_retry.get(n));
    let next = pause.and_then(|p| chrono::Duration::from_std(*p).ok()).map(|p| crate::clock::now() + p);
    db::record(conn, due.id, Outcome::Retry { status, error: &error, next })?;
    if next.is_none() {
        tracing::warn!(endpoint = due.endpoint_id, "webhook endpoint disabled after its last try failed");
        db::disable(conn, due.endpoint_id, &format!("Every try of a delivery failed (last: {error})"))?;
        let admins = db::admins_of(conn, due.municipality_id)?;
        let link = format!("{}/staff/{}/admin", settings.public_url.trim_end_matches('/'), due.municipality_id);
        for (email, language) in admins {
            let mail = crate::outbox::account_mail::AccountMail { first_name: String::new(), link: Some(link.clone()) };
            let payload = crate::outbox::mail::payload_of(&mail);
            let dedup = format!("{}:{}", due.endpoint_id, due.id);
            let about = crate::service::notify::Subject { town: due.municipality_id, request: None };
            let kind = crate::outbox::Kind::WebhookDisabled;
            crate::service::notify::enqueue(conn, about, kind, &email, &language, &payload, dedup)
                .map_err(|e| diesel::result::Error::QueryBuilderError(e.to_string().into()))?;
        }
    }
    Ok(())
}

/// Tries sent whose record has not reached the database yet: kept across a reconnection
/// (a failover), recorded before anything is claimed again, so no delivery goes twice.
type Unrecorded = Vec<(Due, Result<u16, String>)>;

fn record_all(conn: &mut PgConnection, settings: &Settings, unrecorded: &mut Unrecorded) -> QueryResult<()> {
    while let Some((d, tried)) = unrecorded.last() {
        record(conn, settings, d, tried.clone())?;
        unrecorded.pop();
    }
    Ok(())
}

/// Claims what is due, sends it all at once, records each try. Whether anything was due.
async fn round(
    conn: &mut PgConnection,
    settings: &Settings,
    client: &reqwest::Client,
    unrecorded: &mut Unrecorded,
) -> QueryResult<bool> {
    record_all(conn, settings, unrecorded)?;
    let lease = i64::try_from(TIMEOUT.as_secs()).unwrap_or(10) + 20;
    let due = db::claim(conn, BATCH, lease)?;
    if due.is_empty() {
        return Ok(false);
    }
    let tries = futures_util::future::join_all(due.iter().map(|d| send(client, settings, d))).await;
    // Recorded in the order claimed (`record_all` takes from the end).
    unrecorded.extend(due.into_iter().zip(tries).rev());
    record_all(conn, settings, unrecorded)?;
    Ok(true)
}

/// The sender, until `stop` is set (the worker runs it beside the emails; tests too).
pub fn run(settings: &Settings, stop: Arc<AtomicBool>) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let client = client(settings)?;
    let stopped = || stop.load(Ordering::Relaxed);
    let mut unrecorded = Unrecorded::new();
    runtime.block_on(async {
        while !stopped() {
            let mut conn = match PgConnection::establish(&settings.database_url) {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(error = %e, "webhooks: cannot connect to the database");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    continue;
                }
            };
            while !stopped() {
                match round(&mut conn, settings, &client, &mut unrecorded).await {
                    Ok(true) => {}
                    Ok(false) => tokio::time::sleep(POLL).await,
                    Err(e) => {
                        tracing::warn!(error = %e, "webhooks: database error, reconnecting");
                        break;
                    }
                }
            }
        }
    });
    Ok(())
}
