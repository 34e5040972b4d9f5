//! Anonymization (Loi 25): after the director anonymizes a person, no response, report,
//! export or email the town keeps holds their name, email or phone; the report's numbers
//! do not move; someone else's records are untouched; the run is recorded without whom.
//! Retention anonymizes exactly the contacts past the town's limit.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::attachments::{bytes_of, jpeg_with_gps, upload};
use crate::helpers::*;

/// What the person leaves in the town's records: none of it may remain.
const TRACES: [&str; 6] = ["Odette", "Dossier", "odette.d@example.com", "555-0123", "5550123", "J8X 3Y6"];

fn holds_trace(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    TRACES.into_iter().find(|t| lower.contains(&t.to_lowercase()))
}

/// Every outbox row as text, and every stored text of the town's requests and calls.
fn stored_texts(app: &TestApp, town: i64) -> Vec<String> {
    #[derive(QueryableByName)]
    struct T {
        #[diesel(sql_type = diesel::sql_types::Text)]
        t: String,
    }
    let sql = format!(
        "SELECT recipient || ' ' || payload::text AS t FROM outbox WHERE municipality_id = {town}
         UNION ALL SELECT row_to_json(c)::text FROM requester_contacts c JOIN requests r ON r.id = c.request_id
                   WHERE r.municipality_id = {town}
         UNION ALL SELECT description || ' ' || coalesce(closure_message, '') FROM requests WHERE municipality_id = {town}
         UNION ALL SELECT row_to_json(c)::text FROM closures c WHERE municipality_id = {town}
         UNION ALL SELECT body FROM followups WHERE municipality_id = {town}
         UNION ALL SELECT row_to_json(i)::text FROM interactions i WHERE municipality_id = {town}
         UNION ALL SELECT comment FROM satisfaction WHERE municipality_id = {town}
         UNION ALL SELECT coalesce(email, '') FROM request_followers f JOIN requests r ON r.id = f.request_id
                   WHERE r.municipality_id = {town}
         UNION ALL SELECT filename FROM attachments WHERE municipality_id = {town}
         UNION ALL SELECT email || ' ' || first_name || ' ' || last_name FROM users WHERE kind = 'citizen'"
    );
    diesel::sql_query(sql).load::<T>(&mut app.conn()).expect("texts").into_iter().map(|r| r.t).collect()
}

