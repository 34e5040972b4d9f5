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

#[test]
fn every_error_is_declared_as_a_problem_and_every_operation_as_it_answers() {
    let doc: serde_json::Value = serde_json::from_str(&civis_api::app::openapi_json()).expect("json");
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            let Some(responses) = op["responses"].as_object() else { continue };
            operations += 1;
            // GeoReport answers its errors in the spec's form, in JSON or XML by the path.
            let open311 = path.starts_with("/open311/");
            for (status, r) in responses {
                if status.as_str() >= "400" && open311 {
                    let content = r["content"].as_object().expect("content");
                    let kinds: Vec<&String> = content.keys().collect();
                    assert_eq!(kinds, ["application/json", "text/xml"], "{method} {path} {status}");
                } else if status.as_str() >= "400" {
                    let content = r["content"].as_object().expect("content");
                    assert!(content.contains_key("application/problem+json"), "{method} {path} {status}");
                    assert!(!content.contains_key("application/json"), "{method} {path} {status}");
                }
            }
            if path != "/health" && path != "/ready" {
                assert!(responses.contains_key("503"), "{method} {path} declares the database being away");
            }
            if op["requestBody"].is_object() && !open311 {
                assert!(responses.contains_key("422") && responses.contains_key("400"), "{method} {path}");
            }
        }
    }
    assert!(operations > 90);
    let mut ids = std::collections::HashSet::new();
    for item in doc["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("item").values().filter(|op| op["responses"].is_object()) {
            let id = op["operationId"].as_str().expect("an operation id").to_string();
            assert!(ids.insert(id.clone()), "operation id {id} twice");
        }
    }
    // Routes that read a token only to add rights say so: anonymous or bearer.
    let filing = &doc["paths"]["/api/v1/towns/{town_id}/requests"]["post"]["security"];
    assert_eq!(filing, &serde_json::json!([{}, {"bearer": []}]));
}

#[actix_web::test]
async fn a_known_address_with_another_method_answers_405_with_allow() {
    let app = TestApp::spawn().await;
    for (method, path, allow) in [
        (reqwest::Method::POST, "/api/v1/towns", "GET"),
        (reqwest::Method::DELETE, "/api/v1/auth/staff/sign-in", "POST"),
        (reqwest::Method::GET, "/api/v1/auth/refresh", "DELETE, POST"),
        (reqwest::Method::PUT, "/api/v1/towns/1/requests/2/followups", "GET, POST"),
    ] {
        let res = app.client.request(method.clone(), format!("{}{path}", app.base)).send().await.expect("send");
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(res.headers()["allow"], allow, "{method} {path}");
        let problem: serde_json::Value = res.json().await.expect("problem");
        assert_eq!(problem["code"], "method_not_allowed");
        assert!(problem["message_fr"].as_str().is_some_and(|m| m.contains("Allow")));
    }
    assert_eq!(app.call(reqwest::Method::POST, "/api/v1/nowhere", None, None).await.0, StatusCode::NOT_FOUND);
}

/// Every `$ref` of the document names a schema it has.
#[test]
fn every_reference_resolves() {
    fn refs<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(r) = o.get("$ref").and_then(|r| r.as_str()) {
                    out.push(r);
                }
                o.values().for_each(|x| refs(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let doc: serde_json::Value = serde_json::from_str(&civis_api::app::openapi_json()).expect("json");
    let mut all = vec![];
    refs(&doc, &mut all);
    assert!(all.len() > 100);
    for r in all {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("{r} is not a schema"));
        assert!(doc["components"]["schemas"][name].is_object(), "{r} does not resolve");
    }
}

/// The `validator` rules of the wire types are in the document (`#[schema_rules]`): a
/// length, a list's size, a range on a body and on a query, an email's pattern, a
/// password's policy, and a nullable date kept as a date.
#[test]
fn validation_rules_are_schema_constraints() {
    let doc: serde_json::Value = serde_json::from_str(&civis_api::app::openapi_json()).expect("json");
    let schemas = &doc["components"]["schemas"];
    let department = &schemas["DepartmentInput"]["properties"];
    assert_eq!(
        (department["code"]["minLength"].as_u64(), department["code"]["maxLength"].as_u64()),
        (Some(1), Some(40))
    );
    assert_eq!(schemas["ArticleInput"]["properties"]["keywords"]["maxItems"], 20);
    let settings = &schemas["TownSettings"]["properties"]["number_padding"];
    assert_eq!((settings["minimum"].as_f64(), settings["maximum"].as_f64()), (Some(3.0), Some(9.0)));
    let sign_up = &schemas["SignUpRequest"]["properties"];
    assert!(sign_up["email"]["format"].is_null(), "the pattern, not format: email (stricter than the server)");
    assert!(sign_up["email"]["pattern"].as_str().is_some_and(|p| p.contains('@')));
    assert_eq!(
        (sign_up["password"]["minLength"].as_u64(), sign_up["password"]["maxLength"].as_u64()),
        (Some(12), Some(128))
    );
    let due = &schemas["RequestPatch"]["properties"]["due_date"]["oneOf"];
    assert_eq!(due[0], serde_json::json!({"type": "string", "format": "date"}));
    let nearby = doc["paths"]["/api/v1/towns/{town_id}/public/nearby"]["get"]["parameters"].as_array().expect("params");
    let radius = nearby.iter().find(|p| p["name"] == "radius_m").expect("radius_m");
    assert_eq!(
        (radius["schema"]["minimum"].as_f64(), radius["schema"]["maximum"].as_f64()),
        (Some(1.0), Some(50_000.0))
    );
}
