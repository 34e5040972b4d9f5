//! Past one database server on PostgreSQL's own replication: the reads that tolerate a
//! moment's lag are served by a streaming standby, a writer reads its own writes at once,
//! losing the standby changes nothing for users, and a failover under a steady load of
//! filings loses no acknowledged filing and sends no email twice (`cluster` starts the
//! servers; `db::replicas` routes the reads).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::json;

use crate::cluster::Cluster;
use crate::helpers::*;

const METRICS: &str = "replica-metrics-token-replica-metrics-token";

/// A server reading from the cluster's standby (a standby more than a second behind is skipped).
async fn app_on(cluster: &Cluster) -> TestApp {
    let mut s = settings(&cluster.primary.url());
    s.database_read_urls = vec![cluster.standby.url()];
    s.replica_max_lag = Duration::from_millis(1000);
    s.metrics_token = Some(METRICS.into());
    TestApp::spawn_with(s).await
}

/// The metrics' read counts: (primary, standby), and the standby's lag (none while down).
async fn reads(app: &TestApp, standby: &str) -> (u64, u64, Option<f64>) {
    let res = app.client.get(format!("{}/metrics", app.base)).bearer_auth(METRICS).send().await.expect("scrape");
    let page = res.text().await.expect("page");
    let value = |name: &str| page.lines().find_map(|l| l.strip_prefix(name).and_then(|v| v.trim().parse::<f64>().ok()));
    let n = |name: &str| value(name).map_or(0, |v| v as u64);
    (
        n("civis_db_reads_total{server=\"primary\"}"),
        n(&format!("civis_db_reads_total{{server=\"{standby}\"}}")),
        value(&format!("civis_db_replica_lag_seconds{{server=\"{standby}\"}}")),
    )
}

async fn wait_for(what: &str, mut ok: impl AsyncFnMut() -> bool) {
    let until = Instant::now() + Duration::from_secs(20);
    while !ok().await {
        assert!(Instant::now() < until, "{what}: not within 20 s");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}

fn pause_replay(cluster: &Cluster, pause: bool) {
    let sql = if pause { "SELECT pg_wal_replay_pause()::text" } else { "SELECT pg_wal_replay_resume()::text" };
    diesel::sql_query(sql).execute(&mut cluster.standby.conn()).expect("replay");
}

#[actix_web::test]
async fn the_standby_serves_the_reads_the_writer_reads_its_writes_and_the_standbys_loss_changes_nothing() {
    let cluster = actix_web::web::block(|| Cluster::start(false)).await.expect("cluster");
    let app = app_on(&cluster).await;
    let standby = format!("127.0.0.1:{}", cluster.standby.port);
    let demo = Demo::load(&app).await;
    let t = demo.town;
    let (clerk, director, citizen) = (app.staff(CLERK).await, app.staff(DIRECTOR).await, app.citizen().await);
    let filed = app.file(&demo, Some(&citizen), demo.pothole_body("Nid-de-poule devant la caserne")).await;
    wait_for("the standby is watched", async || reads(&app, &standby).await.2.is_some()).await;
    // The sign-ins wrote from this address: its anonymous reads stay on the primary a moment.
    actix_web::rt::time::sleep(Duration::from_millis(1500)).await;

    let public_id = filed["id"].clone();
    let kinds: Vec<(String, Option<&str>)> = vec![
        (format!("/api/v1/towns/{t}/public/requests"), None),
        (format!("/api/v1/towns/{t}/public/requests/{public_id}"), None),
        (format!("/api/v1/towns/{t}/public/nearby?node_id={}&lat=45.8617&lng=-74.0873", demo.pothole), None),
        (format!("/api/v1/towns/{t}/public/help?q=collecte"), None),
        (format!("/api/v1/towns/{t}/public/addresses?q=principale"), None),
        (format!("/api/v1/towns/{t}/taxonomy"), None),
        (format!("/api/v1/towns/{t}/requests"), Some(clerk.as_str())),
        (format!("/api/v1/towns/{t}/kb/articles?q=collecte"), Some(clerk.as_str())),
        (format!("/api/v1/towns/{t}/reports?from=2025-01-01&to=2025-12-31"), Some(director.as_str())),
        ("/api/v1/me/requests".to_string(), Some(citizen.as_str())),
    ];
    for (path, token) in &kinds {
        let before = reads(&app, &standby).await;
        let (status, body) = app.get(path, *token).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        let after = reads(&app, &standby).await;
        assert!(after.1 > before.1, "{path}: the standby served it ({before:?} → {after:?})");
        assert_eq!(after.0, before.0, "{path}: the primary did not");
    }
    // The export reads on the standby too.
    let before = reads(&app, &standby).await;
    let xlsx = format!("/api/v1/towns/{t}/reports/export.xlsx?from=2025-01-01&to=2025-12-31");
    let res = app.client.get(format!("{}{xlsx}", app.base)).bearer_auth(&director).send().await.expect("xlsx");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(reads(&app, &standby).await.1 > before.1, "the export was read on the standby");
    // The standby ran those statements itself (its own statistics, not only ours).
    #[derive(QueryableByName)]
    struct Calls {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let calls: Calls = diesel::sql_query(
        "SELECT COALESCE(sum(calls), 0)::int8 AS n FROM pg_stat_statements WHERE query ILIKE '%FROM requests%'",
    )
    .get_result(&mut cluster.standby.conn())
    .expect("standby's statements");
    assert!(calls.n > 0, "the standby's pg_stat_statements shows the reads of requests");

    // With the standby's replay paused, a writer still reads what it wrote, at once.
    pause_replay(&cluster, true);
    let filed = app.file(&demo, Some(&citizen), demo.pothole_body("Lu par qui l'écrit")).await;
    let (_, mine) = app.get("/api/v1/me/requests", Some(&citizen)).await;
    let mine = mine.as_array().expect("own requests").clone();
    assert!(mine.iter().any(|r| r["id"] == filed["id"]), "the writer reads its filing at once");
    // Once the standby lags past the setting, everyone's reads go to the primary.
    wait_for("the paused standby lags", async || reads(&app, &standby).await.2.is_some_and(|l| l > 1.0)).await;
    let before = reads(&app, &standby).await;
    let (status, _) = app.get(&format!("/api/v1/towns/{t}/requests"), Some(&clerk)).await;
    assert_eq!(status, StatusCode::OK);
    let after = reads(&app, &standby).await;
    assert_eq!((after.0 - before.0, after.1 - before.1), (1, 0), "a lagging standby is skipped");
    pause_replay(&cluster, false);
    wait_for("the standby catches up", async || reads(&app, &standby).await.2.is_some_and(|l| l < 1.0)).await;

    // The standby goes away: every read still answers, from the primary.
    cluster.standby.kill();
    for (path, token) in &kinds {
        let (status, body) = app.get(path, *token).await;
        assert_eq!(status, StatusCode::OK, "{path} with the standby gone: {body}");
    }
    wait_for("the standby reads as down", async || reads(&app, &standby).await.2.is_none()).await;
    // It comes back, catches up, and serves again.
    cluster.standby.start();
    wait_for("the standby is back", async || reads(&app, &standby).await.2.is_some()).await;
    let before = reads(&app, &standby).await;
    assert_eq!(app.get(&format!("/api/v1/towns/{t}/requests"), Some(&clerk)).await.0, StatusCode::OK);
    assert!(reads(&app, &standby).await.1 > before.1, "the standby serves again");
}

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = diesel::sql_types::Text)]
    number: String,
}

