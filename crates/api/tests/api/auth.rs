//! Sign-in per role, token expiry and rotation, slowed-down failures.

use civis_api::secrets::{Purpose, Secret};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

#[actix_web::test]
async fn each_role_signs_in_and_sees_its_grants() {
    let app = TestApp::spawn().await;
    let demo = app.town_id("demo").await;
    let other = app.town_id("saint-exemple").await;
    for (email, role) in [
        (ADMIN, "town_admin"),
        (CLERK, "clerk"),
        (DIRECTOR, "director"),
        (RESPONSIBLE, "department_responsible"),
        (ELECTED, "elected_official"),
        (OPERATOR, "operator_agent"),
    ] {
        let token = app.staff(email).await;
        let (status, me) = app.get("/api/v1/auth/me", Some(&token)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(me["email"], email);
        assert_eq!(me["kind"], "staff");
        let grants = me["grants"].as_array().expect("grants");
        assert!(grants.iter().any(|g| g["role"] == role && g["municipality_id"] == demo), "{email}: {me}");
    }
    // The operator agent serves two towns.
    let op = app.staff(OPERATOR).await;
    let (_, me) = app.get("/api/v1/auth/me", Some(&op)).await;
    assert!(me["grants"].as_array().expect("grants").iter().any(|g| g["municipality_id"] == other));
    // The responsible's grant names the department.
    let resp = app.staff(RESPONSIBLE).await;
    let (_, me) = app.get("/api/v1/auth/me", Some(&resp)).await;
    assert!(me["grants"][0]["department_id"].is_i64());
    // The platform administrator.
    let pa = app.staff(PLATFORM).await;
    let (_, me) = app.get("/api/v1/auth/me", Some(&pa)).await;
    assert_eq!(me["platform_admin"], true);
}

#[actix_web::test]
async fn citizens_and_staff_sign_in_at_their_own_door() {
    let app = TestApp::spawn().await;
    let body = json!({"email": CITIZEN, "password": PASSWORD});
    let (status, pair) = app.post("/api/v1/auth/citizen/sign-in", None, body.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(pair["user"]["kind"], "citizen");
    assert!(pair["user"]["grants"].as_array().expect("grants").is_empty());
    let (status, _) = app.post("/api/v1/auth/staff/sign-in", None, body).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a citizen account is not a staff account");
    // Email is matched without regard to case.
    let (status, _) = app
        .post("/api/v1/auth/staff/sign-in", None, json!({"email": "CLIC@Demo.Civis.Demo", "password": PASSWORD}))
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[actix_web::test]
async fn wrong_password_is_refused_with_a_bilingual_message() {
    let app = TestApp::spawn().await;
    for email in [CLERK, "nobody@nowhere.example"] {
        let (status, problem) =
            app.post("/api/v1/auth/staff/sign-in", None, json!({"email": email, "password": "wrong password"})).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(problem["code"], "invalid_credentials");
        assert_eq!(problem["status"], 401);
        assert!(problem["message_fr"].as_str().expect("fr").contains("mot de passe"), "{problem}");
        assert!(problem["message_en"].as_str().expect("en").contains("password"), "{problem}");
    }
}

fn forge(secret: &[u8], aud: &str, iss: &str, exp_offset: i64, sub: &str) -> String {
    let now = chrono::Utc::now().timestamp();
    let claims = json!({"sub": sub, "aud": aud, "iss": iss, "iat": now, "exp": now + exp_offset});
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(secret)).expect("encode")
}

#[actix_web::test]
async fn expired_forged_or_misdirected_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let pair = app.staff_pair(CLERK).await;
    let sub = pair["user"]["id"].as_i64().expect("id").to_string();
    let key = Secret::unchecked(SECRET).key(Purpose::AccessToken);
    let good = forge(key.bytes(), "civis:access", "civis", 600, &sub);
    assert_eq!(app.get("/api/v1/auth/me", Some(&good)).await.0, StatusCode::OK);

    let expired = forge(key.bytes(), "civis:access", "civis", -120, &sub);
    let (status, problem) = app.get("/api/v1/auth/me", Some(&expired)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["code"], "token_expired");

    for bad in [
        forge(b"another-secret-another-secret-another", "civis:access", "civis", 600, &sub),
        // The server's secret itself signs nothing: each purpose has its derived key.
        forge(SECRET.as_bytes(), "civis:access", "civis", 600, &sub),
        forge(Secret::unchecked(SECRET).key(Purpose::UploadToken).bytes(), "civis:access", "civis", 600, &sub),
        forge(key.bytes(), "civis:refresh", "civis", 600, &sub),
        forge(key.bytes(), "civis:access", "someone-else", 600, &sub),
        "not.a.token".to_string(),
        // alg "none" with the same claims
        format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{}.", good.split('.').nth(1).expect("claims")),
    ] {
        let (status, problem) = app.get("/api/v1/auth/me", Some(&bad)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{bad}");
        assert_eq!(problem["code"], "unauthorized");
    }
    assert_eq!(app.get("/api/v1/auth/me", None).await.0, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn refresh_tokens_rotate_and_a_replay_revokes_the_sign_in() {
    let app = TestApp::spawn().await;
    let first = app.staff_pair(CLERK).await;
    let r1 = first["refresh_token"].as_str().expect("refresh").to_string();

    let (status, second) = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": r1})).await;
    assert_eq!(status, StatusCode::OK);
    let r2 = second["refresh_token"].as_str().expect("refresh").to_string();
    assert_ne!(r1, r2);
    let access = second["access_token"].as_str().expect("access");
    assert_eq!(app.get("/api/v1/auth/me", Some(access)).await.0, StatusCode::OK);

    // The spent token is replayed: refused, and the live one dies with it.
    let (status, problem) = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": r1})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem["code"], "invalid_refresh_token");
    let (status, _) = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": r2})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn sign_out_revokes_the_refresh_token() {
    let app = TestApp::spawn().await;
    let pair = app.staff_pair(DIRECTOR).await;
    let r = pair["refresh_token"].as_str().expect("refresh");
    let res = app.post("/api/v1/auth/sign-out", None, json!({"refresh_token": r})).await;
    assert_eq!(res.0, StatusCode::NO_CONTENT);
    let (status, _) = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": r})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn sign_up_refuses_bad_fields_with_each_field_named() {
    let app = TestApp::spawn().await;
    let (status, problem) = app
        .post(
            "/api/v1/auth/citizen/sign-up",
            None,
            json!({"email": "pas-un-courriel", "password": "court", "first_name": "", "last_name": "X"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = problem["errors"].as_array().expect("errors");
    let codes: Vec<(&str, &str)> =
        errors.iter().map(|e| (e["field"].as_str().unwrap_or(""), e["code"].as_str().unwrap_or(""))).collect();
    assert!(codes.contains(&("email", "email")), "{codes:?}");
    assert!(codes.contains(&("password", "password_too_short")), "{codes:?}");
    assert!(codes.contains(&("first_name", "required")), "{codes:?}");
    assert!(errors.iter().all(|e| e["message_fr"].as_str().is_some_and(|m| !m.is_empty())));
}
