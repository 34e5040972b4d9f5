//! Email notifications through the outbox and a real SMTP server on loopback: each
//! arrives once, to the right person, in their language, with the right content; nothing
//! is lost while the server is down; several workers never send one email twice; a resend
//! after a crash keeps its Message-ID; failures reach the administrator, who retries them.

use std::time::Duration;

use civis_api::config::Settings;
use civis_api::outbox::{self, Delivery};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::mail::Smtp;

pub const TP: &str = "travaux-publics@demo.civis.demo";
const FROM: &str = "Ville de Démo — Service aux citoyens <requetes@demo.civis.demo>";

pub struct Mailed {
    pub app: TestApp,
    pub demo: Demo,
    pub smtp: Smtp,
    pub settings: Settings,
}

pub const REPLY_DOMAIN: &str = "reply.civis.test";
pub const INBOUND_TOKEN: &str = "inbound-hook-secret-inbound-hook-0123";

pub async fn mailed(max_attempts: i32) -> Mailed {
    let smtp = Smtp::start();
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let mut settings = crate::helpers::settings(&db);
    settings.smtp_url = Some(smtp.url().into());
    settings.public_url = "https://civis.example".into();
    settings.outbox_retry_base = Duration::from_millis(20);
    settings.outbox_max_attempts = max_attempts;
    settings.reply_domain = Some(REPLY_DOMAIN.into());
    settings.inbound_token = Some(INBOUND_TOKEN.into());
    let app = TestApp::spawn_with(settings.clone()).await;
    let demo = Demo::load(&app).await;
    Mailed { app, demo, smtp, settings }
}

impl Mailed {
    /// Runs one worker until nothing is due; returns how many rows it handled.
    pub async fn deliver(&self) -> usize {
        let settings = self.settings.clone();
        actix_web::web::block(move || {
            let delivery = Delivery::new(&settings).expect("delivery");
            let mut conn = PgConnection::establish(&settings.database_url).expect("connect");
            outbox::drain(&mut conn, &delivery).expect("drain")
        })
        .await
        .expect("block")
    }

    fn statuses(&self) -> Vec<(String, i32)> {
        #[derive(QueryableByName)]
        struct S {
            #[diesel(sql_type = diesel::sql_types::Text)]
            status: String,
            #[diesel(sql_type = diesel::sql_types::Int4)]
            attempts: i32,
        }
        diesel::sql_query("SELECT status, attempts FROM outbox ORDER BY id")
            .load::<S>(&mut self.app.conn())
            .expect("outbox")
            .into_iter()
            .map(|s| (s.status, s.attempts))
            .collect()
    }

    pub fn body(&self, description: &str, email: &str, lang: &str) -> Value {
        let mut b = self.demo.pothole_body(description);
        b["requester"]["email"] = json!(email);
        b["language"] = json!(lang);
        b
    }
}

