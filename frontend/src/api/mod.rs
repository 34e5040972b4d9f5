//! The REST API, one function per endpoint. Errors arrive as the API's problem details
//! (French and English messages, field errors); a network failure becomes one too.

use civis_domain::wire::*;
use civis_domain::{Lang, Status};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// One invalid field, as the API names it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message_fr: String,
    pub message_en: String,
}

/// An error answer of the API (RFC 9457), or a local one with the same shape.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Problem {
    pub status: u16,
    pub code: String,
    pub message_fr: String,
    pub message_en: String,
    #[serde(default)]
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// A problem the app found itself (network down, unreadable answer).
    pub fn local(code: &str) -> Self {
        let key = format!("error.{code}");
        Self {
            status: 0,
            code: code.into(),
            message_fr: crate::i18n::tr(Lang::Fr, &key),
            message_en: crate::i18n::tr(Lang::En, &key),
            errors: vec![],
        }
    }

    /// Field errors found before sending, worded as the API words them.
    pub fn fields(issues: Vec<(String, &str)>) -> Self {
        let errors = issues
            .into_iter()
            .map(|(field, code)| FieldError {
                field,
                code: code.into(),
                message_fr: civis_domain::message(code, Lang::Fr),
                message_en: civis_domain::message(code, Lang::En),
            })
            .collect();
        Self { errors, ..Self::local("validation") }
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.message_fr,
            Lang::En => &self.message_en,
        }
    }

    /// Whether one field is among the errors (for `aria-invalid`).
    pub fn has_field(&self, name: &str) -> bool {
        self.errors.iter().any(|e| e.field == name)
    }

    /// The message for one field, if it is among the errors.
    pub fn field(&self, name: &str, lang: Lang) -> Option<String> {
        self.errors.iter().find(|e| e.field == name).map(|e| match lang {
            Lang::Fr => e.message_fr.clone(),
            Lang::En => e.message_en.clone(),
        })
    }
}

/// A problem is an error, so that a page can hand its failure to the page's
/// `ErrorBoundary` (`router::Outlet`) by rendering the `Err`.
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status, self.code)
    }
}

impl std::error::Error for Problem {}

pub type Res<T> = Result<T, Problem>;

mod accounts;
mod addresses;
mod admin;
mod assign;
mod attachments;
mod knowledge;
mod privacy;
mod reports;
mod token;

pub use accounts::*;
pub use addresses::*;
pub use admin::*;
pub use assign::*;
pub use attachments::*;
pub use knowledge::*;
pub use privacy::*;
pub use reports::*;

pub(crate) struct Call<'a> {
    method: &'a str,
    path: String,
    body: Option<String>,
    pub(crate) form: Option<web_sys::FormData>,
    /// A file sent as the body itself (the address register's CSV).
    pub(crate) file: Option<web_sys::File>,
    auth: bool,
    if_match: Option<i32>,
    pub(crate) upload_token: Option<String>,
}

pub(crate) fn call(method: &str, path: impl Into<String>) -> Call<'_> {
    Call {
        method,
        path: path.into(),
        body: None,
        form: None,
        file: None,
        auth: true,
        if_match: None,
        upload_token: None,
    }
}

