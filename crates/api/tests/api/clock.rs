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
