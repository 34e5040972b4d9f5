//! First contact through the API: the knowledge base an agent searches during a call (typos,
//! accents, English, titles first), its versions and who writes it; the contacts agents log,
//! callbacks due by the end of the next working day, the counts; and who may do each.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

pub(crate) fn article(title_fr: &str, body_fr: &str, audience: &str, nodes: &[i64]) -> Value {
    json!({"title_fr": title_fr, "title_en": "", "body_fr": body_fr, "keywords": [], "node_ids": nodes,
           "department_id": null, "audience": audience, "verify_by": null})
}

pub(crate) async fn create(app: &TestApp, token: &str, town: i64, body: Value) -> Value {
    let (status, a) = app.post(&format!("/api/v1/towns/{town}/kb/articles"), Some(token), body).await;
    assert_eq!(status, StatusCode::CREATED, "{a}");
    a
}

/// Starts from an empty knowledge base and contact log (the demo seeds both).
fn start_empty(app: &TestApp) {
    use diesel::connection::SimpleConnection;
    app.conn()
        .batch_execute(
            "UPDATE kb_articles SET archived = true; DELETE FROM interaction_articles; DELETE FROM kb_sends;
             DELETE FROM interactions; DELETE FROM kb_self_service",
        )
        .expect("empty");
}

fn titles(hits: &Value) -> Vec<String> {
    hits.as_array().expect("hits").iter().map(|h| h["title_fr"].as_str().expect("title").to_string()).collect()
}

