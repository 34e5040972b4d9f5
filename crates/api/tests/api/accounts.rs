//! Accounts end to end through the SMTP test server: a sign-up confirmed by its emailed
//! link, the same answer for a known address, password reset and change, the password
//! policy, the absolute end of a sign-in.

use diesel::RunQueryDsl;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::notifications::{Mailed, mailed};

/// The tokens of every link of `path` emailed to `to`.
fn link_tokens(m: &Mailed, to: &str, path: &str) -> Vec<String> {
    let prefix = format!("https://civis.example{path}#");
    m.smtp
        .to(to)
        .iter()
        .filter_map(|mail| {
            let start = mail.text.find(&prefix)? + prefix.len();
            mail.text[start..].split_whitespace().next().map(str::to_string)
        })
        .collect()
}

/// The token of the one link of `path` emailed to `to`.
pub fn link_token(m: &Mailed, to: &str, path: &str) -> String {
    let tokens = link_tokens(m, to, path);
    assert_eq!(tokens.len(), 1, "one {path} link to {to}");
    tokens[0].clone()
}

fn sign_up_body(email: &str, password: &str) -> Value {
    json!({"email": email, "password": password, "first_name": "Rosalie", "last_name": "Nouvelle", "language": "fr"})
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

const GOOD: &str = "trois pommes sur la table";

#[actix_web::test]
async fn sign_up_is_confirmed_by_its_link_and_says_nothing_of_known_addresses() {
    let m = mailed(8).await;
    let app = &m.app;
    let (status, body) =
        app.post("/api/v1/auth/citizen/sign-up", None, sign_up_body("rosalie@example.org", GOOD)).await;
    assert_eq!((status, body.clone()), (StatusCode::ACCEPTED, json!("")));
    // A known address gets the very same answer; the difference goes to its mailbox.
    let (status, known) = app.post("/api/v1/auth/citizen/sign-up", None, sign_up_body(CITIZEN, GOOD)).await;
    assert_eq!((status, known), (StatusCode::ACCEPTED, body));
    m.deliver().await;
    let exists = m.smtp.to(CITIZEN);
    assert_eq!(exists.len(), 1);
    assert!(exists[0].subject.contains("déjà un compte"), "{}", exists[0].subject);
    assert!(exists[0].text.contains("https://civis.example/mot-de-passe/oublie"), "{}", exists[0].text);

    // Before confirming, the right password says to confirm first and sends a new link.
    let creds = json!({"email": "rosalie@example.org", "password": GOOD});
    let (status, problem) = app.post("/api/v1/auth/citizen/sign-in", None, creds.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["code"], "email_not_confirmed");
    assert!(problem["message_fr"].as_str().expect("fr").contains("Confirmez"));
    m.deliver().await;
    assert_eq!(m.smtp.to("rosalie@example.org").len(), 1, "a new link only once an hour");
    let token = link_token(&m, "rosalie@example.org", "/compte/confirmer");
    let kept: i64 = diesel::sql_query(
        "SELECT count(*) AS n FROM outbox WHERE payload ? 'link' AND status = 'sent' AND kind = 'account_confirmation'",
    )
    .get_result::<Count>(&mut app.conn())
    .expect("count")
    .n;
    assert_eq!(kept, 0, "a sent link is not kept in the outbox");
    let (status, pair) = app.post("/api/v1/auth/citizen/confirm", None, json!({"token": token})).await;
    assert_eq!(status, StatusCode::OK, "{pair}");
    assert_eq!(pair["user"]["email"], "rosalie@example.org");
    let (status, problem) = app.post("/api/v1/auth/citizen/confirm", None, json!({"token": token})).await;
    assert_eq!((status, problem["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("link_invalid")));
    assert_eq!(app.post("/api/v1/auth/citizen/sign-in", None, creds).await.0, StatusCode::OK);
}

#[actix_web::test]
async fn new_passwords_follow_the_policy() {
    let app = TestApp::spawn().await;
    for (password, code) in [
        ("court-2026", "password_too_short"),
        ("Motdepasse2026!", "password_common"),
        ("azertyuiop123", "password_common"),
        ("aaaaaaaaaaaaaaaa", "password_common"),
        ("rosalie.tremblay-1", "password_like_email"),
    ] {
        let (status, problem) = app
            .post("/api/v1/auth/citizen/sign-up", None, sign_up_body("rosalie.tremblay@example.org", password))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{password}");
        let e = &problem["errors"][0];
        assert_eq!((e["field"].as_str(), e["code"].as_str()), (Some("password"), Some(code)), "{password}: {problem}");
        assert!(e["message_fr"].as_str().is_some_and(|m| !m.is_empty()) && e["message_en"].is_string());
    }
    // No composition rule: a long phrase of lower-case words is fine.
    let (status, _) = app.post("/api/v1/auth/citizen/sign-up", None, sign_up_body("r@example.org", GOOD)).await;
    assert_eq!(status, StatusCode::ACCEPTED);
}

#[actix_web::test]
async fn a_reset_link_works_once_within_thirty_minutes_and_ends_every_sign_in() {
    let m = mailed(8).await;
    let app = &m.app;
    let old = app.staff_pair(CLERK).await;
    for email in [CLERK, "personne@nulle-part.example"] {
        let (status, body) =
            app.post("/api/v1/auth/password-reset", None, json!({"email": email, "kind": "staff"})).await;
        assert_eq!((status, body), (StatusCode::ACCEPTED, json!("")), "{email}");
    }
    m.deliver().await;
    assert!(m.smtp.to("personne@nulle-part.example").is_empty());
    let token = link_token(&m, CLERK, "/mot-de-passe");
    let new = "la lune est pleine ce soir";
    let (status, done) =
        app.post("/api/v1/auth/password-reset/complete", None, json!({"token": token, "password": new})).await;
    assert_eq!((status, done["kind"].clone()), (StatusCode::OK, json!("staff")), "{done}");
    let (status, _) =
        app.post("/api/v1/auth/password-reset/complete", None, json!({"token": token, "password": new})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "used once");
    let refresh = json!({"refresh_token": old["refresh_token"]});
    assert_eq!(app.post("/api/v1/auth/refresh", None, refresh).await.0, StatusCode::UNAUTHORIZED);
    let sign_in = |password: &str| json!({"email": CLERK, "password": password});
    assert_eq!(app.post("/api/v1/auth/staff/sign-in", None, sign_in(PASSWORD)).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(app.post("/api/v1/auth/staff/sign-in", None, sign_in(new)).await.0, StatusCode::OK);
    m.deliver().await;
    assert!(m.smtp.to(CLERK).iter().any(|x| x.subject.contains("mot de passe a été changé")));

    // A link older than 30 minutes no longer works.
    app.post("/api/v1/auth/password-reset", None, json!({"email": CLERK, "kind": "staff"})).await;
    m.deliver().await;
    let tokens = link_tokens(&m, CLERK, "/mot-de-passe");
    let token = tokens.iter().find(|t| **t != token).expect("a second link");
    diesel::sql_query("UPDATE account_tokens SET expires_at = now() - interval '1 second'")
        .execute(&mut app.conn())
        .expect("time passes");
    let (status, problem) =
        app.post("/api/v1/auth/password-reset/complete", None, json!({"token": token, "password": new})).await;
    assert_eq!((status, problem["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("link_invalid")));
}

#[actix_web::test]
async fn changing_ones_password_needs_the_current_one_and_ends_other_sign_ins() {
    let m = mailed(8).await;
    let app = &m.app;
    let elsewhere = app.staff_pair(DIRECTOR).await;
    let here = app.staff(DIRECTOR).await;
    let change = |current: &str, new: &str| json!({"current_password": current, "new_password": new});
    let (status, problem) = app.post("/api/v1/auth/password", Some(&here), change("pas le bon", GOOD)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (problem["errors"][0]["field"].as_str(), problem["errors"][0]["code"].as_str()),
        (Some("current_password"), Some("password_wrong"))
    );
    let (status, problem) = app.post("/api/v1/auth/password", Some(&here), change(PASSWORD, "password1234")).await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("new_password"))
    );
    let (status, pair) = app.post("/api/v1/auth/password", Some(&here), change(PASSWORD, GOOD)).await;
    assert_eq!(status, StatusCode::OK, "{pair}");
    let old = json!({"refresh_token": elsewhere["refresh_token"]});
    assert_eq!(
        app.post("/api/v1/auth/refresh", None, old).await.0,
        StatusCode::UNAUTHORIZED,
        "the other sign-in ended"
    );
    let mine = json!({"refresh_token": pair["refresh_token"]});
    assert_eq!(app.post("/api/v1/auth/refresh", None, mine).await.0, StatusCode::OK, "this one goes on");
    m.deliver().await;
    assert_eq!(m.smtp.to(DIRECTOR).len(), 1, "the change is told by email");
}

#[actix_web::test]
async fn a_sign_in_ends_at_its_absolute_lifetime_however_often_refreshed() {
    let app = TestApp::spawn().await;
    let pair = app.staff_pair(ELECTED).await;
    let (status, next) = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": pair["refresh_token"]})).await;
    assert_eq!(status, StatusCode::OK);
    diesel::sql_query("UPDATE refresh_tokens SET session_expires_at = now() - interval '1 second'")
        .execute(&mut app.conn())
        .expect("twelve hours pass");
    let (status, _) = app.post("/api/v1/auth/refresh", None, json!({"refresh_token": next["refresh_token"]})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// Someone signs up first with another's address; the owner then signs up with their own
/// password. The first sign-up's link is spent: it cannot confirm the account under the
/// owner's password (pre-account takeover), and the owner's own link does.
#[actix_web::test]
async fn a_sign_up_again_spends_the_links_of_the_one_it_replaces() {
    let m = mailed(8).await;
    let app = &m.app;
    let owner = "proprietaire@example.org";
    let (status, _) =
        app.post("/api/v1/auth/citizen/sign-up", None, sign_up_body(owner, "le pirate connait l adresse")).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    m.deliver().await;
    let first = link_token(&m, owner, "/compte/confirmer");
    let (status, _) = app.post("/api/v1/auth/citizen/sign-up", None, sign_up_body(owner, GOOD)).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    m.deliver().await;
    let tokens = link_tokens(&m, owner, "/compte/confirmer");
    let second = tokens.iter().find(|t| **t != first).expect("a second link").clone();
    let (status, problem) = app.post("/api/v1/auth/citizen/confirm", None, json!({"token": first})).await;
    assert_eq!((status, problem["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("link_invalid")));
    let (status, pair) = app.post("/api/v1/auth/citizen/confirm", None, json!({"token": second})).await;
    assert_eq!(status, StatusCode::OK, "{pair}");
    let creds = |password: &str| json!({"email": owner, "password": password});
    assert_eq!(app.post("/api/v1/auth/citizen/sign-in", None, creds(GOOD)).await.0, StatusCode::OK);
    let (status, _) = app.post("/api/v1/auth/citizen/sign-in", None, creds("le pirate connait l adresse")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
