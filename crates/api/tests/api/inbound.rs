//! Replies by email: the reply address of an external follow-up ties the answer to its
//! request; the inbound webhook and the `inbound` command attach it as an incoming
//! follow-up (quoted history trimmed, once per message) and forward it to the department;
//! made-up or altered addresses and wrong tokens are refused.

use std::io::Write;
use std::process::{Command, Stdio};

use civis_api::reply::ReplyKeys;
use civis_api::secrets::Secret;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::notifications::{INBOUND_TOKEN, REPLY_DOMAIN, mailed};

#[test]
fn reply_addresses_name_their_request_and_nothing_else() {
    let keys = ReplyKeys::new(&Secret::unchecked("secret"), "reply.example.org");
    let a = keys.address(42);
    assert_eq!(keys.request_of(&a), Some(42));
    assert_eq!(keys.request_of(&a.to_uppercase()), Some(42));
    assert_eq!(keys.request_of(&format!("<{a}>")), Some(42));
    assert_eq!(keys.request_of(&a.replace("reply+42-", "reply+43-")), None, "another request's id");
    assert_eq!(keys.request_of(&a.replace("reply.example.org", "evil.example")), None);
    assert_eq!(keys.request_of("reply+42-0000000000@reply.example.org"), None);
    assert_eq!(
        ReplyKeys::new(&Secret::unchecked("other"), "reply.example.org").request_of(&a),
        None,
        "another server's key"
    );
}

fn reply(to: &str, message_id: &str, body: &str) -> String {
    format!(
        "From: Léa Tremblay <lea@example.com>\r\nTo: {to}\r\nSubject: Re: Suivi de votre requête\r\n\
         Message-ID: <{message_id}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n{body}"
    )
}

async fn post_raw(app: &TestApp, token: Option<&str>, raw: &str) -> (StatusCode, Value) {
    let mut req = app.client.post(format!("{}/api/v1/inbound/email", app.base)).body(raw.to_string());
    req = req.header("content-type", "message/rfc822");
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("post");
    let status = res.status();
    (status, serde_json::from_str(&res.text().await.expect("body")).unwrap_or(Value::Null))
}

#[actix_web::test]
async fn a_reply_by_email_becomes_an_incoming_followup_and_reaches_the_department() {
    let m = mailed(8).await;
    let created = m.app.file(&m.demo, None, m.body("Trou rue des Pins", "lea@example.com", "fr")).await;
    let clerk = m.app.staff(CLERK).await;
    let followups = format!("{}/followups", m.demo.request(&created["id"]));
    let (s, _) =
        m.app.post(&followups, Some(&clerk), json!({"kind": "external", "body": "Équipe prévue jeudi."})).await;
    assert_eq!(s, StatusCode::CREATED);
    m.deliver().await;
    let sent = m.smtp.to("lea@example.com").into_iter().find(|x| x.subject.starts_with("Suivi")).expect("follow-up");
    let reply_to = sent.reply_to.clone();
    assert!(
        reply_to.starts_with(&format!("reply+{}-", created["id"])) && reply_to.ends_with(REPLY_DOMAIN),
        "{reply_to}"
    );
    let receipt = m.smtp.to("lea@example.com").into_iter().find(|x| x.subject.contains("reçue")).expect("receipt");
    assert!(receipt.reply_to.is_empty(), "only external follow-ups invite a reply");

    let body = "Merci! Le trou est toujours là, il s'agrandit.\r\n\r\nLe lun. 23 nov. 2026 à 10 h, Ville de Démo a écrit :\r\n> Équipe prévue jeudi.\r\n";
    let raw = reply(&reply_to, "r1@mail.example", body);
    let (status, got) = post_raw(&m.app, Some(INBOUND_TOKEN), &raw).await;
    assert_eq!(status, StatusCode::CREATED, "{got}");
    assert_eq!(got["request_id"], created["id"]);
    // The provider posts it again: attached once.
    let (status, again) = post_raw(&m.app, Some(INBOUND_TOKEN), &raw).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["followup_id"], got["followup_id"]);

    let (_, list) = m.app.get(&followups, Some(&clerk)).await;
    let incoming: Vec<&Value> = list.as_array().expect("list").iter().filter(|f| f["kind"] == "incoming").collect();
    assert_eq!(incoming.len(), 1);
    assert_eq!(incoming[0]["body"], "Merci! Le trou est toujours là, il s'agrandit.", "quoted history trimmed");
    // The requester sees their own reply when tracking.
    let track = format!("/api/v1/towns/{}/track", m.demo.town);
    let (_, t) = m.app.post(&track, None, json!({"number": created["number"], "email": "lea@example.com"})).await;
    assert!(t["followups"].as_array().expect("f").iter().any(|f| f["kind"] == "incoming"), "{t}");

    m.deliver().await;
    let forwarded: Vec<_> = m
        .smtp
        .to("travaux-publics@demo.civis.demo")
        .into_iter()
        .filter(|x| x.subject.starts_with("Réponse du demandeur"))
        .collect();
    assert_eq!(forwarded.len(), 1, "forwarded once");
    assert!(forwarded[0].text.contains("il s'agrandit"));
    assert!(!forwarded[0].text.contains("Équipe prévue jeudi."), "without the quoted history");
}