#[actix_web::test]
async fn an_agent_finds_the_answer_with_a_typo_and_no_accents_titles_first() {
    let app = TestApp::spawn().await;
    start_empty(&app);
    let demo = Demo::load(&app).await;
    let admin = app.staff(ADMIN).await;
    let t = demo.town;
    let mut library = article(
        "Heures d'ouverture de la bibliothèque",
        "La bibliothèque est ouverte du mardi au samedi.\n\n- Mardi : 10 h à 20 h\n- Samedi : 10 h à 16 h",
        "public",
        &[],
    );
    library["title_en"] = json!("Library opening hours");
    library["body_en"] = json!("The library is open Tuesday to Saturday.");
    library["keywords"] = json!(["livres", "prêt"]);
    let library = create(&app, &admin, t, library).await;
    create(
        &app,
        &admin,
        t,
        article("Bris d'aqueduc", "Fermer l'entrée d'eau; la bibliothèque sert de refuge.", "internal", &[demo.snow]),
    )
    .await;
    create(
        &app,
        &admin,
        t,
        article("Permis de vente de garage", "Deux fins de semaine par année.", "public", &[demo.garage_sale]),
    )
    .await;

    let agent = app.staff(OPERATOR).await;
    let search = |q: &str| format!("/api/v1/towns/{t}/kb/articles?q={}", urlencoding(q));
    // A typo and no accents: the title match comes first, then the body match.
    let (status, hits) = app.get(&search("heures biblioteque"), Some(&agent)).await;
    assert_eq!(status, StatusCode::OK, "{hits}");
    assert_eq!(titles(&hits), vec!["Heures d'ouverture de la bibliothèque"]);
    assert_eq!(hits[0]["in_title"], true);
    let (_, hits) = app.get(&search("bibliotheque"), Some(&agent)).await;
    assert_eq!(titles(&hits), vec!["Heures d'ouverture de la bibliothèque", "Bris d'aqueduc"]);
    // English, a keyword, a word still being typed, a short word with a typo (not forgiven).
    assert_eq!(
        titles(&app.get(&search("library hours"), Some(&agent)).await.1),
        vec!["Heures d'ouverture de la bibliothèque"]
    );
    assert_eq!(
        titles(&app.get(&search("livres"), Some(&agent)).await.1),
        vec!["Heures d'ouverture de la bibliothèque"]
    );
    assert_eq!(titles(&app.get(&search("vente gar"), Some(&agent)).await.1), vec!["Permis de vente de garage"]);
    assert!(
        titles(&app.get(&search("garqge"), Some(&agent)).await.1).contains(&"Permis de vente de garage".to_string())
    );
    // Filtered by category: the garage-sale article only.
    let (_, hits) = app.get(&format!("/api/v1/towns/{t}/kb/articles?node_id={}", demo.garage_sale), Some(&agent)).await;
    assert_eq!(titles(&hits), vec!["Permis de vente de garage"]);
    // Query syntax is only words: operators and quotes are not an error.
    let (status, _) = app.get(&search("a & b | !c ' (x) :*"), Some(&agent)).await;
    assert_eq!(status, StatusCode::OK);

    // The public help: public articles only.
    let (status, hits) = app.get(&format!("/api/v1/towns/{t}/public/help?q=bibliotheque"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(titles(&hits), vec!["Heures d'ouverture de la bibliothèque"]);
    let (status, one) = app.get(&format!("/api/v1/towns/{t}/public/help/{}", library["id"]), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["title_en"], "Library opening hours");
}

#[actix_web::test]
async fn each_save_is_a_version_and_departments_write_their_own() {
    let app = TestApp::spawn().await;
    start_empty(&app);
    let demo = Demo::load(&app).await;
    let t = demo.town;
    let admin = app.staff(ADMIN).await;
    let mut body = article("Collecte des encombrants", "Le premier lundi du mois.", "public", &[demo.information]);
    let a = create(&app, &admin, t, body.clone()).await;
    assert_eq!(a["version"], 1);
    body["body_fr"] = json!("Le premier mardi du mois.");
    body["verify_by"] = json!("2020-01-01");
    let (status, saved) =
        app.put(&format!("/api/v1/towns/{t}/kb/articles/{}", a["id"]), Some(&admin), body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["stale"], true, "past its verify-by date");
    let (_, versions) = app.get(&format!("/api/v1/towns/{t}/kb/articles/{}/revisions", a["id"]), Some(&admin)).await;
    let versions = versions.as_array().expect("versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["content"]["body_fr"], "Le premier mardi du mois.");
    assert_eq!(versions[1]["content"]["body_fr"], "Le premier lundi du mois.");
    assert!(versions[0]["saved_by"].as_str().is_some_and(|n| !n.is_empty()));
    // Stale articles are listed for their department.
    let clerk = app.staff(CLERK).await;
    let (_, stale) = app.get(&format!("/api/v1/towns/{t}/kb/articles?stale=true"), Some(&clerk)).await;
    assert_eq!(titles(&stale), vec!["Collecte des encombrants"]);

    // A department responsible writes their department's articles, not the others'.
    let responsible = app.staff(RESPONSIBLE).await;
    let (status, _) =
        app.put(&format!("/api/v1/towns/{t}/kb/articles/{}", a["id"]), Some(&responsible), body.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, problem) = app.post(&format!("/api/v1/towns/{t}/kb/articles"), Some(&responsible), body.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "article_not_yours");
    let (_, deps) = app.get(&format!("/api/v1/towns/{t}/departments"), Some(&admin)).await;
    let works =
        deps.as_array().expect("deps").iter().find(|d| d["code"] == "travaux-publics").expect("works")["id"].clone();
    body["department_id"] = works;
    create(&app, &responsible, t, body.clone()).await;
    // A clerk reads but does not write; a blank keyword is refused.
    assert_eq!(
        app.post(&format!("/api/v1/towns/{t}/kb/articles"), Some(&clerk), body.clone()).await.0,
        StatusCode::FORBIDDEN
    );
    body["keywords"] = json!(["ok", " "]);
    let (status, problem) = app.post(&format!("/api/v1/towns/{t}/kb/articles"), Some(&admin), body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (problem["errors"][0]["field"].as_str(), problem["errors"][0]["code"].as_str()),
        (Some("keywords"), Some("keyword_invalid"))
    );
}

/// The latest Friday whose following Tuesday is already past.
fn friday_before(today: NaiveDate) -> NaiveDate {
    let mut d = today - Duration::days(5);
    while d.weekday() != Weekday::Fri {
        d -= Duration::days(1);
    }
    d
}

#[derive(QueryableByName)]
struct At {
    #[diesel(sql_type = diesel::sql_types::Text)]
    at: String,
}

#[actix_web::test]
async fn a_friday_voicemail_before_a_holiday_is_due_tuesday_and_overdue_after() {
    let app = TestApp::spawn().await;
    start_empty(&app);
    let demo = Demo::load(&app).await;
    let t = demo.town;
    let friday = friday_before(app.town_today());
    let monday = friday + Duration::days(3);
    let mut conn = app.conn();
    diesel::sql_query(format!(
        "INSERT INTO holidays (municipality_id, day, name) VALUES ({t}, '{monday}', 'Congé') ON CONFLICT DO NOTHING"
    ))
    .execute(&mut conn)
    .expect("holiday");
    let at = |sql: String| diesel::sql_query(sql).get_result::<At>(&mut app.conn()).expect("moment").at;
    let left = at(format!(
        "SELECT to_char(('{friday} 15:00'::timestamp AT TIME ZONE 'America/Toronto') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at"
    ));
    let due = at(format!(
        "SELECT to_char(('{} 16:30'::timestamp AT TIME ZONE 'America/Toronto') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at",
        monday + Duration::days(1)
    ));

    let agent = app.staff(CLERK).await;
    let (status, logged) = app
        .post(
            &format!("/api/v1/towns/{t}/interactions"),
            Some(&agent),
            json!({
            "channel": "voicemail", "note": "Rappeler pour le bac brisé", "outcome": "callback",
            "contact": {"name": "Marc Vocal", "phone": "450 555-0199"}, "occurred_at": left}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{logged}");
    let due_at: chrono::DateTime<chrono::Utc> = logged["callback_due_at"].as_str().expect("due").parse().expect("date");
    assert_eq!(due_at, due.parse::<chrono::DateTime<chrono::Utc>>().expect("date"), "the end of Tuesday");
    assert_eq!(logged["overdue"], true);
    assert_eq!(logged["contact"]["name"], "Marc Vocal");
    // The first-line team is reminded once, without the caller's name or number.
    for _ in 0..2 {
        let report = civis_api::jobs::run(&mut app.conn(), None).expect("jobs");
        assert!(report.callbacks <= 1, "{report:?}");
    }
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        recipient: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        payload: String,
    }
    let rows: Vec<Row> =
        diesel::sql_query("SELECT recipient, payload::text AS payload FROM outbox WHERE kind = 'callback_reminder'")
            .load(&mut app.conn())
            .expect("outbox");
    assert_eq!(rows.iter().map(|r| r.recipient.as_str()).collect::<Vec<_>>(), vec![CLERK]);
    assert!(rows.iter().all(|r| !r.payload.contains("Marc") && !r.payload.contains("555")), "no one named");
    assert!(rows[0].payload.contains("\"overdue\": true"), "{}", rows[0].payload);
    // The queue lists it; once done, it leaves the queue and cannot be done twice.
    let (_, queue) = app.get(&format!("/api/v1/towns/{t}/interactions?callbacks=true"), Some(&agent)).await;
    assert_eq!(queue[0]["id"], logged["id"]);
    let done = format!("/api/v1/towns/{t}/interactions/{}/callback-done", logged["id"]);
    assert_eq!(app.post(&done, Some(&agent), json!({})).await.0, StatusCode::OK);
    assert_eq!(app.post(&done, Some(&agent), json!({})).await.0, StatusCode::CONFLICT);
    let (_, queue) = app.get(&format!("/api/v1/towns/{t}/interactions?callbacks=true"), Some(&agent)).await;
    assert!(queue.as_array().expect("queue").is_empty());

    // An answered call with the article used, a referral that names nobody is refused.
    let admin = app.staff(ADMIN).await;
    let art = create(&app, &admin, t, article("Licence de chien", "30 $ par année.", "public", &[demo.animals])).await;
    let (status, answered) = app
        .post(
            &format!("/api/v1/towns/{t}/interactions"),
            Some(&agent),
            json!({
            "channel": "phone", "node_id": demo.animals, "outcome": "answered", "article_ids": [art["id"]]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{answered}");
    assert_eq!(answered["article_ids"], json!([art["id"]]));
    let (status, problem) = app
        .post(
            &format!("/api/v1/towns/{t}/interactions"),
            Some(&agent),
            json!({"channel": "counter", "outcome": "referred"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "referral_missing");
    // A callback nobody can make, or about nothing, is refused field by field; a name alone
    // does not reach anyone.
    let (status, problem) = app
        .post(
            &format!("/api/v1/towns/{t}/interactions"),
            Some(&agent),
            json!({"channel": "phone", "outcome": "callback", "note": " ", "contact": {"name": "Sans Numéro"}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| (e["field"].as_str().unwrap_or(""), e["code"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(fields, [("contact.phone", "callback_contact_missing"), ("note", "callback_note_missing")]);
    // One contact reads back as the list shows it (the wizard reads it to file the request).
    let (status, one) = app.get(&format!("/api/v1/towns/{t}/interactions/{}", answered["id"]), Some(&agent)).await;
    assert_eq!(status, StatusCode::OK, "{one}");
    assert_eq!(one["article_ids"], json!([art["id"]]));
    // A citizen says a public article answered the question.
    let (status, _) = app
        .post(&format!("/api/v1/towns/{t}/public/help/{}/answered", art["id"]), None, json!({"node_id": demo.animals}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // Another town's category is not one of this town's: refused, and not counted.
    let other = app.town_id("saint-exemple").await;
    let (status, tree) = app.get(&format!("/api/v1/towns/{other}/taxonomy"), None).await;
    assert_eq!(status, StatusCode::OK, "{tree}");
    let foreign = tree[0]["id"].as_i64().expect("a node of the other town");
    let (status, problem) = app
        .post(&format!("/api/v1/towns/{t}/public/help/{}/answered", art["id"]), None, json!({"node_id": foreign}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "node_id");

    // The counts of the period, for the reports (an elected official reads them).
    let elected = app.staff(ELECTED).await;
    let today = app.town_today();
    let (status, counts) =
        app.get(&format!("/api/v1/towns/{t}/first-contact/counts?from={friday}&to={today}"), Some(&elected)).await;
    assert_eq!(status, StatusCode::OK, "{counts}");
    assert_eq!(counts["interactions"], 2);
    let channel = |c: &str| {
        counts["by_channel"].as_array().expect("channels").iter().find(|x| x["channel"] == c).expect("channel")["count"]
            .clone()
    };
    assert_eq!(channel("voicemail"), 1);
    assert_eq!(channel("phone"), 1);
    assert_eq!(channel("mail"), 0);
    assert_eq!(counts["answered_first_contact"], 1);
    assert_eq!(counts["callbacks_due"], 1);
    assert_eq!(counts["callbacks_on_time"], 0, "called back after the end of Tuesday");
    assert_eq!(counts["resolved_without_request"], 1);
    assert!(!counts.to_string().contains("Marc"), "counts name no one");
}

#[actix_web::test]
async fn other_towns_citizens_and_the_anonymous_get_nothing() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let t = demo.town;
    let admin = app.staff(ADMIN).await;
    let internal = create(&app, &admin, t, article("Procédure interne", "Réservé aux agents.", "internal", &[])).await;
    let id = internal["id"].clone();
    let agent = app.staff(CLERK).await;
    let (_, contact) = app
        .post(
            &format!("/api/v1/towns/{t}/interactions"),
            Some(&agent),
            json!({"channel": "phone", "outcome": "callback", "note": "Rappeler", "contact": {"phone": "450 555-0100"}}),
        )
        .await;
    let c = contact["id"].clone();
    let body = article("X", "Y", "public", &[]);
    let routes: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, format!("/api/v1/towns/{t}/kb/articles"), None),
        (Method::POST, format!("/api/v1/towns/{t}/kb/articles"), Some(body.clone())),
        (Method::GET, format!("/api/v1/towns/{t}/kb/articles/{id}"), None),
        (Method::PUT, format!("/api/v1/towns/{t}/kb/articles/{id}"), Some(body)),
        (Method::GET, format!("/api/v1/towns/{t}/kb/articles/{id}/revisions"), None),
        (Method::GET, format!("/api/v1/towns/{t}/kb/articles/{id}/documents/1"), None),
        (Method::POST, format!("/api/v1/towns/{t}/kb/articles/{id}/send"), Some(json!({"email": "x@example.com"}))),
        (
            Method::POST,
            format!("/api/v1/towns/{t}/interactions"),
            Some(json!({"channel": "phone", "outcome": "answered"})),
        ),
        (Method::GET, format!("/api/v1/towns/{t}/interactions"), None),
        (Method::POST, format!("/api/v1/towns/{t}/interactions/{c}/callback-done"), Some(json!({}))),
        (Method::POST, format!("/api/v1/towns/{t}/interactions/{c}/request"), Some(json!({"request_id": 1}))),
        (Method::GET, format!("/api/v1/towns/{t}/first-contact/counts?from=2026-01-01&to=2026-12-31"), None),
    ];
    // Staff of another town: 404, as if the town did not exist.
    let other = app.town_id("saint-exemple").await;
    let foreign = app.foreign_staff("kb@st-exemple.example", &["clerk", "town_admin"]).await;
    let citizen = app.citizen().await;
    let elected = app.staff(ELECTED).await;
    for (method, path, body) in &routes {
        let (status, _) = app.call(method.clone(), path, Some(&foreign), body.clone()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "foreign {method} {path}");
        let (status, _) = app.call(method.clone(), path, Some(&citizen), body.clone()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "citizen {method} {path}");
        let (status, _) = app.call(method.clone(), path, None, body.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "anonymous {method} {path}");
        // An elected official reads the counts only.
        let (status, _) = app.call(method.clone(), path, Some(&elected), body.clone()).await;
        let expected = if path.contains("/counts") { StatusCode::OK } else { StatusCode::FORBIDDEN };
        assert_eq!(status, expected, "elected {method} {path}");
    }
    // The same ids through the foreign town: not found either.
    let (status, _) = app.get(&format!("/api/v1/towns/{other}/kb/articles/{id}"), Some(&foreign)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) =
        app.post(&format!("/api/v1/towns/{other}/interactions/{c}/callback-done"), Some(&foreign), json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The public never reads an internal article, nor counts it answered.
    assert_eq!(app.get(&format!("/api/v1/towns/{t}/public/help/{id}"), None).await.0, StatusCode::NOT_FOUND);
    let (status, _) = app.post(&format!("/api/v1/towns/{t}/public/help/{id}/answered"), None, json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

fn urlencoding(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}
