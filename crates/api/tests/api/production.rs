//! A production install: `civis admin create` makes the first administrator; the server
//! refuses example and weak secrets, short inbound tokens, and (with
//! `CIVIS_ENV=production`) demo accounts still opening with the demo password; settings
//! never print a secret.

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use civis_api::secrets::Hidden;
use diesel::{Connection, RunQueryDsl};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

fn civis(db: &str, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_civis"));
    cmd.args(args)
        .env("DATABASE_URL", db)
        .env("JWT_SECRET", SECRET)
        .env("BIND", "127.0.0.1:0")
        .env("WEB_DIR", "")
        .env("RUST_LOG", "warn")
        .env_remove("CIVIS_ENV")
        .env_remove("INBOUND_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("civis");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write");
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[actix_web::test]
async fn the_server_refuses_example_and_weak_secrets() {
    let db = actix_web::web::block(fresh_database).await.expect("db");
    for (secret, says) in [
        ("change-me-change-me-change-me-change-me", "example value"),
        ("short", "too weak"),
        ("abababababababababababababababababababababababab", "too weak"),
    ] {
        let out = civis(&db, &["serve"], &[("JWT_SECRET", secret)], "");
        assert!(!out.status.success(), "{secret}");
        assert!(stderr(&out).contains(says), "{secret}: {}", stderr(&out));
        assert!(!stderr(&out).contains(secret) || secret == "short", "the secret is not printed");
    }
    let out = civis(&db, &["serve"], &[("INBOUND_TOKEN", "too-short")], "");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("INBOUND_TOKEN must be at least 32 characters"), "{}", stderr(&out));
    let out = civis(&db, &["serve"], &[("CIVIS_ENV", "production"), ("BENCH_PROBES", "1")], "");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("BENCH_PROBES serves unauthenticated"), "{}", stderr(&out));
    // What only a demo or a test needs: refused in production.
    let https = ("PUBLIC_URL", "https://311.ville.example");
    let out = civis(&db, &["serve"], &[("CIVIS_ENV", "production"), ("PUBLIC_URL", "http://311.ville.example")], "");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("PUBLIC_URL must be an https:// address"), "{}", stderr(&out));
    let out = civis(&db, &["serve"], &[("CIVIS_ENV", "production"), https, ("RATE_LIMIT_FACTOR", "100")], "");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("RATE_LIMIT_FACTOR above 1"), "{}", stderr(&out));
    let out = civis(&db, &["serve"], &[("CIVIS_ENV", "production"), https, ("PLATFORM_SECOND_FACTOR", "off")], "");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("PLATFORM_SECOND_FACTOR=off"), "{}", stderr(&out));
    let out = civis(&db, &["seed", "demo"], &[("CIVIS_ENV", "production"), https], "");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("not with CIVIS_ENV=production"), "{}", stderr(&out));

    let mut s = settings(&db);
    s.database_url = "postgres://civis:hunter3-db@db.example/civis".into();
    s.smtp_url = Some(Hidden::from("smtp://user:hunter2-smtp@mail.example:587"));
    s.inbound_token = Some(Hidden::from("inbound-secret-inbound-secret-inbound"));
    let printed = format!("{s:?}");
    assert!(printed.contains("postgres://civis:<hidden>@db.example/civis"), "{printed}");
    for secret in [SECRET, "hunter2-smtp", "hunter3-db", "inbound-secret"] {
        assert!(!printed.contains(secret), "settings print {secret}: {printed}");
    }
}

