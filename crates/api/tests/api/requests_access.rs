//! Town isolation and personal information on every request route; the public views;
//! tracking; concurrency.

use std::collections::HashSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// Every staff route that takes a request id.
fn routes(demo: &Demo, id: &Value) -> Vec<(Method, String, Option<Value>)> {
    let r = demo.request(id);
    vec![
        (Method::GET, r.clone(), None),
        (Method::PATCH, r.clone(), Some(json!({"priority": "minor"}))),
        (Method::POST, format!("{r}/transitions"), Some(json!({"action": "start"}))),
        (Method::GET, format!("{r}/followups"), None),
        (Method::POST, format!("{r}/followups"), Some(json!({"kind": "internal", "body": "x"}))),
        (Method::GET, format!("{r}/history"), None),
        (Method::PUT, format!("{r}/favorite"), None),
        (Method::DELETE, format!("{r}/favorite"), None),
    ]
}

async fn foreign_admin_and_clerk(app: &TestApp) -> String {
    app.foreign_staff("clic@st-exemple.example", &["clerk", "director"]).await
}

#[actix_web::test]
async fn request_routes_are_closed_to_other_towns_citizens_and_the_anonymous() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let created = app.file(&demo, None, demo.pothole_body("Nid-de-poule")).await;
    let id = created["id"].clone();
    let foreign = foreign_admin_and_clerk(&app).await;
    let citizen = app.citizen().await;
    let admin = app.staff(ADMIN).await;
    for (method, path, body) in routes(&demo, &id) {
        let (status, p) = app.call(method.clone(), &path, Some(&foreign), body.clone()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "other town {method} {path}: {p}");
        let (status, _) = app.call(method.clone(), &path, Some(&citizen), body.clone()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "citizen {method} {path}");
        let (status, _) = app.call(method.clone(), &path, Some(&admin), body.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "town administrator {method} {path}");
        let (status, _) = app.call(method.clone(), &path, None, body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "anonymous {method} {path}");
    }
    // The other town's id space: the demo request id under Saint-Exemple is not found either.
    let other = app.town_id("saint-exemple").await;
    let (status, _) = app.get(&format!("/api/v1/towns/{other}/requests/{id}"), Some(&foreign)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, page) = app.get(&format!("/api/v1/towns/{other}/requests"), Some(&foreign)).await;
    assert!(page["items"].as_array().expect("items").is_empty());
    let (status, _) = app.get(&demo.requests(), Some(&foreign)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Nothing changed.
    let clerk = app.staff(CLERK).await;
    let (_, d) = app.get(&demo.request(&id), Some(&clerk)).await;
    assert_eq!(d["status"], "transferred");
    assert_eq!(d["version"], 1);
}

fn assert_no_personal_info(v: &Value) {
    let text = v.to_string();
    for needle in ["jeanne@example.com", "Tremblay", "450 555-0101", "Jeanne", "requester"] {
        assert!(!text.contains(needle), "public view leaks {needle}: {text}");
    }
}

