//! The town's clock (issue 32): each due date counted by its rule on the town's calendar
//! and explained, in the staff view, the tracking view and the receipt email; a priority
//! that shortens it and a date set by hand each say so in the history and the explanation.
//! The expected dates come from the domain's count over the demo's calendar, so the tests
//! hold on any day (`scripts/test-instants.sh` runs them over New Year's Day and the
//! spring night too).

use civis_domain::Lang;
use civis_domain::due::{self, DelayUnit};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;
use crate::notifications::mailed;
use crate::requests_rules::demo_calendar;

fn date(v: &serde_json::Value) -> chrono::NaiveDate {
    v.as_str().expect("date").parse().expect("date")
}

#[actix_web::test]
async fn a_pothole_is_due_in_five_working_days_and_every_view_says_why() {
    let m = mailed(8).await;
    let (app, demo) = (&m.app, &m.demo);
    let created = app.file(demo, None, m.body("Nid-de-poule devant l'école", "lea@example.com", "fr")).await;
    app.file(demo, None, m.body("Pothole by the school", "sam@example.com", "en")).await;
    let today = app.town_today();
    let expected = due::due(today, 5, DelayUnit::WorkingDays, &demo_calendar(today));
    assert_eq!(
        date(&created["due_date"]),
        expected.due,
        "Travaux publics count working days; the pothole's 5 inherit it"
    );

    let clerk = app.staff(CLERK).await;
    let (_, d) = app.get(&demo.request(&created["id"]), Some(&clerk)).await;
    let e = &d["due_explanation"];
    assert_eq!(
        (e["rule"].as_str(), e["days"].as_i64(), e["unit"].as_str()),
        (Some("category"), Some(5), Some("working_days"))
    );
    assert_eq!(date(&e["start"]), today);
    assert_eq!(date(&e["due"]), expected.due);
    let skipped = e["skipped"].as_array().expect("skipped");
    assert_eq!(skipped.len(), expected.skipped.len(), "{e}");
    assert!(skipped.iter().all(|s| s["why"] == "weekend" || s["why"] == "holiday"), "{e}");

    // The requester's tracking view says it too, and the receipt in each one's language.
    let track = format!("/api/v1/towns/{}/track", demo.town);
    let (_, t) = app.post(&track, None, json!({"number": created["number"], "email": "lea@example.com"})).await;
    assert_eq!(t["due_explanation"], d["due_explanation"], "{t}");
    m.deliver().await;
    let lea = m.smtp.to("lea@example.com");
    let words = expected.text(Lang::Fr);
    assert!(
        lea[0].text.contains(&format!("Traitement prévu d'ici le {}", due::long_day(expected.due, Lang::Fr))),
        "{}",
        lea[0].text
    );
    assert!(lea[0].text.replace('\n', " ").contains(&words), "{words} in {}", lea[0].text);
    let sam = m.smtp.to("sam@example.com");
    let words = expected.text(Lang::En);
    assert!(sam[0].text.replace('\n', " ").contains(&words), "{words} in {}", sam[0].text);
    assert!(words.starts_with(&format!("5 working days from {}", due::long_day(today, Lang::En))), "{words}");
}

#[actix_web::test]
async fn urgent_is_due_the_next_working_day_and_the_history_says_what_moved_the_date() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let clerk = app.staff(CLERK).await;
    let today = app.town_today();
    let cal = demo_calendar(today);
    let next_working_day = due::due(today, 1, DelayUnit::WorkingDays, &cal).due;

    // Filed urgent by staff: the town's urgent delay (1 working day) is sooner than 5.
    let mut body = demo.pothole_body("Trou profond, danger");
    body["priority"] = json!("urgent");
    let urgent = app.file(&demo, Some(&clerk), body).await;
    assert_eq!(date(&urgent["due_date"]), next_working_day);
    let (_, d) = app.get(&demo.request(&urgent["id"]), Some(&clerk)).await;
    assert_eq!(d["due_explanation"]["rule"], "urgent");

    // Made urgent later: the date moves, the history says it moved because of the priority.
    let filed = app.file(&demo, None, demo.pothole_body("Petit trou")).await;
    let etag = app.etag(&demo, &clerk, &filed["id"]).await;
    let path = demo.request(&filed["id"]);
    let (s, d) = app.with_if_match(Method::PATCH, &path, &clerk, &etag, json!({"priority": "urgent"})).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(date(&d["due_date"]), next_working_day);
    assert_eq!(d["due_explanation"]["rule"], "urgent");
    let (_, h) = app.get(&format!("{path}/history?field=due_date"), Some(&clerk)).await;
    assert_eq!(h[0]["old_value"], filed["due_date"], "{h}");
    assert_eq!(h[0]["new_value"], next_working_day.to_string());
    assert_eq!(h[0]["reason"], "priority");

    // Set by hand: the explanation says so, with the day it was set.
    let by_hand = today + chrono::Duration::days(40);
    let etag = app.etag(&demo, &clerk, &filed["id"]).await;
    let body = json!({"due_date": by_hand, "reason": "Attente du fournisseur"});
    let (s, d) = app.with_if_match(Method::PATCH, &path, &clerk, &etag, body).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["due_explanation"]["rule"], "set");
    assert_eq!(date(&d["due_explanation"]["start"]), today);
    assert_eq!(date(&d["due_explanation"]["due"]), by_hand);
}

