//! The walk's readers, the requests they file (one of each kind) and the secrets in them.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{Filed, Secret, WORKING, Who, secret, with};
use crate::attachments::{jpeg_with_gps, upload};
use crate::helpers::*;
use crate::notifications::Mailed;
use crate::privacy::reply_by_email;

async fn sign_up(app: &TestApp, first: &str, last: &str, email: &str, phone: &str) -> String {
    let body = json!({"email": email, "password": "mot-de-passe-du-test", "first_name": first, "last_name": last, "phone": phone});
    app.new_citizen(body).await
}

/// Every reader of the walk, with their token (none for a visitor).
pub(super) async fn readers(app: &TestApp) -> BTreeMap<Who, Option<String>> {
    let mut tokens: BTreeMap<Who, Option<String>> = BTreeMap::new();
    for (who, email) in [
        (Who::Clerk, CLERK),
        (Who::Responsible, RESPONSIBLE),
        (Who::Director, DIRECTOR),
        (Who::Operator, OPERATOR),
        (Who::Elected, ELECTED),
        (Who::TownAdmin, ADMIN),
    ] {
        tokens.insert(who, Some(app.staff(email).await));
    }
    let filer_a = sign_up(app, "Zéphirine", "Quenneville", "zephirine.q@exemple.test", "514 555-7311").await;
    let filer_b = sign_up(app, "Anatole", "Brisebois", "anatole.b@exemple.test", "514 555-7322").await;
    let other = sign_up(app, "Paul", "Passant", "passant@exemple.test", "514 555-7300").await;
    tokens.insert(Who::FilerA, Some(filer_a));
    tokens.insert(Who::FilerB, Some(filer_b));
    tokens.insert(Who::OtherCitizen, Some(other));
    tokens.insert(Who::Visitor, None);
    tokens
}

