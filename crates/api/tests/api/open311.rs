//! Open311 and the keys behind it, through the product: a town administrator issues a key,
//! an app files with it (channel `application`, the app's name on the staff's page), the
//! key's hourly limit, its revocation, and another town's key or administrator.
//! e2e/open311/test_georeport.py reads the same routes with the georeport client and the
//! Open311 schemas.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

/// A key issued by a town's administrator: (key id, secret).
async fn issue(app: &TestApp, admin: &str, town: i64, body: Value) -> (i64, String) {
    let token = app.staff(admin).await;
    let (status, issued) = app.post(&format!("/api/v1/admin/towns/{town}/api-keys"), Some(&token), body).await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    (issued["key"]["id"].as_i64().expect("id"), issued["secret"].as_str().expect("secret").to_string())
}

/// Files a pothole as the spec's form; the status and the JSON answer.
async fn file(app: &TestApp, demo: &Demo, jurisdiction: &str, key: &str) -> (StatusCode, Value) {
    let form = [
        ("api_key", key.to_string()),
        ("jurisdiction_id", jurisdiction.to_string()),
        ("service_code", demo.pothole.to_string()),
        ("lat", "45.8617".into()),
        ("long", "-74.0873".into()),
        ("description", "Nid-de-poule profond, rappeler au 450 555-0101".into()),
        (&format!("attribute[{}]", demo.pothole_size), "grand".into()),
        ("email", "jeanne.app@example.com".into()),
        ("first_name", "Jeanne".into()),
        ("last_name", "Tremblay".into()),
    ];
    let res = app.client.post(format!("{}/open311/v2/requests.json", app.base)).form(&form).send().await.expect("post");
    let status = res.status();
    (status, res.json().await.expect("json"))
}

#[actix_web::test]
async fn an_app_files_with_its_key_and_staff_see_the_app_and_never_the_public() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let (key_id, key) = issue(&app, ADMIN, demo.town, json!({"name": "Voirie mobile"})).await;
    let (status, posted) = file(&app, &demo, "demo", &key).await;
    assert_eq!(status, StatusCode::CREATED, "{posted}");
    let number = posted[0]["service_request_id"].as_str().expect("number").to_string();
    // Staff read the channel and the app's name, and the citizen's contact.
    let clerk = app.staff(CLERK).await;
    let (_, page) = app.get(&format!("{}?q={number}", demo.requests()), Some(&clerk)).await;
    let items = page["items"].as_array().expect("items");
    let id = items.iter().find(|r| r["number"] == number.as_str()).expect("the clerk finds it")["id"].clone();
    let (_, detail) = app.get(&demo.request(&id), Some(&clerk)).await;
    assert_eq!((detail["number"].as_str(), detail["channel"].as_str()), (Some(number.as_str()), Some("application")));
    assert_eq!(detail["application"], "Voirie mobile");
    assert_eq!(detail["requester"]["email"], "jeanne.app@example.com");
    // The public's GeoReport reads it without anyone's contact or name.
    let res =
        app.client.get(format!("{}/open311/v2/requests/{number}.xml?jurisdiction_id=demo", app.base)).send().await;
    let xml = res.expect("get").text().await.expect("xml");
    assert!(xml.contains(&format!("<service_request_id>{number}</service_request_id>")), "{xml}");
    assert!(!xml.contains("Tremblay") && !xml.contains("555-0101") && !xml.contains("jeanne.app"), "{xml}");
    // The list of keys says when it was last used; a revoked key files no more.
    let admin = app.staff(ADMIN).await;
    let (_, keys) = app.get(&format!("/api/v1/admin/towns/{}/api-keys", demo.town), Some(&admin)).await;
    assert!(keys[0]["last_used_at"].is_string(), "{keys}");
    assert!(!keys.to_string().contains(&key), "the secret is shown once");
    let revoke = format!("{}/api/v1/admin/towns/{}/api-keys/{key_id}", app.base, demo.town);
    let res = app.client.delete(revoke).bearer_auth(&admin).send().await.expect("revoke");
    assert_eq!(res.status(), StatusCode::OK);
    let (status, body) = file(&app, &demo, "demo", &key).await;
    assert_eq!((status, body[0]["code"].as_i64()), (StatusCode::FORBIDDEN, Some(403)), "{body}");
    // Its requests keep its name.
    let (_, detail) = app.get(&demo.request(&id), Some(&clerk)).await;
    assert_eq!(detail["application"], "Voirie mobile");
}

