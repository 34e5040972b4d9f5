//! The rules the server enforces when filing: requester, visibility, kinds, answers.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

fn codes(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|x| (x["field"].as_str().unwrap_or("").into(), x["code"].as_str().unwrap_or("").into()))
                .collect()
        })
        .unwrap_or_default()
}

fn has(problem: &Value, field: &str, code: &str) -> bool {
    codes(problem).contains(&(field.to_string(), code.to_string()))
}

#[actix_web::test]
async fn answers_are_checked_against_the_category_questions() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let mut body = demo.pothole_body("Nid-de-poule");
    body["answers"] = json!([]);
    let (status, p) = app.post(&demo.requests(), None, body.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(has(&p, &format!("answers.{}", demo.pothole_size), "required"), "{p}");
    assert!(p["errors"][0]["message_fr"].as_str().is_some_and(|m| m.contains("obligatoire")));
    body["answers"] = json!([{"question_id": demo.pothole_size, "value": "énorme"}, {"question_id": demo.garage_date, "value": "2026-01-01"}]);
    let (_, p) = app.post(&demo.requests(), None, body.clone()).await;
    assert!(has(&p, &format!("answers.{}", demo.pothole_size), "unknown_option"), "{p}");
    assert!(has(&p, &format!("answers.{}", demo.garage_date), "unknown_question"), "{p}");

    let garage = json!({"node_id": demo.garage_sale, "description": "Vente de garage", "requester": {"first_name": "A", "email": "a@example.com"},
        "answers": [{"question_id": demo.garage_date, "value": "2026-02-30"}]});
    let (status, p) = app.post(&demo.requests(), None, garage).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(has(&p, &format!("answers.{}", demo.garage_date), "expected_date"), "{p}");
    // Nothing was filed by the refused calls: the first accepted one gets number 1.
    let created = app.file(&demo, None, demo.pothole_body("Nid-de-poule")).await;
    assert!(created["number"].as_str().expect("number").ends_with("-00001"));
}

#[actix_web::test]
async fn requester_rules() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let base = |mode: &str| {
        json!({"node_id": demo.pothole, "description": "Trou", "requester_mode": mode,
               "answers": [{"question_id": demo.pothole_size, "value": "petit"}]})
    };
    // Anonymous: no contact, no follow-ups.
    let mut b = base("anonymous");
    b["requester"] = json!({"email": "x@example.com"});
    b["wants_followups"] = json!(true);
    let (status, p) = app.post(&demo.requests(), None, b).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        has(&p, "requester", "anonymous_no_contact") && has(&p, "wants_followups", "anonymous_no_followups"),
        "{p}"
    );
    // Internal: staff only, no requester, never public.
    let (_, p) = app.post(&demo.requests(), None, base("internal")).await;
    assert!(has(&p, "requester_mode", "internal_staff_only"), "{p}");
    let clerk = app.staff(CLERK).await;
    let mut b = base("internal");
    b["public"] = json!(true);
    let (_, p) = app.post(&demo.requests(), Some(&clerk), b).await;
    assert!(has(&p, "public", "public_not_allowed"), "{p}");
    let internal = app.file(&demo, Some(&clerk), base("internal")).await;
    let (_, d) = app.get(&demo.request(&internal["id"]), Some(&clerk)).await;
    assert_eq!(d["requester_mode"], "internal");
    // Follow-ups need an email; a named request needs a name or a contact.
    let mut b = base("identified");
    b["requester"] = json!({"first_name": "Paul", "phone1": "450 555-0123"});
    b["wants_followups"] = json!(true);
    let (_, p) = app.post(&demo.requests(), None, b).await;
    assert!(has(&p, "requester.email", "email_required_for_followups"), "{p}");
    let (_, p) = app.post(&demo.requests(), None, base("identified")).await;
    assert!(has(&p, "requester", "requester_required"), "{p}");
    // A category that is never public.
    let animals = json!({"node_id": demo.animals, "description": "Chien errant", "public": true, "requester": {"first_name": "A", "phone1": "1"}});
    let (_, p) = app.post(&demo.requests(), None, animals).await;
    assert!(has(&p, "public", "public_not_allowed"), "{p}");

    // A town that refuses anonymous requests.
    let admin = app.staff(ADMIN).await;
    let (_, town) = app.get(&format!("/api/v1/admin/towns/{}", demo.town), Some(&admin)).await;
    let mut settings = town["settings"].clone();
    settings["allow_anonymous"] = json!(false);
    app.put(&format!("/api/v1/admin/towns/{}/settings", demo.town), Some(&admin), settings).await;
    let (_, p) = app.post(&demo.requests(), None, base("anonymous")).await;
    assert!(has(&p, "requester_mode", "anonymous_not_allowed"), "{p}");
}