#[actix_web::test]
async fn a_categorys_unit_is_inherited_and_a_bad_one_is_refused() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let admin = app.staff(ADMIN).await;
    let base = format!("/api/v1/admin/towns/{}/taxonomy", demo.town);
    let (s, cat) = app
        .post(
            &base,
            Some(&admin),
            json!({"name_fr": "Parcs", "name_en": "Parks", "delay_days": 10, "delay_unit": "working_days"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{cat}");
    let (s, sub) = app
        .post(
            &base,
            Some(&admin),
            json!({"parent_id": cat["id"], "name_fr": "Balançoire", "name_en": "Swing", "delay_days": 3}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{sub}");
    assert_eq!(sub["delay_unit"], serde_json::Value::Null, "set on the category only");
    assert_eq!(sub["effective"]["delay_unit"], "working_days");
    assert_eq!(sub["effective"]["delay_days"], 3);
    let (s, p) =
        app.post(&base, Some(&admin), json!({"name_fr": "X", "name_en": "X", "delay_unit": "fortnights"})).await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_value")), "{p}");
    // A category that says nothing counts calendar days.
    let (_, tree) = app.get(&format!("/api/v1/towns/{}/taxonomy", demo.town), None).await;
    let permits = tree.as_array().expect("tree").iter().find(|n| n["name_fr"] == "Permis").expect("permits").clone();
    assert_eq!(permits["effective"]["delay_unit"], "calendar_days");
}

/// Moves a request's hold back to `since`, as if it had been put on hold then (through the
/// product's own write: the reason, the empty due date and the kept rule stay as they are).
fn held_since(app: &TestApp, id: &serde_json::Value, since: chrono::NaiveDate) {
    use civis_api::db::{request_edits, requests};
    let mut conn = app.conn();
    let id = id.as_i64().expect("id");
    let row = requests::find_any_for_update(&mut conn, id).expect("read").expect("request");
    let reason = row.waiting_reason.clone().expect("waiting");
    request_edits::set_waiting(&mut conn, id, Some((since, &reason)), row.due_date, row.due_basis.as_ref())
        .expect("hold moved back");
}

#[actix_web::test]
async fn a_request_waits_on_the_citizen_and_their_email_reply_resumes_it_moved_by_the_time_held() {
    let m = mailed(8).await;
    let (app, demo) = (&m.app, &m.demo);
    let created = app.file(demo, None, m.body("Trou sans adresse précise", "lea@example.com", "fr")).await;
    let clerk = app.staff(CLERK).await;
    let path = demo.request(&created["id"]);
    let today = app.town_today();
    let cal = demo_calendar(today);
    let (s, d) = app
        .post(&format!("{path}/hold"), Some(&clerk), json!({"reason": "Adresse à confirmer", "message": "Pouvez-vous nous donner l'adresse exacte? Répondez à ce courriel."}))
        .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["waiting"]["reason"], "Adresse à confirmer");
    assert_eq!(date(&d["waiting"]["since"]), today);
    assert!(d["due_date"].is_null(), "the clock stops: no due date while it waits");
    assert_eq!(d["status"], "in_progress", "the hold is the town's first action");
    // Out of the overdue counts and lists: it has no due date to be late by.
    let (_, list) =
        app.get(&format!("{}?tab=open&overdue=true&saved=false&limit=100", demo.requests()), Some(&clerk)).await;
    assert!(list["items"].as_array().expect("items").iter().all(|i| i["id"] != created["id"]));
    // Twice is refused; so is a complaint or an access request.
    let again = json!({"reason": "x", "message": "y"});
    let (s, p) = app.post(&format!("{path}/hold"), Some(&clerk), again.clone()).await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::CONFLICT, Some("already_waiting")));
    let access = app
        .file(demo, None, json!({"node_id": demo.access, "description": "Contrat", "requester": {"first_name": "J", "email": "j@example.com"}}))
        .await;
    let director = app.staff(DIRECTOR).await;
    let (s, p) = app.post(&format!("{}/hold", demo.request(&access["id"])), Some(&director), again).await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("hold_not_allowed")), "{p}");
    // The citizen sees that the town waits on them, and gets the question by email.
    let track = format!("/api/v1/towns/{}/track", demo.town);
    let (_, t) = app.post(&track, None, json!({"number": created["number"], "email": "lea@example.com"})).await;
    assert_eq!(date(&t["waiting_since"]), today, "{t}");
    m.deliver().await;
    let asked =
        m.smtp.to("lea@example.com").into_iter().find(|x| x.text.contains("adresse exacte")).expect("the question");

    // Put on hold five working days ago (as the test's clock cannot wait a week): the reply
    // by email resumes it, and the due date moves by those days held.
    let since =
        (1..30).map(|n| today - chrono::Duration::days(n)).filter(|d| cal.closed(*d).is_none()).nth(4).expect("day");
    held_since(app, &created["id"], since);
    let raw = format!(
        "From: Léa <lea@example.com>\r\nTo: {}\r\nSubject: Re: Suivi\r\nMessage-ID: <hold-reply@mail.example>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nC'est devant le 12, rue des Pins.",
        asked.reply_to
    );
    let res = app
        .client
        .post(format!("{}/api/v1/inbound/email", app.base))
        .bearer_auth(crate::notifications::INBOUND_TOKEN)
        .header("content-type", "message/rfc822")
        .body(raw)
        .send()
        .await
        .expect("reply");
    assert_eq!(res.status(), StatusCode::CREATED);
    let (_, d) = app.get(&path, Some(&clerk)).await;
    assert!(d["waiting"].is_null(), "{d}");
    // Five working days back, so four or five held (today itself counts when it is one).
    let held = due::days_held(since, today, DelayUnit::WorkingDays, &cal);
    assert!((4..=5).contains(&held), "{held}");
    let expected = due::due(date(&created["due_explanation"]["start"]), 5 + held, DelayUnit::WorkingDays, &cal).due;
    assert_eq!(date(&d["due_date"]), expected, "the working days held, as many working days later");
    assert_eq!(d["due_explanation"]["holds"][0]["days"], held);
    assert_eq!(date(&d["due_explanation"]["holds"][0]["from"]), since);
    // The history says who resumed it and why.
    let (_, h) = app.get(&format!("{path}/history?field=waiting"), Some(&clerk)).await;
    let reasons: Vec<&str> = h.as_array().expect("h").iter().filter_map(|e| e["reason"].as_str()).collect();
    assert_eq!(reasons, ["Adresse à confirmer", "citizen_reply"], "{h}");

    // Staff may resume one themselves; one not waiting is refused.
    let (s, p) = app.post(&format!("{path}/resume"), Some(&clerk), json!({})).await;
    assert_eq!((s, p["code"].as_str()), (StatusCode::CONFLICT, Some("not_waiting")));
}

