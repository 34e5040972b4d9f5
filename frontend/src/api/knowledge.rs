//! The knowledge base and first contact: articles (search, read, write, documents), the
//! contacts agents log, the callback queue, the counts, and the portal's help.

use civis_domain::wire::{
    Article, ArticleDocument, ArticleHit, ArticleInput, ArticleRevision, DocumentsSent, Interaction, InteractionInput,
    InteractionRequest, SelfServiceAnswer, SendDocuments,
};

use super::{Problem, Res, call, enc};

fn query(q: &str, node: Option<i64>, extra: &str) -> String {
    let mut s = format!("?q={}", enc(q.trim()));
    if let Some(n) = node {
        s.push_str(&format!("&node_id={n}"));
    }
    s.push_str(extra);
    s
}

/// Staff search (internal articles too), within a category (its parents and children
/// too) when one is given; `stale` lists those past their verify-by date, `department`
/// those a department owns.
pub async fn kb_search(
    town: i64,
    q: String,
    node: Option<i64>,
    stale: bool,
    department: Option<i64>,
) -> Res<Vec<ArticleHit>> {
    let mut extra = if stale { "&stale=true".to_string() } else { String::new() };
    if let Some(d) = department {
        extra.push_str(&format!("&department_id={d}"));
    }
    call("GET", format!("/towns/{town}/kb/articles{}", query(&q, node, &extra))).send().await
}

pub async fn kb_article(town: i64, id: i64) -> Res<Article> {
    call("GET", format!("/towns/{town}/kb/articles/{id}")).send().await
}

/// Writes a new article, or the next version of one.
pub async fn kb_save(town: i64, id: Option<i64>, body: &ArticleInput) -> Res<Article> {
    match id {
        Some(id) => call("PUT", format!("/towns/{town}/kb/articles/{id}")).json(body).send().await,
        None => call("POST", format!("/towns/{town}/kb/articles")).json(body).send().await,
    }
}

pub async fn kb_revisions(town: i64, id: i64) -> Res<Vec<ArticleRevision>> {
    call("GET", format!("/towns/{town}/kb/articles/{id}/revisions")).send().await
}

pub async fn kb_upload(town: i64, id: i64, file: &web_sys::File) -> Res<ArticleDocument> {
    let form = web_sys::FormData::new().map_err(|_| Problem::local("network"))?;
    let _ = form.append_with_blob_and_filename("file", file, &file.name());
    let mut c = call("POST", format!("/towns/{town}/kb/articles/{id}/documents"));
    c.form = Some(form);
    c.send().await
}

/// A document as a local object URL, fetched with the session.
pub async fn kb_document_url(town: i64, id: i64, doc: i64) -> Res<String> {
    super::blob_url(call("GET", format!("/towns/{town}/kb/articles/{id}/documents/{doc}"))).await
}

pub async fn kb_send(town: i64, id: i64, body: &SendDocuments) -> Res<DocumentsSent> {
    call("POST", format!("/towns/{town}/kb/articles/{id}/send")).json(body).send().await
}

pub async fn log_interaction(town: i64, body: &InteractionInput) -> Res<Interaction> {
    call("POST", format!("/towns/{town}/interactions")).json(body).send().await
}

/// The newest contacts, or the callbacks still to make.
pub async fn interactions(town: i64, callbacks: bool) -> Res<Vec<Interaction>> {
    call("GET", format!("/towns/{town}/interactions?callbacks={callbacks}")).send().await
}

pub async fn interaction(town: i64, id: i64) -> Res<Interaction> {
    call("GET", format!("/towns/{town}/interactions/{id}")).send().await
}

pub async fn callback_done(town: i64, id: i64) -> Res<Interaction> {
    call("POST", format!("/towns/{town}/interactions/{id}/callback-done")).json(&serde_json::json!({})).send().await
}

pub async fn link_request(town: i64, id: i64, request_id: i64) -> Res<Interaction> {
    call("POST", format!("/towns/{town}/interactions/{id}/request"))
        .json(&InteractionRequest { request_id })
        .send()
        .await
}

/// The portal's help: public articles only.
pub async fn help_search(town: i64, q: String, node: Option<i64>) -> Res<Vec<ArticleHit>> {
    call("GET", format!("/towns/{town}/public/help{}", query(&q, node, ""))).anonymous().send().await
}

pub async fn help_article(town: i64, id: i64) -> Res<Article> {
    call("GET", format!("/towns/{town}/public/help/{id}")).anonymous().send().await
}

/// "This answered my question".
pub async fn help_answered(town: i64, id: i64, node: Option<i64>) -> Res<()> {
    call("POST", format!("/towns/{town}/public/help/{id}/answered"))
        .anonymous()
        .json(&SelfServiceAnswer { node_id: node })
        .done()
        .await
}