#[actix_web::test]
async fn an_anonymous_requests_contact_is_never_seen() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let created = app
        .file(&demo, None, json!({"node_id": demo.pothole, "description": "Trou", "requester_mode": "anonymous", "answers": [{"question_id": demo.pothole_size, "value": "petit"}]}))
        .await;
    for who in [CLERK, DIRECTOR, RESPONSIBLE] {
        let (_, d) = app.get(&demo.request(&created["id"]), Some(&app.staff(who).await)).await;
        assert!(d["requester"].is_null(), "{who}");
        assert_eq!(d["requester_mode"], "anonymous");
    }
    let mut conn = app.conn();
    use diesel::prelude::*;
    let n: i64 = diesel::sql_query("SELECT count(*) AS n FROM requester_contacts")
        .get_result::<Count>(&mut conn)
        .expect("count")
        .n;
    assert_eq!(n, 0, "no contact row is even stored");
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[actix_web::test]
async fn complaints_are_written_attested_timely_and_confidential() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let today = app.town_today();
    let complaint = |facts: Option<String>, attested: bool, mode: &str, safety: bool| {
        let mut b = json!({"node_id": demo.complaint, "description": "Comportement d'un employé", "requester_mode": mode,
            "attested": attested, "safety_concern": safety, "date_of_facts": facts});
        if mode == "identified" {
            b["requester"] = json!({"first_name": "Marie", "last_name": "Plaignante", "email": "marie@example.com"});
        }
        b
    };
    let (_, p) = app.post(&demo.requests(), None, complaint(None, true, "identified", false)).await;
    assert!(has(&p, "date_of_facts", "complaint_date_required"), "{p}");
    let late = (today - Duration::days(16)).to_string();
    let (_, p) = app.post(&demo.requests(), None, complaint(Some(late), true, "identified", false)).await;
    assert!(has(&p, "date_of_facts", "complaint_too_late"), "{p}");
    assert!(p["errors"][0]["message_en"].as_str().expect("en").contains("15 days"));
    let recent = (today - Duration::days(3)).to_string();
    let (_, p) = app.post(&demo.requests(), None, complaint(Some(recent.clone()), false, "identified", false)).await;
    assert!(has(&p, "attested", "attestation_required"), "{p}");
    let (_, p) = app.post(&demo.requests(), None, complaint(Some(recent.clone()), true, "anonymous", false)).await;
    assert!(has(&p, "anonymous", "complaint_not_anonymous"), "{p}");
    app.file(&demo, None, complaint(Some(recent.clone()), true, "anonymous", true)).await;

    let created = app.file(&demo, None, complaint(Some(recent), true, "identified", false)).await;
    let (_, d) = app.get(&demo.request(&created["id"]), Some(&app.staff(DIRECTOR).await)).await;
    assert_eq!(d["kind"], "complaint");
    assert_eq!(d["requester"]["last_name"], "Plaignante");
    let (_, d) = app.get(&demo.request(&created["id"]), Some(&app.staff(CLERK).await)).await;
    assert!(d["requester"].is_null(), "only the director sees the complainant");
}