#[actix_web::test]
async fn each_notification_reaches_the_right_person_once_in_their_language() {
    let m = mailed(8).await;
    let (app, demo) = (&m.app, &m.demo);
    let fr = app.file(demo, None, m.body("Nid-de-poule rue Principale", "lea@example.com", "fr")).await;
    let en = app.file(demo, None, m.body("Pothole on Main Street", "sam@example.com", "en")).await;
    let mut quiet = m.body("Sans suivi", "quiet@example.com", "fr");
    quiet["wants_followups"] = json!(false);
    app.file(demo, None, quiet).await;
    let anonymous = json!({"node_id": demo.pothole, "description": "Anonyme", "requester_mode": "anonymous",
        "answers": [{"question_id": demo.pothole_size, "value": "petit"}]});
    app.file(demo, None, anonymous).await;
    m.deliver().await;

    let lea = m.smtp.to("lea@example.com");
    assert_eq!(lea.len(), 1, "{lea:?}");
    let number = fr["number"].as_str().expect("number");
    assert_eq!(lea[0].subject, format!("Requête {number} reçue — Ville de Démo"));
    assert_eq!(lea[0].from, FROM);
    assert!(lea[0].text.contains(&format!("https://civis.example/t/demo/suivi?numero={number}")), "{}", lea[0].text);
    assert!(lea[0].html.contains("<a href=\"https://civis.example/t/demo/suivi?numero="), "{}", lea[0].html);
    let sam = m.smtp.to("sam@example.com");
    assert_eq!(sam.len(), 1);
    assert_eq!(sam[0].subject, format!("Request {} received — Ville de Démo", en["number"].as_str().expect("n")));
    assert!(sam[0].text.contains("Keep it"));
    assert!(m.smtp.to("quiet@example.com").is_empty(), "no follow-ups wanted, no email");
    // The department hears of all four, without who asked.
    let dept = m.smtp.to(TP);
    assert_eq!(dept.len(), 4, "{dept:?}");
    assert!(dept.iter().all(|d| d.subject.starts_with("Nouvelle requête")));
    assert!(dept.iter().all(|d| !d.text.contains("Tremblay") && !d.text.contains("lea@example.com")));
    assert_eq!(m.smtp.messages().len(), 6, "nothing else, and nothing for the anonymous requester");

    // Staff work the French request: an external follow-up (the first action also starts
    // it), an internal one, then the closure with its message.
    let clerk = app.staff(CLERK).await;
    let followups = format!("{}/followups", demo.request(&fr["id"]));
    let (s, _) = app.post(&followups, Some(&clerk), json!({"kind": "external", "body": "Équipe prévue jeudi."})).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) =
        app.post(&followups, Some(&clerk), json!({"kind": "internal", "body": "Asphalte froid au garage."})).await;
    assert_eq!(s, StatusCode::CREATED);
    // Moved to Environnement: that department hears of it.
    let (_, deps) = app.get(&format!("/api/v1/towns/{}/departments", demo.town), Some(&clerk)).await;
    let env =
        deps.as_array().expect("departments").iter().find(|d| d["code"] == "environnement").expect("env")["id"].clone();
    let etag = app.etag(demo, &clerk, &fr["id"]).await;
    let (s, body) = app
        .with_if_match(reqwest::Method::PATCH, &demo.request(&fr["id"]), &clerk, &etag, json!({"department_id": env}))
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let close = json!({"action": "close_processed", "closure": {"resolution": "Traitée", "intervention_code": "238 – Demande complétée", "performed_date": "2026-11-02", "message_to_requester": "Réparé, merci!"}});
    let (s, body) = app.post(&format!("{}/transitions", demo.request(&fr["id"])), Some(&clerk), close).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    m.deliver().await;

    let lea = m.smtp.to("lea@example.com");
    let subjects: Vec<&str> = lea.iter().map(|x| x.subject.as_str()).collect();
    assert_eq!(lea.len(), 4, "{subjects:?}");
    for s in [
        format!("Votre requête {number} est en traitement"),
        format!("Suivi de votre requête {number}"),
        format!("Votre requête {number} est fermée"),
    ] {
        assert_eq!(subjects.iter().filter(|x| **x == s).count(), 1, "{s} in {subjects:?}");
    }
    let followup = lea.iter().find(|x| x.subject.starts_with("Suivi")).expect("follow-up");
    assert!(followup.text.contains("Équipe prévue jeudi."));
    let closed = lea.iter().find(|x| x.subject.ends_with("fermée")).expect("closure");
    assert!(closed.text.contains("Réparé, merci!"));
    survey_answered_once(app, demo, &closed.text, number).await;
    assert!(lea.iter().all(|x| !x.text.contains("Asphalte")), "never the internal follow-up");
    let internal: Vec<_> = m.smtp.to(TP).into_iter().filter(|x| x.subject.starts_with("Suivi interne")).collect();
    assert_eq!(internal.len(), 1);
    assert!(internal[0].text.contains("Asphalte froid au garage."));
    assert!(internal[0].text.contains(&format!("https://civis.example/staff/{}/requetes/{}", demo.town, fr["id"])));
    let moved = m.smtp.to("environnement@demo.civis.demo");
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(moved[0].subject, format!("Requête {number} transférée à votre service"));
    let ids: std::collections::HashSet<String> = m.smtp.messages().into_iter().map(|x| x.message_id).collect();
    assert_eq!(ids.len(), m.smtp.messages().len(), "one Message-ID per email");

    // Reopened: the requester hears it (not the town's reason); the department hears why.
    let reopen = json!({"action": "reopen", "reason": "Le trou est revenu après le gel."});
    let (s, body) = app.post(&format!("{}/transitions", demo.request(&fr["id"])), Some(&clerk), reopen).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    m.deliver().await;
    let again: Vec<_> = m.smtp.to("lea@example.com").into_iter().filter(|x| x.subject.ends_with("rouverte")).collect();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].subject, format!("Votre requête {number} est rouverte"));
    assert!(!again[0].text.contains("gel"), "{}", again[0].text);
    let dept: Vec<_> =
        m.smtp.to("environnement@demo.civis.demo").into_iter().filter(|x| x.subject.ends_with("rouverte")).collect();
    assert_eq!(dept.len(), 1);
    assert!(dept[0].text.contains("Motif : Le trou est revenu après le gel."), "{}", dept[0].text);
}

