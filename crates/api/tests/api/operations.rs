//! Stopping cleanly: on SIGTERM the server finishes the request in flight and the worker
//! the email it is sending, then both exit.

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

use crate::helpers::*;

fn sigterm(child: &Child) {
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(status.success());
}

/// Waits for the process to exit; its status, or `None` after `within`.
fn exited(child: &mut Child, within: Duration) -> Option<std::process::ExitStatus> {
    let until = Instant::now() + within;
    while Instant::now() < until {
        if let Some(s) = child.try_wait().expect("wait") {
            return Some(s);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

/// `civis serve` on a fresh database and a free port, once it answers; with `json_logs`
/// its log (stdout) is JSON and kept for the test.
async fn serve(json_logs: bool) -> (Child, String, String) {
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let bind = format!("127.0.0.1:{}", free_port());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_civis"));
    cmd.arg("serve").env("DATABASE_URL", &db).env("JWT_SECRET", SECRET).env("BIND", &bind).env("WEB_DIR", "");
    if json_logs {
        cmd.env("LOG_FORMAT", "json").env("RUST_LOG", "info").stdout(std::process::Stdio::piped());
    } else {
        cmd.env("RUST_LOG", "warn");
    }
    let server = cmd.spawn().expect("serve");
    let until = Instant::now() + Duration::from_secs(20);
    while reqwest::get(format!("http://{bind}/health")).await.is_err() && Instant::now() < until {
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    (server, db, bind)
}

#[actix_web::test]
async fn sigterm_lets_the_request_in_flight_finish() {
    let (mut server, _, bind) = serve(false).await;
    // Half a sign-in is sent, then the server is told to stop, then the rest follows.
    let body = format!(r#"{{"email":"{CLERK}","password":"{PASSWORD}"}}"#);
    let mut s = tokio::net::TcpStream::connect(&bind).await.expect("connect");
    let head = format!(
        "POST /api/v1/auth/staff/sign-in HTTP/1.1\r\nHost: {bind}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.expect("head");
    s.write_all(&body.as_bytes()[..10]).await.expect("first half");
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    sigterm(&server);
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    s.write_all(&body.as_bytes()[10..]).await.expect("second half");
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_string(&mut answer)).await.expect("in time").expect("read");
    assert!(answer.starts_with("HTTP/1.1 200"), "the request in flight completes: {answer}");
    assert!(answer.contains("access_token"));
    let status = actix_web::web::block(move || exited(&mut server, Duration::from_secs(20))).await.expect("block");
    assert!(status.is_some(), "the server exits once done");
}

/// An SMTP server that takes `delay` to accept each message; it counts what it accepted.
async fn slow_smtp(
    listener: tokio::net::TcpListener,
    delay: Duration,
    accepted: std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    while let Ok((stream, _)) = listener.accept().await {
        let accepted = accepted.clone();
        tokio::spawn(async move {
            let (r, mut w) = stream.into_split();
            let mut lines = BufReader::new(r).lines();
            let _ = w.write_all(b"220 slow.example ESMTP\r\n").await;
            let mut in_data = false;
            while let Ok(Some(line)) = lines.next_line().await {
                let reply: &[u8] = if in_data {
                    if line != "." {
                        continue;
                    }
                    in_data = false;
                    tokio::time::sleep(delay).await;
                    accepted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    b"250 queued\r\n"
                } else {
                    match line.get(..4).unwrap_or("").to_ascii_uppercase().as_str() {
                        "EHLO" | "HELO" => b"250 slow.example\r\n",
                        "DATA" => {
                            in_data = true;
                            b"354 go on\r\n"
                        }
                        "QUIT" => b"221 bye\r\n",
                        _ => b"250 ok\r\n",
                    }
                };
                if w.write_all(reply).await.is_err() {
                    break;
                }
            }
        });
    }
}

#[test]
fn sigterm_lets_the_worker_finish_the_email_it_is_sending() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("smtp");
    let port = listener.local_addr().expect("addr").port();
    rt.spawn(slow_smtp(listener, Duration::from_millis(1500), accepted.clone()));
    let db = fresh_database();
    // One email waiting (a receipt), written as filing would.
    use diesel::connection::SimpleConnection;
    let mut conn = <diesel::PgConnection as diesel::Connection>::establish(&db).expect("connect");
    conn.batch_execute(
        "INSERT INTO outbox (municipality_id, kind, recipient, language, payload, dedup_key, message_id)
         SELECT id, 'password_changed', 'lent@example.com', 'fr', '{\"first_name\": \"Léo\", \"link\": null}', 'slow:1', 'slow1@civis'
         FROM municipalities LIMIT 1",
    )
    .expect("an email");
    let mut worker = Command::new(env!("CARGO_BIN_EXE_civis"))
        .arg("worker")
        .env("DATABASE_URL", &db)
        .env("JWT_SECRET", SECRET)
        .env("SMTP_URL", format!("smtp://127.0.0.1:{port}"))
        .env("OUTBOX_POLL_MS", "100")
        .env("JOBS_INTERVAL_SECS", "86400")
        .env("RUST_LOG", "warn")
        .spawn()
        .expect("worker");
    // The worker is in the middle of the SMTP exchange (the server takes 1.5 s to accept).
    std::thread::sleep(Duration::from_millis(900));
    sigterm(&worker);
    let status = exited(&mut worker, Duration::from_secs(20)).expect("the worker exits");
    assert!(status.success(), "{status:?}");
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1, "the email went out");
    #[derive(diesel::QueryableByName)]
    struct S {
        #[diesel(sql_type = diesel::sql_types::Text)]
        status: String,
    }
    use diesel::RunQueryDsl;
    let row: S =
        diesel::sql_query("SELECT status FROM outbox WHERE dedup_key = 'slow:1'").get_result(&mut conn).expect("row");
    assert_eq!(row.status, "sent", "and is recorded as sent");
}

#[actix_web::test]
async fn json_logs_name_requests_and_no_one() {
    let (server, db, bind) = serve(true).await;
    let app = TestApp { base: format!("http://{bind}"), client: reqwest::Client::new(), db_url: db };
    let demo = Demo::load(&app).await;
    let (email, phone) = ("journal.temoin@example.org", "450 555-0199");
    let mut body = demo.pothole_body("Trou devant chez moi");
    body["requester"]["email"] = serde_json::json!(email);
    body["requester"]["phone1"] = serde_json::json!(phone);
    let filed = app.file(&demo, None, body).await;
    let pair = app.staff_pair(CLERK).await;
    let token = pair["access_token"].as_str().expect("token").to_string();
    let clerk_id = pair["user"]["id"].as_i64().expect("id");
    let (status, _) = app.get(&format!("{}?keywords={email}", demo.requests()), Some(&token)).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    let track = serde_json::json!({"number": filed["number"], "email": email});
    app.post(&format!("/api/v1/towns/{}/track", demo.town), None, track).await;
    sigterm(&server);
    let out = actix_web::web::block(move || server.wait_with_output()).await.expect("block").expect("output");
    let log = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<serde_json::Value> =
        log.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}"))).collect();
    let requests: Vec<&serde_json::Value> = lines.iter().filter(|l| l["message"] == "request").collect();
    let filing = requests
        .iter()
        .find(|l| l["route"] == "/api/v1/towns/{town_id}/requests" && l["method"] == "POST")
        .expect("the filing's line");
    assert_eq!(filing["status"], 201);
    assert!(filing["latency_ms"].is_number() && filing["request_id"].as_str().is_some_and(|id| !id.is_empty()));
    let list = requests.iter().find(|l| l["method"] == "GET" && l["route"] == "/api/v1/towns/{town_id}/requests");
    assert_eq!(list.expect("the list's line")["user_id"], clerk_id);
    for secret in [email, "journal.temoin", phone, "555-0199", PASSWORD, token.as_str(), "keywords"] {
        assert!(!log.contains(secret), "the log holds {secret:?}");
    }
}

/// The value of a metric line starting with `prefix` (labels included).
fn metric(page: &str, prefix: &str) -> f64 {
    page.lines()
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {prefix} in:\n{page}"))
}

#[actix_web::test]
async fn metrics_are_served_to_the_operators_token_only() {
    const TOKEN: &str = "metrics-scraper-token-metrics-scraper-token";
    let db = actix_web::web::block(fresh_database).await.expect("db");
    assert_eq!(
        TestApp::spawn().await.get("/metrics", None).await.0,
        reqwest::StatusCode::NOT_FOUND,
        "off without a token"
    );
    let mut s = settings(&db);
    s.metrics_token = Some(TOKEN.into());
    let app = TestApp::spawn_with(s).await;
    let demo = Demo::load(&app).await;
    for _ in 0..3 {
        app.get("/api/v1/towns", None).await;
    }
    app.get("/api/v1/nowhere", None).await;
    // Made-up methods are one series, not one each.
    for made_up in ["FOO", "BAR", "BAZ"] {
        let method = reqwest::Method::from_bytes(made_up.as_bytes()).expect("method");
        app.client.request(method, format!("{}/api/v1/towns", app.base)).send().await.expect("made-up method");
    }
    app.file(&demo, None, demo.pothole_body("Pour les métriques")).await;
    let mut conn = app.conn();
    actix_web::web::block(move || civis_api::jobs::run(&mut conn, None).map(drop)).await.expect("block").expect("jobs");
    assert_eq!(app.get("/metrics", None).await.0, reqwest::StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/metrics", Some("wrong")).await.0, reqwest::StatusCode::UNAUTHORIZED);
    let res = app.client.get(format!("{}/metrics", app.base)).bearer_auth(TOKEN).send().await.expect("scrape");
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap_or("").starts_with("text/plain; version=0.0.4"));
    let page = res.text().await.expect("page");
    assert!(metric(&page, r#"civis_http_requests_total{route="/api/v1/towns",method="GET",status="200"}"#) >= 3.0);
    assert_eq!(
        metric(
            &page,
            r#"civis_http_requests_total{route="/api/v1/towns/{town_id}/requests",method="POST",status="201"}"#
        ),
        1.0
    );
    assert!(page.contains(r#"civis_http_requests_total{route="(unmatched)",method="GET",status="404"}"#), "{page}");
    assert!(!page.contains("method=\"FOO\""), "{page}");
    let other: f64 = page
        .lines()
        .filter(|l| l.starts_with("civis_http_requests_total{") && l.contains("method=\"OTHER\""))
        .map(|l| l.rsplit(' ').next().and_then(|n| n.parse::<f64>().ok()).unwrap_or(0.0))
        .sum();
    assert_eq!(other, 3.0, "{page}");
    let count = metric(&page, r#"civis_http_request_duration_seconds_count{route="/api/v1/towns",method="GET"}"#);
    assert_eq!(
        metric(&page, r#"civis_http_request_duration_seconds_bucket{route="/api/v1/towns",method="GET",le="+Inf"}"#),
        count
    );
    assert_eq!(metric(&page, "civis_db_pool_max "), 8.0);
    assert!(metric(&page, "civis_outbox_pending ") >= 1.0, "the receipt waits (no worker here)");
    assert!(metric(&page, "civis_outbox_oldest_pending_seconds ") >= 0.0);
    assert_eq!(metric(&page, "civis_outbox_failed "), 0.0);
    let now = chrono::Utc::now().timestamp() as f64;
    let last = metric(&page, r#"civis_job_last_success_timestamp_seconds{job="reminders_and_lists"}"#);
    assert!((now - last).abs() < 120.0, "{last}");
    assert!(page.contains("civis_db_pool_timeouts_total "));
    // Every sample line is `name{labels} number`.
    for line in page.lines().filter(|l| !l.starts_with('#')) {
        assert!(line.rsplit(' ').next().is_some_and(|v| v.parse::<f64>().is_ok()), "{line}");
    }
}
