//! After-hours routing (issue 32): a request filed outside the town's business hours under
//! a node with an after-hours department goes to that department, which is emailed at once,
//! and the history says why; one filed in business hours goes to the usual department; the
//! next working morning the day department lists what came in since the office closed.
//! Each moment is set by the test's clock: `civis serve` runs under libfaketime at that
//! instant (a filing's instant is the process's, seen on the town's clock by PostgreSQL).

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

#[derive(QueryableByName)]
struct Filed {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    department_id: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    after_hours: bool,
    #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Text>)]
    emailed: Vec<String>,
    #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Text>)]
    reasons: Vec<String>,
}

/// Where a request went, whom the outbox emails about it, and its history's reasons.
fn filed(db: &str, id: &Value) -> Filed {
    diesel::sql_query(
        "SELECT r.department_id, r.after_hours,
                ARRAY(SELECT o.recipient FROM outbox o WHERE o.request_id = r.id AND o.kind = 'assignment') AS emailed,
                ARRAY(SELECT coalesce(h.reason, '') FROM history h WHERE h.request_id = r.id AND h.field = 'department') AS reasons
         FROM requests r WHERE r.id = $1",
    )
    .bind::<diesel::sql_types::BigInt, _>(id.as_i64().expect("id"))
    .get_result(&mut PgConnection::establish(db).expect("connect"))
    .expect("request")
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
    let f = filed(&db, &night["id"]);
    assert_eq!((f.department_id, f.after_hours), (Some(garde), true));
    assert_eq!(f.emailed, ["garde-tp@demo.civis.demo"], "the on-call department is emailed at once");
    assert_eq!(f.reasons, ["after_hours"], "the history says it was routed after hours");
    let _ = saturday.kill();
    let _ = saturday.wait();

    // Monday 14 December, 8:00 (before opening): the day department lists what came in
    // since Friday's closing.
    let (mut monday, base) = serve_at(&db, "2026-12-14 13:00:00").await;
    let res = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/staff/sign-in"))
        .json(&json!({"email": CLERK, "password": PASSWORD}))
        .send()
        .await
        .expect("sign in");
    let pair: Value = res.json().await.expect("pair");
    let token = pair["access_token"].as_str().expect("token").to_string();
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
    let f = filed(&db, &day["id"]);
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
    let f = filed(&db, &afternoon["id"]);
    assert_eq!((f.department_id, f.after_hours), (Some(garde), true));
    assert_eq!(f.emailed, ["garde-tp@demo.civis.demo"]);
    let _ = friday.kill();
    let _ = friday.wait();
}
