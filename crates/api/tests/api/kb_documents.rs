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

#[actix_web::test]
async fn documents_are_capped_stripped_of_metadata_and_their_sending_is_limited() {
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let mut s = settings(&db);
    s.rate_limit_factor = 1;
    let app = &TestApp::spawn_with(s).await;
    let t = Demo::load(app).await.town;
    let admin = app.staff(ADMIN).await;
    let a = create(app, &admin, t, article("Plan du parc", "Les documents sont joints.", "public", &[])).await;
    let docs = format!("/api/v1/towns/{t}/kb/articles/{}/documents", a["id"]);
    let upload = |name: &str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
        app.client.post(format!("{}{docs}", app.base)).bearer_auth(&admin).multipart(form).send()
    };
    // A phone's photo keeps its picture, not where it was taken.
    let photo = crate::attachments::jpeg_with_gps();
    assert!(crate::attachments::has_exif(&photo));
    let res = upload("plan.jpg", photo).await.expect("upload");
    assert_eq!(res.status(), StatusCode::CREATED);
    let stored: serde_json::Value = res.json().await.expect("document");
    let got =
        app.client.get(format!("{}{docs}/{}", app.base, stored["id"])).bearer_auth(&admin).send().await.expect("get");
    let bytes = got.bytes().await.expect("bytes");
    assert!(!crate::attachments::has_exif(&bytes) && image::load_from_memory(&bytes).is_ok());
    // All of an article's documents go in one email: 15 MB in all, 10 at most.
    let big = |n: usize| [b"%PDF-1.4\n".to_vec(), vec![b'x'; n]].concat();
    assert_eq!(upload("gros.pdf", big(9 << 20)).await.expect("upload").status(), StatusCode::CREATED);
    let res = upload("trop.pdf", big(7 << 20)).await.expect("upload");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = res.json().await.expect("problem");
    assert_eq!(problem["errors"][0]["code"], "documents_full", "{problem}");
    for i in 0..8 {
        assert_eq!(upload(&format!("f{i}.pdf"), big(10)).await.expect("upload").status(), StatusCode::CREATED);
    }
    let res = upload("onzieme.pdf", big(10)).await.expect("upload");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "the eleventh");

    // Sending: five emails an hour to one address, thirty an hour from one account.
    let agent = app.staff(OPERATOR).await;
    let send = format!("/api/v1/towns/{t}/kb/articles/{}/send", a["id"]);
    for _ in 0..5 {
        assert_eq!(app.post(&send, Some(&agent), json!({"email": "voisin@example.com"})).await.0, StatusCode::ACCEPTED);
    }
    let (status, problem) = app.post(&send, Some(&agent), json!({"email": "voisin@example.com"})).await;
    assert_eq!((status, problem["code"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("too_many_attempts")));
    for i in 0..25 {
        let to = json!({"email": format!("citoyen{i}@example.com")});
        assert_eq!(app.post(&send, Some(&agent), to).await.0, StatusCode::ACCEPTED, "send {i}");
    }
    let (status, _) = app.post(&send, Some(&agent), json!({"email": "encore@example.com"})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the account's thirty-first");
    let clerk = app.staff(CLERK).await;
    assert_eq!(app.post(&send, Some(&clerk), json!({"email": "encore@example.com"})).await.0, StatusCode::ACCEPTED);
}
