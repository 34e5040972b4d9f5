//! Webhooks end to end: a receiver on loopback verifies every delivery's signature with an
//! implementation written from the Standard Webhooks specification (not the server's);
//! while it is stopped nothing is lost: once back, every event arrives, once per
//! `webhook-id`, in the order of its request's changes. Bodies name no one. Another town's
//! administrator reaches neither the endpoint nor its deliveries.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::helpers::*;

/// What the receiver kept of one delivery: its id, its body, whether its signature held.
#[derive(Clone, Debug)]
struct Received {
    id: String,
    body: Value,
    signed: bool,
}

/// Standard Webhooks, "Verifying webhook authenticity": the secret is the base64 after
/// `whsec_`; the signed content is `id.timestamp.body`; the header lists space-separated
/// `v1,<base64 HMAC-SHA256>` signatures, any of which may match; the timestamp is within
/// five minutes of now.
fn verify(secret: &str, req: &HttpRequest, body: &[u8]) -> bool {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let (id, timestamp, signatures) = (header("webhook-id"), header("webhook-timestamp"), header("webhook-signature"));
    let Ok(key) = STANDARD.decode(secret.trim_start_matches("whsec_")) else { return false };
    let Ok(ts) = timestamp.parse::<i64>() else { return false };
    if (chrono::Utc::now().timestamp() - ts).abs() > 300 {
        return false;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("key");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    let expected = STANDARD.encode(mac.finalize().into_bytes());
    signatures.split(' ').filter_map(|s| s.strip_prefix("v1,")).any(|s| s == expected)
}

/// A receiver on a fixed port: start it, stop it, start it again on the same port.
struct Receiver {
    port: u16,
    secret: Arc<Mutex<String>>,
    got: Arc<Mutex<Vec<Received>>>,
    handle: Option<actix_web::dev::ServerHandle>,
}

impl Receiver {
    fn new() -> Self {
        let port = free_port();
        Self { port, secret: Arc::default(), got: Arc::default(), handle: None }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hook", self.port)
    }

    fn start(&mut self) {
        let (secret, got) = (self.secret.clone(), self.got.clone());
        let server = HttpServer::new(move || {
            let (secret, got) = (secret.clone(), got.clone());
            App::new().route(
                "/hook",
                web::post().to(move |req: HttpRequest, body: web::Bytes| {
                    let (secret, got) = (secret.clone(), got.clone());
                    async move {
                        let signed = verify(&secret.lock().expect("secret"), &req, &body);
                        let id = req.headers().get("webhook-id").and_then(|v| v.to_str().ok()).unwrap_or("").into();
                        let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
                        got.lock().expect("got").push(Received { id, body, signed });
                        HttpResponse::NoContent().finish()
                    }
                }),
            )
        })
        .workers(1)
        .bind(("127.0.0.1", self.port))
        .expect("bind the receiver")
        .run();
        self.handle = Some(server.handle());
        actix_web::rt::spawn(server);
    }

    async fn stop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.stop(false).await;
        }
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().expect("got").clone()
    }
}

/// The server with deliveries allowed on loopback and quick retries, and its sender.
async fn app_with_sender() -> (TestApp, Arc<AtomicBool>) {
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let mut s = settings(&db);
    s.webhook_allow_private = true;
    s.webhook_retry = [0.2, 0.3, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0].map(Duration::from_secs_f64).to_vec();
    let stop = Arc::new(AtomicBool::new(false));
    let (sender, flag) = (s.clone(), stop.clone());
    std::thread::spawn(move || civis_api::hooks::run(&sender, flag));
    (TestApp::spawn_with(s).await, stop)
}