#[actix_web::test]
async fn a_hold_past_the_towns_limit_proposes_closing() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let clerk = app.staff(CLERK).await;
    let created = app.file(&demo, None, demo.pothole_body("Photo à venir")).await;
    let path = demo.request(&created["id"]);
    let (s, d) =
        app.post(&format!("{path}/hold"), Some(&clerk), json!({"reason": "Photo", "message": "Une photo?"})).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["waiting"]["past_limit"], false);
    held_since(&app, &created["id"], app.town_today() - chrono::Duration::days(31));
    let (_, d) = app.get(&path, Some(&clerk)).await;
    assert_eq!((d["waiting"]["days"].as_i64(), d["waiting"]["past_limit"].as_bool()), (Some(31), Some(true)), "{d}");
    let (s, d) = app.post(&format!("{path}/resume"), Some(&clerk), json!({"reason": "Rappelée au téléphone"})).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert!(d["waiting"].is_null() && d["due_date"].is_string(), "{d}");
}

#[actix_web::test]
async fn a_public_request_waiting_on_the_citizen_stays_on_the_public_list_and_is_not_late() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let clerk = app.staff(CLERK).await;
    let filed = app.file(&demo, None, demo.pothole_body("Nid-de-poule, photo à venir")).await;
    let hold = format!("{}/hold", demo.request(&filed["id"]));
    let (status, held) = app
        .post(&hold, Some(&clerk), json!({"reason": "Photo manquante", "message": "Pouvez-vous joindre une photo?"}))
        .await;
    assert!(status.is_success(), "{held}");
    assert_eq!(held["due_date"], serde_json::Value::Null, "no date while it waits");
    // Its empty due date is not late (it used to make the public list's `late` NULL: a 500).
    let (status, list) = app.get(&format!("/api/v1/towns/{}/public/requests?limit=100", demo.town), None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let row = list["items"].as_array().expect("items").iter().find(|r| r["id"] == filed["id"]).cloned();
    let row = row.expect("still on the public list");
    assert_ne!(row["late"], true, "{row}");
}
