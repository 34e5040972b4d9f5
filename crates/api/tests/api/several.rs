//! Several processes on one database, as a town or an operator grows past one machine: two
//! `civis serve` behind no shared memory and two `civis worker`, on one PostgreSQL and one
//! S3-compatible store (moto).

use std::collections::HashSet;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::attachments::{bytes_of, png, upload};
use crate::helpers::*;
use crate::mail::Smtp;

/// The processes, stopped when the test ends however it ends.
struct Processes(Vec<Child>);

impl Drop for Processes {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn civis(command: &str, db: &str, moto: &Moto, smtp: &Smtp) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_civis"));
    cmd.arg(command)
        .env("DATABASE_URL", db)
        .env("JWT_SECRET", SECRET)
        .env("WEB_DIR", "")
        .env("STORAGE_URL", "s3://civis-files")
        .env("S3_ENDPOINT", &moto.endpoint)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("SMTP_URL", smtp.url())
        .env("OUTBOX_POLL_MS", "100")
        .env("RATE_LIMIT_FACTOR", "100")
        .env("RUST_LOG", "warn");
    cmd
}

#[derive(QueryableByName)]
struct Sent {
    #[diesel(sql_type = diesel::sql_types::Text)]
    status: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    message_id: String,
}

#[actix_web::test]
async fn two_servers_and_two_workers_share_one_database_and_one_store() {
    let moto = Moto::start().await;
    let smtp = Smtp::start();
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let mut processes = Processes(vec![]);
    let mut apps = vec![];
    for _ in 0..2 {
        let bind = format!("127.0.0.1:{}", free_port());
        processes.0.push(civis("serve", &db, &moto, &smtp).env("BIND", &bind).spawn().expect("serve"));
        let app = TestApp { base: format!("http://{bind}"), client: reqwest::Client::new(), db_url: db.clone() };
        let until = Instant::now() + Duration::from_secs(20);
        while app.client.get(format!("{}/ready", app.base)).send().await.is_err() {
            assert!(Instant::now() < until, "a server did not start");
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
        apps.push(app);
    }
    // Two workers, started together: both run the periodic jobs at once (the demo's
    // monthly lists are due) and both deliver.
    for _ in 0..2 {
        processes.0.push(civis("worker", &db, &moto, &smtp).spawn().expect("worker"));
    }

    // Filings through either server; a photo sent to one is read from the other.
    let demo = Demo::load(&apps[0]).await;
    let mut filed = vec![];
    for i in 0..6 {
        let mut body = demo.pothole_body(&format!("Nid-de-poule numéro {i}"));
        body["requester"]["email"] = format!("voisin{i}@example.com").into();
        filed.push(apps[i % 2].file(&demo, None, body).await);
    }
    let photo = png();
    let path = demo.request(&filed[0]["id"]);
    let token = filed[0]["upload_token"].as_str().expect("upload token");
    let (status, sent) = upload(&apps[0], &path, None, Some(token), "trou.png", photo.clone(), &[]).await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    let clerk = apps[1].staff(CLERK).await;
    let (status, back) = bytes_of(&apps[1], &format!("{path}/attachments/{}", sent["id"]), Some(&clerk)).await;
    assert_eq!((status, back), (StatusCode::OK, photo), "the other server reads the same bytes from the store");
    // Numbers stay gapless across servers.
    let mut numbers: Vec<String> = filed.iter().map(|f| f["number"].as_str().expect("number").to_string()).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 6);

    // Every email of the outbox is sent, and received exactly once.
    let mut conn = apps[0].conn();
    let until = Instant::now() + Duration::from_secs(60);
    let rows = loop {
        let rows: Vec<Sent> =
            diesel::sql_query("SELECT status, message_id FROM outbox").load(&mut conn).expect("outbox");
        let done = rows.iter().all(|r| r.status == "sent");
        if done && smtp.messages().len() >= rows.len() {
            break rows;
        }
        assert!(Instant::now() < until, "the workers did not deliver everything in a minute");
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    };
    actix_web::rt::time::sleep(Duration::from_millis(500)).await; // a duplicate would come now
    let received = smtp.messages();
    let ids: Vec<String> = received.iter().map(|m| m.message_id.trim_matches(['<', '>']).to_string()).collect();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "an email was sent twice");
    let expected: HashSet<String> = rows.iter().map(|r| r.message_id.trim_matches(['<', '>']).to_string()).collect();
    assert_eq!(unique.into_iter().cloned().collect::<HashSet<_>>(), expected, "each outbox row once");
    assert!(rows.len() > 6, "the filings' acknowledgments and the periodic jobs' lists");
    for i in 0..6 {
        assert_eq!(smtp.to(&format!("voisin{i}@example.com")).len(), 1);
    }
}
