//! Following a public request by email needs the link sent to the address (double
//! opt-in); followers never get the closure's private message; every request email to a
//! citizen carries a link that stops them, and it works.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;
use crate::notifications::{Mailed, mailed};

/// The fragment of the first link starting with `prefix` in `text`.
fn token_after(text: &str, prefix: &str) -> String {
    let start = text.find(prefix).unwrap_or_else(|| panic!("no {prefix} in {text}")) + prefix.len();
    text[start..].split_whitespace().next().expect("token").to_string()
}

fn subjects(m: &Mailed, to: &str) -> Vec<String> {
    let mut s: Vec<String> = m.smtp.to(to).into_iter().map(|x| x.subject).collect();
    s.sort();
    s
}

#[actix_web::test]
async fn followers_confirm_first_never_read_the_private_closure_and_can_stop_every_email() {
    let m = mailed(8).await;
    let (app, demo) = (&m.app, &m.demo);
    let created = app.file(demo, None, m.body("Nid-de-poule devant l'école", "demandeuse@example.com", "fr")).await;
    let number = created["number"].as_str().expect("number").to_string();
    let request = demo.request(&created["id"]);
    let follow = format!("/api/v1/towns/{}/public/requests/{}/follow", demo.town, created["id"]);
    for email in ["voisine@example.com", "muet@example.com"] {
        assert_eq!(app.post(&follow, None, json!({"email": email})).await.0, StatusCode::ACCEPTED);
    }
    m.deliver().await;
    let invitation = m.smtp.to("voisine@example.com");
    assert_eq!(invitation.len(), 1);
    assert!(invitation[0].subject.starts_with(&format!("Confirmez : suivre la requête {number}")));
    let token = token_after(&invitation[0].text, "https://civis.example/t/demo/suivre#");
    let confirm = |t: &str| json!({"token": t});
    assert_eq!(
        app.post("/api/v1/public/follow/confirm", None, confirm("1.forged")).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(app.post("/api/v1/public/follow/confirm", None, confirm(&token)).await.0, StatusCode::NO_CONTENT);

    // An external follow-up, then the closure with a message to the requester.
    let clerk = app.staff(CLERK).await;
    let external = json!({"kind": "external", "body": "Équipe prévue jeudi."});
    assert_eq!(app.post(&format!("{request}/followups"), Some(&clerk), external).await.0, StatusCode::CREATED);
    let close = json!({"action": "close_processed", "closure": {"resolution": "Traitée", "intervention_code": "238 – Demande complétée", "performed_date": "2026-11-02", "message_to_requester": "Mme la demandeuse, votre voisin a été averti."}});
    assert_eq!(app.post(&format!("{request}/transitions"), Some(&clerk), close).await.0, StatusCode::OK);
    m.deliver().await;
    assert_eq!(m.smtp.to("muet@example.com").len(), 1, "an unconfirmed address gets only its invitation");
    let voisine = m.smtp.to("voisine@example.com");
    assert_eq!(voisine.len(), 3, "{:?}", subjects(&m, "voisine@example.com"));
    let closed = voisine.iter().find(|x| x.subject.ends_with("fermée")).expect("closure to the follower");
    assert!(
        !closed.text.contains("votre voisin a été averti"),
        "the closure's message is the requester's: {}",
        closed.text
    );
    let requester = m.smtp.to("demandeuse@example.com");
    let her_closure = requester.iter().find(|x| x.subject.ends_with("fermée")).expect("closure to the requester");
    assert!(her_closure.text.contains("votre voisin a été averti"));
    for mail in voisine.iter().filter(|x| !x.subject.starts_with("Confirmez")).chain(&requester) {
        assert!(mail.text.contains("https://civis.example/desabonnement#"), "{}: {}", mail.subject, mail.text);
        assert!(mail.html.contains("/desabonnement#"), "{}", mail.subject);
    }

    // Both stop the emails; the request is reopened and followed up: nobody hears of it.
    for mail in [closed, her_closure] {
        let stop = token_after(&mail.text, "https://civis.example/desabonnement#");
        assert_eq!(
            app.post("/api/v1/public/unsubscribe", None, json!({"token": stop})).await.0,
            StatusCode::NO_CONTENT
        );
    }
    let forged = json!({"token": format!("{}.dm9pc2luZUBleGFtcGxlLmNvbQ.0000", created["id"])});
    assert_eq!(app.post("/api/v1/public/unsubscribe", None, forged).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let reopen = json!({"action": "reopen", "reason": "Le trou est revenu."});
    assert_eq!(app.post(&format!("{request}/transitions"), Some(&clerk), reopen).await.0, StatusCode::OK);
    let again = json!({"kind": "external", "body": "On y retourne."});
    assert_eq!(app.post(&format!("{request}/followups"), Some(&clerk), again).await.0, StatusCode::CREATED);
    m.deliver().await;
    assert_eq!(m.smtp.to("voisine@example.com").len(), 3, "{:?}", subjects(&m, "voisine@example.com"));
    assert_eq!(
        m.smtp.to("demandeuse@example.com").len(),
        requester.len(),
        "{:?}",
        subjects(&m, "demandeuse@example.com")
    );
}
