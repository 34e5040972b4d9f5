//! Bad input gets a clear 4xx problem, never a 500, and changes nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

async fn raw(app: &TestApp, path: &str, token: &str, content_type: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let res = app
        .client
        .post(format!("{}{path}", app.base))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("send");
    let status = res.status();
    assert_eq!(res.headers()["content-type"], "application/problem+json", "{path}");
    (status, res.json().await.expect("problem json"))
}

#[actix_web::test]
async fn malformed_oversized_and_mistyped_bodies_get_clear_4xx() {
    let app = TestApp::spawn().await;
    let town = app.town_id("demo").await;
    let admin = app.staff(ADMIN).await;
    let path = format!("/api/v1/admin/towns/{town}/departments");

    let (status, p) = raw(&app, &path, &admin, "application/json", b"{\"code\": \"x\", ".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(p["code"], "malformed_json");
    assert!(p["message_fr"].as_str().is_some_and(|m| !m.is_empty()));

    let huge = format!("{{\"code\": \"x\", \"name_fr\": \"{}\", \"name_en\": \"x\"}}", "é".repeat(400_000));
    let (status, p) = raw(&app, &path, &admin, "application/json", huge.into_bytes()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(p["code"], "payload_too_large");

    let (status, p) = raw(&app, &path, &admin, "text/plain", b"code=x".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(p["code"], "content_type");

    // Wrong type, unknown enum value, impossible date.
    let (status, p) = app.post(&path, Some(&admin), json!({"code": 12, "name_fr": "X", "name_en": "X"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(p["code"], "invalid_value");
    let (status, p) = app
        .post(
            &format!("/api/v1/admin/towns/{town}/taxonomy"),
            Some(&admin),
            json!({"name_fr": "X", "name_en": "X", "default_priority": "apocalyptic"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(p["code"], "invalid_value");
    assert!(p["detail"].as_str().expect("detail").contains("apocalyptic"), "{p}");
    let (_, before) = app.get(&format!("/api/v1/admin/towns/{town}"), Some(&admin)).await;
    let mut settings = before["settings"].clone();
    settings["holidays"] = json!([{"day": "2026-13-45", "name": "Jamais"}]);
    let (status, p) = app.put(&format!("/api/v1/admin/towns/{town}/settings"), Some(&admin), settings).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{p}");
    assert_eq!(p["code"], "invalid_value");
    let (_, after) = app.get(&format!("/api/v1/admin/towns/{town}"), Some(&admin)).await;
    assert_eq!(before, after, "a refused call changes nothing");

    // Field rules: empty names, a bad email.
    let (status, p) = app
        .post(&path, Some(&admin), json!({"code": "ok", "name_fr": "", "name_en": "X", "notification_email": "nope"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        p["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, vec!["name_fr", "notification_email"]);
}

#[actix_web::test]
async fn unknown_paths_and_ids_are_404_problems() {
    let app = TestApp::spawn().await;
    let admin = app.staff(ADMIN).await;
    for path in [
        "/api/v1/nowhere",
        "/api/v1/towns/not-a-number/taxonomy",
        "/api/v1/towns/999999/taxonomy",
        "/api/v1/admin/towns/abc/departments",
    ] {
        let (status, p) = app.get(path, Some(&admin)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {p}");
        assert_eq!(p["code"], "not_found");
    }
    let town = app.town_id("demo").await;
    let (status, _) = app
        .put(
            &format!("/api/v1/admin/towns/{town}/departments/99999999"),
            Some(&admin),
            json!({"code": "x", "name_fr": "X", "name_en": "X"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, p) = app
        .post(
            &format!("/api/v1/admin/towns/{town}/taxonomy"),
            Some(&admin),
            json!({"name_fr": "X", "name_en": "X", "department_id": 99999999}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["field"], "department_id");
}

/// Bodies and queries as the document's JSON Schema reads them: `2.0` is an integer, a NUL
/// is kept as U+FFFD rather than failing the database, a body is an object, `If-Match: *`
/// means any version.
#[actix_web::test]
async fn json_schema_readings_of_numbers_nul_and_if_match() {
    let app = TestApp::spawn().await;
    let town = app.town_id("demo").await;
    let admin = app.staff(ADMIN).await;
    let path = format!("/api/v1/admin/towns/{town}/departments");
    let body = json!({"code": "parcs", "name_fr": "Parcs\u{0}", "name_en": "Parks", "responsible_user_id": null});
    let (status, d) = app.post(&path, Some(&admin), body).await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    assert_eq!(d["name_fr"], "Parcs\u{fffd}");
    // An array is not a department, even an empty one.
    let (status, _) = raw(&app, &path, &admin, "application/json", b"[]".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // A NUL in a query reaches no SQL as such.
    let clerk = app.staff(CLERK).await;
    let (status, _) = app.get(&format!("/api/v1/towns/{town}/requests?keywords=nid%00poule"), Some(&clerk)).await;
    assert_eq!(status, StatusCode::OK);
    // `2.0` for an id, and `If-Match: *`.
    let demo = Demo::load(&app).await;
    let id = app.file(&demo, None, demo.pothole_body("Nid-de-poule, rue des Érables")).await["id"].clone();
    let res = app
        .client
        .patch(format!("{}/api/v1/towns/{town}/requests/{id}", app.base))
        .bearer_auth(&clerk)
        .header("if-match", "*")
        .header("content-type", "application/json")
        .body(format!(r#"{{"department_id": {}.0, "reason": "test"}}"#, d["id"]))
        .send()
        .await
        .expect("patch");
    assert_eq!(res.status(), StatusCode::OK);
    let after: Value = res.json().await.expect("json");
    assert_eq!(after["department_id"], d["id"]);
}

/// `NaN` and `inf` pass a range rule (they compare false with either end): every query
/// that takes a point refuses them as out of range, for the public as for staff.
#[actix_web::test]
async fn coordinates_that_are_not_numbers_are_out_of_range() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let clerk = app.staff(CLERK).await;
    let t = demo.town;
    let p = demo.pothole;
    for (path, token) in [
        (format!("/api/v1/towns/{t}/public/requests?lat=NaN&lng=-74.05"), None),
        (format!("/api/v1/towns/{t}/public/requests?lat=45.86&lng=-74.05&radius_m=NaN"), None),
        (format!("/api/v1/towns/{t}/public/nearby?node_id={p}&lat=NaN&lng=-74.05"), None),
        (format!("/api/v1/towns/{t}/public/nearby?node_id={p}&lat=45.86&lng=inf"), None),
        (format!("/api/v1/towns/{t}/public/addresses/nearest?lat=NaN&lng=-74.05"), None),
        (format!("/api/v1/towns/{t}/nearby?node_id={p}&lat=NaN&lng=-74.05"), Some(&clerk)),
    ] {
        let (status, problem) = app.get(&path, token.map(String::as_str)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {problem}");
        assert_eq!(problem["errors"][0]["code"], "range", "{path}: {problem}");
    }
}