#[derive(QueryableByName)]
struct Pending {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// One filing of the load: when it was answered, its status, whether it said Retry-After,
/// and its number when acknowledged.
struct Filed {
    i: u32,
    at: Instant,
    status: StatusCode,
    retry_after: bool,
    number: Option<String>,
}

/// Files at `per_second` for `seconds`, one after the other on schedule.
async fn steady_filings(app: &TestApp, demo: &Demo, per_second: u32, seconds: u32) -> Vec<Filed> {
    let mut out = vec![];
    let started = Instant::now();
    for i in 0..per_second * seconds {
        let due = started + Duration::from_secs_f64(f64::from(i) / f64::from(per_second));
        actix_web::rt::time::sleep(due.saturating_duration_since(Instant::now())).await;
        let mut body = demo.pothole_body(&format!("Bascule numéro {i}"));
        body["requester"]["email"] = json!(format!("bascule{i}@example.com"));
        let res = app.client.post(format!("{}{}", app.base, demo.requests())).json(&body).send().await.expect("post");
        let (status, retry_after) = (res.status(), res.headers().contains_key("retry-after"));
        let created: serde_json::Value = res.json().await.unwrap_or_default();
        let number = created["number"].as_str().filter(|_| status == StatusCode::CREATED).map(String::from);
        out.push(Filed { i, at: Instant::now(), status, retry_after, number });
    }
    out
}

#[actix_web::test]
async fn a_failover_under_twenty_filings_a_second_loses_no_acknowledged_filing_and_sends_no_email_twice() {
    let cluster = actix_web::web::block(|| Cluster::start(true)).await.expect("cluster");
    let smtp = crate::mail::Smtp::start();
    let mut s = settings(&cluster.failover_url());
    s.db_timeout = Duration::from_millis(1000);
    let app = TestApp::spawn_with(s).await;
    let demo = Demo::load(&app).await;
    let files = std::env::temp_dir().join(format!("civis-failover-{}", std::process::id()));
    let mut worker = std::process::Command::new(env!("CARGO_BIN_EXE_civis"))
        .arg("worker")
        .env("DATABASE_URL", cluster.failover_url())
        .env("JWT_SECRET", SECRET)
        .env("STORAGE_URL", format!("file://{}", files.display()))
        .env("SMTP_URL", smtp.url())
        .env("OUTBOX_POLL_MS", "100")
        .env("RUST_LOG", "error")
        .spawn()
        .expect("worker");

    // The primary goes away (as a machine does) 3 s into 15 s of filings; the standby is
    // promoted 1 s later, as a managed service or Patroni would.
    let (primary, standby) = (cluster.primary.dir.clone(), cluster.standby.dir.clone());
    let failover = actix_web::rt::spawn(async move {
        actix_web::rt::time::sleep(Duration::from_secs(3)).await;
        actix_web::web::block(move || crate::cluster::kill(&primary)).await.expect("kill");
        actix_web::rt::time::sleep(Duration::from_secs(1)).await;
        actix_web::web::block(move || crate::cluster::promote(&standby)).await.expect("promote");
        Instant::now()
    });
    let filed = steady_filings(&app, &demo, 20, 15).await;
    let promoted = failover.await.expect("failover");
    let refused: Vec<(u16, bool)> =
        filed.iter().filter(|f| f.number.is_none()).map(|f| (f.status.as_u16(), f.retry_after)).collect();
    assert!(refused.iter().all(|(status, retry)| *status == 503 && *retry), "only 503 with Retry-After: {refused:?}");
    // Back within 10 s of the promotion, and from then on every filing acknowledged.
    let back = filed.iter().find(|f| f.at > promoted && f.number.is_some()).expect("a filing after the promotion").at;
    assert!(back.duration_since(promoted) <= Duration::from_secs(10), "back {:?} after the promotion", back - promoted);
    assert!(filed.iter().filter(|f| f.at > back).all(|f| f.number.is_some()), "every filing once back");
    let acknowledged = filed.iter().filter(|f| f.number.is_some()).count();
    eprintln!(
        "failover: {acknowledged} of {} filings acknowledged, {} refused (503), back {:?} after the promotion",
        filed.len(),
        refused.len(),
        back - promoted
    );
    assert!(acknowledged >= 150, "most of 300 filings went through");

    // Every acknowledged filing is in the new primary, counted there.
    let mut conn = cluster.standby.conn();
    let stored: HashSet<String> = diesel::sql_query("SELECT number FROM requests")
        .load::<Number>(&mut conn)
        .expect("numbers")
        .into_iter()
        .map(|n| n.number)
        .collect();
    let lost: Vec<&String> = filed.iter().filter_map(|f| f.number.as_ref()).filter(|n| !stored.contains(*n)).collect();
    assert!(lost.is_empty(), "acknowledged and lost: {lost:?}");
    // Every acknowledgment email goes out, once.
    let until = Instant::now() + Duration::from_secs(60);
    loop {
        let pending: Pending = diesel::sql_query("SELECT count(*) AS n FROM outbox WHERE status = 'pending'")
            .get_result(&mut conn)
            .expect("outbox");
        if pending.n == 0 {
            break;
        }
        assert!(Instant::now() < until, "the worker did not send everything after the failover");
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    }
    actix_web::rt::time::sleep(Duration::from_millis(500)).await; // a duplicate would come now
    let received = smtp.messages();
    let ids: HashSet<&String> = received.iter().map(|m| &m.message_id).collect();
    assert_eq!(ids.len(), received.len(), "an email was sent twice");
    for f in filed.iter().filter(|f| f.number.is_some()) {
        assert_eq!(smtp.to(&format!("bascule{}@example.com", f.i)).len(), 1, "filing {}'s acknowledgment", f.i);
    }
    let _ = worker.kill();
    let _ = worker.wait();
    let _ = std::fs::remove_dir_all(files);
}

#[actix_web::test]
async fn a_read_that_writes_fails_even_without_a_standby() {
    let db_url = actix_web::web::block(fresh_database).await.expect("db");
    let db = civis_api::db::Db::new(&settings(&db_url));
    let wrote = db.read(|conn| Ok(diesel::sql_query("UPDATE municipalities SET name = name").execute(conn)?)).await;
    assert!(wrote.is_err(), "a `read` runs on a read-only connection");
    let read = db.read(|conn| Ok(diesel::sql_query("SELECT 1").execute(conn)?)).await;
    assert_eq!(read.ok(), Some(1));
    let wrote = db.run(|conn| Ok(diesel::sql_query("UPDATE municipalities SET name = name").execute(conn)?)).await;
    assert!(wrote.is_ok(), "`run` writes");
}