#[actix_web::test]
async fn nothing_is_lost_while_the_smtp_server_is_down() {
    let mut m = mailed(8).await;
    m.smtp.stop();
    for n in 0..3 {
        m.app.file(&m.demo, None, m.body(&format!("Panne {n}"), &format!("p{n}@example.com"), "fr")).await;
    }
    m.deliver().await;
    let s = m.statuses();
    assert_eq!(s.len(), 6);
    // Each was tried (a quick backoff may have let one be tried twice), none is lost.
    assert!(s.iter().all(|(status, attempts)| status == "pending" && *attempts >= 1), "{s:?}");
    assert!(m.smtp.messages().is_empty());
    m.smtp.resume();
    // The retry is due after its backoff (20 ms base, with jitter).
    tokio::time::sleep(Duration::from_millis(200)).await;
    m.deliver().await;
    assert!(m.statuses().iter().all(|(status, _)| status == "sent"), "{:?}", m.statuses());
    for n in 0..3 {
        assert_eq!(m.smtp.to(&format!("p{n}@example.com")).len(), 1);
    }
    assert_eq!(m.smtp.messages().len(), 6);
}

#[actix_web::test]
async fn failed_emails_are_shown_to_the_administrator_and_sent_again() {
    let mut m = mailed(2).await;
    m.smtp.stop();
    let created = m.app.file(&m.demo, None, m.body("Échec", "echec@example.com", "fr")).await;
    m.deliver().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    m.deliver().await;
    assert!(m.statuses().iter().all(|(s, a)| s == "failed" && *a == 2), "{:?}", m.statuses());

    let admin = m.app.staff(ADMIN).await;
    let list = format!("/api/v1/admin/towns/{}/outbox", m.demo.town);
    let (status, failed) = m.app.get(&list, Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    let failed = failed.as_array().expect("list").clone();
    assert_eq!(failed.len(), 2);
    let receipt = failed.iter().find(|f| f["kind"] == "receipt").expect("receipt");
    // The administrator sees the delivery, not who asked: the requester's address is masked.
    assert_eq!(receipt["recipient"], "e•••@example.com");
    assert_eq!(receipt["to_requester"], true);
    assert_eq!(receipt["request_id"], created["id"]);
    assert!(receipt["last_error"].as_str().is_some_and(|e| !e.is_empty() && !e.contains("echec@")));
    let assignment = failed.iter().find(|f| f["kind"] == "assignment").expect("assignment");
    assert_eq!(assignment["recipient"], TP, "staff addresses stay whole");
    assert_eq!(assignment["to_requester"], false);
    // Another town's administrator sees none of it; a clerk may not look.
    let other = m.app.town_id("saint-exemple").await;
    let (_, theirs) =
        m.app.get(&format!("/api/v1/admin/towns/{other}/outbox"), Some(&m.app.staff(PLATFORM).await)).await;
    assert_eq!(theirs, json!([]));
    let (status, _) = m.app.get(&list, Some(&m.app.staff(CLERK).await)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    m.smtp.resume();
    let (status, again) = m.app.post(&format!("{list}/{}/retry", receipt["id"]), Some(&admin), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["status"], "pending");
    let (status, _) = m.app.post(&format!("{list}/{}/retry", receipt["id"]), Some(&admin), json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "only a failed email is retried");
    m.deliver().await;
    assert_eq!(m.smtp.to("echec@example.com").len(), 1);
    assert!(m.smtp.to(TP).is_empty(), "the other one was not retried");
}

#[actix_web::test]
async fn several_workers_send_each_email_once() {
    let m = mailed(8).await;
    for n in 0..10 {
        m.app.file(&m.demo, None, m.body(&format!("Concurrence {n}"), &format!("c{n}@example.com"), "fr")).await;
    }
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let settings = m.settings.clone();
            actix_web::web::block(move || {
                let delivery = Delivery::new(&settings).expect("delivery");
                let mut conn = PgConnection::establish(&settings.database_url).expect("connect");
                outbox::drain(&mut conn, &delivery).expect("drain")
            })
        })
        .collect();
    let mut handled = 0;
    for w in workers {
        handled += w.await.expect("worker");
    }
    assert_eq!(handled, 20);
    let mails = m.smtp.messages();
    assert_eq!(mails.len(), 20);
    let ids: std::collections::HashSet<_> = mails.iter().map(|x| x.message_id.clone()).collect();
    assert_eq!(ids.len(), 20);
}