#[actix_web::test]
async fn after_anonymization_nothing_holds_the_person_and_the_reports_do_not_move() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let t = demo.town;
    let odette = app
        .new_citizen(json!({"email": "odette.d@example.com", "password": "un-mot-de-passe-solide-42",
                            "first_name": "Odette", "last_name": "Dossier", "language": "fr"}))
        .await;
    let mut mine = demo.pothole_body("Trou devant chez Odette Dossier; appelez-moi au 819 555-0123 (J8X 3Y6).");
    mine["requester"] = json!({"first_name": "Odette", "last_name": "Dossier", "email": "odette.d@example.com",
                               "phone1": "819 555-0123", "postal_address": "12, rue des Érables, J8X 3Y6"});
    let mine = app.file(&demo, Some(&odette), mine).await;
    let request = demo.request(&mine["id"]);
    let (status, photo) = upload(&app, &request, Some(&odette), None, "odette-dossier.jpg", jpeg_with_gps(), &[]).await;
    assert_eq!(status, StatusCode::CREATED, "{photo}");
    let mut other = demo.pothole_body("Trou devant chez Bruno");
    other["requester"] = json!({"first_name": "Bruno", "last_name": "Autre", "email": "bruno@example.com",
                                "phone1": "819 555-0999"});
    let other = app.file(&demo, None, other).await;
    let follow = format!("/api/v1/towns/{t}/public/requests/{}/follow", other["id"]);
    assert_eq!(app.post(&follow, None, json!({"email": "odette.d@example.com"})).await.0, StatusCode::ACCEPTED);
    let clerk = app.staff(CLERK).await;
    for body in ["Bonjour Mme Dossier, nous passerons jeudi.", "Odette rappellera au 819-555-0123."] {
        let kind = if body.starts_with("Bonjour") { "external" } else { "internal" };
        let (status, _) =
            app.post(&format!("{request}/followups"), Some(&clerk), json!({"kind": kind, "body": body})).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let close = json!({"action": "close_processed", "closure": {"resolution": "Réparé",
        "intervention_code": "238 – Demande complétée", "performed_date": app.town_today(),
        "message_to_requester": "Merci Odette, c'est réparé."}});
    let (status, closed) = app.post(&format!("{request}/transitions"), Some(&clerk), close).await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    let call = json!({"channel": "phone", "note": "Odette Dossier demande un suivi", "outcome": "answered",
                      "contact": {"name": "Odette Dossier", "phone": "(819) 555-0123"}});
    assert_eq!(app.post(&format!("/api/v1/towns/{t}/interactions"), Some(&clerk), call).await.0, StatusCode::CREATED);
    diesel::sql_query(format!(
        "INSERT INTO satisfaction (request_id, municipality_id, score, comment) VALUES ({}, {t}, 4, 'Odette: merci')",
        mine["id"]
    ))
    .execute(&mut app.conn())
    .expect("survey");

    let director = app.staff(DIRECTOR).await;
    let today = app.town_today();
    let report_url = format!("/api/v1/towns/{t}/reports?from={}-01-01&to={today}", today.format("%Y"));
    let (_, before) = app.get(&report_url, Some(&director)).await;

    // Only the director; a reason; said to be irreversible.
    let url = format!("/api/v1/towns/{t}/privacy/anonymize");
    let body = json!({"email": "odette.d@example.com", "phone": "8195550123", "reason": "Demande du 2026-12-01",
                      "irreversible": true});
    for who in [CLERK, RESPONSIBLE, OPERATOR, ELECTED, ADMIN] {
        assert_eq!(app.post(&url, Some(&app.staff(who).await), body.clone()).await.0, StatusCode::FORBIDDEN, "{who}");
    }
    let mut unconfirmed = body.clone();
    unconfirmed["irreversible"] = json!(false);
    let (status, problem) = app.post(&url, Some(&director), unconfirmed).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "anonymize_unconfirmed", "{problem}");
    let (status, run) = app.post(&url, Some(&director), body).await;
    assert_eq!(status, StatusCode::OK, "{run}");
    assert_eq!((run["requests"].as_i64(), run["calls"].as_i64(), run["files"].as_i64()), (Some(1), Some(1), Some(1)));
    assert_eq!((run["followers"].as_i64(), run["account_closed"].as_bool()), (Some(1), Some(true)), "{run}");
    assert!(run["texts"].as_i64() >= Some(5), "description, follow-ups, closure, call note, survey: {run}");

    // Nothing the staff or the public reads holds her.
    let mut reads = Vec::new();
    for path in [
        request.clone(),
        format!("{request}/timeline"),
        format!("{request}/history"),
        format!("{request}/followups"),
        format!("{request}/attachments"),
        format!("{}?q=Odette", demo.requests()),
        format!("{}?q=Dossier", demo.requests()),
        format!("/api/v1/towns/{t}/interactions"),
        format!("/api/v1/towns/{t}/privacy/anonymizations"),
        format!("/api/v1/towns/{t}/public/requests/{}", mine["id"]),
    ] {
        let (status, value) = app.get(&path, Some(&director)).await;
        assert!(status.is_success() || status == StatusCode::NOT_FOUND, "{path}: {status}");
        reads.push((path, value.to_string()));
    }
    let csv = app
        .client
        .get(format!(
            "{}/api/v1/towns/{t}/reports/export.csv?from={}-01-01&to={today}&table=summary",
            app.base,
            today.format("%Y")
        ))
        .bearer_auth(&director)
        .send()
        .await
        .expect("csv");
    reads.push(("export.csv".into(), csv.text().await.expect("csv")));
    for (path, text) in &reads {
        assert_eq!(holds_trace(text), None, "{path}: {text}");
    }
    for text in stored_texts(&app, t) {
        assert_eq!(holds_trace(&text), None, "stored: {text}");
    }
    // Her file finds nothing left.
    let file = format!("/api/v1/towns/{t}/privacy/person?email=odette.d%40example.com&phone=8195550123");
    let (_, file) = app.get(&file, Some(&director)).await;
    for part in ["requests", "messages", "calls", "attachments", "surveys"] {
        assert_eq!(file[part], json!([]), "{part}: {file}");
    }
    assert!(file["account"].is_null(), "{file}");
    // The requests stay, counted as before; Bruno is untouched.
    let (_, mut after) = app.get(&report_url, Some(&director)).await;
    after["generated_at"] = before["generated_at"].clone();
    assert!(before == after, "the report moved: {before}\n{after}");
    let (_, bruno) = app.get(&demo.request(&other["id"]), Some(&director)).await;
    assert_eq!(bruno["requester"]["email"], "bruno@example.com", "{bruno}");
    // Her account is closed; her photo's original is gone, its public copy stays.
    let creds = json!({"email": "odette.d@example.com", "password": "un-mot-de-passe-solide-42"});
    assert_eq!(app.post("/api/v1/auth/citizen/sign-in", None, creds).await.0, StatusCode::UNAUTHORIZED);
    let photo_path = format!("{request}/attachments/{}", photo["id"]);
    let (status, bytes) = bytes_of(&app, &photo_path, Some(&director)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!bytes.windows(6).any(|w| w == b"Exif\x00\x00"), "staff now get the metadata-free copy");
    // The record says who, when and why — never whom.
    let (_, runs) = app.get(&format!("/api/v1/towns/{t}/privacy/anonymizations"), Some(&director)).await;
    assert_eq!(runs[0]["reason"], "Demande du 2026-12-01");
    assert_eq!(runs[0]["cause"], "request");
    assert!(runs[0]["by"].as_str().is_some_and(|b| !b.is_empty()), "{runs}");
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("instant")
}

