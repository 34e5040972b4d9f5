//! Town isolation on every administration route: staff of another town get 404, lower
//! roles 403, the anonymous 401 — never data.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// Every administration route of a town, with a body that would be valid.
fn admin_routes(
    town: i64,
    dep: i64,
    node: i64,
    question: i64,
    option: i64,
    user: i64,
) -> Vec<(Method, String, Option<Value>)> {
    let b = format!("/api/v1/admin/towns/{town}");
    let dep_body = json!({"code": "x", "name_fr": "X", "name_en": "X"});
    let node_body = json!({"name_fr": "X", "name_en": "X"});
    let q_body = json!({"qtype": "text", "label_fr": "X", "label_en": "X"});
    let o_body = json!({"code": "x", "label_fr": "X", "label_en": "X"});
    let hook = json!({"url": "https://hooks.example.org/civis", "events": ["request.created"]});
    let settings = json!({"allow_anonymous": true, "closure_requires": {"intervention_code": false, "planned_date": false, "performed_date": false}, "reminder_lead_days": 2, "number_padding": 5,
        "business_days": [1,2,3,4,5], "opens_at": "08:30:00", "closes_at": "16:30:00", "sender_name": "", "sender_email": "", "holidays": []});
    vec![
        (Method::GET, b.clone(), None),
        (Method::PUT, format!("{b}/settings"), Some(settings)),
        (Method::GET, format!("{b}/departments"), None),
        (Method::POST, format!("{b}/departments"), Some(dep_body.clone())),
        (Method::PUT, format!("{b}/departments/{dep}"), Some(dep_body)),
        (Method::GET, format!("{b}/taxonomy"), None),
        (Method::POST, format!("{b}/taxonomy"), Some(node_body.clone())),
        (Method::PUT, format!("{b}/taxonomy/{node}"), Some(node_body)),
        (Method::POST, format!("{b}/taxonomy/{node}/retire"), Some(json!({}))),
        (Method::POST, format!("{b}/taxonomy/{node}/restore"), Some(json!({}))),
        (Method::POST, format!("{b}/taxonomy/{node}/questions"), Some(q_body.clone())),
        (
            Method::PUT,
            format!("{b}/questions/{question}"),
            Some(json!({"qtype": "single_choice", "label_fr": "X", "label_en": "X"})),
        ),
        (Method::POST, format!("{b}/questions/{question}/options"), Some(o_body.clone())),
        (Method::PUT, format!("{b}/questions/{question}/options/{option}"), Some(o_body)),
        (Method::GET, format!("{b}/users"), None),
        (
            Method::POST,
            format!("{b}/users"),
            Some(
                json!({"email": "z@z.example", "password": "0123456789ab", "first_name": "Z", "last_name": "Z", "roles": ["clerk"]}),
            ),
        ),
        (Method::PATCH, format!("{b}/users/{user}"), Some(json!({"first_name": "Zed"}))),
        (Method::GET, format!("{b}/api-keys"), None),
        (Method::POST, format!("{b}/api-keys"), Some(json!({"name": "Z"}))),
        (Method::DELETE, format!("{b}/api-keys/1"), None),
        (Method::GET, format!("{b}/webhooks"), None),
        (Method::POST, format!("{b}/webhooks"), Some(hook.clone())),
        (Method::PUT, format!("{b}/webhooks/1"), Some(hook)),
        (Method::GET, format!("{b}/webhooks/1/deliveries"), None),
        (Method::POST, format!("{b}/webhooks/1/deliveries/1/resend"), None),
    ]
}

/// Ids of real objects of the demo town.
async fn demo_ids(app: &TestApp) -> (i64, i64, i64, i64, i64, i64) {
    let town = app.town_id("demo").await;
    let admin = app.staff(ADMIN).await;
    let (_, deps) = app.get(&format!("/api/v1/admin/towns/{town}/departments"), Some(&admin)).await;
    let (_, tree) = app.get(&format!("/api/v1/admin/towns/{town}/taxonomy"), Some(&admin)).await;
    let (_, users) = app.get(&format!("/api/v1/admin/towns/{town}/users"), Some(&admin)).await;
    let pothole = tree.as_array().expect("tree").iter().find(|n| n["name_fr"] == "Nid-de-poule").expect("pothole");
    let q = &pothole["questions"][0];
    let id = |v: &Value| v.as_i64().expect("id");
    (town, id(&deps[0]["id"]), id(&pothole["id"]), id(&q["id"]), id(&q["options"][0]["id"]), id(&users[0]["id"]))
}

#[actix_web::test]
async fn staff_of_another_town_get_404_on_every_admin_route() {
    let app = TestApp::spawn().await;
    let (town, dep, node, question, option, user) = demo_ids(&app).await;
    // Give Saint-Exemple an administrator of its own.
    let other = app.town_id("saint-exemple").await;
    let foreign = app.foreign_staff("admin@st-exemple.example", &["town_admin"]).await;

    for (method, path, body) in admin_routes(town, dep, node, question, option, user) {
        let (status, problem) = app.call(method.clone(), &path, Some(&foreign), body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {problem}");
        assert_eq!(problem["code"], "not_found");
    }
    // Ids of the demo town through the foreign administrator's own town: still 404.
    for (method, path, body) in admin_routes(other, dep, node, question, option, user) {
        if !path.split('/').any(|s| s.parse::<i64>().is_ok_and(|n| n != other)) {
            continue; // routes that take no object id
        }
        let (status, problem) = app.call(method.clone(), &path, Some(&foreign), body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {problem}");
    }
}

#[actix_web::test]
async fn lower_roles_get_403_and_the_anonymous_401() {
    let app = TestApp::spawn().await;
    let (town, dep, node, question, option, user) = demo_ids(&app).await;
    for email in [CLERK, DIRECTOR, RESPONSIBLE, ELECTED, OPERATOR] {
        let token = app.staff(email).await;
        for (method, path, body) in admin_routes(town, dep, node, question, option, user) {
            let (status, _) = app.call(method.clone(), &path, Some(&token), body).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email} {method} {path}");
        }
    }
    let citizen = {
        let (_, pair) =
            app.post("/api/v1/auth/citizen/sign-in", None, json!({"email": CITIZEN, "password": PASSWORD})).await;
        pair["access_token"].as_str().expect("token").to_string()
    };
    for (method, path, body) in admin_routes(town, dep, node, question, option, user) {
        let (status, _) = app.call(method.clone(), &path, Some(&citizen), body.clone()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "citizen {method} {path}");
        let (status, problem) = app.call(method.clone(), &path, None, body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "anonymous {method} {path}");
        assert_eq!(problem["code"], "unauthorized");
    }
    // Platform routes too.
    let clerk = app.staff(CLERK).await;
    for (method, path) in [(Method::GET, "/api/v1/platform/towns"), (Method::GET, "/api/v1/platform/operators")] {
        assert_eq!(app.call(method.clone(), path, Some(&clerk), None).await.0, StatusCode::FORBIDDEN);
        assert_eq!(app.call(method, path, None, None).await.0, StatusCode::UNAUTHORIZED);
    }
}