#[actix_web::test]
async fn a_key_of_one_town_files_nothing_in_another_and_its_administrator_cannot_touch_it() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let (key_id, key) = issue(&app, ADMIN, demo.town, json!({"name": "Application A"})).await;
    let other = app.town_id("saint-exemple").await;
    let (_, foreign_key) = issue(&app, "admin@saint-exemple.civis.demo", other, json!({"name": "Application B"})).await;
    // B's key in A's jurisdiction, and A's key in B's.
    let (status, body) = file(&app, &demo, "demo", &foreign_key).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = file(&app, &demo, "saint-exemple", &key).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // B's administrator neither lists nor revokes A's keys.
    let b_admin = app.staff("admin@saint-exemple.civis.demo").await;
    let (status, _) = app.get(&format!("/api/v1/admin/towns/{}/api-keys", demo.town), Some(&b_admin)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, b_keys) = app.get(&format!("/api/v1/admin/towns/{other}/api-keys"), Some(&b_admin)).await;
    assert_eq!(b_keys.as_array().map(Vec::len), Some(1), "{b_keys}");
    for url in [
        format!("{}/api/v1/admin/towns/{other}/api-keys/{key_id}", app.base),
        format!("{}/api/v1/admin/towns/{}/api-keys/{key_id}", app.base, demo.town),
    ] {
        let res = app.client.delete(url).bearer_auth(&b_admin).send().await.expect("revoke");
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let (status, body) = file(&app, &demo, "demo", &key).await;
    assert_eq!(status, StatusCode::CREATED, "A's key still files: {body}");
    // A clerk issues no key.
    let clerk = app.staff(CLERK).await;
    let (status, _) =
        app.post(&format!("/api/v1/admin/towns/{}/api-keys", demo.town), Some(&clerk), json!({"name": "x"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_key_files_within_its_hourly_limit_and_is_told_when_to_come_back() {
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let mut s = settings(&db);
    s.rate_limit_factor = 1;
    let app = TestApp::spawn_with(s).await;
    let demo = Demo::load(&app).await;
    let (_, key) = issue(&app, ADMIN, demo.town, json!({"name": "Petite application", "rate_per_hour": 2})).await;
    for _ in 0..2 {
        assert_eq!(file(&app, &demo, "demo", &key).await.0, StatusCode::CREATED);
    }
    let (status, body) = file(&app, &demo, "demo", &key).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body[0]["code"], 429);
    // Staff may not pretend to be an app.
    let clerk = app.staff(CLERK).await;
    let mut body = demo.pothole_body("Nid-de-poule");
    body["channel"] = json!("application");
    let (status, refused) = app.post(&demo.requests(), Some(&clerk), body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["errors"][0]["code"], "channel_application_key_only");
}

#[actix_web::test]
async fn georeport_answers_errors_in_the_specs_form_and_reads_ranges_as_the_spec_says() {
    let app = TestApp::spawn().await;
    let get = |path: String| {
        let client = app.client.clone();
        let url = format!("{}{path}", app.base);
        async move {
            let res = client.get(url).send().await.expect("get");
            let (status, kind) = (res.status(), res.headers()["content-type"].to_str().unwrap_or("").to_string());
            (status, kind, res.text().await.expect("text"))
        }
    };
    let (status, kind, body) = get("/open311/v2/services.xml?jurisdiction_id=nowhere".into()).await;
    assert_eq!((status, kind.as_str()), (StatusCode::NOT_FOUND, "text/xml; charset=utf-8"));
    assert!(body.contains("<errors>") && body.contains("<code>404</code>"), "{body}");
    let (status, _, body) =
        get("/open311/v2/requests.json?jurisdiction_id=demo&start_date=2026-01-01&end_date=2026-06-01".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("90 days"), "{body}");
    let (status, _, body) = get("/open311/v2/requests.json?jurisdiction_id=demo&status=maybe".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // Empty optional parameters count as absent.
    let (status, _, body) =
        get("/open311/v2/requests.json?jurisdiction_id=demo&status=&service_code=&start_date=&page=".into()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _, _) = get("/open311/v2/services.yaml?jurisdiction_id=demo".into()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, body) = get("/open311/v2/services.json".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[actix_web::test]
async fn an_app_files_with_a_photo_the_public_reads_without_its_location() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let (_, key) = issue(&app, ADMIN, demo.town, json!({"name": "Voirie mobile"})).await;
    let photo = crate::attachments::jpeg_with_gps();
    let form = reqwest::multipart::Form::new()
        .text("api_key", key)
        .text("jurisdiction_id", "demo")
        .text("service_code", demo.pothole.to_string())
        .text("lat", "45.8617")
        .text("long", "-74.0873")
        .text(format!("attribute[{}]", demo.pothole_size), "grand")
        .text("description", "Nid-de-poule, photo jointe")
        .part("media", reqwest::multipart::Part::bytes(photo.clone()).file_name("trou.jpg"));
    let res = app.client.post(format!("{}/open311/v2/requests.json", app.base)).multipart(form).send().await;
    let res = res.expect("post");
    assert_eq!(res.status(), StatusCode::CREATED);
    let number = res.json::<Value>().await.expect("json")[0]["service_request_id"].as_str().expect("n").to_string();
    let url = format!("{}/open311/v2/requests/{number}.json?jurisdiction_id=demo&extensions=true", app.base);
    let one: Value = app.client.get(url).send().await.expect("get").json().await.expect("json");
    let media = one[0]["media_url"].as_str().expect("a photo").to_string();
    assert_eq!(one[0]["extended_attributes"]["media_urls"].as_array().map(Vec::len), Some(1), "{one}");
    let media = media.replace("http://localhost:8080", &app.base);
    let bytes = app.client.get(media).send().await.expect("photo").bytes().await.expect("bytes");
    assert!(bytes.starts_with(&[0xFF, 0xD8]), "a JPEG");
    assert!(!bytes.windows(4).any(|w| w == b"Exif"), "the public's copy has no metadata");
    // Not a picture: refused before anything is filed.
    let form = reqwest::multipart::Form::new()
        .text("api_key", issue(&app, ADMIN, demo.town, json!({"name": "B"})).await.1)
        .text("jurisdiction_id", "demo")
        .text("service_code", demo.pothole.to_string())
        .part("media", reqwest::multipart::Part::bytes(b"%PDF-1.4".to_vec()).file_name("x.pdf"));
    let res = app.client.post(format!("{}/open311/v2/requests.json", app.base)).multipart(form).send().await;
    let res = res.expect("post");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.expect("text").contains("media"));
}
