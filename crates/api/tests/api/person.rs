//! A person's file (Loi 25): the director finds everything the town holds about someone by
//! email or phone — and nothing of anyone else; other roles cannot; reading it is journaled.

use diesel::connection::SimpleConnection;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

fn numbers(list: &Value) -> Vec<String> {
    list.as_array().expect("list").iter().filter_map(|x| x["number"].as_str().map(str::to_string)).collect()
}

#[actix_web::test]
async fn the_director_finds_a_persons_records_by_email_or_phone_and_nothing_of_anyone_else() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let t = demo.town;
    // Odette files one request, follows another (Bruno's), calls the town, answers a survey.
    let mut mine = demo.pothole_body("Trou devant chez Odette");
    mine["requester"] = json!({"first_name": "Odette", "last_name": "Dossier", "email": "Odette.D@example.com",
                               "phone1": "819 555-0123"});
    mine["wants_followups"] = json!(true);
    let mine = app.file(&demo, None, mine).await;
    let mut other = demo.pothole_body("Trou devant chez Bruno");
    other["requester"] = json!({"first_name": "Bruno", "last_name": "Autre", "email": "bruno@example.com",
                                "phone1": "819 555-0999"});
    other["public"] = json!(true);
    let other = app.file(&demo, None, other).await;
    let follow = format!("/api/v1/towns/{t}/public/requests/{}/follow", other["id"]);
    assert_eq!(app.post(&follow, None, json!({"email": "odette.d@example.com"})).await.0, StatusCode::ACCEPTED);
    let clerk = app.staff(CLERK).await;
    let sent = json!({"kind": "external", "body": "Nous passerons jeudi."});
    assert_eq!(
        app.post(&format!("{}/followups", demo.request(&mine["id"])), Some(&clerk), sent).await.0,
        StatusCode::CREATED
    );
    let internal = json!({"kind": "internal", "body": "Note interne sur le dossier."});
    assert_eq!(
        app.post(&format!("{}/followups", demo.request(&mine["id"])), Some(&clerk), internal).await.0,
        StatusCode::CREATED
    );
    let call = json!({"channel": "phone", "note": "Demande de suivi", "outcome": "answered",
                      "contact": {"name": "Odette D.", "phone": "(819) 555-0123"}});
    assert_eq!(app.post(&format!("/api/v1/towns/{t}/interactions"), Some(&clerk), call).await.0, StatusCode::CREATED);
    let bruno_call = json!({"channel": "phone", "note": "Bruno appelle", "outcome": "answered",
                            "contact": {"name": "Bruno Autre", "phone": "819 555-0999"}});
    assert_eq!(
        app.post(&format!("/api/v1/towns/{t}/interactions"), Some(&clerk), bruno_call).await.0,
        StatusCode::CREATED
    );
    app.conn()
        .batch_execute(&format!(
            "INSERT INTO satisfaction (request_id, municipality_id, score, comment) VALUES ({}, {t}, 4, 'Merci Odette')",
            mine["id"]
        ))
        .expect("survey");

    let director = app.staff(DIRECTOR).await;
    let url = |q: &str| format!("/api/v1/towns/{t}/privacy/person?{q}");
    let (status, by_email) = app.get(&url("email=odette.d%40example.com"), Some(&director)).await;
    assert_eq!(status, StatusCode::OK, "{by_email}");
    assert_eq!(
        numbers(&by_email["requests"]),
        [mine["number"].as_str().expect("number"), other["number"].as_str().expect("number")]
    );
    assert_eq!(by_email["requests"][0]["role"], "requester");
    assert_eq!(by_email["requests"][0]["contact"]["phone1"], "819 555-0123");
    assert_eq!(by_email["requests"][1]["role"], "follower");
    assert!(by_email["requests"][1]["contact"].is_null(), "Bruno's contact is not Odette's");
    let messages: Vec<&str> =
        by_email["messages"].as_array().expect("messages").iter().filter_map(|m| m["body"].as_str()).collect();
    assert_eq!(messages, ["Nous passerons jeudi."], "what was sent to her, not internal notes");
    assert_eq!(by_email["surveys"][0]["comment"], "Merci Odette");
    assert_eq!(by_email["calls"], json!([]), "the call was logged under her phone only");
    // By phone, whatever its separators: her request and her call.
    let (_, by_phone) = app.get(&url("phone=8195550123"), Some(&director)).await;
    assert_eq!(numbers(&by_phone["requests"]), [mine["number"].as_str().expect("number")]);
    assert_eq!(by_phone["calls"].as_array().map(Vec::len), Some(1));
    assert_eq!(by_phone["calls"][0]["name"], "Odette D.");
    for file in [&by_email, &by_phone] {
        let text = file.to_string();
        for someone_else in ["Bruno Autre", "bruno@example.com", "555-0999", "Note interne"] {
            assert!(!text.contains(someone_else), "{someone_else} in Odette's file: {text}");
        }
    }
    // The director's read is journaled under each request of the file.
    let (_, journal) = app.get(&format!("{}/access-journal", demo.request(&mine["id"])), Some(&director)).await;
    assert!(journal.as_array().expect("journal").iter().any(|e| e["what"] == "person_file"), "{journal}");

    // Per person: the reads of her request's contact and of her call, with the number.
    let clerk_read = app.get(&demo.request(&mine["id"]), Some(&clerk)).await;
    assert_eq!(clerk_read.0, StatusCode::OK);
    let (_, journal) =
        app.get(&format!("/api/v1/towns/{t}/privacy/person/journal?phone=8195550123"), Some(&director)).await;
    let entries = journal.as_array().expect("journal");
    assert!(
        entries.iter().any(|e| e["what"] == "request_contact" && e["request_number"] == mine["number"]),
        "{journal}"
    );
    assert!(entries.iter().all(|e| e["request_id"] != other["id"]), "Bruno's request is not hers: {journal}");
    assert!(!journal.to_string().contains("Odette") && !journal.to_string().contains("555-0123"), "{journal}");
    let (status, _) =
        app.get(&format!("/api/v1/towns/{t}/privacy/person/journal?phone=8195550123"), Some(&clerk)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Nobody else; an empty query is said so.
    for who in [CLERK, RESPONSIBLE, OPERATOR, ELECTED, ADMIN] {
        let (status, _) = app.get(&url("email=odette.d%40example.com"), Some(&app.staff(who).await)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
    }
    let (status, problem) = app.get(&url(""), Some(&director)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "person_query_empty", "{problem}");
    let (status, _) = app.get(&url("email=pas-un-courriel"), Some(&director)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// The entries of a ZIP, by name.
fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut text = String::new();
            f.read_to_string(&mut text).expect("utf-8");
            (f.name().expect("name").to_string(), text)
        })
        .collect()
}

