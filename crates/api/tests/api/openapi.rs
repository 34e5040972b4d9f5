//! The committed OpenAPI document matches the code, and the docs are served offline.

use reqwest::StatusCode;

use crate::helpers::*;

#[test]
fn committed_openapi_matches_the_code() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json"))
        .expect("openapi/openapi.json exists (make openapi writes it)");
    let generated = civis_api::app::openapi_json();
    assert!(committed == generated, "openapi/openapi.json is stale: run `make openapi` and commit it");
}

#[actix_web::test]
async fn the_spec_and_swagger_ui_are_served_without_network() {
    let app = TestApp::spawn().await;
    let (status, spec) = app.get("/api/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(spec["paths"]["/api/v1/admin/towns/{town_id}/taxonomy"]["post"].is_object());
    assert!(spec["components"]["securitySchemes"]["bearer"].is_object());

    let res = app.client.get(format!("{}/api/docs", app.base)).send().await.expect("docs");
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.expect("html");
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(!html.contains("https://"), "Swagger UI must load nothing from the network");
    let res = app.client.get(format!("{}/api/docs/swagger-ui-bundle.js", app.base)).send().await.expect("bundle");
    assert_eq!(res.status(), StatusCode::OK);
}