#[actix_web::test]
async fn forged_addresses_wrong_tokens_and_garbage_are_refused() {
    let m = mailed(8).await;
    let created = m.app.file(&m.demo, None, m.body("Falsifié", "lea@example.com", "fr")).await;
    let id = created["id"].as_i64().expect("id");
    let good = ReplyKeys::new(&Secret::unchecked(SECRET), REPLY_DOMAIN).address(id);
    let forged = good.replace(&format!("reply+{id}-"), &format!("reply+{}-", id + 1));
    let foreign = ReplyKeys::new(&Secret::unchecked("another-server-secret"), REPLY_DOMAIN).address(id);
    for to in [forged.as_str(), foreign.as_str(), "contact@demo.civis.demo"] {
        let (status, p) = post_raw(&m.app, Some(INBOUND_TOKEN), &reply(to, "x@mail.example", "Bonjour")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{to}: {p}");
        assert_eq!(p["errors"][0]["code"], "reply_address_invalid");
        assert!(p["errors"][0]["message_fr"].as_str().is_some_and(|s| s.contains("adresse de réponse")));
    }
    let ok = reply(&good, "y@mail.example", "Bonjour");
    assert_eq!(post_raw(&m.app, None, &ok).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(post_raw(&m.app, Some("wrong-token"), &ok).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(post_raw(&m.app, Some(INBOUND_TOKEN), "not an email at all").await.0, StatusCode::BAD_REQUEST);
    let (status, p) =
        post_raw(&m.app, Some(INBOUND_TOKEN), &reply(&good, "z@mail.example", "> only a quote\r\n")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an empty reply: {p}");
    assert_eq!(post_raw(&m.app, Some(INBOUND_TOKEN), &ok).await.0, StatusCode::CREATED);
}

#[actix_web::test]
async fn the_inbound_command_reads_one_message_from_stdin() {
    let m = mailed(8).await;
    let created = m.app.file(&m.demo, None, m.body("Par la pipe", "lea@example.com", "fr")).await;
    let address = ReplyKeys::new(&Secret::unchecked(SECRET), REPLY_DOMAIN).address(created["id"].as_i64().expect("id"));
    let run = |raw: String| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_civis"))
            .arg("inbound")
            .env("DATABASE_URL", &m.settings.database_url)
            .env("JWT_SECRET", SECRET)
            .env("REPLY_DOMAIN", REPLY_DOMAIN)
            .env("RUST_LOG", "error")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("civis inbound");
        child.stdin.take().expect("stdin").write_all(raw.as_bytes()).expect("write");
        child.wait_with_output().expect("wait")
    };
    let out = run(reply(&address, "pipe@mail.example", "Réponse par la pipe du serveur de courriel."));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let printed: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(printed["request_id"], created["id"]);
    let forged = run(reply(&address.replace("reply+", "reply+9"), "forged@mail.example", "Intrus"));
    assert!(!forged.status.success(), "a forged address bounces");
}

#[actix_web::test]
async fn the_token_is_checked_before_the_body_is_read() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let m = mailed(8).await;
    let addr = m.app.base.trim_start_matches("http://").to_string();
    let mut s = tokio::net::TcpStream::connect(&addr).await.expect("connect");
    // 50 MB announced, none sent: the answer comes at once, from the headers alone.
    let head = format!(
        "POST /api/v1/inbound/email HTTP/1.1\r\nHost: {addr}\r\nContent-Type: message/rfc822\r\nContent-Length: 50000000\r\n\r\n"
    );
    s.write_all(head.as_bytes()).await.expect("head");
    let mut buf = vec![0u8; 2048];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), s.read(&mut buf))
        .await
        .expect("an answer")
        .expect("read");
    let answer = String::from_utf8_lossy(&buf[..n]);
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
}

#[actix_web::test]
async fn replies_to_one_address_are_limited() {
    use civis_api::limits::Limiter;
    let m = mailed(8).await;
    let created = m.app.file(&m.demo, None, m.body("Boucle", "lea@example.com", "fr")).await;
    let keys = ReplyKeys::new(&Secret::unchecked(SECRET), REPLY_DOMAIN);
    let address = keys.address(created["id"].as_i64().expect("id"));
    let limits = Limiter::new(&Secret::unchecked(SECRET), 1);
    let mut conn = m.app.conn();
    for i in 0..20 {
        let raw = reply(&address, &format!("loop{i}@mail.example"), "Encore moi");
        assert!(civis_api::service::inbound::receive(&mut conn, &keys, &limits, raw.as_bytes()).is_ok(), "{i}");
    }
    let raw = reply(&address, "loop21@mail.example", "Encore moi");
    let refused = civis_api::service::inbound::receive(&mut conn, &keys, &limits, raw.as_bytes());
    assert!(matches!(refused, Err(civis_api::error::ApiError::TooManyRequests { .. })), "{refused:?}");
    // An hour later the address is read again.
    use diesel::RunQueryDsl;
    diesel::sql_query("UPDATE rate_limits SET window_start = window_start - interval '2 hours'")
        .execute(&mut conn)
        .expect("time passes");
    assert!(civis_api::service::inbound::receive(&mut conn, &keys, &limits, raw.as_bytes()).is_ok());
}
