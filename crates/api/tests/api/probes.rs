//! The benchmark's bare probes: absent unless `BENCH_PROBES=1`; with it, the list's keyset
//! statement alone and one numbered insert, without sign-in.

use reqwest::StatusCode;

use crate::helpers::*;

#[actix_web::test]
async fn probes_answer_only_when_the_benchmark_asks_for_them() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    // Without them, the address is one of the web app's pages, and nothing is inserted.
    let (_, body) = app.get(&format!("/bench/list?town={}&tab=1", demo.town), None).await;
    assert!(!body.is_array(), "no probe without BENCH_PROBES: {body}");
    let (status, _) =
        app.post(&format!("/bench/insert?town={}&node={}", demo.town, demo.pothole), None, serde_json::json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let db = actix_web::web::block(fresh_database).await.expect("db");
    let mut settings = crate::helpers::settings(&db);
    settings.bench_probes = true;
    let app = TestApp::spawn_with(settings).await;
    let demo = Demo::load(&app).await;
    let insert = format!("/bench/insert?town={}&node={}", demo.town, demo.pothole);
    let (status, first) = app.post(&insert, None, serde_json::json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let (_, second) = app.post(&insert, None, serde_json::json!({})).await;
    let seq = |v: &serde_json::Value| v["number"].as_str().and_then(|n| n.rsplit('-').next()?.parse::<i64>().ok());
    assert_eq!(seq(&second), seq(&first).map(|n| n + 1), "gapless numbers: {first} then {second}");
    let (status, page) = app.get(&format!("/bench/list?town={}&tab=1&limit=5", demo.town), None).await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<i64> = page.as_array().expect("rows").iter().filter_map(|r| r["id"].as_i64()).collect();
    assert_eq!(ids.first(), second["id"].as_i64().as_ref(), "newest first: {page}");
    assert!(ids.len() >= 2 && ids.len() <= 5);
}