async fn download(app: &TestApp, path: &str, token: &str) -> (StatusCode, Option<String>, Vec<u8>) {
    let res = app.client.get(format!("{}{path}", app.base)).bearer_auth(token).send().await.expect("get");
    let kind = res.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_string);
    (res.status(), kind, res.bytes().await.expect("bytes").to_vec())
}

#[actix_web::test]
async fn the_file_is_one_archive_with_a_readable_summary_and_a_citizen_downloads_their_own() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let t = demo.town;
    let citizen = app
        .new_citizen(json!({"email": "gaston.archive@example.com", "password": "un-mot-de-passe-solide-42",
                            "first_name": "Gaston", "last_name": "Archive", "language": "fr"}))
        .await;
    let mut body = demo.pothole_body("Trou <profond> & dangereux");
    body["requester"] = json!({"first_name": "Gaston", "last_name": "Archive", "email": "gaston.archive@example.com"});
    let mine = app.file(&demo, Some(&citizen), body).await;
    let number = mine["number"].as_str().expect("number");
    let bruno = app.file(&demo, None, demo.pothole_body("Chez Jeanne")).await;

    let director = app.staff(DIRECTOR).await;
    let url = format!("/api/v1/towns/{t}/privacy/person/archive?email=gaston.archive%40example.com");
    let (status, kind, bytes) = download(&app, &url, &director).await;
    assert_eq!((status, kind.as_deref()), (StatusCode::OK, Some("application/zip")));
    let entries = unzip(&bytes);
    assert_eq!(entries.keys().collect::<Vec<_>>(), ["dossier.html", "dossier.json"]);
    let html = &entries["dossier.html"];
    // `CIVIS_SAMPLES=dir` keeps the summary to look at in a browser.
    if let Ok(dir) = std::env::var("CIVIS_SAMPLES") {
        std::fs::write(format!("{dir}/dossier.html"), html).expect("sample");
    }
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("lang=\"fr\""), "{html}");
    assert!(html.contains(number) && html.contains("Requêtes (1)"));
    assert!(html.contains("Trou &lt;profond&gt; &amp; dangereux"), "escaped: {html}");
    let data: Value = serde_json::from_str(&entries["dossier.json"]).expect("json");
    assert_eq!(data[0]["file"]["requests"][0]["number"], number);
    let (_, _, en) = download(&app, &format!("{url}&lang=en"), &director).await;
    let en = unzip(&en);
    assert!(en["file.html"].contains("Requests (1)") && en["file.html"].contains("lang=\"en\""));
    // Other roles cannot.
    assert_eq!(download(&app, &url, &app.staff(CLERK).await).await.0, StatusCode::FORBIDDEN);

    // The citizen downloads their own: their request, nobody else's; staff have none.
    let (status, _, own) = download(&app, "/api/v1/me/personal-file", &citizen).await;
    assert_eq!(status, StatusCode::OK);
    let own = unzip(&own);
    assert!(own["dossier.html"].contains(number), "{}", own["dossier.html"]);
    assert!(!own["dossier.json"].contains(bruno["number"].as_str().expect("n")));
    assert!(!own["dossier.json"].contains("jeanne@example.com"));
    let (_, _, other) = download(&app, "/api/v1/me/personal-file", &app.citizen().await).await;
    assert!(!unzip(&other)["dossier.json"].contains(number), "another citizen's file holds none of Gaston's");
    assert_eq!(download(&app, "/api/v1/me/personal-file", &director).await.0, StatusCode::FORBIDDEN);
}
