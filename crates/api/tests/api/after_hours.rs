//! After-hours routing (issue 32): a request filed outside the town's business hours under
//! a node with an after-hours department goes to that department, which is emailed at once,
//! and the history says why; one filed in business hours goes to the usual department; the
//! next working morning the day department lists what came in since the office closed.
//! Each moment is set by the test's clock: `civis serve` runs under libfaketime at that
//! instant (a filing's instant is the process's, seen on the town's clock by PostgreSQL).
//! What happened is read through the product's own views (the clerk's request, its
//! history, the administrator's outbox).

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use civis_api::service;
use civis_domain::wire::{DepartmentInput, NodeInput};
use diesel::prelude::*;
use serde_json::{Value, json};

use crate::helpers::*;

/// libfaketime's library (scripts/setup.sh installs it).
fn libfaketime() -> String {
    let found = std::fs::read_dir("/usr/lib")
        .expect("/usr/lib")
        .flatten()
        .map(|e| e.path().join("faketime/libfaketime.so.1"))
        .find(|p| p.exists());
    found.expect("libfaketime installed (scripts/setup.sh)").display().to_string()
}

/// `civis serve` on `db` with its clock at `utc` (then running on), once it answers.
async fn serve_at(db: &str, utc: &str) -> (Child, String) {
    let bind = format!("127.0.0.1:{}", free_port());
    let server = Command::new(env!("CARGO_BIN_EXE_civis"))
        .arg("serve")
        .env("DATABASE_URL", db)
        .env("JWT_SECRET", SECRET)
        .env("BIND", &bind)
        .env("WEB_DIR", "")
        .env("RUST_LOG", "warn")
        .env("TZ", "UTC")
        .env("LD_PRELOAD", libfaketime())
        .env("FAKETIME", format!("@{utc}"))
        .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .spawn()
        .expect("serve");
    let until = Instant::now() + Duration::from_secs(20);
    while reqwest::get(format!("http://{bind}/health")).await.is_err() && Instant::now() < until {
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    (server, format!("http://{bind}"))
}

/// A pothole-like node under Travaux publics whose nights go to an on-call department.
fn on_call(db: &str) -> (i64, i64, i64) {
    let mut conn = PgConnection::establish(db).expect("connect");
    let town: i64 = civis_api::db::towns::find_by_slug(&mut conn, "demo").expect("town").expect("demo").id;
    let garde = DepartmentInput {
        code: "garde-tp".into(),
        name_fr: "Garde des travaux publics".into(),
        name_en: "Public works on call".into(),
        responsible_user_id: None,
        notification_email: Some("garde-tp@demo.civis.demo".into()),
        active: true,
    };
    let garde = service::departments::create(&mut conn, town, &garde, service::departments::EmailCheck::Trusted)
        .expect("department")
        .id;
    let tree = service::taxonomy::tree(&mut conn, town, false).expect("tree");
    let works = tree.iter().find(|n| n.name_fr == "Travaux publics").expect("Travaux publics");
    let node = NodeInput {
        parent_id: Some(works.id),
        name_fr: "Bris d'aqueduc".into(),
        name_en: "Water main break".into(),
        kind: None,
        department_id: None,
        default_priority: None,
        delay_days: None,
        delay_unit: None,
        first_answer_next_day: None,
        public_allowed: None,
        after_hours_department_id: Some(garde),
        position: 0,
    };
    let node = service::taxonomy::create_node(&mut conn, town, &node).expect("node");
    (town, node.id, garde)
}

async fn file(base: &str, town: i64, node: i64, what: &str) -> Value {
    let body = json!({"node_id": node, "description": what, "wants_followups": true,
        "requester": {"first_name": "Nuit", "last_name": "Blanche", "email": "nuit@example.com"}});
    let res = reqwest::Client::new().post(format!("{base}/api/v1/towns/{town}/requests")).json(&body).send().await;
    let res = res.expect("file");
    assert_eq!(res.status(), reqwest::StatusCode::CREATED);
    res.json().await.expect("created")
}

/// Where a request went, whom the outbox emails about it, and its history's reasons, as
/// the product's own reads give them (the clerk's view, the administrator's outbox).
struct Filed {
    department_id: Option<i64>,
    after_hours: bool,
    emailed: Vec<String>,
    reasons: Vec<String>,
}

/// A staff member's access token, signed in on `base`.
async fn sign_in(base: &str, email: &str) -> String {
    let res = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/staff/sign-in"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .expect("sign in");
    let pair: Value = res.json().await.expect("pair");
    pair["access_token"].as_str().expect("token").to_string()
}

async fn read(base: &str, token: &str, path: &str) -> Value {
    let res = reqwest::Client::new().get(format!("{base}/api/v1{path}")).bearer_auth(token).send().await;
    let res = res.expect("read");
    assert!(res.status().is_success(), "{path}: {}", res.status());
    res.json().await.expect("json")
}

async fn filed(base: &str, town: i64, id: &Value) -> Filed {
    let (clerk, admin) = (sign_in(base, CLERK).await, sign_in(base, ADMIN).await);
    let detail = read(base, &clerk, &format!("/towns/{town}/requests/{id}")).await;
    let outbox = read(base, &admin, &format!("/admin/towns/{town}/outbox?status=pending")).await;
    let history = read(base, &clerk, &format!("/towns/{town}/requests/{id}/history?field=department")).await;
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    Filed {
        department_id: detail["department_id"].as_i64(),
        after_hours: detail["after_hours"].as_bool().expect("after_hours"),
        emailed: outbox
            .as_array()
            .expect("outbox")
            .iter()
            .filter(|m| m["request_id"] == *id && m["kind"] == "assignment")
            .map(|m| text(&m["recipient"]))
            .collect(),
        reasons: history.as_array().expect("history").iter().map(|h| text(&h["reason"])).collect(),
    }
}

#[actix_web::test]
async fn saturday_night_goes_to_the_on_call_department_and_tuesday_morning_to_the_usual_one() {
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let (town, node, garde) = on_call(&db);
    let works = {
        let mut conn = PgConnection::establish(&db).expect("connect");
        service::taxonomy::node(&mut conn, town, node).expect("node").effective.department_id
    };

    // Saturday 12 December 2026, 22:00 in Montréal (03:00 UTC on the 13th).
    let (mut saturday, base) = serve_at(&db, "2026-12-13 03:00:00").await;
    let night = file(&base, town, node, "Geyser dans la rue, samedi soir").await;
    let f = filed(&base, town, &night["id"]).await;
    assert_eq!((f.department_id, f.after_hours), (Some(garde), true));
    assert_eq!(f.emailed, ["garde-tp@demo.civis.demo"], "the on-call department is emailed at once");
    assert_eq!(f.reasons, ["after_hours"], "the history says it was routed after hours");
    let _ = saturday.kill();
    let _ = saturday.wait();

    // Monday 14 December, 8:00 (before opening): the day department lists what came in
    // since Friday's closing.
    let (mut monday, base) = serve_at(&db, "2026-12-14 13:00:00").await;
    let token = sign_in(&base, CLERK).await;
    let list = |query: &'static str| {
        let (base, token) = (base.clone(), token.clone());
        async move {
            let url = format!("{base}/api/v1/towns/{town}/requests?tab=open&saved=false&limit=100&{query}");
            let res = reqwest::Client::new().get(url).bearer_auth(token).send().await.expect("list");
            let page: Value = res.json().await.expect("page");
            page["items"].as_array().expect("items").iter().map(|i| i["id"].clone()).collect::<Vec<_>>()
        }
    };
    assert_eq!(list("after_hours=true").await, [night["id"].clone()], "what came in overnight");
    let _ = monday.kill();
    let _ = monday.wait();

    // Tuesday 15 December, 10:00: the usual department; Saturday's is no longer "overnight".
    let (mut tuesday, base) = serve_at(&db, "2026-12-15 15:00:00").await;
    let day = file(&base, town, node, "Fuite d'eau, mardi matin").await;
    let f = filed(&base, town, &day["id"]).await;
    assert_eq!((f.department_id, f.after_hours), (works, false));
    assert_eq!(f.emailed, ["travaux-publics@demo.civis.demo"]);
    assert!(f.reasons.is_empty(), "no routing to tell");
    let _ = tuesday.kill();
    let _ = tuesday.wait();
}

#[actix_web::test]
async fn a_friday_afternoon_is_after_hours_when_fridays_close_at_noon() {
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let (town, node, garde) = on_call(&db);
    {
        let mut conn = PgConnection::establish(&db).expect("connect");
        let mut settings = service::towns::get(&mut conn, town).expect("town").settings;
        let time = |s: &str| chrono::NaiveTime::parse_from_str(s, "%H:%M").expect("time");
        settings.weekday_hours =
            Some(vec![civis_domain::wire::DayHours { weekday: 5, opens: time("08:30"), closes: time("12:00") }]);
        service::towns::put_settings(&mut conn, town, &settings).expect("Fridays until noon");
    }
    // Friday 11 December 2026, 14:00 in Montréal (19:00 UTC): a weekday, but past Friday's noon.
    let (mut friday, base) = serve_at(&db, "2026-12-11 19:00:00").await;
    let afternoon = file(&base, town, node, "Borne-fontaine qui coule, vendredi après-midi").await;
    let f = filed(&base, town, &afternoon["id"]).await;
    assert_eq!((f.department_id, f.after_hours), (Some(garde), true));
    assert_eq!(f.emailed, ["garde-tp@demo.civis.demo"]);
    let _ = friday.kill();
    let _ = friday.wait();
}
