//! The access journal (Loi 25): every read of a person's contact by staff lands in it (who,
//! when, which record); the director reads it per request; it holds no contact.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

fn entries<'a>(journal: &'a Value, what: &str) -> Vec<&'a Value> {
    journal.as_array().expect("entries").iter().filter(|e| e["what"] == what).collect()
}

#[actix_web::test]
async fn each_read_of_a_contact_is_journaled_and_only_the_director_reads_the_journal() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let mut body = demo.pothole_body("Trou devant le 8");
    body["requester"] = json!({"first_name": "Hortense", "last_name": "Journal", "email": "hortense@example.com",
                               "phone1": "450 555-0142"});
    let created = app.file(&demo, None, body).await;
    let id = created["id"].clone();
    let journal = format!("{}/access-journal", demo.request(&id));

    // The clerk reads the request twice, the elected official once (no contact for them).
    let clerk = app.staff(CLERK).await;
    for _ in 0..2 {
        assert_eq!(app.get(&demo.request(&id), Some(&clerk)).await.0, StatusCode::OK);
    }
    assert_eq!(app.get(&demo.request(&id), Some(&app.staff(ELECTED).await)).await.0, StatusCode::OK);
    // An agent logs a call that became this request, then lists the calls.
    let agent = app.staff(OPERATOR).await;
    let t = demo.town;
    let call = json!({"channel": "phone", "note": "Rappel", "outcome": "answered",
                      "contact": {"name": "Hortense Journal", "phone": "450 555-0142"}});
    let (status, call) = app.post(&format!("/api/v1/towns/{t}/interactions"), Some(&agent), call).await;
    assert_eq!(status, StatusCode::CREATED, "{call}");
    let link = format!("/api/v1/towns/{t}/interactions/{}/request", call["id"]);
    assert_eq!(app.post(&link, Some(&agent), json!({"request_id": id})).await.0, StatusCode::OK);
    // The request's history says it came from a phone call.
    let (_, from) = app.get(&format!("{}/history?field=contact", demo.request(&id)), Some(&clerk)).await;
    assert_eq!(from[0]["new_value"], "phone", "{from}");
    assert_eq!(app.get(&format!("/api/v1/towns/{t}/interactions"), Some(&agent)).await.0, StatusCode::OK);

    let director = app.staff(DIRECTOR).await;
    let (status, read) = app.get(&journal, Some(&director)).await;
    assert_eq!(status, StatusCode::OK, "{read}");
    let by_clerk: Vec<_> =
        entries(&read, "request_contact").into_iter().filter(|e| e["user_name"] == "Claire Technicienne").collect();
    assert_eq!(by_clerk.len(), 2, "two reads by the clerk: {read}");
    assert_eq!(entries(&read, "request_contact").len(), 2, "the elected official read no contact: {read}");
    let calls = entries(&read, "call_contact");
    assert!(calls.len() >= 2, "the link's answer and the list, under the request: {read}");
    assert!(calls.iter().all(|e| e["interaction_id"] == call["id"]));
    // Reading the journal reads no contact: it holds none.
    let text = read.to_string();
    for secret in ["Hortense", "hortense@", "555-0142"] {
        assert!(!text.contains(secret), "{secret} in the journal: {text}");
    }
    // The director alone.
    for who in [CLERK, RESPONSIBLE, OPERATOR, ELECTED, ADMIN] {
        let (status, _) = app.get(&journal, Some(&app.staff(who).await)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
    }
    let (status, _) = app.get(&journal, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app.get(&format!("/api/v1/towns/{t}/requests/999999999/access-journal"), Some(&director)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