async fn wait_for(receiver: &Receiver, count: usize) -> Vec<Received> {
    for _ in 0..300 {
        let got = receiver.received();
        if got.len() >= count {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{count} deliveries expected, got {:?}", receiver.received());
}

#[actix_web::test]
async fn every_event_arrives_signed_once_and_in_order_even_across_a_stop() {
    let (app, stop) = app_with_sender().await;
    let demo = Demo::load(&app).await;
    let mut receiver = Receiver::new();
    receiver.start();
    let admin = app.staff(ADMIN).await;
    let hooks = format!("/api/v1/admin/towns/{}/webhooks", demo.town);
    let all = json!(["request.created", "request.status_changed", "request.followup_added", "request.closed"]);
    let (status, registered) = app
        .post(&hooks, Some(&admin), json!({"url": receiver.url(), "description": "Bons de travail", "events": all}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{registered}");
    *receiver.secret.lock().expect("secret") = registered["secret"].as_str().expect("secret").into();

    // A filing, then the clerk's first action (in progress) and an external follow-up.
    let clerk = app.staff(CLERK).await;
    let first = app.file(&demo, None, demo.pothole_body("Nid-de-poule rue des Érables")).await;
    let id = first["id"].clone();
    let sent = json!({"kind": "external", "body": "Une équipe passera cette semaine."});
    let (status, _) = app.post(&format!("{}/followups", demo.request(&id)), Some(&clerk), sent).await;
    assert_eq!(status, StatusCode::CREATED);
    wait_for(&receiver, 3).await;

    // The receiver goes away; the town goes on: a second request, and the first closed.
    receiver.stop().await;
    let second = app.file(&demo, None, demo.pothole_body("Lampadaire éteint rue Principale")).await;
    let close = json!({"action": "close_processed", "closure": {"resolution": "Traitée", "intervention_code": "238 – Demande complétée", "performed_date": "2026-11-02", "message_to_requester": "Réparé."}});
    let (status, body) = app.post(&format!("{}/transitions", demo.request(&id)), Some(&clerk), close).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(receiver.received().len(), 3, "nothing arrives while it is stopped");
    receiver.start();
    let got = wait_for(&receiver, 6).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let got = if receiver.received().len() > got.len() { receiver.received() } else { got };
    stop.store(true, Ordering::Relaxed);

    assert!(got.iter().all(|r| r.signed), "every signature holds: {got:?}");
    let mut ids: Vec<&str> = got.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), got.len(), "once per webhook-id: {got:?}");
    let of = |request: &Value| -> Vec<String> {
        got.iter()
            .filter(|r| r.body["data"]["request"]["id"] == *request)
            .map(|r| r.body["type"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    // In the order the changes were written: the follow-up, then the status it moved.
    let first_order = [
        "request.created",
        "request.followup_added",
        "request.status_changed",
        "request.status_changed",
        "request.closed",
    ];
    assert_eq!(of(&id), first_order, "{got:?}");
    assert_eq!(of(&second["id"]), ["request.created"]);
    let text = serde_json::to_string(&got.iter().map(|r| &r.body).collect::<Vec<_>>()).expect("json");
    for personal in ["Tremblay", "jeanne@example.com", "555-0101", "Érables"] {
        assert!(!text.contains(personal), "a delivery names {personal}: {text}");
    }
    // The administrator reads the deliveries, all delivered; another town's does not.
    let endpoint = registered["endpoint"]["id"].as_i64().expect("id");
    let (_, list) = app.get(&format!("{hooks}/{endpoint}/deliveries"), Some(&admin)).await;
    let list = list.as_array().expect("deliveries").clone();
    assert_eq!(list.len(), got.len());
    assert!(list.iter().all(|d| d["status"] == "delivered"), "{list:?}");
    assert!(list.iter().any(|d| d["attempts"].as_i64() > Some(1)), "some were tried again: {list:?}");
    let foreign = app.staff("admin@saint-exemple.civis.demo").await;
    let (status, _) = app.get(&format!("{hooks}/{endpoint}/deliveries"), Some(&foreign)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let other = app.town_id("saint-exemple").await;
    let (status, _) =
        app.get(&format!("/api/v1/admin/towns/{other}/webhooks/{endpoint}/deliveries"), Some(&foreign)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn an_endpoint_that_keeps_failing_is_disabled_and_its_administrators_told_then_resent() {
    let (app, stop) = app_with_sender().await;
    let demo = Demo::load(&app).await;
    let mut receiver = Receiver::new();
    let admin = app.staff(ADMIN).await;
    let hooks = format!("/api/v1/admin/towns/{}/webhooks", demo.town);
    let (status, registered) =
        app.post(&hooks, Some(&admin), json!({"url": receiver.url(), "events": ["request.created"]})).await;
    assert_eq!(status, StatusCode::CREATED, "{registered}");
    *receiver.secret.lock().expect("secret") = registered["secret"].as_str().expect("secret").into();
    let endpoint = registered["endpoint"]["id"].as_i64().expect("id");
    app.file(&demo, None, demo.pothole_body("Nid-de-poule")).await;
    // No receiver: every try fails (8 pauses, about 5 s), then the endpoint is off.
    let mut listed = json!([]);
    for _ in 0..150 {
        let status;
        (status, listed) = app.get(&hooks, Some(&admin)).await;
        assert_eq!(status, StatusCode::OK, "{listed}");
        if listed[0]["active"] == false {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(listed[0]["active"], false, "{listed}");
    assert!(listed[0]["disabled_reason"].as_str().is_some_and(|r| r.contains("failed")), "{listed}");
    let (_, outbox) = app.get(&format!("/api/v1/admin/towns/{}/outbox?status=pending", demo.town), Some(&admin)).await;
    assert!(outbox.to_string().contains("webhook_disabled"), "{outbox}");
    // Back on, sent again by hand: it arrives under the same id.
    receiver.start();
    let (_, deliveries) = app.get(&format!("{hooks}/{endpoint}/deliveries"), Some(&admin)).await;
    assert_eq!(deliveries[0]["status"], "failed");
    let put = json!({"url": receiver.url(), "events": ["request.created"], "active": true});
    assert_eq!(app.put(&format!("{hooks}/{endpoint}"), Some(&admin), put).await.0, StatusCode::OK);
    let resend = format!("{hooks}/{endpoint}/deliveries/{}/resend", deliveries[0]["id"]);
    let (status, again) = app.post(&resend, Some(&admin), json!({})).await;
    assert_eq!((status, again["status"].as_str()), (StatusCode::OK, Some("pending")), "{again}");
    let got = wait_for(&receiver, 1).await;
    stop.store(true, Ordering::Relaxed);
    assert_eq!(got[0].id, deliveries[0]["message_id"].as_str().unwrap_or_default());
    assert!(got[0].signed);
}

#[actix_web::test]
async fn an_address_on_a_private_network_is_refused_where_the_settings_do_not_allow_it() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let admin = app.staff(ADMIN).await;
    let hooks = format!("/api/v1/admin/towns/{}/webhooks", demo.town);
    for (url, code) in [
        ("http://hooks.example.org/x", "webhook_url_invalid"),
        ("https://127.0.0.1/x", "webhook_url_private"),
        ("https://10.1.2.3/x", "webhook_url_private"),
        ("https://[::1]/x", "webhook_url_private"),
        ("https://169.254.169.254/latest/meta-data", "webhook_url_private"),
        ("https://localhost:8080/x", "webhook_url_private"),
        ("https://user:pw@hooks.example.org/x", "webhook_url_invalid"),
    ] {
        let (status, body) = app.post(&hooks, Some(&admin), json!({"url": url, "events": ["request.created"]})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {body}");
        assert_eq!(body["errors"][0]["code"], code, "{url}");
    }
    let (status, body) = app
        .post(&hooks, Some(&admin), json!({"url": "https://hooks.example.org/civis", "events": ["request.closed"]}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(body["secret"].as_str().is_some_and(|s| s.starts_with("whsec_")));
    let (_, listed) = app.get(&hooks, Some(&admin)).await;
    assert!(!listed.to_string().contains("whsec_"), "the secret is shown once");
}
