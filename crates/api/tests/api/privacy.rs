//! Each leak found by outside testing, closed: the history's actor, the outbox's
//! recipients, complaints (never public, confidential in mail, replies and files), staff
//! photos on internal follow-ups, and roles that add up to more than each allows.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::attachments::{jpeg_with_gps, upload};
use crate::helpers::*;
use crate::notifications::{INBOUND_TOKEN, mailed};

/// A staff account of the demo town with these roles; returns its token.
pub async fn staff_with(app: &TestApp, town: i64, email: &str, roles: Value) -> String {
    let admin = app.staff(ADMIN).await;
    let body = json!({"email": email, "password": "un-mot-de-passe-long", "first_name": "Multi", "last_name": "Rôles", "roles": roles});
    let (status, created) = app.post(&format!("/api/v1/admin/towns/{town}/users"), Some(&admin), body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let (_, pair) =
        app.post("/api/v1/auth/staff/sign-in", None, json!({"email": email, "password": "un-mot-de-passe-long"})).await;
    pair["access_token"].as_str().expect("token").to_string()
}

/// A requester's reply by email, as a mail provider's inbound webhook posts it.
pub async fn reply_by_email(app: &TestApp, from: &str, to: &str, message_id: &str, body: &str) -> StatusCode {
    let raw = format!(
        "From: {from}\r\nTo: {to}\r\nSubject: Re\r\nMessage-ID: <{message_id}>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{body}"
    );
    let res = app
        .client
        .post(format!("{}/api/v1/inbound/email", app.base))
        .bearer_auth(INBOUND_TOKEN)
        .header("content-type", "message/rfc822")
        .body(raw)
        .send()
        .await
        .expect("inbound");
    res.status()
}

/// A complaint as a visitor files it, naming the employee concerned.
pub fn complaint_body(demo: &Demo, today: chrono::NaiveDate, who: &str, email: &str, employee: &str) -> Value {
    json!({
        "node_id": demo.complaint,
        "description": "Accueil inacceptable au comptoir.",
        "requester": {"first_name": who, "last_name": "Plaignante", "email": email, "phone1": "450 555-0199"},
        "wants_followups": true,
        "date_of_facts": today.to_string(),
        "attested": true,
        "employee_concerned": employee,
    })
}

fn actors(history: &Value) -> Vec<(Value, Value)> {
    history.as_array().expect("history").iter().map(|h| (h["actor"].clone(), h["actor_kind"].clone())).collect()
}

#[actix_web::test]
async fn the_history_names_the_requester_only_to_those_who_may_know_who_asked() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let citizen = app.citizen().await;
    let (clerk, director, elected) = (app.staff(CLERK).await, app.staff(DIRECTOR).await, app.staff(ELECTED).await);

    // Anonymous, filed by a signed-in citizen: no one learns who asked, not even the director.
    let anonymous = json!({"node_id": demo.pothole, "description": "Trou anonyme", "requester_mode": "anonymous",
                           "answers": [{"question_id": demo.pothole_size, "value": "petit"}]});
    let anon = app.file(&demo, Some(&citizen), anonymous).await;
    for token in [&clerk, &director, &elected] {
        let (status, h) = app.get(&format!("{}/history", demo.request(&anon["id"])), Some(token)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!h.to_string().contains("Citoyenne"), "{h}");
        assert_eq!(actors(&h), [(Value::Null, json!("requester"))]);
    }

    // Named, by the same citizen: the clerk sees the name; the elected official never does.
    let mut named = demo.pothole_body("Trou nommé");
    named["requester"] = json!({"email": "citoyen@civis.demo"});
    let named = app.file(&demo, Some(&citizen), named).await;
    let (_, h) = app.get(&format!("{}/history", demo.request(&named["id"])), Some(&clerk)).await;
    assert_eq!(actors(&h), [(json!("Camille Citoyenne"), json!("requester"))]);
    let (_, h) = app.get(&format!("{}/history", demo.request(&named["id"])), Some(&elected)).await;
    assert_eq!(actors(&h), [(Value::Null, json!("requester"))]);

    // A complaint: the director alone; staff who act stay named to every staff reader.
    let today = app.town_today();
    let mut complaint = complaint_body(&demo, today, "Ignorée", "ignoree@example.com", "Employé X");
    complaint["requester"] = json!({});
    let complaint = app.file(&demo, Some(&citizen), complaint).await;
    let start = format!("{}/transitions", demo.request(&complaint["id"]));
    let (status, _) = app.post(&start, Some(&director), json!({"action": "start"})).await;
    assert_eq!(status, StatusCode::OK);
    let (_, h) = app.get(&format!("{}/history", demo.request(&complaint["id"])), Some(&clerk)).await;
    assert_eq!(actors(&h), [(Value::Null, json!("requester")), (json!("Denis Directeur"), json!("staff"))]);
    let (_, h) = app.get(&format!("{}/history", demo.request(&complaint["id"])), Some(&director)).await;
    assert_eq!(actors(&h)[0], (json!("Camille Citoyenne"), json!("requester")));
    // Elected officials see complaints only as counts: not the request, nor its history.
    let (status, _) = app.get(&format!("{}/history", demo.request(&complaint["id"])), Some(&elected)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn complaints_are_never_public_and_stay_with_the_director() {
    let m = mailed(8).await;
    let (app, demo) = (&m.app, &m.demo);
    let admin = app.staff(ADMIN).await;
    // Even where the category allows public requests.
    let (_, deps) = app.get(&format!("/api/v1/admin/towns/{}/departments", demo.town), Some(&admin)).await;
    let sac =
        deps.as_array().expect("departments").iter().find(|d| d["code"] == "service-citoyens").expect("sac")["id"]
            .clone();
    let node = json!({"name_fr": "Plainte", "name_en": "Complaint", "public_allowed": true, "kind": "complaint",
                      "department_id": sac, "delay_days": 30});
    let (status, node) =
        app.put(&format!("/api/v1/admin/towns/{}/taxonomy/{}", demo.town, demo.complaint), Some(&admin), node).await;
    assert_eq!(status, StatusCode::OK, "{node}");
    let today = app.town_today();
    let mut body = complaint_body(demo, today, "Gisèle", "gisele@example.com", "Hubert Guichet");
    body["public"] = json!(true);
    let (status, refused) = app.post(&demo.requests(), None, body.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["errors"][0]["field"], "public");
    assert_eq!(refused["errors"][0]["code"], "complaint_never_public");
    assert_eq!(
        refused["errors"][0]["message_fr"],
        "Une plainte est confidentielle : elle ne peut jamais être publique."
    );
    assert_eq!(refused["errors"][0]["message_en"], "A complaint is confidential: it can never be public.");
    body["public"] = json!(false);
    let created = app.file(demo, None, body).await;
    let id = created["id"].clone();
    let director = app.staff(DIRECTOR).await;
    let etag = app.etag(demo, &director, &id).await;
    let (status, refused) =
        app.with_if_match(reqwest::Method::PATCH, &demo.request(&id), &director, &etag, json!({"public": true})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["errors"][0]["code"], "complaint_never_public");

    // The employee concerned and the complainant: the director alone.
    let clerk = app.staff(CLERK).await;
    let (_, seen) = app.get(&demo.request(&id), Some(&director)).await;
    assert_eq!(seen["employee_concerned"], "Hubert Guichet");
    assert_eq!(seen["requester"]["email"], "gisele@example.com");
    let (_, seen) = app.get(&demo.request(&id), Some(&clerk)).await;
    assert!(seen["employee_concerned"].is_null() && seen["requester"].is_null(), "{seen}");
    assert!(!seen.to_string().contains("Hubert") && !seen.to_string().contains("Gisèle"));

    // The complainant answers by email and adds a photo: the director sees both, the clerk neither.
    let followups = format!("{}/followups", demo.request(&id));
    let (status, _) =
        app.post(&followups, Some(&director), json!({"kind": "external", "body": "Nous enquêtons."})).await;
    assert_eq!(status, StatusCode::CREATED);
    let token = created["upload_token"].as_str().expect("upload token").to_string();
    let (status, photo) =
        upload(app, &demo.request(&id), None, Some(&token), "gisele-preuve.jpg", jpeg_with_gps(), &[]).await;
    assert_eq!(status, StatusCode::CREATED, "{photo}");
    m.deliver().await;
    let sent = m.smtp.to("gisele@example.com").into_iter().find(|x| x.subject.starts_with("Suivi")).expect("follow-up");
    let status = reply_by_email(
        app,
        "Gisèle <gisele@example.com>",
        &sent.reply_to,
        "c1@mail.example",
        "Je m'appelle Gisèle Plaignante, rappelez-moi.",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, mine) = app.get(&followups, Some(&director)).await;
    assert!(mine.to_string().contains("rappelez-moi"));
    let (_, theirs) = app.get(&followups, Some(&clerk)).await;
    assert!(!theirs.to_string().contains("rappelez-moi"), "{theirs}");
    let attachments = format!("{}/attachments", demo.request(&id));
    let (_, mine) = app.get(&attachments, Some(&director)).await;
    assert_eq!(mine.as_array().map(Vec::len), Some(1));
    assert_eq!(mine[0]["uploader_kind"], "requester");
    let (_, theirs) = app.get(&attachments, Some(&clerk)).await;
    assert_eq!(theirs, json!([]));
    let (status, _) = app.get(&format!("{attachments}/{}", photo["id"]), Some(&clerk)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The department's mailbox hears of it by number and category, never its content.
    m.deliver().await;
    let mailbox = "service-citoyens@demo.civis.demo";
    let mails = m.smtp.to(mailbox);
    assert!(mails.len() >= 2, "assignment and the reply's notice: {mails:?}");
    for mail in mails {
        let text = format!("{} {} {}", mail.subject, mail.text, mail.html);
        assert!(text.contains(created["number"].as_str().expect("number")), "{text}");
        for secret in ["Accueil inacceptable", "rappelez-moi", "Gisèle", "gisele@", "Hubert"] {
            assert!(!text.contains(secret), "{secret} in the mailbox: {text}");
        }
    }

    // Elected officials: the complaint is neither listed nor read, nor counted in the tabs
    // (the count less the rows would give it away).
    let elected = app.staff(ELECTED).await;
    let (_, page) = app.get(&format!("{}?saved=false", demo.requests()), Some(&elected)).await;
    assert!(page["items"].as_array().expect("items").iter().all(|r| r["kind"] != "complaint"), "{page}");
    let rows = page["items"].as_array().expect("items").len() as i64;
    assert_eq!(page["counts"]["open"]["value"].as_i64(), Some(rows), "{}", page["counts"]);
    let (status, _) = app.get(&demo.request(&id), Some(&elected)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The outbox shows the administrator no request id for any email about a complaint.
    let (_, sent) = app.get(&format!("/api/v1/admin/towns/{}/outbox?status=sent", demo.town), Some(&admin)).await;
    let about: Vec<&Value> =
        sent.as_array().expect("list").iter().filter(|o| o["kind"] == "external_followup").collect();
    assert!(!about.is_empty());
    for o in sent.as_array().expect("list") {
        assert_ne!(o["request_id"], id, "{o}");
        assert!(!o.to_string().contains("gisele@"), "{o}");
    }
}

#[actix_web::test]
async fn a_staff_photo_stays_with_the_staff_unless_sent_with_an_external_followup() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let citizen = app.citizen().await;
    let mut body = demo.pothole_body("Trou avec photos");
    body["requester"] = json!({"email": "citoyen@civis.demo"});
    let created = app.file(&demo, Some(&citizen), body).await;
    let r = demo.request(&created["id"]);
    let clerk = app.staff(CLERK).await;
    let (_, note) =
        app.post(&format!("{r}/followups"), Some(&clerk), json!({"kind": "internal", "body": "Vu sur place."})).await;
    let (_, sent) =
        app.post(&format!("{r}/followups"), Some(&clerk), json!({"kind": "external", "body": "Réparé."})).await;
    let internal_fid = note["id"].to_string();
    let (s1, on_internal) = upload(
        &app,
        &r,
        Some(&clerk),
        None,
        "interne-equipe.jpg",
        jpeg_with_gps(),
        &[("kind", "photo".into()), ("followup_id", internal_fid)],
    )
    .await;
    let (s2, loose) =
        upload(&app, &r, Some(&clerk), None, "chantier.jpg", jpeg_with_gps(), &[("kind", "photo".into())]).await;
    let (s3, after) = upload(
        &app,
        &r,
        Some(&clerk),
        None,
        "apres.jpg",
        jpeg_with_gps(),
        &[("kind", "photo".into()), ("followup_id", sent["id"].to_string())],
    )
    .await;
    let (s4, own) = upload(&app, &r, Some(&citizen), None, "camille-citoyenne.jpg", jpeg_with_gps(), &[]).await;
    assert_eq!([s1, s2, s3, s4], [StatusCode::CREATED; 4]);

    let ids = |v: &Value| -> Vec<Value> { v.as_array().expect("list").iter().map(|a| a["id"].clone()).collect() };
    let (_, staff) = app.get(&format!("{r}/attachments"), Some(&clerk)).await;
    assert_eq!(ids(&staff), [on_internal["id"].clone(), loose["id"].clone(), after["id"].clone(), own["id"].clone()]);
    // The requester: their own photo and what was sent to them; nothing names the internal note.
    let (_, mine) = app.get(&format!("{r}/attachments"), Some(&citizen)).await;
    assert_eq!(ids(&mine), [after["id"].clone(), own["id"].clone()]);
    assert!(!mine.to_string().contains("interne"), "{mine}");
    assert!(mine.as_array().expect("list").iter().all(|a| a["followup_id"] != note["id"]), "{mine}");
    // The public: the same photos, under neutral names.
    let (_, public) = app.get(&format!("{r}/attachments"), None).await;
    assert_eq!(ids(&public), [after["id"].clone(), own["id"].clone()]);
    assert!(!public.to_string().contains("camille"), "{public}");
    for hidden in [&on_internal, &loose] {
        for token in [Some(citizen.as_str()), None] {
            let (status, _) = app.get(&format!("{r}/attachments/{}", hidden["id"]), token).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            let (status, _) = app.get(&format!("{r}/attachments/{}/thumbnail", hidden["id"]), token).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
    }
    assert_eq!(staff[0]["uploader"], "Claire Technicienne");
    assert_eq!(staff[3]["uploader_kind"], "requester");
    let res = app.client.get(format!("{}{r}/attachments/{}", app.base, own["id"])).send().await.expect("get");
    let disposition = res.headers()["content-disposition"].to_str().expect("header").to_string();
    assert!(!disposition.contains("camille"), "{disposition}");
}

#[actix_web::test]
async fn each_permission_comes_from_a_role_that_grants_it() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let created = app.file(&demo, None, demo.pothole_body("Trou")).await;
    let r = demo.request(&created["id"]);
    // Elected official and town administrator: neither writes on a request.
    let both = staff_with(&app, demo.town, "elu-admin@demo.example", json!(["elected_official", "town_admin"])).await;
    let (status, _) = app.post(&format!("{r}/followups"), Some(&both), json!({"kind": "internal", "body": "x"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = upload(&app, &r, Some(&both), None, "x.jpg", jpeg_with_gps(), &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get(&format!("{r}/attachments"), Some(&both)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, d) = app.get(&r, Some(&both)).await;
    assert!(d["requester"].is_null(), "{d}");
    // Elected official and clerk: the clerk's rights.
    let clerk_too = staff_with(&app, demo.town, "elu-clic@demo.example", json!(["elected_official", "clerk"])).await;
    let (status, _) =
        app.post(&format!("{r}/followups"), Some(&clerk_too), json!({"kind": "internal", "body": "x"})).await;
    assert_eq!(status, StatusCode::CREATED);

    // An operator agent stops writing once the request is the town's.
    let agent = app.staff(OPERATOR).await;
    let (status, f) = app.post(&format!("{r}/followups"), Some(&agent), json!({"kind": "external", "body": "x"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{f}");
    let (status, _) =
        upload(&app, &r, Some(&agent), None, "x.pdf", b"%PDF-1.4\n%%EOF\n".to_vec(), &[("kind", "file".into())]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Before the transfer it may.
    let mut intake = demo.pothole_body("Appel");
    intake["public"] = json!(false);
    let intake = app.file(&demo, Some(&agent), intake).await;
    assert_eq!(intake["status"], "not_transferred");
    let ri = demo.request(&intake["id"]);
    let (status, _) =
        app.post(&format!("{ri}/followups"), Some(&agent), json!({"kind": "internal", "body": "x"})).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[actix_web::test]
async fn elected_officials_read_the_monthly_lists_with_complaints_only_counted() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let pothole = app.file(&demo, None, demo.pothole_body("Trou du mois")).await;
    let complaint =
        app.file(&demo, None, complaint_body(&demo, app.town_today(), "Odile", "odile@example.com", "X")).await;
    let path = format!("/api/v1/towns/{}/monthly-lists", demo.town);
    let (status, lists) = app.get(&path, Some(&app.staff(ELECTED).await)).await;
    assert_eq!(status, StatusCode::OK, "{lists}");
    let numbers: Vec<&Value> = lists["open"].as_array().expect("open").iter().map(|i| &i["number"]).collect();
    assert_eq!(numbers, [&pothole["number"]]);
    assert_eq!(lists["complaints_open"], "< 5");
    let text = lists.to_string();
    for secret in ["Trou du mois", "Jeanne", "Odile", "odile@", "123, rue Principale"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    // The director's list has the complaint in it.
    let (_, lists) = app.get(&path, Some(&app.staff(DIRECTOR).await)).await;
    assert!(lists["open"].as_array().expect("open").iter().any(|i| i["number"] == complaint["number"]));
    let (status, _) = app.get(&path, Some(&app.staff(ADMIN).await)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