#[actix_web::test]
async fn production_refuses_demo_passwords_and_the_first_administrator_is_made_from_the_shell() {
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let production = [("CIVIS_ENV", "production"), ("PUBLIC_URL", "https://311.ville.example")];
    let out = civis(&db, &["serve"], &production, "");
    assert!(!out.status.success());
    let said = stderr(&out);
    assert!(said.contains("demo password") && said.contains("plateforme@civis.demo"), "{said}");

    // The first administrator, password from stdin (never an argument); the policy holds.
    let args = ["admin", "create", "--email", "dg@ville.example", "--first-name", "Dominique"];
    let weak = civis(&db, &args, &[], "motdepasse123\n");
    assert!(!weak.status.success());
    assert!(stderr(&weak).contains("too common"), "{}", stderr(&weak));
    let made = civis(&db, &args, &[], "la riviere coule vers le nord\n");
    assert!(made.status.success(), "{}", stderr(&made));
    let again = civis(&db, &args, &[], "la riviere coule vers le nord\n");
    assert!(!again.status.success(), "an address is used once");

    // The demo accounts get other passwords: production starts and answers.
    let hash = civis_api::auth::password::hash("un autre mot de passe secret").expect("hash");
    let app_settings = settings(&db);
    let mut conn = diesel::PgConnection::establish(&app_settings.database_url).expect("connect");
    diesel::sql_query("UPDATE users SET password_hash = $1 WHERE email LIKE '%.demo'")
        .bind::<diesel::sql_types::Text, _>(&hash)
        .execute(&mut conn)
        .expect("demo passwords changed");
    let app = TestApp::spawn_with(app_settings).await;
    let (status, pair) = app
        .post(
            "/api/v1/auth/staff/sign-in",
            None,
            json!({"email": "dg@ville.example", "password": "la riviere coule vers le nord"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{pair}");
    assert_eq!(pair["user"]["platform_admin"], true);
    platform_administrators_enrol_and_the_shell_resets_them(&db).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
    let bind = format!("127.0.0.1:{port}");
    let mut server = Command::new(env!("CARGO_BIN_EXE_civis"))
        .arg("serve")
        .env("DATABASE_URL", &db)
        .env("JWT_SECRET", SECRET)
        .env("CIVIS_ENV", "production")
        .env("PUBLIC_URL", "https://311.ville.example")
        .env("BIND", &bind)
        .env("WEB_DIR", "")
        .env("RUST_LOG", "warn")
        .spawn()
        .expect("serve");
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut up = false;
    while Instant::now() < deadline && !up {
        up = reqwest::get(format!("http://{bind}/health")).await.is_ok_and(|r| r.status().is_success());
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = server.kill();
    let _ = server.wait();
    assert!(up, "the production server started once no demo password was left");
}

#[test]
fn smtp_needs_tls_except_for_a_relay_on_this_machine() {
    use civis_api::outbox::{SmtpTls, smtp_target};
    let tls = |url: &str| smtp_target(url).expect(url).tls;
    assert_eq!(tls("smtp://mail.example.org"), SmtpTls::Required);
    assert_eq!(tls("smtp://user:pw@10.0.0.5:587"), SmtpTls::Required, "a private network is still a network");
    assert_eq!(tls("smtps://user:pw@mail.example.org"), SmtpTls::Implicit);
    assert_eq!(tls("smtp://127.0.0.1:2525"), SmtpTls::LocalRelay);
    assert_eq!(tls("smtp://localhost"), SmtpTls::LocalRelay);
    assert_eq!(tls("smtp://[::1]:25"), SmtpTls::LocalRelay);
    let t = smtp_target("smtps://civis:s3cret@mail.example.org").expect("url");
    assert_eq!(
        (t.host.as_str(), t.port, t.credentials),
        ("mail.example.org", 465, Some(("civis".into(), "s3cret".into())))
    );
    assert!(smtp_target("http://mail.example.org").is_err());
}

/// With `PLATFORM_SECOND_FACTOR` on (always in production), a platform administrator does
/// nothing before enrolling; a lost phone is reset from the server's shell.
async fn platform_administrators_enrol_and_the_shell_resets_them(db: &str) {
    let mut s = settings(db);
    s.platform_second_factor = true;
    let app = TestApp::spawn_with(s).await;
    let sign_in = json!({"email": "dg@ville.example", "password": "la riviere coule vers le nord"});
    let (_, pair) = app.post("/api/v1/auth/staff/sign-in", None, sign_in.clone()).await;
    assert_eq!(pair["user"]["second_factor"], json!({"required": true, "enrolled": false}));
    let token = pair["access_token"].as_str().expect("token").to_string();
    let (status, problem) = app.get("/api/v1/platform/towns", Some(&token)).await;
    assert_eq!((status, problem["code"].as_str()), (StatusCode::FORBIDDEN, Some("second_factor_enrolment_required")));
    crate::second_factor::enrol(&app, &token).await;
    assert_eq!(app.get("/api/v1/platform/towns", Some(&token)).await.0, StatusCode::OK);
    let reset = civis(db, &["admin", "reset-second-factor", "--email", "dg@ville.example"], &[], "");
    assert!(reset.status.success(), "{}", stderr(&reset));
    let (status, pair) = app.post("/api/v1/auth/staff/sign-in", None, sign_in).await;
    assert_eq!(status, StatusCode::OK, "no code asked once reset: {pair}");
    assert_eq!(pair["user"]["second_factor"]["enrolled"], false);
}
