//! Loi 25 for the director and the citizen: a person's file (as data or as an archive),
//! its access journal and a request's, anonymization and its record; saving a download.

use super::{Res, blob_url, call, enc};

/// A person's file, found by email or phone (the director's).
pub async fn person_file(town: i64, q: &civis_domain::wire::PersonQuery) -> Res<civis_domain::wire::PersonFile> {
    call("GET", format!("/towns/{town}/privacy/person?{}", person_params(q).join("&"))).send().await
}

/// A local download link for a JSON document already in the page.
pub fn json_download_url<T: serde::Serialize>(value: &T) -> Option<String> {
    let text = serde_json::to_string_pretty(value).ok()?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
    let blob = web_sys::Blob::new_with_str_sequence(&parts).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Who read the request's contacts (the director's access journal).
/// A person's file as an archive (JSON and a readable summary), as a local object URL.
pub async fn person_archive(town: i64, q: &civis_domain::wire::PersonQuery, lang: &str) -> Res<String> {
    let mut params = person_params(q);
    params.push(format!("lang={lang}"));
    blob_url(call("GET", format!("/towns/{town}/privacy/person/archive?{}", params.join("&")))).await
}

/// Who read a person's contacts (the director).
pub async fn person_journal(
    town: i64,
    q: &civis_domain::wire::PersonQuery,
) -> Res<Vec<civis_domain::wire::AccessEntry>> {
    call("GET", format!("/towns/{town}/privacy/person/journal?{}", person_params(q).join("&"))).send().await
}

fn person_params(q: &civis_domain::wire::PersonQuery) -> Vec<String> {
    let mut params = vec![];
    if let Some(e) = q.email.as_deref() {
        params.push(format!("email={}", enc(e)));
    }
    if let Some(p) = q.phone.as_deref() {
        params.push(format!("phone={}", enc(p)));
    }
    params
}

/// The signed-in citizen's own file, as a local object URL.
pub async fn own_file(lang: &str) -> Res<String> {
    blob_url(call("GET", format!("/me/personal-file?lang={lang}"))).await
}

/// Saves a local object URL under a file name (the browser's download).
pub fn save_as(url: &str, name: &str) {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(a) = doc.create_element("a").ok().and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok()) {
        a.set_href(url);
        a.set_download(name);
        let _ = doc.body().map(|b| b.append_child(&a));
        a.click();
        a.remove();
    }
}

pub async fn anonymize(town: i64, body: &civis_domain::wire::AnonymizeInput) -> Res<civis_domain::wire::Anonymization> {
    call("POST", format!("/towns/{town}/privacy/anonymize")).json(body).send().await
}

pub async fn anonymizations(town: i64) -> Res<Vec<civis_domain::wire::Anonymization>> {
    call("GET", format!("/towns/{town}/privacy/anonymizations")).send().await
}

pub async fn access_journal(town: i64, id: i64) -> Res<Vec<civis_domain::wire::AccessEntry>> {
    call("GET", format!("/towns/{town}/requests/{id}/access-journal")).send().await
}
