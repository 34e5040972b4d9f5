//! The public wording (Loi 25): staff rewrite what the public reads of a description; the
//! citizen's words stay for staff; "" goes back to them, masked; the history keeps each
//! change; a department cannot reword another department's request.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

#[actix_web::test]
async fn staff_reword_the_public_description_and_the_history_keeps_it() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let t = demo.town;
    let mut body = demo.pothole_body("Mon voisin Roger Tremblay (819 556-0000) a un trou devant chez lui.");
    body["public"] = json!(true);
    let created = app.file(&demo, None, body).await;
    let id = created["id"].clone();
    let public = format!("/api/v1/towns/{t}/public/requests/{id}");
    let clerk = app.staff(CLERK).await;
    let (_, detail) = app.get(&demo.request(&id), Some(&clerk)).await;
    assert_eq!(detail["public_text"], "Mon voisin Roger Tremblay ([téléphone masqué]) a un trou devant chez lui.");
    assert!(detail["public_wording"].is_null());

    let reword = |wording: &str| json!({"public_wording": wording, "reason": "Nom d'un tiers"});
    let etag = app.etag(&demo, &clerk, &id).await;
    let (status, after) = app
        .with_if_match(Method::PATCH, &demo.request(&id), &clerk, &etag, reword("Trou devant le 12, rue des Érables."))
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["public_text"], "Trou devant le 12, rue des Érables.");
    assert!(after["description"].as_str().expect("text").contains("Roger Tremblay"), "staff keep the citizen's words");
    let (_, seen) = app.get(&public, None).await;
    assert_eq!(seen["description"], "Trou devant le 12, rue des Érables.");
    let (_, list) = app.get(&format!("/api/v1/towns/{t}/public/requests"), None).await;
    assert!(!list.to_string().contains("Roger"), "the list reads the wording too");
    let (_, history) = app.get(&format!("{}/history", demo.request(&id)), Some(&clerk)).await;
    let change = history.as_array().expect("history").iter().find(|h| h["field"] == "public_wording").expect("kept");
    assert_eq!(
        (change["new_value"].as_str(), change["reason"].as_str()),
        (Some("Trou devant le 12, rue des Érables."), Some("Nom d'un tiers"))
    );

    // Staff's words are masked all the same; "" goes back to the citizen's, masked.
    let etag = app.etag(&demo, &clerk, &id).await;
    let (_, after) =
        app.with_if_match(Method::PATCH, &demo.request(&id), &clerk, &etag, reword("Appelez le 450 555-0101.")).await;
    assert_eq!(after["public_text"], "Appelez le [téléphone masqué].");
    let etag = app.etag(&demo, &clerk, &id).await;
    let (_, after) = app.with_if_match(Method::PATCH, &demo.request(&id), &clerk, &etag, reword("")).await;
    assert!(after["public_wording"].is_null(), "{after}");
    let (_, seen) = app.get(&public, None).await;
    assert_eq!(seen["description"], "Mon voisin Roger Tremblay ([téléphone masqué]) a un trou devant chez lui.");

    // Too long: a clear error; an elected official cannot.
    let etag = app.etag(&demo, &clerk, &id).await;
    let (status, problem) =
        app.with_if_match(Method::PATCH, &demo.request(&id), &clerk, &etag, reword(&"x".repeat(5001))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let elected = app.staff(ELECTED).await;
    let etag = app.etag(&demo, &elected, &id).await;
    let (status, _) = app.with_if_match(Method::PATCH, &demo.request(&id), &elected, &etag, reword("Non")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