#[actix_web::test]
async fn access_to_information_has_its_legal_deadline_and_refusals_cite_the_law() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let body = json!({"node_id": demo.access, "description": "Copie du contrat de déneigement 2025", "requester": {"first_name": "Jean", "email": "jean@example.com"}});
    let created = app.file(&demo, None, body).await;
    let due: chrono::NaiveDate = created["due_date"].as_str().expect("due").parse().expect("date");
    let today = app.town_today();
    // 20 calendar days from receipt, moved off a Sunday or a statutory holiday (I-16, art. 52).
    let cal = demo_calendar(today);
    assert_eq!(due, civis_domain::due::access(today, false, &cal).due, "20 calendar days from receipt");
    let (_, d) = app.get(&demo.request(&created["id"]), Some(&app.staff(CLERK).await)).await;
    assert_eq!(d["due_explanation"]["rule"], "access_to_information", "{d}");
    assert_eq!(d["due_explanation"]["days"], 20);
    assert_eq!(d["due_explanation"]["unit"], "calendar_days");
    assert_eq!(d["due_explanation"]["start"], today.to_string());
    let director = app.staff(DIRECTOR).await;
    // One extension of 10 days, with notice to the requester.
    let extend = format!("{}/extend-deadline", demo.request(&created["id"]));
    let (status, d) = app.post(&extend, Some(&director), json!({"reason": "Documents volumineux"})).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    let extended: chrono::NaiveDate = d["due_date"].as_str().expect("due").parse().expect("date");
    assert_eq!(extended, civis_domain::due::access(today, true, &cal).due, "30 days from receipt");
    assert_eq!(d["due_explanation"]["days"], 30);
    assert_eq!(d["due_explanation"]["extended"], true);
    assert_eq!(d["deadline_extended"], true);
    let (status, p) = app.post(&extend, Some(&director), json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["code"], "access_extension_used");
    let track = format!("/api/v1/towns/{}/track", demo.town);
    let (_, t) = app.post(&track, None, json!({"number": created["number"], "email": "jean@example.com"})).await;
    assert!(t["followups"][0]["body"].as_str().expect("notice").contains("prolongé de 10 jours"), "{t}");
    let pothole = app.file(&demo, None, demo.pothole_body("Nid-de-poule")).await;
    let (status, p) =
        app.post(&format!("{}/extend-deadline", demo.request(&pothole["id"])), Some(&director), json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["code"], "not_access_request");
    let path = format!("{}/transitions", demo.request(&created["id"]));
    let refuse = json!({"action": "close_refused", "closure": {"resolution": "Traitée", "intervention_code": "238 – Demande complétée", "performed_date": "2026-11-02", "message_to_requester": "Refusé"}});
    let (status, p) = app.post(&path, Some(&director), refuse).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(has(&p, "closure.legal_provision", "legal_provision_required"), "{p}");
    let refuse = json!({"action": "close_refused", "closure": {"resolution": "Traitée", "intervention_code": "238 – Demande complétée", "performed_date": "2026-11-02", "message_to_requester": "Refusé", "legal_provision": "art. 22, Loi sur l'accès"}});
    let (status, d) = app.post(&path, Some(&director), refuse).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(d["closure"]["legal_provision"], "art. 22, Loi sur l'accès");
}

/// The demo towns' calendar as seeded: Monday to Friday, Quebec's holidays around today.
pub(crate) fn demo_calendar(today: chrono::NaiveDate) -> civis_domain::due::TownCalendar {
    use chrono::Datelike;
    let year = today.year();
    civis_domain::due::TownCalendar {
        open_weekdays: vec![1, 2, 3, 4, 5],
        holidays: (year - 1..=year + 2)
            .flat_map(civis_domain::holidays::quebec)
            .map(|(d, n)| (d, n.to_string()))
            .collect(),
    }
}
