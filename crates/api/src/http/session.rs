//! How a sign-in reaches the web app: with `X-Civis-Session: cookie`, the refresh token is
//! set as a cookie the page's scripts cannot read (HttpOnly), sent only over HTTPS
//! (Secure), only by the site itself (SameSite=Strict) and only to the refresh route;
//! the body then carries the access token alone, which the app keeps in memory. API
//! clients that do not ask get the refresh token in the body, as before.

use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use civis_domain::wire::TokenPair;

use crate::state::AppState;

pub const COOKIE: &str = "civis_refresh";
/// The only path the cookie is sent to (`POST` refreshes, `DELETE` signs out).
pub const COOKIE_PATH: &str = "/api/v1/auth/refresh";

/// Whether the caller keeps its refresh token in the cookie.
pub fn cookie_mode(req: &HttpRequest) -> bool {
    req.headers().get("x-civis-session").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("cookie"))
}

/// The refresh token of the cookie, if any.
pub fn cookie_token(req: &HttpRequest) -> Option<String> {
    req.cookie(COOKIE).map(|c| c.value().to_string()).filter(|v| !v.is_empty())
}

fn cookie(value: String, max_age: time::Duration) -> Cookie<'static> {
    Cookie::build(COOKIE, value)
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(max_age)
        .finish()
}

/// A token pair as the caller asked for it.
pub fn reply(req: &HttpRequest, state: &AppState, status: StatusCode, mut pair: TokenPair) -> HttpResponse {
    let mut resp = HttpResponse::build(status);
    resp.insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"));
    if cookie_mode(req) {
        let secs = i64::try_from(state.settings.session_max.as_secs()).unwrap_or(43_200);
        resp.cookie(cookie(std::mem::take(&mut pair.refresh_token), time::Duration::seconds(secs)));
    }
    resp.json(pair)
}

/// Removes the cookie (sign-out).
pub fn cleared() -> HttpResponse {
    HttpResponse::NoContent().cookie(cookie(String::new(), time::Duration::ZERO)).finish()
}