/// A: named and public (a citizen); B: anonymous and public (another citizen); C: a complaint
/// by a visitor with an employee concerned, a photo and a reply by email; D: internal, with an
/// internal note; E: named by a visitor, with a photo, a staff photo on an internal note and
/// an answer; F: an operator agent's intake.
pub(super) async fn file_all(m: &Mailed, tokens: &BTreeMap<Who, Option<String>>) -> Vec<Filed> {
    let (app, demo) = (&m.app, &m.demo);
    let today = app.town_today();
    let filer_a = tokens[&Who::FilerA].clone().expect("token");
    let filer_b = tokens[&Who::FilerB].clone().expect("token");
    let staff = |w: Who| tokens[&w].clone().expect("token");
    let mut filed = vec![];
    let mut record = |label: char, created: &Value, email: Option<&str>| {
        filed.push(Filed {
            label,
            id: created["id"].as_i64().expect("id"),
            number: created["number"].as_str().expect("number").into(),
            email: email.map(Into::into),
        });
    };

    // A: named and public, by a signed-in citizen, who adds information from "Mes
    // requêtes"; a visitor follows it by email.
    let mut a = demo.pothole_body("Trou devant l'école");
    a["requester"] = json!({"email": "zephirine.q@exemple.test", "phone1": "514 555-7311"});
    let a = app.file(demo, Some(&filer_a), a).await;
    record('A', &a, Some("zephirine.q@exemple.test"));
    let info = json!({"body": "info-ajoutee-QZ5"});
    let (s, _) = app.post(&format!("/api/v1/me/requests/{}/information", a["id"]), Some(&filer_a), info).await;
    assert_eq!(s, StatusCode::CREATED);
    let follow = format!("/api/v1/towns/{}/public/requests/{}/follow", demo.town, a["id"]);
    let (s, _) = app.post(&follow, None, json!({"email": "hortense.s@exemple.test"})).await;
    assert_eq!(s, StatusCode::ACCEPTED);
    // B: anonymous and public, by another signed-in citizen.
    let b = json!({"node_id": demo.pothole, "description": "Trou rue des Érables", "requester_mode": "anonymous",
                   "public": true, "latitude": 45.8618, "longitude": -74.0872,
                   "answers": [{"question_id": demo.pothole_size, "value": "petit"}]});
    let b = app.file(demo, Some(&filer_b), b).await;
    record('B', &b, None);
    // C: a complaint by a visitor, naming an employee; a reply by email and a photo follow.
    let c = json!({"node_id": demo.complaint, "description": "description-plainte-RB2 au comptoir",
                   "requester": {"first_name": "Gertrude", "last_name": "Lavallée", "email": "gertrude.l@exemple.test", "phone1": "514 555-7333"},
                   "wants_followups": true, "date_of_facts": today.to_string(), "attested": true,
                   "employee_concerned": "Hubert Malenfant"});
    let c = app.file(demo, None, c).await;
    record('C', &c, Some("gertrude.l@exemple.test"));
    let rc = demo.request(&c["id"]);
    let (s, _) =
        upload(app, &rc, None, c["upload_token"].as_str(), "gertrude-lavallee.jpg", jpeg_with_gps(), &[]).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = app
        .post(
            &format!("{rc}/followups"),
            Some(&staff(Who::Director)),
            json!({"kind": "external", "body": "Enquête ouverte."}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    // D: an internal task, with an internal note.
    let d = json!({"node_id": demo.pothole, "description": "Tâche interne de voirie", "requester_mode": "internal",
                   "answers": [{"question_id": demo.pothole_size, "value": "petit"}]});
    let d = app.file(demo, Some(&staff(Who::Clerk)), d).await;
    record('D', &d, None);
    let (s, _) = app
        .post(
            &format!("{}/followups", demo.request(&d["id"])),
            Some(&staff(Who::Clerk)),
            json!({"kind": "internal", "body": "note-interne-PW4"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    // E: named and public, by a visitor with a photo; staff add an internal photo and an answer.
    let mut e = demo.pothole_body("Trou rue Principale");
    e["requester"] = json!({"first_name": "Bérénice", "last_name": "Fauteux", "email": "berenice.f@exemple.test", "phone1": "514 555-7344"});
    let e = app.file(demo, None, e).await;
    record('E', &e, Some("berenice.f@exemple.test"));
    let re = demo.request(&e["id"]);
    let (s, _) = upload(app, &re, None, e["upload_token"].as_str(), "berenice-fauteux.jpg", jpeg_with_gps(), &[]).await;
    assert_eq!(s, StatusCode::CREATED);
    let clerk = staff(Who::Clerk);
    let (_, note) = app
        .post(&format!("{re}/followups"), Some(&clerk), json!({"kind": "internal", "body": "Photo de l'équipe."}))
        .await;
    let fields = [("kind", "photo".to_string()), ("followup_id", note["id"].to_string())];
    let (s, _) = upload(app, &re, Some(&clerk), None, "photo-interne-YT7.jpg", jpeg_with_gps(), &fields).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = app
        .post(&format!("{re}/followups"), Some(&clerk), json!({"kind": "external", "body": "Réparation prévue."}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    // F: an operator agent's intake, not yet transferred.
    let mut f = demo.pothole_body("Appel au 311");
    f["public"] = json!(false);
    f["requester"] = json!({"first_name": "Fernand", "last_name": "Ouellette", "email": "fernand.o@exemple.test"});
    let f = app.file(demo, Some(&staff(Who::Operator)), f).await;
    record('F', &f, Some("fernand.o@exemple.test"));

    // A contact logged by the first line, with the caller's details and a note; a callback.
    let (status, _) = app
        .post(
            &format!("/api/v1/towns/{}/interactions", demo.town),
            Some(&staff(Who::Clerk)),
            json!({
            "channel": "voicemail", "outcome": "callback", "note": "note-contact-JM3",
            "contact": {"name": "Philomène Tremblanc", "email": "philo.t@exemple.test", "phone": "450 555-7399"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    // The complainant answers by email.
    m.deliver().await;
    let to_c = m.smtp.to("gertrude.l@exemple.test");
    let reply_to = to_c.iter().find(|x| x.subject.starts_with("Suivi")).expect("follow-up to C").reply_to.clone();
    let status = reply_by_email(
        app,
        "Gertrude <gertrude.l@exemple.test>",
        &reply_to,
        "walk@mail.example",
        "réponse-plaignante-KV9",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);

    filed
}

/// What each request holds that only some readers may see.
pub(super) fn secrets(filed: &[Filed]) -> Vec<Secret> {
    let (tc, te) = (Who::Tracker('C'), Who::Tracker('E'));
    let mut secrets = vec![];
    let a_may = with(&WORKING, &[Who::FilerA, Who::Tracker('A')]);
    secrets.extend(secret(&["Zéphirine", "Quenneville", "zephirine.q@", "555-7311"], "A's requester", &a_may));
    secrets.extend(secret(&["info-ajoutee-QZ5"], "what A's requester added", &with(&a_may, &[Who::Mailbox])));
    secrets.extend(secret(&["hortense.s@"], "a follower's address", &[Who::Follower]));
    secrets.extend(secret(
        &["Anatole", "Brisebois", "anatole.b@", "555-7322"],
        "B's anonymous requester",
        &[Who::FilerB],
    ));
    let c_who = [Who::Director, tc];
    secrets.extend(secret(&["Gertrude", "Lavallée", "gertrude.l@", "555-7333"], "the complainant", &c_who));
    secrets.extend(secret(&["gertrude-lavallee"], "the complainant's file name", &[Who::Director]));
    secrets.extend(secret(&["réponse-plaignante-KV9"], "the complainant's reply", &c_who));
    secrets.extend(secret(&["Malenfant"], "the employee concerned", &[Who::Director]));
    secrets.extend(secret(&["description-plainte-RB2"], "the complaint's content", &with(&WORKING, &[tc])));
    secrets.extend(secret(&[&filed[2].number], "the complaint's number", &with(&WORKING, &[tc, Who::Mailbox])));
    secrets.extend(secret(&["note-interne-PW4"], "an internal note", &with(&WORKING, &[Who::Elected, Who::Mailbox])));
    let e_may = with(&WORKING, &[te]);
    secrets.extend(secret(
        &["Bérénice", "Fauteux", "berenice.f@", "555-7344", "berenice-fauteux"],
        "E's requester",
        &e_may,
    ));
    secrets.extend(secret(&["photo-interne-YT7"], "a staff photo on an internal note", &WORKING));
    secrets.extend(secret(
        &["Fernand", "Ouellette", "fernand.o@"],
        "F's requester",
        &with(&WORKING, &[Who::Tracker('F')]),
    ));
    secrets.extend(secret(&["Philomène", "Tremblanc", "philo.t@", "555-7399"], "a caller's contact details", &WORKING));
    secrets.extend(secret(&["note-contact-JM3"], "a contact's note", &WORKING));

    secrets
}