impl Call<'_> {
    pub(crate) fn json(mut self, body: &impl Serialize) -> Self {
        self.body = serde_json::to_string(body).ok();
        self
    }

    pub(crate) fn anonymous(mut self) -> Self {
        self.auth = false;
        self
    }

    fn if_match(mut self, version: i32) -> Self {
        self.if_match = Some(version);
        self
    }

    /// The response, whatever its status (the caller reads the body it expects).
    pub(crate) async fn response(self) -> Res<(bool, web_sys::Response)> {
        let init = web_sys::RequestInit::new();
        init.set_method(self.method);
        let headers = web_sys::Headers::new().map_err(|_| Problem::local("network"))?;
        let _ = headers.set("Accept", "application/json");
        // Sign-ins answer with the refresh token in an HttpOnly cookie, never in the body.
        let _ = headers.set("X-Civis-Session", "cookie");
        if let Some(body) = &self.body {
            let _ = headers.set("Content-Type", "application/json");
            init.set_body(&JsValue::from_str(body));
        }
        // A multipart body: the browser writes its Content-Type with the boundary.
        if let Some(form) = &self.form {
            init.set_body(form);
        }
        if let Some(file) = &self.file {
            let _ = headers.set("Content-Type", "text/csv");
            init.set_body(file);
        }
        if let Some(t) = &self.upload_token {
            let _ = headers.set("X-Upload-Token", t);
        }
        if let Some(v) = self.if_match {
            let _ = headers.set("If-Match", &format!("\"{v}\""));
        }
        let signed_in = self.auth && crate::session::load().is_some();
        if signed_in {
            let token = token::access_token().await?;
            let _ = headers.set("Authorization", &format!("Bearer {token}"));
        }
        init.set_headers(&headers);
        let window = web_sys::window().ok_or_else(|| Problem::local("network"))?;
        let request = web_sys::Request::new_with_str_and_init(&format!("/api/v1{}", self.path), &init)
            .map_err(|_| Problem::local("network"))?;
        let resp: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|_| Problem::local("network"))?
            .unchecked_into();
        if resp.status() == 401 && signed_in {
            crate::session::signed_out();
        }
        Ok((signed_in, resp))
    }

    async fn raw(self) -> Res<(u16, String)> {
        let (_, resp) = self.response().await?;
        let text = match resp.text() {
            Ok(p) => JsFuture::from(p).await.ok().and_then(|v| v.as_string()).unwrap_or_default(),
            Err(_) => String::new(),
        };
        let status = resp.status();
        if (200..300).contains(&status) {
            Ok((status, text))
        } else {
            Err(serde_json::from_str(&text).unwrap_or_else(|_| Problem { status, ..Problem::local("server") }))
        }
    }

    pub(crate) async fn send<T: DeserializeOwned>(self) -> Res<T> {
        let (_, text) = self.raw().await?;
        serde_json::from_str(&text).map_err(|_| Problem::local("server"))
    }

    pub(crate) async fn done(self) -> Res<()> {
        self.raw().await.map(|_| ())
    }
}

/// A file fetched with the session, as a local object URL (an `<img>` or a link cannot send
/// the session itself).
pub(crate) async fn blob_url(c: Call<'_>) -> Res<String> {
    let (_, resp) = c.response().await?;
    if !resp.ok() {
        return Err(Problem { status: resp.status(), ..Problem::local("server") });
    }
    let blob: web_sys::Blob = JsFuture::from(resp.blob().map_err(|_| Problem::local("network"))?)
        .await
        .map_err(|_| Problem::local("network"))?
        .unchecked_into();
    web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| Problem::local("server"))
}

/// `a,b,c` for the list parameters of the staff list.
pub(crate) fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

// --- towns and their configuration ----------------------------------------------------

pub async fn towns() -> Res<Vec<TownPublic>> {
    call("GET", "/towns").anonymous().send().await
}

pub async fn taxonomy(town: i64) -> Res<Vec<TaxonomyNode>> {
    call("GET", format!("/towns/{town}/taxonomy")).anonymous().send().await
}

pub async fn departments(town: i64) -> Res<Vec<Department>> {
    call("GET", format!("/towns/{town}/departments")).send().await
}

// --- requests as staff work them -------------------------------------------------------

pub async fn file_request(town: i64, body: &NewRequest) -> Res<CreatedRequest> {
    call("POST", format!("/towns/{town}/requests")).json(body).send().await
}

/// One page of the staff list under `filter` (`saved=false`: the filter is explicit).
pub async fn list(town: i64, tab: civis_domain::Tab, filter: &RequestFilter, cursor: Option<&str>) -> Res<RequestPage> {
    let q = ListQuery::of(tab, filter, cursor, 25).to_query();
    call("GET", format!("/towns/{town}/requests?{q}")).send().await
}

