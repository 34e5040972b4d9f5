//! The next-working-day answer (issue 32, Mont-Saint-Hilaire's rule): a category may promise
//! the citizen a first answer by the end of the next working day. The request keeps the
//! promised day; the staff view, the list's row and its "first answer awaited" filter say
//! where it stands; on the promised day the department is emailed once if nothing was sent;
//! the first external follow-up keeps it and clears every flag. The promised day comes from
//! the domain's count over the demo's calendar, so the test holds on any day.

use civis_domain::due;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::notifications::mailed;
use crate::requests_rules::demo_calendar;

const SAC: &str = "service-citoyens@demo.civis.demo";

fn question(demo: &Demo, email: &str) -> Value {
    json!({"node_id": demo.information, "description": "Quand passe le recyclage?",
           "requester": {"first_name": "Luc", "last_name": "Gagnon", "email": email}, "wants_followups": true})
}

fn run_jobs(app: &TestApp, day: chrono::NaiveDate) -> civis_api::jobs::Report {
    civis_api::jobs::run(&mut app.conn(), Some(day)).expect("jobs")
}

/// The list row of `id` under `query` (open tab, the saved filter ignored), if listed.
async fn row(app: &TestApp, demo: &Demo, token: &str, query: &str, id: &Value) -> Option<Value> {
    let url = format!("{}?tab=open&saved=false&limit=100{query}", demo.requests());
    let (_, page) = app.get(&url, Some(token)).await;
    page["items"].as_array().expect("items").iter().find(|r| r["id"] == *id).cloned()
}

#[actix_web::test]
async fn a_first_answer_is_promised_by_the_next_working_day_reminded_once_and_kept_when_given() {
    let m = mailed(8).await;
    let (app, demo) = (&m.app, &m.demo);
    let today = app.town_today();
    let promised = due::next_working_day(today, &demo_calendar(today));
    let answered = app.file(demo, None, question(demo, "luc@example.com")).await;
    let waiting = app.file(demo, None, question(demo, "eve@example.com")).await;
    let mut anonymous = question(demo, "x@example.com");
    anonymous["requester_mode"] = json!("anonymous");
    anonymous["wants_followups"] = json!(false);
    anonymous.as_object_mut().expect("body").remove("requester");
    let anonymous = app.file(demo, None, anonymous).await;
    let pothole = app.file(demo, None, demo.pothole_body("Nid-de-poule")).await;

    let clerk = app.staff(CLERK).await;
    let (_, d) = app.get(&demo.request(&answered["id"]), Some(&clerk)).await;
    assert_eq!(d["first_answer"], json!({"due": promised, "answered_at": null, "state": "promised"}));
    for (other, why) in [(&anonymous, "no one to answer"), (&pothole, "Travaux publics promise nothing")] {
        let (_, d) = app.get(&demo.request(&other["id"]), Some(&clerk)).await;
        assert_eq!(d["first_answer"], Value::Null, "{why}");
    }
    let listed = row(app, demo, &clerk, "", &answered["id"]).await.expect("listed");
    assert_eq!(listed["first_answer"], "promised");
    assert!(row(app, demo, &clerk, "&first_answer=true", &answered["id"]).await.is_none(), "not due yet");

    // Today nothing is due; on the promised day the department hears of each, once.
    assert_eq!(run_jobs(app, today).first_answers, 0);
    assert_eq!(run_jobs(app, promised).first_answers, 2);
    assert_eq!(run_jobs(app, promised).first_answers, 0, "once per request");
    m.deliver().await;
    let sac = m.smtp.to(SAC);
    let notice = sac
        .iter()
        .find(|x| {
            x.subject == format!("Première réponse promise — requête {}", answered["number"].as_str().expect("n"))
        })
        .expect("the department's notice");
    let day = due::long_day(promised, civis_domain::Lang::Fr);
    assert!(
        notice.text.replace('\n', " ").contains(&format!("d'ici la fin de la journée du {day}")),
        "{}",
        notice.text
    );

    // The first external follow-up is the answer: kept, and no flag or notice after it.
    let followups = format!("{}/followups", demo.request(&answered["id"]));
    let (status, _) = app.post(&followups, Some(&clerk), json!({"kind": "internal", "body": "À vérifier."})).await;
    assert!(status.is_success());
    let (_, d) = app.get(&demo.request(&answered["id"]), Some(&clerk)).await;
    assert_eq!(d["first_answer"]["answered_at"], Value::Null, "an internal note answers no one");
    let (status, _) = app.post(&followups, Some(&clerk), json!({"kind": "external", "body": "Le mardi."})).await;
    assert!(status.is_success());
    let (_, d) = app.get(&demo.request(&answered["id"]), Some(&clerk)).await;
    assert!(d["first_answer"]["answered_at"].is_string(), "{}", d["first_answer"]);
    assert_eq!((&d["first_answer"]["due"], &d["first_answer"]["state"]), (&json!(promised), &Value::Null));
    assert_eq!(row(app, demo, &clerk, "", &answered["id"]).await.expect("listed")["first_answer"], Value::Null);
    assert_eq!(row(app, demo, &clerk, "", &waiting["id"]).await.expect("listed")["first_answer"], "promised");
    assert_eq!(run_jobs(app, promised.succ_opt().expect("day")).first_answers, 0, "each was told once");
}
