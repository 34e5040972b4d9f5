//! The full life of a request, each role doing its part.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

fn statuses(history: &Value) -> Vec<String> {
    history.as_array().expect("history").iter().filter_map(|h| h["new_value"].as_str().map(str::to_string)).collect()
}

#[actix_web::test]
async fn a_citizen_files_and_the_town_works_it_to_closure() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let citizen = app.citizen().await;

    // The citizen files a pothole, answering the required question.
    let mut body = demo.pothole_body("Gros nid-de-poule devant l'école");
    body["requester"] = json!(null);
    let created = app.file(&demo, Some(&citizen), body).await;
    // The number carries the town's year (America/Montreal), not UTC's: on New Year's Eve
    // after 19:00 in Montréal it is still last year's.
    let year = app.town_today().format("%Y").to_string();
    assert_eq!(created["number"], format!("{year}-00001"));
    assert_eq!(created["status"], "transferred");
    let id = created["id"].clone();

    // The clerk finds it with its department, due date and answer; the requester is the
    // citizen's account.
    let clerk = app.staff(CLERK).await;
    let (status, d) = app.get(&demo.request(&id), Some(&clerk)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(d["channel"], "web");
    assert_eq!(d["answers"][0]["value"], "grand");
    assert_eq!(d["answers"][0]["label_fr"], "Dimension approximative du nid-de-poule");
    assert_eq!(d["requester"]["email"], CITIZEN);
    assert!(d["due_date"].is_string());
    let (_, deps) =
        app.get(&format!("/api/v1/admin/towns/{}/departments", demo.town), Some(&app.staff(ADMIN).await)).await;
    let tp = deps.as_array().expect("deps").iter().find(|x| x["code"] == "travaux-publics").expect("tp")["id"].clone();
    assert_eq!(d["department_id"], tp);

    // The department responsible writes an internal then an external follow-up: the first
    // action of the town puts the request in progress.
    let resp = app.staff(RESPONSIBLE).await;
    let (status, _) = app
        .post(
            &format!("{}/followups", demo.request(&id)),
            Some(&resp),
            json!({"kind": "internal", "body": "Équipe envoyée mardi"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, d) = app.get(&demo.request(&id), Some(&resp)).await;
    assert_eq!(d["status"], "in_progress");
    let (status, f) = app
        .post(
            &format!("{}/followups", demo.request(&id)),
            Some(&resp),
            json!({"kind": "external", "body": "Nous réparerons le trou cette semaine."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(f["author"], "Thomas Travaux");

    // Close, with the closure record.
    let closure = json!({"action": "close_processed", "closure": {"resolution": "Réparé", "intervention_code": "238 – Demande complétée",
        "planned_date": "2026-11-24", "performed_date": "2026-11-25", "internal_note": "Asphalte froid", "message_to_requester": "Le trou est réparé."}});
    let (status, d) = app.post(&format!("{}/transitions", demo.request(&id)), Some(&resp), closure).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "closed_processed");
    assert_eq!(d["closure"]["intervention_code"], "238 – Demande complétée");

    // Reopening needs a reason, and is recorded.
    let (status, p) =
        app.post(&format!("{}/transitions", demo.request(&id)), Some(&clerk), json!({"action": "reopen"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["field"], "reason");
    let (status, d) = app
        .post(
            &format!("{}/transitions", demo.request(&id)),
            Some(&clerk),
            json!({"action": "reopen", "reason": "Le trou est revenu"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(d["status"], "in_progress");
    let (_, h) = app.get(&format!("{}/history?field=status", demo.request(&id)), Some(&clerk)).await;
    assert_eq!(statuses(&h), ["transferred", "in_progress", "closed_processed", "in_progress"]);
    let last = h.as_array().expect("history").last().expect("entry").clone();
    assert_eq!(last["reason"], "Le trou est revenu");
    assert_eq!(last["actor"], "Claire Technicienne");

    // One timeline: every change and follow-up, in order, with who and why.
    let (status, t) = app.get(&format!("{}/timeline", demo.request(&id)), Some(&clerk)).await;
    assert_eq!(status, StatusCode::OK);
    let steps: Vec<String> = t
        .as_array()
        .expect("timeline")
        .iter()
        .map(|i| match i["type"].as_str() {
            Some("change") => {
                format!("{}:{}", i["field"].as_str().unwrap_or(""), i["new_value"].as_str().unwrap_or(""))
            }
            _ => format!("followup:{}", i["kind"].as_str().unwrap_or("")),
        })
        .collect();
    let at = |s: &str| steps.iter().position(|x| x == s).unwrap_or_else(|| panic!("{s} in {steps:?}"));
    assert_eq!(steps[0], "status:transferred");
    assert!(at("followup:external") < at("status:closed_processed"), "{steps:?}");
    assert!(at("status:closed_processed") < steps.len() - 1);
    assert_eq!(steps.last().map(String::as_str), Some("status:in_progress"));
    let reopened = t.as_array().and_then(|a| a.last()).cloned().unwrap_or_default();
    assert_eq!(reopened["reason"], "Le trou est revenu");
    assert_eq!(reopened["actor_kind"], "staff");
    let times: Vec<&str> = t
        .as_array()
        .expect("timeline")
        .iter()
        .map(|i| i["at"].as_str().or(i["created_at"].as_str()).unwrap_or(""))
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");

    // The citizen sees the external follow-up and the status, never the internal one.
    let (_, mine) = app.get("/api/v1/me/requests", Some(&citizen)).await;
    let r = &mine[0];
    assert_eq!(r["status"], "in_progress");
    let bodies: Vec<&str> =
        r["followups"].as_array().expect("followups").iter().filter_map(|f| f["body"].as_str()).collect();
    assert_eq!(bodies, ["Nous réparerons le trou cette semaine."]);
    assert!(r["followups"][0]["author"].is_null());
}

#[actix_web::test]
async fn an_operator_takes_a_call_and_transfers_it() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let op = app.staff(OPERATOR).await;
    let mut body = demo.pothole_body("Appel : nid-de-poule rue des Érables");
    body["channel"] = json!("phone");
    let created = app.file(&demo, Some(&op), body).await;
    assert_eq!(created["status"], "not_transferred");
    let id = created["id"].clone();

    // The operator may fix the priority before transfer, with If-Match.
    let etag = app.etag(&demo, &op, &id).await;
    let (status, d) =
        app.with_if_match(Method::PATCH, &demo.request(&id), &op, &etag, json!({"priority": "urgent"})).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["priority"], "urgent");
    let (status, d) =
        app.post(&format!("{}/transitions", demo.request(&id)), Some(&op), json!({"action": "transfer"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(d["status"], "transferred");
    // Once transferred it is the town's: the operator no longer changes it.
    let etag = app.etag(&demo, &op, &id).await;
    let (status, _) =
        app.with_if_match(Method::PATCH, &demo.request(&id), &op, &etag, json!({"priority": "minor"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post(
            &format!("{}/transitions", demo.request(&id)),
            Some(&op),
            json!({"action": "close_processed", "closure": {"resolution": "Traitée", "intervention_code": "238 – Demande complétée", "performed_date": "2026-11-02", "message_to_requester": "x"}}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Transferring twice is not possible.
    let clerk = app.staff(CLERK).await;
    let (status, p) =
        app.post(&format!("{}/transitions", demo.request(&id)), Some(&clerk), json!({"action": "transfer"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(p["code"], "transition_invalid");
    // The priority history names who changed it.
    let (_, h) = app.get(&format!("{}/history?field=priority", demo.request(&id)), Some(&clerk)).await;
    assert_eq!(h[0]["old_value"], "important");
    assert_eq!(h[0]["new_value"], "urgent");
    assert_eq!(h[0]["actor"], "Olivier Agent");
}

#[actix_web::test]
async fn first_contact_closure_is_for_information_and_comments() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let op = app.staff(OPERATOR).await;
    let pothole = app.file(&demo, Some(&op), demo.pothole_body("Nid-de-poule")).await;
    let close = json!({"action": "close_processed", "closure": {"resolution": "Traitée", "intervention_code": "238 – Demande complétée", "performed_date": "2026-11-02", "message_to_requester": "Réglé au téléphone"}});
    let (status, p) =
        app.post(&format!("{}/transitions", demo.request(&pothole["id"])), Some(&op), close.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["code"], "first_contact_not_allowed");

    let info = app
        .file(&demo, Some(&op), json!({"node_id": demo.information, "description": "Quand passe le recyclage?", "requester": {"first_name": "Luc", "phone1": "450 555-0199"}}))
        .await;
    let (status, d) = app.post(&format!("{}/transitions", demo.request(&info["id"])), Some(&op), close).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["status"], "closed_processed");
    assert_eq!(d["kind"], "information");
}

#[actix_web::test]
async fn closing_needs_a_resolution_the_message_to_a_reachable_requester_and_the_towns_fields() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let clerk = app.staff(CLERK).await;
    let created = app.file(&demo, Some(&clerk), demo.pothole_body("Nid-de-poule")).await;
    let (_, d) = app.get(&demo.request(&created["id"]), Some(&clerk)).await;
    // The demo town follows Prévost: the intervention code and the performed date.
    assert_eq!(
        d["closure_requirements"],
        json!({"resolution": true, "message_to_requester": true, "intervention_code": true, "planned_date": false,
               "performed_date": true, "legal_provision_if_refused": false})
    );
    let path = format!("{}/transitions", demo.request(&created["id"]));
    let (status, p) = app.post(&path, Some(&clerk), json!({"action": "close_processed", "closure": {}})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        p["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(
        fields,
        ["closure.resolution", "closure.message_to_requester", "closure.intervention_code", "closure.performed_date"]
    );
    assert_eq!(p["errors"][1]["code"], "message_required");
    assert!(p["errors"][1]["message_en"].as_str().is_some_and(|m| m.contains("can be reached")));
    // Answered earlier or not, the closing message is what the requester gets.
    let (status, _) = app
        .post(&path, Some(&clerk), json!({"action": "close_processed", "closure": {"resolution": "Fait", "intervention_code": "238", "performed_date": "2026-11-02"}}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, d) = app
        .post(&path, Some(&clerk), json!({"action": "close_processed", "closure": {"resolution": "Fait", "intervention_code": "238", "performed_date": "2026-11-02", "message_to_requester": "Réparé."}}))
        .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    // Nothing was half-closed by the refused attempts.
    let (_, h) = app.get(&format!("{}/history?field=status", demo.request(&created["id"])), Some(&clerk)).await;
    assert_eq!(h.as_array().map(Vec::len), Some(2));

    // A town without the extra rules; an anonymous request cannot be answered: resolution only.
    let admin = app.staff(ADMIN).await;
    let (_, town) = app.get(&format!("/api/v1/admin/towns/{}", demo.town), Some(&admin)).await;
    let mut settings = town["settings"].clone();
    settings["closure_requires"] = json!({"intervention_code": false, "planned_date": false, "performed_date": false});
    let (status, _) = app.put(&format!("/api/v1/admin/towns/{}/settings", demo.town), Some(&admin), settings).await;
    assert_eq!(status, StatusCode::OK);
    let anon = app
        .file(&demo, None, json!({"node_id": demo.pothole, "description": "Trou", "requester_mode": "anonymous", "answers": [{"question_id": demo.pothole_size, "value": "petit"}]}))
        .await;
    let (status, d) = app
        .post(
            &format!("{}/transitions", demo.request(&anon["id"])),
            Some(&clerk),
            json!({"action": "close_refused", "closure": {"resolution": "Introuvable"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{d}");
}

#[actix_web::test]
async fn read_only_roles_read_without_contact_and_change_nothing() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let created = app.file(&demo, Some(&app.staff(CLERK).await), demo.pothole_body("Nid-de-poule")).await;
    let elected = app.staff(ELECTED).await;
    let (status, d) = app.get(&demo.request(&created["id"]), Some(&elected)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(d["requester"].is_null(), "an elected official never sees personal information");
    let (status, _) = app
        .post(&format!("{}/transitions", demo.request(&created["id"])), Some(&elected), json!({"action": "start"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post(
            &format!("{}/followups", demo.request(&created["id"])),
            Some(&elected),
            json!({"kind": "internal", "body": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = app.staff(ADMIN).await;
    assert_eq!(app.get(&demo.request(&created["id"]), Some(&admin)).await.0, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_request_goes_to_a_person_of_its_department() {
    let m = crate::notifications::mailed(8).await;
    let (app, demo) = (&m.app, &m.demo);
    let resp = app.staff(RESPONSIBLE).await;
    let created = app.file(demo, None, demo.pothole_body("Trou à confier")).await;
    let r = demo.request(&created["id"]);
    let (_, d) = app.get(&r, Some(&resp)).await;
    let dep = d["department_id"].clone();
    let (status, people) =
        app.get(&format!("/api/v1/towns/{}/departments/{dep}/members", demo.town), Some(&resp)).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = people.as_array().expect("people").iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["Thomas Travaux", "Paula Voirie"]);
    let paula = people[1]["id"].clone();
    // Someone outside the department is refused, with the field named.
    let (_, me) = app.get("/api/v1/auth/me", Some(&app.staff(DIRECTOR).await)).await;
    let (status, p) = app.post(&format!("{r}/assignee"), Some(&resp), json!({"user_id": me["id"]})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["field"], "user_id");
    assert_eq!(p["errors"][0]["code"], "assignee_not_in_department");
    // The elected official may not assign.
    let (status, _) =
        app.post(&format!("{r}/assignee"), Some(&app.staff(ELECTED).await), json!({"user_id": paula})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, d) =
        app.post(&format!("{r}/assignee"), Some(&resp), json!({"user_id": paula, "reason": "Secteur nord"})).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["assignee"], json!({"id": paula, "name": "Paula Voirie"}));
    // In the history, and in Paula's "assigned to me" view; she gets an email.
    let (_, h) = app.get(&format!("{r}/history?field=assignee"), Some(&resp)).await;
    assert_eq!(h[0]["new_value"], "Paula Voirie");
    assert_eq!(h[0]["reason"], "Secteur nord");
    assert_eq!(h[0]["actor"], "Thomas Travaux");
    let paula_token = app.staff("voirie@demo.civis.demo").await;
    let (_, mine) = app.get(&format!("{}?assigned_to_me=true", demo.requests()), Some(&paula_token)).await;
    let ids: Vec<&Value> = mine["items"].as_array().expect("items").iter().map(|x| &x["id"]).collect();
    assert_eq!(ids, [&created["id"]]);
    assert_eq!(mine["items"][0]["assignee_id"], paula);
    let (_, theirs) = app.get(&format!("{}?assigned_to_me=true", demo.requests()), Some(&resp)).await;
    assert_eq!(theirs["items"], json!([]));
    m.deliver().await;
    let mails = m.smtp.to("voirie@demo.civis.demo");
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].subject.contains("assignée à vous"), "{}", mails[0].subject);
    assert!(mails[0].text.contains("Trou à confier"));
    // Moved to another department: the assignment is taken back.
    let clerk = app.staff(CLERK).await;
    let (_, deps) = app.get(&format!("/api/v1/towns/{}/departments", demo.town), Some(&clerk)).await;
    let env = deps.as_array().expect("deps").iter().find(|d| d["code"] == "environnement").expect("env")["id"].clone();
    let etag = app.etag(demo, &clerk, &created["id"]).await;
    let (status, d) = app.with_if_match(Method::PATCH, &r, &clerk, &etag, json!({"department_id": env})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(d["assignee"].is_null(), "{d}");
}