#[actix_web::test]
async fn the_public_sees_public_requests_and_external_follow_ups_only() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let public = app.file(&demo, None, demo.pothole_body("Nid-de-poule public")).await;
    let mut private_body = demo.pothole_body("Nid-de-poule privé");
    private_body["public"] = json!(false);
    let private = app.file(&demo, None, private_body).await;
    let clerk = app.staff(CLERK).await;
    for (kind, body) in
        [("internal", "Note interne : voir avec l'entrepreneur"), ("external", "Réparation prévue lundi")]
    {
        app.post(
            &format!("{}/followups", demo.request(&public["id"])),
            Some(&clerk),
            json!({"kind": kind, "body": body}),
        )
        .await;
    }

    let (status, page) = app.get(&format!("/api/v1/towns/{}/public/requests", demo.town), None).await;
    assert_eq!(status, StatusCode::OK);
    let listed: Vec<&Value> = page["items"].as_array().expect("items").iter().map(|r| &r["id"]).collect();
    assert_eq!(listed, [&public["id"]]);
    assert_no_personal_info(&page);
    let (status, one) = app.get(&format!("/api/v1/towns/{}/public/requests/{}", demo.town, public["id"]), None).await;
    assert_eq!(status, StatusCode::OK);
    let bodies: Vec<&str> =
        one["followups"].as_array().expect("followups").iter().filter_map(|f| f["body"].as_str()).collect();
    assert_eq!(bodies, ["Réparation prévue lundi"]);
    assert!(one["followups"][0]["author"].is_null());
    assert_no_personal_info(&one);
    let (status, _) = app.get(&format!("/api/v1/towns/{}/public/requests/{}", demo.town, private["id"]), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Another town's address for the same request: not found either, and not followable.
    let other = app.town_id("saint-exemple").await;
    let (status, _) = app.get(&format!("/api/v1/towns/{other}/public/requests/{}", public["id"]), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let follow = format!("/api/v1/towns/{other}/public/requests/{}/follow", public["id"]);
    assert_eq!(app.post(&follow, None, json!({"email": "x@example.com"})).await.0, StatusCode::NOT_FOUND);
    let (_, listed) = app.get(&format!("/api/v1/towns/{other}/public/requests"), None).await;
    assert!(listed["items"].as_array().expect("items").is_empty());

    // Near a point, with a distance; far away, nothing.
    let (_, near) = app
        .get(&format!("/api/v1/towns/{}/public/requests?lat=45.8618&lng=-74.0872&radius_m=100", demo.town), None)
        .await;
    assert_eq!(near["items"].as_array().expect("items").len(), 1);
    assert!(near["items"][0]["distance_m"].as_f64().expect("distance") < 100.0);
    let (_, far) =
        app.get(&format!("/api/v1/towns/{}/public/requests?lat=46.8&lng=-71.2&radius_m=1000", demo.town), None).await;
    assert!(far["items"].as_array().expect("items").is_empty());
    let (status, _) = app.get(&format!("/api/v1/towns/{}/public/requests?lat=45.8", demo.town), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[actix_web::test]
async fn the_duplicate_check_offers_to_follow_instead_of_filing() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let existing = app.file(&demo, None, demo.pothole_body("Nid-de-poule devant le 123")).await;
    let nearby =
        format!("/api/v1/towns/{}/public/nearby?node_id={}&lat=45.86175&lng=-74.08735", demo.town, demo.pothole);
    let (status, found) = app.get(&nearby, None).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found[0]["id"], existing["id"]);
    assert_no_personal_info(&found);
    // Another category at the same place is not a duplicate; nor is a far-away pothole.
    let (_, other) = app
        .get(
            &format!("/api/v1/towns/{}/public/nearby?node_id={}&lat=45.86175&lng=-74.08735", demo.town, demo.animals),
            None,
        )
        .await;
    assert!(other.as_array().expect("list").is_empty());
    let (_, far) = app
        .get(&format!("/api/v1/towns/{}/public/nearby?node_id={}&lat=45.87&lng=-74.08", demo.town, demo.pothole), None)
        .await;
    assert!(far.as_array().expect("list").is_empty());

    // Follow it: by account at once, or by email once confirmed (202: a link was sent);
    // twice is harmless.
    let follow = format!("/api/v1/towns/{}/public/requests/{}/follow", demo.town, existing["id"]);
    let citizen = app.citizen().await;
    assert_eq!(app.post(&follow, Some(&citizen), json!({})).await.0, StatusCode::NO_CONTENT);
    assert_eq!(app.post(&follow, Some(&citizen), json!({})).await.0, StatusCode::NO_CONTENT);
    assert_eq!(app.post(&follow, None, json!({"email": "voisin@example.com"})).await.0, StatusCode::ACCEPTED);
    assert_eq!(app.post(&follow, None, json!({"email": "Voisin@example.com"})).await.0, StatusCode::ACCEPTED);
    assert_eq!(app.post(&follow, None, json!({})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    use diesel::prelude::*;
    let n: i64 = civis_api::db::schema::request_followers::table.count().get_result(&mut app.conn()).expect("count");
    assert_eq!(n, 2);
}

#[actix_web::test]
async fn tracking_needs_the_number_and_the_email() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let created = app.file(&demo, None, demo.pothole_body("Nid-de-poule")).await;
    let clerk = app.staff(CLERK).await;
    app.post(
        &format!("{}/followups", demo.request(&created["id"])),
        Some(&clerk),
        json!({"kind": "internal", "body": "Secret interne"}),
    )
    .await;
    app.post(
        &format!("{}/followups", demo.request(&created["id"])),
        Some(&clerk),
        json!({"kind": "external", "body": "Merci, c'est noté"}),
    )
    .await;
    let track = format!("/api/v1/towns/{}/track", demo.town);
    let asking = |email: &str| json!({"number": created["number"], "email": email});
    let (status, t) = app.post(&track, None, asking("JEANNE@example.com")).await;
    assert_eq!(status, StatusCode::OK, "{t}");
    assert_eq!(t["status"], "in_progress");
    let bodies: Vec<&str> =
        t["followups"].as_array().expect("followups").iter().filter_map(|f| f["body"].as_str()).collect();
    assert_eq!(bodies, ["Merci, c'est noté"]);
    let (status, p) = app.post(&track, None, asking("someone@example.com")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(p["code"], "not_found");
    let other = app.town_id("saint-exemple").await;
    let elsewhere = format!("/api/v1/towns/{other}/track");
    assert_eq!(app.post(&elsewhere, None, asking("jeanne@example.com")).await.0, StatusCode::NOT_FOUND);
    // Nothing about it in a GET's address any more: the address takes POST only.
    let old = format!("{track}?number={}&email=jeanne@example.com", created["number"].as_str().expect("n"));
    assert_eq!(app.get(&old, None).await.0, StatusCode::METHOD_NOT_ALLOWED);
}

#[actix_web::test]
async fn concurrent_creations_get_unique_gapless_numbers() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let client = app.client.clone();
        let url = format!("{}{}", app.base, demo.requests());
        let mut body = demo.pothole_body(&format!("Nid-de-poule {i}"));
        if i % 6 == 0 {
            body["answers"] = json!([]); // refused: must not burn a number
        }
        tasks.push(actix_web::rt::spawn(async move {
            let res = client.post(url).json(&body).send().await.expect("send");
            (res.status(), res.json::<Value>().await.expect("json"))
        }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        let (status, body) = t.await.expect("task");
        if status == StatusCode::CREATED {
            numbers.push(body["number"].as_str().expect("number").to_string());
        } else {
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        }
    }
    assert_eq!(numbers.len(), 20);
    let seqs: HashSet<u32> =
        numbers.iter().map(|n| n.rsplit('-').next().expect("seq").parse().expect("number")).collect();
    assert_eq!(seqs, (1..=20).collect::<HashSet<u32>>(), "unique and gapless: {numbers:?}");
}

#[actix_web::test]
async fn concurrent_edits_are_detected() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let created = app.file(&demo, None, demo.pothole_body("Nid-de-poule")).await;
    let id = created["id"].clone();
    let clerk = app.staff(CLERK).await;
    let director = app.staff(DIRECTOR).await;
    let etag = app.etag(&demo, &clerk, &id).await;
    let (status, _) =
        app.with_if_match(Method::PATCH, &demo.request(&id), &clerk, &etag, json!({"priority": "urgent"})).await;
    assert_eq!(status, StatusCode::OK);
    // The director edits from the same, now stale, version.
    let (status, p) =
        app.with_if_match(Method::PATCH, &demo.request(&id), &director, &etag, json!({"priority": "minor"})).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(p["code"], "version_conflict");
    let (_, d) = app.get(&demo.request(&id), Some(&clerk)).await;
    assert_eq!(d["priority"], "urgent", "the first edit stands");
    // Without If-Match an edit is refused, not applied blindly.
    let (status, p) = app.patch(&demo.request(&id), Some(&clerk), json!({"priority": "minor"})).await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    assert_eq!(p["code"], "precondition_required");
    // Department and visibility changes are recorded.
    let etag = app.etag(&demo, &clerk, &id).await;
    let (_, deps) =
        app.get(&format!("/api/v1/admin/towns/{}/departments", demo.town), Some(&app.staff(ADMIN).await)).await;
    let env = deps.as_array().expect("deps").iter().find(|x| x["code"] == "environnement").expect("env")["id"].clone();
    let (status, d) = app
        .with_if_match(
            Method::PATCH,
            &demo.request(&id),
            &clerk,
            &etag,
            json!({"department_id": env, "public": false, "reason": "Mauvais service"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    let (_, h) = app.get(&format!("{}/history?field=department", demo.request(&id)), Some(&clerk)).await;
    assert_eq!(h[0]["new_value"], env.to_string());
    assert_eq!(h[0]["reason"], "Mauvais service");
    assert_eq!(h[0]["actor"], "Claire Technicienne");
    // A department of another town is refused.
    let etag = app.etag(&demo, &clerk, &id).await;
    let (status, _) =
        app.with_if_match(Method::PATCH, &demo.request(&id), &clerk, &etag, json!({"department_id": 999_999})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[actix_web::test]
async fn staff_see_private_requests_nearby_and_a_citizen_sees_what_they_are_not_what_they_say() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let agent = app.staff(OPERATOR).await;
    let mut private = demo.pothole_body("Trou privé au coin");
    private["public"] = json!(false);
    let private = app.file(&demo, None, private).await;
    let near = format!("node_id={}&lat=45.8617&lng=-74.0873", demo.pothole);
    let (status, staff) = app.get(&format!("/api/v1/towns/{}/nearby?{near}", demo.town), Some(&agent)).await;
    assert_eq!(status, StatusCode::OK, "{staff}");
    let ids: Vec<&Value> = staff.as_array().expect("list").iter().map(|r| &r["id"]).collect();
    assert_eq!(ids, [&private["id"]]);
    assert_no_personal_info(&staff);
    // A neighbour about to file sees that a pothole is already reported there, how far and
    // where it stands: not its number, its words or who asked.
    let (status, public) = app.get(&format!("/api/v1/towns/{}/public/nearby?{near}", demo.town), None).await;
    assert_eq!(status, StatusCode::OK, "{public}");
    let seen = &public[0];
    assert_eq!((seen["id"].clone(), seen["public"].clone()), (private["id"].clone(), json!(false)));
    assert_eq!((seen["number"].clone(), seen["description"].clone()), (Value::Null, Value::Null));
    assert_eq!(seen["status"], "transferred");
    assert!(seen["distance_m"].as_f64().expect("distance") < 20.0, "{seen}");
    assert!(!public.to_string().contains("Trou privé"), "{public}");
    assert_no_personal_info(&public);
    let (status, _) = app.get(&format!("/api/v1/towns/{}/nearby?{near}", demo.town), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app.get(&format!("/api/v1/towns/{}/nearby?{near}", demo.town), Some(&app.citizen().await)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // "Signaler aussi": the neighbour's request is linked to it, in both histories.
    let mut also = demo.pothole_body("Le même trou, vu ce matin");
    also["also_reports"] = private["id"].clone();
    let again = app.file(&demo, None, also).await;
    let clerk = app.staff(CLERK).await;
    let (_, h) = app.get(&format!("{}/history?field=also_reports", demo.request(&again["id"])), Some(&clerk)).await;
    assert_eq!(h[0]["new_value"], private["number"], "{h}");
    let (_, h) = app.get(&format!("{}/history?field=also_reported", demo.request(&private["id"])), Some(&clerk)).await;
    assert_eq!(h[0]["new_value"], again["number"], "{h}");
    // Only an open request of the same category.
    let mut wrong = demo.pothole_body("Autre chose");
    wrong["node_id"] = json!(demo.animals);
    wrong["public"] = json!(false);
    wrong["answers"] = json!([]);
    wrong["also_reports"] = private["id"].clone();
    let (status, problem) = app.post(&demo.requests(), None, wrong).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "also_reports");
}

#[actix_web::test]
async fn a_citizen_reads_their_own_request_and_adds_information_that_staff_see() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let citizen = app.citizen().await;
    let mut body = demo.pothole_body("Trou signalé en ligne");
    body["requester"] = json!({"email": "citoyen@civis.demo"});
    let created = app.file(&demo, Some(&citizen), body).await;
    let mine = format!("/api/v1/me/requests/{}", created["id"]);
    let (status, r) = app.get(&mine, Some(&citizen)).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["municipality_id"], demo.town);
    assert_eq!(r["category_fr"], "Nid-de-poule");
    let (status, f) = app
        .post(&format!("{mine}/information"), Some(&citizen), json!({"body": "Il s'est agrandi depuis hier."}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{f}");
    assert_eq!(f["kind"], "incoming");
    let (status, p) = app.post(&format!("{mine}/information"), Some(&citizen), json!({"body": ""})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    // Staff see it as the requester's; nobody else reaches it.
    let clerk = app.staff(CLERK).await;
    let (_, list) = app.get(&format!("{}/followups", demo.request(&created["id"])), Some(&clerk)).await;
    let added = list.as_array().expect("list").iter().find(|x| x["kind"] == "incoming").expect("incoming").clone();
    assert_eq!(added["body"], "Il s'est agrandi depuis hier.");
    assert_eq!(added["author_kind"], "requester");
    let (status, _) = app.get(&mine, Some(&clerk)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let other = app
        .new_citizen(
            json!({"email": "autre@exemple.ca", "password": "mot-de-passe-long", "first_name": "A", "last_name": "B"}),
        )
        .await;
    let (status, _) = app.get(&mine, Some(&other)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.post(&format!("{mine}/information"), Some(&other), json!({"body": "x"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Closed: nothing more to add.
    let close = json!({"action": "close_processed", "closure": {"resolution": "Fait", "intervention_code": "238", "performed_date": "2026-11-02", "message_to_requester": "Réparé."}});
    let (status, _) = app.post(&format!("{}/transitions", demo.request(&created["id"])), Some(&clerk), close).await;
    assert_eq!(status, StatusCode::OK);
    let (status, p) = app.post(&format!("{mine}/information"), Some(&citizen), json!({"body": "Encore?"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{p}");
}
