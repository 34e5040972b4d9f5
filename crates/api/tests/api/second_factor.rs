//! Two-factor sign-in for staff: the town's policy makes the director and administrators
//! enrol before anything else; a code (or a recovery code) then works once at sign-in; a
//! town administrator resets a lost device, logged and told.

use diesel::RunQueryDsl;
use reqwest::StatusCode;
use serde_json::{Value, json};
use totp_rs::{Algorithm, Secret, TOTP};

use crate::helpers::*;

const SIGN_IN: &str = "/api/v1/auth/staff/sign-in";

fn totp_of(secret: &str) -> TOTP {
    let bytes = Secret::Encoded(secret.into()).to_bytes().expect("base32");
    TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes, None, String::new()).expect("totp")
}

/// Now, in Unix seconds (the clock the server reads, faked or not).
fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_secs()
}

/// An enrolled account's authenticator, its recovery codes and the code that confirmed it.
pub struct Enrolled {
    pub totp: TOTP,
    pub recovery: Vec<String>,
    /// The Unix second whose code confirmed the enrolment (its step is spent).
    pub at: u64,
}

/// Enrols the account of `token`.
pub async fn enrol(app: &TestApp, token: &str) -> Enrolled {
    let (status, e) = app.post("/api/v1/auth/second-factor", Some(token), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{e}");
    assert!(e["otpauth_url"].as_str().is_some_and(|u| u.starts_with("otpauth://totp/Civis:")), "{e}");
    assert!(e["qr_png"].as_str().is_some_and(|u| u.starts_with("data:image/png;base64,")));
    let totp = totp_of(e["secret"].as_str().expect("secret"));
    let (status, wrong) = app.post("/api/v1/auth/second-factor/confirm", Some(token), json!({"code": "000000"})).await;
    assert_eq!(
        (status, wrong["errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("second_factor_invalid"))
    );
    let at = now();
    let (status, codes) =
        app.post("/api/v1/auth/second-factor/confirm", Some(token), json!({"code": totp.generate(at)})).await;
    assert_eq!(status, StatusCode::OK, "{codes}");
    let codes: Vec<String> =
        codes["codes"].as_array().expect("codes").iter().map(|c| c.as_str().expect("code").into()).collect();
    assert_eq!(codes.len(), 10);
    Enrolled { totp, recovery: codes, at }
}

async fn sign_in(app: &TestApp, email: &str, code: Option<&str>) -> (StatusCode, Value) {
    let mut body = json!({"email": email, "password": PASSWORD});
    if let Some(c) = code {
        body["code"] = json!(c);
    }
    app.post(SIGN_IN, None, body).await
}

/// The demo town's administrator sets who must use a second factor (the demo's is `off`);
/// the administration's path, the administrator's token and the settings as sent.
async fn ask_it_of(app: &TestApp, demo: &Demo, policy: &str) -> (String, String, Value) {
    let admin = app.staff(ADMIN).await;
    let town = format!("/api/v1/admin/towns/{}", demo.town);
    let (_, current) = app.get(&town, Some(&admin)).await;
    let mut settings = current["settings"].clone();
    assert_eq!(settings["second_factor"], "off", "the demo asks for none");
    settings["second_factor"] = json!(policy);
    let (status, saved) = app.put(&format!("{town}/settings"), Some(&admin), settings.clone()).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    (town, admin, settings)
}

#[actix_web::test]
async fn the_director_enrols_then_signs_in_with_a_code_once_and_with_a_recovery_code_once() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let (town, admin, settings) = ask_it_of(&app, &demo, "privileged").await;
    // The administrator is now asked to enrol before anything else.
    let (status, refused) = app.put(&format!("{town}/settings"), Some(&admin), settings).await;
    assert_eq!((status, refused["code"].as_str()), (StatusCode::FORBIDDEN, Some("second_factor_enrolment_required")));

    // The director signs in with a password and can do nothing but enrol.
    let (status, pair) = sign_in(&app, DIRECTOR, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(pair["user"]["second_factor"], json!({"required": true, "enrolled": false}));
    let director = pair["access_token"].as_str().expect("token").to_string();
    let (status, problem) = app.get(&demo.requests(), Some(&director)).await;
    assert_eq!((status, problem["code"].as_str()), (StatusCode::FORBIDDEN, Some("second_factor_enrolment_required")));
    assert_eq!(app.get("/api/v1/auth/me", Some(&director)).await.0, StatusCode::OK);
    // A clerk is not asked (the policy is administrators and the director).
    assert_eq!(app.get(&demo.requests(), Some(&app.staff(CLERK).await)).await.0, StatusCode::OK);

    let Enrolled { totp, recovery, at } = enrol(&app, &director).await;
    assert_eq!(app.get(&demo.requests(), Some(&director)).await.0, StatusCode::OK, "enrolled, the director works");
    let (status, again) = app.post("/api/v1/auth/second-factor", Some(&director), json!({})).await;
    assert_eq!((status, again["code"].as_str()), (StatusCode::CONFLICT, Some("second_factor_enrolled")));

    // Sign-in now asks for the code; the code of the enrolment does not work twice (the
    // codes are those of the enrolment's step and the next, wherever the clock's second
    // falls in its step: a step may end between two calls).
    let (status, asked) = sign_in(&app, DIRECTOR, None).await;
    assert_eq!((status, asked["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("second_factor_required")));
    let (status, replay) = sign_in(&app, DIRECTOR, Some(&totp.generate(at))).await;
    assert_eq!((status, replay["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("second_factor_invalid")));
    let (status, pair) = sign_in(&app, DIRECTOR, Some(&totp.generate(at + 30))).await;
    assert_eq!(status, StatusCode::OK, "{pair}");
    assert_eq!(pair["user"]["second_factor"], json!({"required": true, "enrolled": true}));
    // A recovery code works once, written any way.
    let spoken = recovery[3].to_uppercase().replace('-', " ");
    assert_eq!(sign_in(&app, DIRECTOR, Some(&spoken)).await.0, StatusCode::OK);
    let (status, spent) = sign_in(&app, DIRECTOR, Some(&recovery[3])).await;
    assert_eq!((status, spent["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("second_factor_invalid")));
    // A wrong password with a right code is still a wrong password.
    let (status, wrong) =
        app.post(SIGN_IN, None, json!({"email": DIRECTOR, "password": "not the password", "code": recovery[4]})).await;
    assert_eq!((status, wrong["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_credentials")));
}

#[actix_web::test]
async fn a_town_administrator_resets_a_lost_device_logged_and_told() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let (town, admin, mut settings) = ask_it_of(&app, &demo, "all").await;
    // Every staff account now enrols, the administrator too.
    let clerk = app.staff(CLERK).await;
    assert_eq!(app.get(&demo.requests(), Some(&clerk)).await.0, StatusCode::FORBIDDEN);
    enrol(&app, &clerk).await;
    let (_, users) = app.get(&format!("{town}/users"), Some(&admin)).await;
    assert_eq!(users["code"], "second_factor_enrolment_required", "{users}");
    enrol(&app, &admin).await;
    // `off` was the demo's; once left, it cannot be chosen again.
    settings["second_factor"] = json!("off");
    let (status, refused) = app.put(&format!("{town}/settings"), Some(&admin), settings).await;
    assert_eq!(
        (status, refused["errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("second_factor_off"))
    );
    let (_, users) = app.get(&format!("{town}/users"), Some(&admin)).await;
    let clerk_row = users.as_array().expect("users").iter().find(|u| u["email"] == CLERK).expect("clerk").clone();
    assert_eq!(clerk_row["second_factor"], true);

    let reset = format!("{town}/users/{}/second-factor", clerk_row["id"]);
    assert_eq!(app.call(reqwest::Method::DELETE, &reset, Some(&clerk), None).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call(reqwest::Method::DELETE, &reset, Some(&admin), None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(app.call(reqwest::Method::DELETE, &reset, Some(&admin), None).await.0, StatusCode::NOT_FOUND);
    // The clerk signs in with the password alone, and enrols again.
    let (status, pair) = sign_in(&app, CLERK, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(pair["user"]["second_factor"], json!({"required": true, "enrolled": false}));
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let logged: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM security_events e JOIN users u ON u.id = e.subject_id
          WHERE u.email = $1 AND e.what = 'second_factor_reset'",
    )
    .bind::<diesel::sql_types::Text, _>(CLERK)
    .get_result(&mut app.conn())
    .expect("events");
    assert_eq!(logged.n, 1);
    let told: Count =
        diesel::sql_query("SELECT count(*) AS n FROM outbox WHERE kind = 'second_factor_reset' AND recipient = $1")
            .bind::<diesel::sql_types::Text, _>(CLERK)
            .get_result(&mut app.conn())
            .expect("outbox");
    assert_eq!(told.n, 1);
}
