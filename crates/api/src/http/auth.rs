//! Sign-in, token refresh, sign-out and the current account.

use actix_web::{HttpResponse, get, post, web};
use civis_domain::wire::{Me, RefreshRequest, SignInRequest, TokenPair, UserKind};

use super::client::ClientAddr;
use super::valid;
use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::service;
use crate::service::auth::Attempt;
use crate::state::State;

async fn sign_in(
    state: State,
    kind: UserKind,
    client: ClientAddr,
    body: web::Json<SignInRequest>,
) -> Result<web::Json<TokenPair>, ApiError> {
    let body = valid(body)?;
    let attempt = Attempt { kind, email: body.email, password: body.password, client: client.0 };
    Ok(web::Json(service::auth::sign_in(&state, attempt).await?))
}

/// Staff sign-in (town staff, operator agents, administrators).
#[utoipa::path(tag = "auth", request_body = SignInRequest, responses(
    (status = 200, description = "Signed in", body = TokenPair),
    (status = 401, description = "Wrong email or password (also while the account is locked)", body = Problem),
    (status = 429, description = "Too many failed attempts from this address or with this password; see Retry-After", body = Problem),
))]
#[post("/auth/staff/sign-in")]
pub async fn staff_sign_in(
    state: State,
    client: ClientAddr,
    body: web::Json<SignInRequest>,
) -> Result<web::Json<TokenPair>, ApiError> {
    sign_in(state, UserKind::Staff, client, body).await
}

/// Citizen sign-in on the portal.
#[utoipa::path(tag = "auth", request_body = SignInRequest, responses(
    (status = 200, description = "Signed in", body = TokenPair),
    (status = 401, description = "Wrong email or password (also while the account is locked)", body = Problem),
    (status = 422, description = "`email_not_confirmed`: the address is not confirmed yet; a new link was sent", body = Problem),
    (status = 429, description = "Too many failed attempts from this address or with this password; see Retry-After", body = Problem),
))]
#[post("/auth/citizen/sign-in")]
pub async fn citizen_sign_in(
    state: State,
    client: ClientAddr,
    body: web::Json<SignInRequest>,
) -> Result<web::Json<TokenPair>, ApiError> {
    sign_in(state, UserKind::Citizen, client, body).await
}

/// Trades a refresh token for a new pair; the old refresh token stops working.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, description = "New tokens", body = TokenPair),
    (status = 401, description = "Unknown, expired, revoked or already used token, or the sign-in reached its end", body = Problem),
))]
#[post("/auth/refresh")]
pub async fn refresh(state: State, body: web::Json<RefreshRequest>) -> Result<web::Json<TokenPair>, ApiError> {
    let body = valid(body)?;
    let st = state.clone();
    let pair = state.db.run(move |conn| service::auth::refresh(conn, &st, &body.refresh_token)).await?;
    Ok(web::Json(pair))
}

/// Signs out: revokes the refresh token and every token issued from the same sign-in.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 204, description = "Signed out"),
))]
#[post("/auth/sign-out")]
pub async fn sign_out(state: State, body: web::Json<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    state.db.run(move |conn| service::auth::sign_out(conn, &body.refresh_token)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in account and its grants.
#[utoipa::path(tag = "auth", security(("bearer" = [])), responses(
    (status = 200, description = "The account", body = Me),
    (status = 401, description = "Missing, invalid or expired token", body = Problem),
))]
#[get("/auth/me")]
pub async fn me(Authenticated(principal): Authenticated) -> web::Json<Me> {
    web::Json(principal.me())
}