#[actix_web::test]
async fn retention_anonymizes_exactly_the_contacts_past_the_towns_limit() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let t = demo.town;
    let clerk = app.staff(CLERK).await;
    let mut filed: Vec<Value> = Vec::new();
    for (who, phone) in [("Ancien", "819 555-1111"), ("Recent", "819 555-2222"), ("Ouvert", "819 555-3333")] {
        let mut body = demo.pothole_body(&format!("Trou signalé par {who} Client, {phone}"));
        body["requester"] = json!({"first_name": who, "last_name": "Client", "phone1": phone,
                                   "email": format!("{}@example.com", who.to_lowercase())});
        filed.push(app.file(&demo, None, body).await);
    }
    let call = json!({"channel": "phone", "note": "Appel de Vieux Appelant", "outcome": "answered",
                      "contact": {"name": "Vieux Appelant", "phone": "819 555-4444"}});
    let (status, old_call) = app.post(&format!("/api/v1/towns/{t}/interactions"), Some(&clerk), call).await;
    assert_eq!(status, StatusCode::CREATED, "{old_call}");
    // The moment the job runs, and a 12-month limit: the town's day starts at 2002-06-15
    // 04:00 UTC (Montréal's summer time), so closures before 2001-06-15 04:00 UTC are past
    // (the demo's own records are all later: they stay).
    let now = at("2002-06-15T15:00:00Z");
    let mut conn = app.conn();
    let set = |sql: String| diesel::sql_query(sql).execute(&mut app.conn()).expect("set");
    set(format!("UPDATE municipalities SET retention_months = 12 WHERE id = {t}"));
    for (request, closed_at) in [(&filed[0], "2001-06-15 03:59:00+00"), (&filed[1], "2001-06-15 04:00:00+00")] {
        set(format!(
            "UPDATE requests SET status = 'closed_processed', closed_at = '{closed_at}' WHERE id = {}",
            request["id"]
        ));
    }
    set(format!("UPDATE interactions SET occurred_at = '2001-01-01 12:00:00+00' WHERE id = {}", old_call["id"]));
    set(format!("UPDATE requests SET created_at = '2001-01-01 12:00:00+00' WHERE id = {}", filed[2]["id"]));

    let director = app.staff(DIRECTOR).await;
    let today = app.town_today();
    let periods =
        [format!("from={}-01-01&to={today}", today.format("%Y")), "from=2001-01-01&to=2001-12-31".to_string()];
    let mut before = Vec::new();
    for p in &periods {
        let (status, report) = app.get(&format!("/api/v1/towns/{t}/reports?{p}"), Some(&director)).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        before.push(report);
    }
    let (anonymized, _) = civis_api::jobs::retention::run(&mut conn, now).expect("retention");
    assert_eq!(anonymized, 2, "the request closed before the limit and the old call");
    for (p, before) in periods.iter().zip(before) {
        let (_, mut after) = app.get(&format!("/api/v1/towns/{t}/reports?{p}"), Some(&director)).await;
        after["generated_at"] = before["generated_at"].clone();
        assert!(before == after, "retention moved the report of {p}: {before}\n{after}");
    }
    let contact = |v: &Value| v["requester"]["email"].clone();
    let (_, old) = app.get(&demo.request(&filed[0]["id"]), Some(&director)).await;
    assert!(contact(&old).is_null(), "{old}");
    assert!(!old.to_string().contains("555-1111") && !old.to_string().contains("Ancien"), "{old}");
    let (_, recent) = app.get(&demo.request(&filed[1]["id"]), Some(&director)).await;
    assert_eq!(contact(&recent), "recent@example.com", "closed at the limit: kept");
    let (_, open) = app.get(&demo.request(&filed[2]["id"]), Some(&director)).await;
    assert_eq!(contact(&open), "ouvert@example.com", "an open request keeps its contact");
    let (_, calls) = app.get(&format!("/api/v1/towns/{t}/interactions"), Some(&director)).await;
    assert!(!calls.to_string().contains("Vieux") && !calls.to_string().contains("555-4444"), "{calls}");
    // Again the same day: nothing more; recorded once, by the job.
    assert_eq!(civis_api::jobs::retention::run(&mut conn, now).expect("again").0, 0);
    let (_, runs) = app.get(&format!("/api/v1/towns/{t}/privacy/anonymizations"), Some(&director)).await;
    let runs = runs.as_array().expect("runs");
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!((runs[0]["cause"].as_str(), runs[0]["requests"].as_i64()), (Some("retention"), Some(1)));
    assert!(runs[0]["by"].is_null());
}