#[actix_web::test]
async fn a_resend_after_a_crash_keeps_its_message_id() {
    let m = mailed(8).await;
    m.app.file(&m.demo, None, m.body("Crash", "crash@example.com", "fr")).await;
    let settings = m.settings.clone();
    // Sent, then the worker "dies" before its transaction commits: the row stays pending.
    actix_web::web::block(move || {
        let delivery = Delivery::new(&settings).expect("delivery");
        let mut conn = PgConnection::establish(&settings.database_url).expect("connect");
        let _ = conn.transaction::<(), diesel::result::Error, _>(|c| {
            assert!(outbox::deliver_one(c, &delivery).expect("deliver"));
            Err(diesel::result::Error::RollbackTransaction)
        });
    })
    .await
    .expect("block");
    assert_eq!(m.statuses().iter().filter(|(s, _)| s == "pending").count(), 2);
    m.deliver().await;
    let twice = m.smtp.to("crash@example.com");
    assert_eq!(twice.len(), 2, "sent again, not lost");
    assert_eq!(twice[0].message_id, twice[1].message_id, "the resend is recognisable");
}

#[actix_web::test]
async fn the_worker_command_picks_up_new_emails_promptly_and_survives_a_kill() {
    let m = mailed(8).await;
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_civis"))
            .arg("worker")
            .env("DATABASE_URL", &m.settings.database_url)
            .env("JWT_SECRET", SECRET)
            .env("SMTP_URL", m.smtp.url())
            .env("OUTBOX_POLL_MS", "100")
            .env("RUST_LOG", "warn")
            .spawn()
            .expect("civis worker")
    };
    // Only the receipts and the department's assignments of this test's requests count:
    // the worker also runs the periodic jobs at start, which on some days mail monthly
    // lists, or a reminder for our own request when its due date is near (on New Year's
    // Eve, two working days away).
    let numbers = std::sync::Mutex::new(Vec::<String>::new());
    let ours = |smtp: &Smtp| {
        let numbers = numbers.lock().expect("numbers").clone();
        smtp.messages()
            .into_iter()
            .filter(|x| x.to.contains("vite@") || x.to.contains("apres@") || x.to.contains(TP))
            .filter(|x| {
                numbers.iter().any(|n| {
                    x.subject.starts_with(&format!("Requête {n} reçue"))
                        || x.subject.starts_with(&format!("Nouvelle requête {n} "))
                })
            })
            .count()
    };
    let wait = |smtp: &Smtp, n: usize| {
        let until = std::time::Instant::now() + Duration::from_secs(10);
        while ours(smtp) < n && std::time::Instant::now() < until {
            std::thread::sleep(Duration::from_millis(50));
        }
        ours(smtp)
    };
    let mut worker = spawn();
    let started = std::time::Instant::now();
    let first = m.app.file(&m.demo, None, m.body("Rapide", "vite@example.com", "fr")).await;
    numbers.lock().expect("numbers").push(first["number"].as_str().expect("number").to_string());
    assert_eq!(wait(&m.smtp, 2), 2, "receipt and assignment");
    assert!(started.elapsed() < Duration::from_secs(5), "picked up within the polling interval");
    worker.kill().expect("kill");
    let _ = worker.wait();
    let second = m.app.file(&m.demo, None, m.body("Après l'arrêt", "apres@example.com", "fr")).await;
    numbers.lock().expect("numbers").push(second["number"].as_str().expect("number").to_string());
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(ours(&m.smtp), 2, "nobody delivers while the worker is down");
    let mut worker = spawn();
    assert_eq!(wait(&m.smtp, 4), 4, "the new worker delivers what waited");
    worker.kill().expect("kill");
    let _ = worker.wait();
}