pub async fn request(town: i64, id: i64) -> Res<RequestDetail> {
    call("GET", format!("/towns/{town}/requests/{id}")).send().await
}

pub async fn update(town: i64, id: i64, version: i32, patch: &RequestPatch) -> Res<RequestDetail> {
    call("PATCH", format!("/towns/{town}/requests/{id}")).if_match(version).json(patch).send().await
}

pub async fn transition(town: i64, id: i64, version: i32, body: &TransitionInput) -> Res<RequestDetail> {
    call("POST", format!("/towns/{town}/requests/{id}/transitions")).if_match(version).json(body).send().await
}

pub async fn followups(town: i64, id: i64) -> Res<Vec<Followup>> {
    call("GET", format!("/towns/{town}/requests/{id}/followups")).send().await
}

pub async fn add_followup(town: i64, id: i64, body: &NewFollowup) -> Res<Followup> {
    call("POST", format!("/towns/{town}/requests/{id}/followups")).json(body).send().await
}

pub async fn timeline(town: i64, id: i64) -> Res<Vec<TimelineItem>> {
    call("GET", format!("/towns/{town}/requests/{id}/timeline")).send().await
}

pub async fn set_favorite(town: i64, id: i64, on: bool) -> Res<()> {
    call(if on { "PUT" } else { "DELETE" }, format!("/towns/{town}/requests/{id}/favorite")).done().await
}

pub async fn saved_filter() -> Res<Option<RequestFilter>> {
    call("GET", "/me/saved-filter").send().await
}

pub async fn save_filter(filter: &RequestFilter) -> Res<RequestFilter> {
    call("PUT", "/me/saved-filter").json(filter).send().await
}

pub async fn clear_filter() -> Res<()> {
    call("DELETE", "/me/saved-filter").done().await
}

// --- the public and the requester ------------------------------------------------------

pub async fn public_requests(town: i64, status: Option<Status>, cursor: Option<&str>) -> Res<PublicPage> {
    let mut q = String::from("limit=100");
    if let Some(s) = status {
        q.push_str(&format!("&status={}", s.as_str()));
    }
    if let Some(c) = cursor {
        q.push_str(&format!("&cursor={}", enc(c)));
    }
    call("GET", format!("/towns/{town}/public/requests?{q}")).anonymous().send().await
}

pub async fn public_request(town: i64, id: i64) -> Res<PublicRequest> {
    call("GET", format!("/towns/{town}/public/requests/{id}")).anonymous().send().await
}

pub async fn nearby(town: i64, node: i64, lat: f64, lng: f64) -> Res<Vec<civis_domain::wire::NearbyRequest>> {
    call("GET", format!("/towns/{town}/public/nearby?node_id={node}&lat={lat}&lng={lng}")).anonymous().send().await
}

/// Follows a public request: `true` when following now (an account), `false` when a
/// confirmation link went to the address.
pub async fn follow(town: i64, id: i64, email: Option<String>, language: Lang) -> Res<bool> {
    let body = FollowRequest { email, language };
    call("POST", format!("/towns/{town}/public/requests/{id}/follow")).json(&body).raw().await.map(|(s, _)| s == 204)
}

pub async fn track(town: i64, number: &str, email: &str) -> Res<TrackedRequest> {
    let body = TrackRequest { number: number.into(), email: email.into() };
    call("POST", format!("/towns/{town}/track")).anonymous().json(&body).send().await
}

pub async fn my_requests() -> Res<Vec<TrackedRequest>> {
    call("GET", "/me/requests").send().await
}

pub async fn my_request(id: i64) -> Res<TrackedRequest> {
    call("GET", format!("/me/requests/{id}")).send().await
}

pub async fn add_information(id: i64, body: &NewInformation) -> Res<Followup> {
    call("POST", format!("/me/requests/{id}/information")).json(body).send().await
}
