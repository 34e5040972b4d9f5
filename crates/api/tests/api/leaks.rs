//! The leaks found from outside on a5949f1 (issue 28), each closed by the one disclosure
//! rule rather than route by route: each test here failed there.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::privacy::complaint_body;

async fn department_id(app: &TestApp, demo: &Demo, code: &str) -> Value {
    let (_, deps) =
        app.get(&format!("/api/v1/admin/towns/{}/departments", demo.town), Some(&app.staff(ADMIN).await)).await;
    deps.as_array().expect("departments").iter().find(|d| d["code"] == code).expect("department")["id"].clone()
}

fn numbers(page: &Value) -> Vec<String> {
    page["items"].as_array().expect("items").iter().filter_map(|r| r["number"].as_str().map(str::to_string)).collect()
}

#[actix_web::test]
async fn a_department_reads_a_complaint_only_once_transferred_to_it_and_never_the_complainant() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let complaint = app
        .file(&demo, None, complaint_body(&demo, app.town_today(), "Camille", "camille@example.com", "Employé Y"))
        .await;
    let (id, number) = (complaint["id"].clone(), complaint["number"].as_str().expect("number").to_string());
    let travaux = app.staff(RESPONSIBLE).await;
    // Service aux citoyens' complaint: Travaux publics' responsible neither reads nor works it.
    let (status, _) = app.get(&demo.request(&id), Some(&travaux)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let start = json!({"action": "start"});
    let (status, _) = app.post(&format!("{}/transitions", demo.request(&id)), Some(&travaux), start.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another department's complaint cannot be started");
    for path in ["history", "followups", "timeline", "attachments"] {
        let (status, _) = app.get(&format!("{}/{path}", demo.request(&id)), Some(&travaux)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let list = format!("{}?saved=false&tab=open&keywords=inacceptable", demo.requests());
    let (_, page) = app.get(&list, Some(&travaux)).await;
    assert!(!numbers(&page).contains(&number), "not in the department's list: {page}");
    let (_, lists) = app.get(&format!("/api/v1/towns/{}/monthly-lists", demo.town), Some(&travaux)).await;
    assert!(!lists.to_string().contains(&number), "not in its monthly lists: {lists}");
    // The clerk and the director read it.
    let clerk = app.staff(CLERK).await;
    assert_eq!(app.get(&demo.request(&id), Some(&clerk)).await.0, StatusCode::OK);
    let (_, page) = app.get(&list, Some(&clerk)).await;
    assert!(numbers(&page).contains(&number), "the clerk's list: {page}");

    // The director transfers it to Travaux publics: now it is theirs to read and work, but
    // the complainant and the employee concerned stay the director's.
    let director = app.staff(DIRECTOR).await;
    let tp = department_id(&app, &demo, "travaux-publics").await;
    let etag = app.etag(&demo, &director, &id).await;
    let (status, d) = app
        .with_if_match(
            Method::PATCH,
            &demo.request(&id),
            &director,
            &etag,
            json!({"department_id": tp, "reason": "Voirie"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    let (status, seen) = app.get(&demo.request(&id), Some(&travaux)).await;
    assert_eq!(status, StatusCode::OK, "{seen}");
    assert!(seen["requester"].is_null() && seen["employee_concerned"].is_null(), "{seen}");
    let text = seen.to_string();
    assert!(!text.contains("Camille") && !text.contains("camille@") && !text.contains("Employé Y"), "{text}");
    let (_, page) = app.get(&list, Some(&travaux)).await;
    assert!(numbers(&page).contains(&number), "now in the department's list: {page}");
    let note = json!({"kind": "internal", "body": "Vu avec le contremaître."});
    let (status, body) = app.post(&format!("{}/followups", demo.request(&id)), Some(&travaux), note).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

/// Logs a call with a contact and links it to `request`; returns the contact's id.
async fn call_becomes(app: &TestApp, demo: &Demo, agent: &str, request: &Value, name: &str) -> Value {
    let t = demo.town;
    let body = json!({"channel": "phone", "note": "Appel", "outcome": "callback",
                      "contact": {"name": name, "phone": "819 556-0000", "email": "appelant@example.com"}});
    let (status, call) = app.post(&format!("/api/v1/towns/{t}/interactions"), Some(agent), body).await;
    assert_eq!(status, StatusCode::CREATED, "{call}");
    let link = format!("/api/v1/towns/{t}/interactions/{}/request", call["id"]);
    let (status, linked) = app.post(&link, Some(agent), json!({"request_id": request["id"]})).await;
    assert_eq!(status, StatusCode::OK, "{linked}");
    assert!(!linked.to_string().contains(name) || name.starts_with("Visible"), "the link's answer: {linked}");
    call["id"].clone()
}

#[actix_web::test]
async fn a_call_shows_its_contact_only_as_the_request_it_became_would() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let agent = app.staff(OPERATOR).await;
    let complaint = app
        .file(&demo, Some(&agent), complaint_body(&demo, app.town_today(), "Camille", "camille@example.com", "Y"))
        .await;
    let mut anonymous = demo.pothole_body("Trou signalé sans nom");
    anonymous["requester_mode"] = json!("anonymous");
    anonymous["requester"] = json!(null);
    anonymous["wants_followups"] = json!(false);
    let anonymous = app.file(&demo, Some(&agent), anonymous).await;
    let request = app.file(&demo, Some(&agent), demo.pothole_body("Trou ordinaire")).await;
    let calls = [
        call_becomes(&app, &demo, &agent, &complaint, "Camille Zéphyr").await,
        call_becomes(&app, &demo, &agent, &anonymous, "Anonyme Ulysse").await,
        call_becomes(&app, &demo, &agent, &request, "Visible Valérie").await,
    ];

    let t = demo.town;
    for (who, complainant_seen) in [(CLERK, false), (RESPONSIBLE, false), (OPERATOR, false), (DIRECTOR, true)] {
        let token = app.staff(who).await;
        for path in ["interactions", "interactions?callbacks=true"] {
            let (status, body) = app.get(&format!("/api/v1/towns/{t}/{path}"), Some(&token)).await;
            assert_eq!(status, StatusCode::OK, "{who} {path}: {body}");
            let text = body.to_string();
            assert_eq!(text.contains("Camille Zéphyr"), complainant_seen, "{who} {path}: the complainant");
            assert!(!text.contains("Anonyme Ulysse"), "{who} {path}: an anonymous filer is no one's");
            assert!(text.contains("Visible Valérie"), "{who} {path}: an ordinary caller stays seen");
        }
    }
    // The callback done: its answer follows the same rule.
    for call in calls {
        let done = format!("/api/v1/towns/{t}/interactions/{call}/callback-done");
        let (status, body) = app.post(&done, Some(&agent), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(!body.to_string().contains("Camille Zéphyr") && !body.to_string().contains("Anonyme Ulysse"));
    }
}

#[actix_web::test]
async fn tracking_shows_what_was_added_but_names_no_one() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let citizen = app.citizen().await;
    let mut body = demo.pothole_body("Trou signalé en ligne");
    body["requester"] = json!({"email": CITIZEN});
    let created = app.file(&demo, Some(&citizen), body).await;
    let mine = format!("/api/v1/me/requests/{}", created["id"]);
    let added = json!({"body": "Il s'est agrandi depuis hier."});
    assert_eq!(app.post(&format!("{mine}/information"), Some(&citizen), added).await.0, StatusCode::CREATED);
    // A staff follow-up names its author to staff only.
    let clerk = app.staff(CLERK).await;
    let external = json!({"kind": "external", "body": "Une équipe passera."});
    let followups = format!("{}/followups", demo.request(&created["id"]));
    assert_eq!(app.post(&followups, Some(&clerk), external).await.0, StatusCode::CREATED);

    let track = format!("/api/v1/towns/{}/track", demo.town);
    let (status, tracked) = app.post(&track, None, json!({"number": created["number"], "email": CITIZEN})).await;
    assert_eq!(status, StatusCode::OK, "{tracked}");
    let text = tracked.to_string();
    assert!(text.contains("Il s'est agrandi") && text.contains("Une équipe passera"), "{text}");
    for name in ["Camille", "Citoyenne", "Claire", "Technicienne"] {
        assert!(!text.contains(name), "{name} in the tracked view: {text}");
    }
    // "Mes requêtes" shows the same tracked view.
    let (_, own) = app.get(&mine, Some(&citizen)).await;
    assert!(!own.to_string().contains("Citoyenne") && !own.to_string().contains("Technicienne"), "{own}");
}

#[derive(diesel::QueryableByName)]
struct OutboxText {
    #[diesel(sql_type = diesel::sql_types::Text)]
    text: String,
}

#[actix_web::test]
async fn a_sent_link_leaves_nothing_usable_in_the_outbox() {
    use diesel::RunQueryDsl;
    let m = crate::notifications::mailed(8).await;
    let app = &m.app;
    let sign_up = json!({"email": "rosalie@example.org", "password": "une phrase assez longue", "first_name": "Rosalie",
                         "last_name": "Nouvelle", "language": "fr"});
    assert_eq!(app.post("/api/v1/auth/citizen/sign-up", None, sign_up).await.0, StatusCode::ACCEPTED);
    let reset = json!({"email": CLERK, "kind": "staff"});
    assert_eq!(app.post("/api/v1/auth/password-reset", None, reset).await.0, StatusCode::ACCEPTED);
    m.deliver().await;
    let tokens = [
        crate::accounts::link_token(&m, "rosalie@example.org", "/compte/confirmer"),
        crate::accounts::link_token(&m, CLERK, "/mot-de-passe"),
    ];
    let rows: Vec<OutboxText> =
        diesel::sql_query("SELECT concat_ws(' ', dedup_key, payload::text, recipient) AS text FROM outbox")
            .load(&mut app.conn())
            .expect("outbox");
    assert!(rows.len() >= 2);
    for token in &tokens {
        assert!(rows.iter().all(|r| !r.text.contains(token.as_str())), "{token} in the outbox");
    }
}

#[actix_web::test]
async fn the_public_reads_descriptions_and_follow_ups_with_contacts_masked_staff_whole() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let mut body =
        demo.pothole_body("Trou devant chez mon voisin, appelez-le au 819 556-0000 ou voisin@exemple.ca (J8X 3Y6).");
    body["public"] = json!(true);
    let created = app.file(&demo, None, body).await;
    let id = created["id"].clone();
    let clerk = app.staff(CLERK).await;
    let external = json!({"kind": "external", "body": "Rappelez Paul au 450 555-0101 pour l'accès."});
    assert_eq!(
        app.post(&format!("{}/followups", demo.request(&id)), Some(&clerk), external).await.0,
        StatusCode::CREATED
    );

    let t = demo.town;
    let (status, detail) = app.get(&format!("/api/v1/towns/{t}/public/requests/{id}"), None).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    let (_, list) = app.get(&format!("/api/v1/towns/{t}/public/requests"), None).await;
    let listed = list["items"].as_array().expect("items").iter().find(|r| r["id"] == id).expect("listed").clone();
    for seen in [&detail, &listed] {
        let text = seen.to_string();
        for secret in ["556-0000", "voisin@exemple.ca", "J8X 3Y6", "555-0101"] {
            assert!(!text.contains(secret), "{secret} public: {text}");
        }
    }
    assert_eq!(
        detail["description"],
        "Trou devant chez mon voisin, appelez-le au [téléphone masqué] ou [courriel masqué] ([code postal masqué])."
    );
    assert_eq!(detail["followups"][0]["body"], "Rappelez Paul au [téléphone masqué] pour l'accès.");
    // Staff read what was written.
    let (_, staff) = app.get(&demo.request(&id), Some(&clerk)).await;
    assert!(staff["description"].as_str().expect("text").contains("819 556-0000 ou voisin@exemple.ca"));
    let (_, f) = app.get(&format!("{}/followups", demo.request(&id)), Some(&clerk)).await;
    assert!(f.to_string().contains("450 555-0101"), "{f}");
}

#[derive(diesel::QueryableByName)]
struct TabCount {
    #[diesel(sql_type = diesel::sql_types::SmallInt)]
    tab: i16,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Per tab (not transferred, open, closed), the town's requests a condition keeps.
fn tab_counts(app: &TestApp, town: i64, condition: &str) -> [i64; 3] {
    use diesel::RunQueryDsl;
    let rows: Vec<TabCount> = diesel::sql_query(format!(
        "SELECT tab, count(*) AS n FROM requests r WHERE municipality_id = {town} AND {condition} GROUP BY tab"
    ))
    .load(&mut app.conn())
    .expect("counts");
    let mut out = [0; 3];
    for r in rows {
        out[usize::try_from(r.tab).expect("tab")] = r.n;
    }
    out
}

fn shown(page: &Value, set: &str) -> [i64; 3] {
    let c = if set == "tabs" { &page["counts"] } else { &page["counts"]["overdue"] };
    ["not_transferred", "open", "closed"].map(|t| c[t]["value"].as_i64().unwrap_or(0))
}

#[actix_web::test]
async fn a_reader_who_may_not_see_a_complaint_cannot_count_it() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let t = demo.town;
    let complaint = app
        .file(&demo, None, complaint_body(&demo, app.town_today(), "Camille", "camille@example.com", "Employé Y"))
        .await;
    // Overdue, so that the overdue counts would hold it too.
    use diesel::RunQueryDsl;
    diesel::sql_query(format!("UPDATE requests SET due_date = DATE '2001-01-01' WHERE id = {}", complaint["id"]))
        .execute(&mut app.conn())
        .expect("overdue");
    let travaux_id = department_id(&app, &demo, "travaux-publics").await;
    let today = app.town_today();
    let not_complaint = "kind <> 'complaint'";
    let travaux_sees = format!("(kind <> 'complaint' OR department_id = {travaux_id})");
    let late = |c: &str| format!("{c} AND due_date < DATE '{today}' AND tab < 2");
    for (who, condition) in [(ELECTED, not_complaint.to_string()), (RESPONSIBLE, travaux_sees.clone())] {
        let token = app.staff(who).await;
        // The kept counts (no filter), and counted ones (a filter).
        for query in ["saved=false", "saved=false&keywords=inacceptable", "saved=false&priorities=important"] {
            let (status, page) = app.get(&format!("{}?{query}", demo.requests()), Some(&token)).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            let extra = match query {
                q if q.contains("keywords") => " AND search @@ plainto_tsquery('public.fr_unaccent', 'inacceptable')",
                q if q.contains("priorities") => " AND priority = 'important'",
                _ => "",
            };
            let visible = format!("{condition}{extra}");
            assert_eq!(shown(&page, "tabs"), tab_counts(&app, t, &visible), "{who} {query}: {}", page["counts"]);
            let overdue = tab_counts(&app, t, &late(&visible));
            assert_eq!(shown(&page, "overdue")[..2], overdue[..2], "{who} {query} overdue: {}", page["counts"]);
        }
    }
    // The director counts the complaint.
    let (_, page) = app.get(&format!("{}?saved=false", demo.requests()), Some(&app.staff(DIRECTOR).await)).await;
    assert_eq!(shown(&page, "tabs"), tab_counts(&app, t, "TRUE"));
}