/// The closure email's survey link: answered once (4 out of 5, a comment), refused the
/// second time and with a forged token; the answer is in today's report, and its comment
/// reaches the director with the request's number only.
async fn survey_answered_once(app: &TestApp, demo: &Demo, text: &str, number: &str) {
    // The token after `#` (never in a query a proxy would log).
    assert!(!text.contains("jeton="), "{text}");
    let start = text.find("/t/demo/satisfaction#").expect("a survey link in the closure email");
    let token: String =
        text[start + "/t/demo/satisfaction#".len()..].chars().take_while(|c| !c.is_whitespace()).collect();
    let url = format!("/api/v1/towns/{}/public/satisfaction", demo.town);
    let answer = json!({"token": token, "score": 4, "comment": "Rapide et poli."});
    assert_eq!(app.post(&url, None, answer.clone()).await.0, StatusCode::NO_CONTENT);
    let (status, problem) = app.post(&url, None, answer).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "survey_answered");
    let forged = json!({"token": format!("{}.{}", token.split('.').next().unwrap_or("1"), "0".repeat(32)), "score": 1});
    assert_eq!(app.post(&url, None, forged).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.post(&url, None, json!({"token": token, "score": 9})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let today = app.town_today();
    let director = app.staff(DIRECTOR).await;
    let period = format!("from={today}&to={today}");
    let (_, report) = app.get(&format!("/api/v1/towns/{}/reports?{period}", demo.town), Some(&director)).await;
    assert_eq!(report["current"]["satisfaction"]["answers"], 1);
    assert_eq!(report["current"]["satisfaction"]["distribution"], json!([0, 0, 0, 1, 0]));
    let (_, comments) =
        app.get(&format!("/api/v1/towns/{}/reports/comments?{period}", demo.town), Some(&director)).await;
    assert_eq!(comments[0]["number"], number);
    assert_eq!(comments[0]["comment"], "Rapide et poli.");
    assert!(comments[0].get("email").is_none() && !comments.to_string().contains("lea@"));
    let clerk = app.staff(CLERK).await;
    assert_eq!(
        app.get(&format!("/api/v1/towns/{}/reports/comments?{period}", demo.town), Some(&clerk)).await.0,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn a_departments_new_address_gets_notices_only_once_confirmed_from_it() {
    let m = mailed(8).await;
    let (app, demo) = (&m.app, &m.demo);
    let admin = app.staff(ADMIN).await;
    let path = format!("/api/v1/admin/towns/{}/departments", demo.town);
    let (_, deps) = app.get(&path, Some(&admin)).await;
    let mut tp =
        deps.as_array().expect("departments").iter().find(|d| d["notification_email"] == TP).expect("tp").clone();
    let id = tp["id"].clone();
    // An administrator points the notices at another address: it waits for its confirmation.
    tp["notification_email"] = json!("ailleurs@example.net");
    let (status, saved) = app.put(&format!("{path}/{id}"), Some(&admin), tp.clone()).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(
        (saved["notification_email"].as_str(), saved["notification_email_pending"].as_str()),
        (Some(TP), Some("ailleurs@example.net"))
    );
    app.file(demo, None, m.body("Avant la confirmation", "lea@example.com", "fr")).await;
    m.deliver().await;
    assert_eq!(m.smtp.to(TP).len(), 1, "the confirmed address still gets the notice");
    let asked = m.smtp.to("ailleurs@example.net");
    assert_eq!(asked.len(), 1, "only the request to confirm: {asked:?}");
    assert!(asked[0].subject.starts_with("Confirmez l'adresse des avis"), "{}", asked[0].subject);
    assert!(asked[0].text.contains("Travaux publics"), "{}", asked[0].text);
    let token = crate::accounts::link_token(&m, "ailleurs@example.net", "/service/confirmer");

    // A wrong or reused link does nothing; the right one moves the notices.
    let confirm = "/api/v1/public/department-email/confirm";
    let (status, problem) = app.post(confirm, None, json!({"token": "not-the-token"})).await;
    assert_eq!((status, problem["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("link_invalid")));
    let (status, done) = app.post(confirm, None, json!({"token": token})).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(
        (done["name_fr"].as_str(), done["email"].as_str()),
        (Some("Travaux publics"), Some("ailleurs@example.net"))
    );
    assert_eq!(app.post(confirm, None, json!({"token": token})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    app.file(demo, None, m.body("Après la confirmation", "lea@example.com", "fr")).await;
    m.deliver().await;
    assert_eq!(m.smtp.to(TP).len(), 1, "no more to the old address");
    assert_eq!(m.smtp.to("ailleurs@example.net").len(), 2);
    // Removing the address needs no confirmation.
    tp["notification_email"] = json!(null);
    let (_, saved) = app.put(&format!("{path}/{id}"), Some(&admin), tp).await;
    assert_eq!(
        (saved["notification_email"].clone(), saved["notification_email_pending"].clone()),
        (json!(null), json!(null))
    );
}
