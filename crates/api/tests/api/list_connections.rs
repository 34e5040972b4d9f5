//! The staff list's caller and connection: who may call it, its time limit on its own
//! connections, and its statements prepared once per connection and run again with other
//! values.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;

/// The server speaks French here (`lc_messages`): the time limit is still recognised.
#[actix_web::test]
async fn a_search_past_its_time_limit_is_refused_and_frees_its_connection() {
    use diesel::RunQueryDsl;
    let db_url = fresh_database();
    let name = db_url.rsplit('/').next().expect("database name");
    diesel::sql_query(format!("ALTER DATABASE \"{name}\" SET lc_messages TO 'fr_FR.UTF-8'"))
        .execute(&mut admin_conn())
        .expect("French messages (scripts/setup.sh generates the fr_FR.UTF-8 locale)");
    let mut settings = crate::helpers::settings(&db_url);
    settings.list_timeout = std::time::Duration::from_millis(300);
    let app = TestApp::spawn_with(settings).await;
    let demo = Demo::load(&app).await;
    let clerk = app.staff(CLERK).await;
    app.file(&demo, None, demo.pothole_body("Avant le verrou")).await;
    // Another session holds the table: the list's query waits on it past its limit.
    let mut other = app.conn();
    diesel::sql_query("BEGIN").execute(&mut other).expect("begin");
    diesel::sql_query("LOCK TABLE requests IN ACCESS EXCLUSIVE MODE").execute(&mut other).expect("lock");
    let started = std::time::Instant::now();
    let (status, body) = app.get(&format!("{}?saved=false", demo.requests()), Some(&clerk)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "search_too_broad");
    assert!(body["message_fr"].as_str().is_some_and(|m| m.contains("trop de temps")));
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    diesel::sql_query("ROLLBACK").execute(&mut other).expect("rollback");
    // The server's own words for it were French.
    diesel::sql_query("SET statement_timeout = 10").execute(&mut other).expect("limit");
    let cancelled = diesel::sql_query("SELECT pg_sleep(1)").execute(&mut other).expect_err("cancelled");
    assert!(cancelled.to_string().contains("annulation"), "{cancelled}");
    // Once the table is free, the same list answers.
    let (status, page) = app.get(&format!("{}?saved=false", demo.requests()), Some(&clerk)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["items"].as_array().expect("items").len(), 1);
}

#[actix_web::test]
async fn a_town_that_does_not_exist_is_not_found_and_a_bad_token_unauthorized() {
    let app = TestApp::spawn().await;
    let clerk = app.staff(CLERK).await;
    let (status, body) = app.get("/api/v1/towns/999999/requests", Some(&clerk)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, body) = app.get("/api/v1/towns/1/requests", Some("not-a-token")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, _) = app.get("/api/v1/towns/1/requests", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn one_connection_serves_each_town_and_tab_its_own_list() {
    // One connection: the list's statements, prepared once, run again with other values.
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let mut settings = crate::helpers::settings(&db);
    settings.db_pool_size = 1;
    let app = TestApp::spawn_with(settings).await;
    let operator = app.staff(OPERATOR).await;
    let d = Demo::load(&app).await;
    for n in 0..3 {
        app.file(&d, None, d.pothole_body(&format!("Nid-de-poule {n}"))).await;
    }
    let (demo, other) = (d.town, app.town_id("saint-exemple").await);
    let mut first: Vec<(i64, &str, Vec<i64>, Value)> = Vec::new();
    for round in 0..2 {
        for town in [demo, other] {
            for tab in ["not_transferred", "open", "closed"] {
                let (status, page) =
                    app.get(&format!("/api/v1/towns/{town}/requests?tab={tab}&saved=false"), Some(&operator)).await;
                assert_eq!(status, StatusCode::OK, "{page}");
                let seen = (town, tab, ids(&page), page["counts"].clone());
                if round == 0 {
                    first.push(seen);
                } else {
                    assert!(first.contains(&seen), "{town} {tab}: the same list as the first time");
                }
            }
        }
    }
    let of = |town: i64| first.iter().filter(|f| f.0 == town).flat_map(|f| f.2.clone()).collect::<HashSet<_>>();
    // Saint-Exemple has none of the demo's requests: a statement run again with the demo's
    // values would show them there.
    assert!(!of(demo).is_empty(), "the demo town has requests");
    assert!(of(demo).is_disjoint(&of(other)), "no town sees the other's rows");
    let tab = |t: &str| first.iter().find(|f| f.0 == demo && f.1 == t).map(|f| f.2.clone()).unwrap_or_default();
    assert!(tab("not_transferred").len() + tab("open").len() == 3 && tab("closed").is_empty(), "each tab its own rows");
    assert_ne!(first[0].3, first[3].3, "each town its own counts");
}
