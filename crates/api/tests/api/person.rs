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
