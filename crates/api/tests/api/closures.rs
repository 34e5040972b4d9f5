//! Every closure stays in the request's history across reopens: staff read each one in the
//! timeline (resolution, code, dates, note, message, who), the requester what they were
//! told each time, and nothing internal.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

fn closure(action: &str, resolution: &str, note: &str, message: &str, performed: &str) -> Value {
    json!({"action": action, "closure": {"resolution": resolution, "intervention_code": "238 – Demande complétée",
        "planned_date": "2026-11-24", "performed_date": performed, "internal_note": note, "message_to_requester": message}})
}

#[actix_web::test]
async fn each_closure_is_kept_across_reopens_for_staff_and_for_the_requester() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let citizen = app.citizen().await;
    let mut body = demo.pothole_body("Nid-de-poule au 12, rue des Érables");
    body["requester"] = json!(null);
    let created = app.file(&demo, Some(&citizen), body).await;
    let request = demo.request(&created["id"]);
    let transitions = format!("{request}/transitions");
    let resp = app.staff(RESPONSIBLE).await;
    let clerk = app.staff(CLERK).await;

    let first =
        closure("close_processed", "Réparé à l'asphalte froid", "Équipe B", "Le trou est réparé.", "2026-11-25");
    let (status, d) = app.post(&transitions, Some(&resp), first).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    let reopen = json!({"action": "reopen", "reason": "Le trou est revenu après le gel."});
    assert_eq!(app.post(&transitions, Some(&clerk), reopen).await.0, StatusCode::OK);
    let second =
        closure("close_refused", "Relève du ministère", "Route 117", "Cette route relève du ministère.", "2026-12-02");
    let (status, d) = app.post(&transitions, Some(&resp), second).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["closure"]["message_to_requester"], "Cette route relève du ministère.", "the current closure");

    // Staff: both closures in the timeline, each after its status change, with who closed.
    let (status, t) = app.get(&format!("{request}/timeline"), Some(&clerk)).await;
    assert_eq!(status, StatusCode::OK);
    let items = t.as_array().expect("timeline");
    let kinds: Vec<String> = items
        .iter()
        .map(|i| match i["type"].as_str() {
            Some("change") => format!("status:{}", i["new_value"].as_str().unwrap_or("")),
            other => other.unwrap_or("").to_string(),
        })
        .filter(|k| k.starts_with("status:closed") || k == "closure")
        .collect();
    assert_eq!(kinds, ["status:closed_processed", "closure", "status:closed_refused", "closure"]);
    let closures: Vec<&Value> = items.iter().filter(|i| i["type"] == "closure").collect();
    assert_eq!(closures[0]["refused"], false);
    assert_eq!(closures[0]["closure"]["resolution"], "Réparé à l'asphalte froid");
    assert_eq!(closures[0]["closure"]["intervention_code"], "238 – Demande complétée");
    assert_eq!(closures[0]["closure"]["planned_date"], "2026-11-24");
    assert_eq!(closures[0]["closure"]["performed_date"], "2026-11-25");
    assert_eq!(closures[0]["closure"]["internal_note"], "Équipe B");
    assert_eq!(closures[0]["closure"]["message_to_requester"], "Le trou est réparé.");
    assert_eq!(closures[0]["actor"], "Thomas Travaux");
    assert_eq!(closures[1]["refused"], true);
    assert_eq!(closures[1]["closure"]["message_to_requester"], "Cette route relève du ministère.");

    // The requester: what they were told, each time; no internal note, no staff name.
    let (status, own) = app.get(&format!("/api/v1/me/requests/{}", created["id"]), Some(&citizen)).await;
    assert_eq!(status, StatusCode::OK, "{own}");
    let told: Vec<(bool, String)> = own["closures"]
        .as_array()
        .expect("closures")
        .iter()
        .map(|c| (c["refused"].as_bool().unwrap_or_default(), c["message"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        told,
        [(false, "Le trou est réparé.".to_string()), (true, "Cette route relève du ministère.".to_string())]
    );
    let text = own.to_string();
    for hidden in ["Équipe B", "Route 117", "Thomas", "Travaux"] {
        assert!(!text.contains(hidden), "{hidden} shown to the requester: {text}");
    }
    let track = format!("/api/v1/towns/{}/track", demo.town);
    let (_, tracked) = app.post(&track, None, json!({"number": created["number"], "email": CITIZEN})).await;
    assert_eq!(tracked["closures"], own["closures"]);
}
