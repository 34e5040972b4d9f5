//! The address register: the import refuses a bad file whole, the autocomplete ignores
//! accents and case, a pin becomes the nearest address, and a place outside the town's
//! territory is refused on filing.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

async fn put_csv(app: &TestApp, town: i64, token: &str, body: &str) -> (StatusCode, Value) {
    let res = reqwest::Client::new()
        .put(format!("{}/api/v1/admin/towns/{town}/addresses", app.base))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(body.to_string())
        .send()
        .await
        .expect("import");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn labels(v: &Value) -> Vec<String> {
    v.as_array().expect("hits").iter().map(|h| h["label"].as_str().unwrap_or_default().to_string()).collect()
}

#[actix_web::test]
async fn the_demo_register_answers_as_the_citizen_types() {
    let app = TestApp::spawn().await;
    let town = app.town_id("demo").await;
    let search = |q: &str| format!("/api/v1/towns/{town}/public/addresses?q={}", q.replace(' ', "%20"));

    let (status, hits) = app.get(&search("12 rue des erables"), None).await;
    assert_eq!(status, StatusCode::OK, "{hits}");
    assert_eq!(labels(&hits)[0], "12, rue des Érables");
    // Without the small words, in capitals, the number unfinished: still there.
    assert!(labels(&app.get(&search("1 ERABLES"), None).await.1).contains(&"12, rue des Érables".to_string()));
    // No number yet: streets, to move the map there.
    let (_, streets) = app.get(&search("erab"), None).await;
    assert_eq!(labels(&streets), ["rue des Érables"]);
    assert!(streets[0]["civic_number"].is_null());
    let (_, st) = app.get(&search("st jean"), None).await;
    assert_eq!(labels(&st), ["rue Saint-Jean"]);
    let (status, _) = app.get(&format!("/api/v1/towns/{town}/public/addresses?q=x&limit=99"), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The pin of "12, rue des Érables", a few metres off, comes back as that address.
    let twelve = &hits[0];
    let (lat, lng) =
        (twelve["latitude"].as_f64().expect("value") + 0.00003, twelve["longitude"].as_f64().expect("value"));
    let (status, near) =
        app.get(&format!("/api/v1/towns/{town}/public/addresses/nearest?lat={lat}&lng={lng}"), None).await;
    assert_eq!(status, StatusCode::OK, "{near}");
    assert_eq!(near["label"], "12, rue des Érables");
    assert!(near["distance_m"].as_f64().expect("value") < 10.0);
    let (status, _) = app.get(&format!("/api/v1/towns/{town}/public/addresses/nearest?lat=46.5&lng=-72.0"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, land) = app.get(&format!("/api/v1/towns/{town}/public/territory"), None).await;
    assert_eq!(land["addresses"], 2400);
    assert!(land["outline"].as_array().expect("value").len() >= 4, "{land}");
    assert_eq!(land["duplicate_radius_m"], 150);
}

#[actix_web::test]
async fn a_place_outside_the_territory_is_refused_in_both_languages() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let mut body = demo.pothole_body("Nid-de-poule à Montréal");
    body["latitude"] = json!(45.5017);
    body["longitude"] = json!(-73.5673);
    let (status, problem) = app.post(&demo.requests(), None, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let err = &problem["errors"][0];
    assert_eq!((err["field"].as_str(), err["code"].as_str()), (Some("latitude"), Some("outside_territory")));
    assert!(err["message_fr"].as_str().expect("value").contains("hors du territoire"));
    assert!(err["message_en"].as_str().expect("value").contains("outside the town"));
    // At the edge of the last houses (within the margin) it is the town's.
    let created = app.file(&demo, None, demo.pothole_body("Nid-de-poule au bout de la rue")).await;
    assert!(created["number"].is_string(), "{created}");
}

#[actix_web::test]
async fn an_import_with_errors_changes_nothing_and_names_its_lines() {
    let app = TestApp::spawn().await;
    let town = app.town_id("demo").await;
    let admin = app.staff(ADMIN).await;
    let bad = "numero_civique;rue;code_postal;latitude;longitude\n\
               5;rue du Moulin;J0R 1R0;45,86;-74,08\n\
               ;rue du Moulin;;45.86;-74.08\n\
               7;rue du Moulin;;quarante-cinq;-74.08\n\
               5;Rue du Moulin;;45.86;-74.08\n";
    let (status, problem) = put_csv(&app, town, &admin, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let fields: Vec<&str> =
        problem["errors"].as_array().expect("value").iter().map(|e| e["field"].as_str().expect("value")).collect();
    assert_eq!(fields, ["lines.3.civic_number", "lines.4.latitude", "lines.5.civic_number"]);
    assert_eq!(problem["errors"][2]["code"], "address_repeated");
    let (_, land) = app.get(&format!("/api/v1/towns/{town}/public/territory"), None).await;
    assert_eq!(land["addresses"], 2400, "the register is untouched");

    // A clerk may not import; the town administrator replaces the register.
    let clerk = app.staff(CLERK).await;
    assert_eq!(put_csv(&app, town, &clerk, bad).await.0, StatusCode::FORBIDDEN);
    let good = "civic_number,street,postal_code,latitude,longitude\n\
                5,rue du Moulin,j0r1r0,45.8600,-74.0800\n\
                7,rue du Moulin,,45.8602,-74.0800\n\
                9,\"rue du Moulin\",,45.8604,-74.0801\n";
    let (status, done) = put_csv(&app, town, &admin, good).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!((done["addresses"].as_i64(), done["streets"].as_i64()), (Some(3), Some(1)));
    let (_, hits) = app.get(&format!("/api/v1/towns/{town}/public/addresses?q=5%20moulin"), None).await;
    assert_eq!(hits[0]["postal_code"], "J0R 1R0");
    let (_, old) = app.get(&format!("/api/v1/towns/{town}/public/addresses?q=12%20erables"), None).await;
    assert_eq!(old, json!([]), "the old register is gone");
    let (status, _) = app.call(Method::PUT, &format!("/api/v1/admin/towns/{town}/addresses"), Some(&admin), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an empty file");
}
