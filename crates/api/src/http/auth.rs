//! Sign-in, token refresh, sign-out and the current account.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use civis_domain::wire::{Me, RefreshRequest, SignInRequest, TokenPair, UserKind};

use super::client::ClientAddr;
use super::extract::Enrolling;
use super::json::Json;
use super::{session, valid};
use crate::error::{ApiError, Problem};
use crate::service;
use crate::service::auth::Attempt;
use crate::state::State;

async fn sign_in(
    state: State,
    req: HttpRequest,
    kind: UserKind,
    client: ClientAddr,
    body: Json<SignInRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let attempt = Attempt { kind, email: body.email, password: body.password, code: body.code, client: client.0 };
    let pair = service::auth::sign_in(&state, attempt).await?;
    Ok(session::reply(&req, &state, StatusCode::OK, pair))
}

/// Staff sign-in (town staff, operator agents, administrators).
#[utoipa::path(tag = "auth", request_body = SignInRequest, responses(
    (status = 200, description = "Signed in", body = TokenPair),
    (status = 401, description = "Wrong email or password (no account is ever locked: a guesser is throttled instead, 429)", body = Problem),
    (status = 429, description = "Too many failed attempts from this address, with this password, or at this account from this address; see Retry-After", body = Problem),
    (status = 503, description = "The password checkers are full (or this client already has its share running); retry after Retry-After", body = Problem),
))]
#[post("/auth/staff/sign-in")]
pub async fn staff_sign_in(
    state: State,
    req: HttpRequest,
    client: ClientAddr,
    body: Json<SignInRequest>,
) -> Result<HttpResponse, ApiError> {
    sign_in(state, req, UserKind::Staff, client, body).await
}

/// Citizen sign-in on the portal.
#[utoipa::path(tag = "auth", request_body = SignInRequest, responses(
    (status = 200, description = "Signed in", body = TokenPair),
    (status = 401, description = "Wrong email or password (no account is ever locked: a guesser is throttled instead, 429)", body = Problem),
    (status = 422, description = "`email_not_confirmed`: the address is not confirmed yet; a new link was sent", body = Problem),
    (status = 429, description = "Too many failed attempts from this address, with this password, or at this account from this address; see Retry-After", body = Problem),
    (status = 503, description = "The password checkers are full (or this client already has its share running); retry after Retry-After", body = Problem),
))]
#[post("/auth/citizen/sign-in")]
pub async fn citizen_sign_in(
    state: State,
    req: HttpRequest,
    client: ClientAddr,
    body: Json<SignInRequest>,
) -> Result<HttpResponse, ApiError> {
    sign_in(state, req, UserKind::Citizen, client, body).await
}

/// Trades a refresh token (from the body, or the web app's cookie) for a new pair; the old
/// refresh token stops working. Presenting a spent token again revokes the whole sign-in,
/// except a cookie presented again within seconds (two tabs renewing at once).
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, description = "New tokens", body = TokenPair),
    (status = 401, description = "Unknown, expired, revoked or already used token, or the sign-in reached its end", body = Problem),
))]
#[post("/auth/refresh")]
pub async fn refresh(state: State, req: HttpRequest, body: Json<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let from_cookie = body.refresh_token.is_none();
    let token = body
        .refresh_token
        .or_else(|| session::cookie_token(&req))
        .ok_or(ApiError::Unauthorized("invalid_refresh_token"))?;
    let st = state.clone();
    let pair = state.db.run(move |conn| service::auth::refresh(conn, &st, &token, from_cookie)).await?;
    Ok(session::reply(&req, &state, StatusCode::OK, pair))
}

/// Signs the web app out: revokes the sign-in of the refresh cookie and removes it.
#[utoipa::path(tag = "auth", responses(
    (status = 204, description = "Signed out; the cookie is removed"),
))]
#[delete("/auth/refresh")]
pub async fn end_session(state: State, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    if let Some(token) = session::cookie_token(&req) {
        state.db.run(move |conn| service::auth::sign_out(conn, &token)).await?;
    }
    Ok(session::cleared())
}

/// Signs out: revokes the refresh token and every token issued from the same sign-in.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 204, description = "Signed out"),
))]
#[post("/auth/sign-out")]
pub async fn sign_out(state: State, body: Json<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    if let Some(token) = body.refresh_token {
        state.db.run(move |conn| service::auth::sign_out(conn, &token)).await?;
    }
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in account and its grants.
#[utoipa::path(tag = "auth", security(("bearer" = [])), responses(
    (status = 200, description = "The account", body = Me),
    (status = 401, description = "Missing, invalid or expired token", body = Problem),
))]
#[get("/auth/me")]
pub async fn me(Enrolling(principal): Enrolling) -> web::Json<Me> {
    web::Json(principal.me())
}
