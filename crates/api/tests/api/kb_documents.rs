//! An article's documents: added by those who write it (type checked by content), sent to
//! a citizen during a call — the email arrives with the file attached — and read by the
//! public for a public article.

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;
use crate::knowledge::{article, create};

#[actix_web::test]
async fn an_agent_sends_an_articles_pdf_and_the_citizen_receives_it_attached() {
    let m = crate::notifications::mailed(8).await;
    let (app, t) = (&m.app, m.demo.town);
    let admin = app.staff(ADMIN).await;
    let a =
        create(app, &admin, t, article("Permis de vente de garage", "Le formulaire est joint.", "public", &[])).await;
    let pdf = b"%PDF-1.4\n% formulaire de vente de garage\n".to_vec();
    let docs = format!("{}/api/v1/towns/{t}/kb/articles/{}/documents", app.base, a["id"]);
    let upload = |token: &str, name: &str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
        app.client.post(&docs).bearer_auth(token).multipart(form).send()
    };
    let res = upload(&admin, "formulaire.pdf", pdf.clone()).await.expect("upload");
    assert_eq!(res.status(), StatusCode::CREATED);
    // A file whose content is not what its name says is refused; an agent cannot add one.
    let res = upload(&admin, "faux.pdf", b"MZ\x90\x00 not a pdf".to_vec()).await.expect("upload");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let agent = app.staff(OPERATOR).await;
    assert_eq!(upload(&agent, "x.pdf", pdf.clone()).await.expect("upload").status(), StatusCode::FORBIDDEN);
    let foreign = app.foreign_staff("docs@st-exemple.example", &["town_admin"]).await;
    assert_eq!(upload(&foreign, "x.pdf", pdf.clone()).await.expect("upload").status(), StatusCode::NOT_FOUND);

    // During a call: the contact is logged, then the documents are sent on it.
    let (_, contact) = app
        .post(
            &format!("/api/v1/towns/{t}/interactions"),
            Some(&agent),
            json!({"channel": "phone", "outcome": "answered", "article_ids": [a["id"]]}),
        )
        .await;
    let send = format!("/api/v1/towns/{t}/kb/articles/{}/send", a["id"]);
    let (status, sent) = app
        .post(&send, Some(&agent), json!({"email": "marie@example.com", "language": "fr", "interaction_id": contact["id"], "note": "Bonne vente!"}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{sent}");
    assert_eq!(sent["documents"], 1);
    m.deliver().await;
    let got = m.smtp.to("marie@example.com");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].subject, "Documents : Permis de vente de garage — Ville de Démo");
    assert!(got[0].text.contains("Bonne vente!") && got[0].text.contains("formulaire.pdf"), "{}", got[0].text);
    assert_eq!(got[0].attachments, vec![("formulaire.pdf".to_string(), pdf)]);
    // Bad addresses and articles without documents say so.
    let (status, _) = app.post(&send, Some(&agent), json!({"email": "pas-une-adresse"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let empty = create(app, &admin, t, article("Sans document", "Rien.", "public", &[])).await;
    let (status, problem) = app
        .post(
            &format!("/api/v1/towns/{t}/kb/articles/{}/send", empty["id"]),
            Some(&agent),
            json!({"email": "marie@example.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["code"], "no_documents");
    // The public downloads a public article's document; the address went nowhere but the outbox.
    let (status, _) =
        app.get(&format!("/api/v1/towns/{t}/public/help/{}/documents/{}", a["id"], 1_000_000), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let n: N = diesel::sql_query("SELECT count(*) AS n FROM kb_sends").get_result(&mut app.conn()).expect("sends");
    assert_eq!(n.n, 1);
}
