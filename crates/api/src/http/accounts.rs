//! A citizen's sign-up and its confirmation, password reset and change.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use civis_domain::wire::{
    LinkToken, PasswordChange, PasswordResetCompletion, PasswordResetDone, PasswordResetRequest, SignUpRequest,
    TokenPair,
};

use super::client::ClientAddr;
use super::extract::Authenticated;
use super::json::Json;
use super::{session, valid};
use crate::auth::password;
use crate::error::{ApiError, Problem};
use crate::service::accounts as svc;
use crate::state::State;

/// Opens a citizen account: a confirmation link goes to the address, and the account works
/// once it is followed. The answer is the same when the address already has an account
/// (that address gets an email saying so instead).
#[utoipa::path(tag = "auth", request_body = SignUpRequest, responses(
    (status = 202, description = "A confirmation link was sent to the address (or a note that it has an account)"),
    (status = 422, description = "Invalid fields (a password too short, common or like the address)", body = Problem),
    (status = 429, description = "Too many sign-ups from this address; see Retry-After", body = Problem),
))]
#[post("/auth/citizen/sign-up")]
pub async fn citizen_sign_up(
    state: State,
    client: ClientAddr,
    body: Json<SignUpRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    // The client's limit first: a client past it costs no hashing.
    let (st, who) = (state.clone(), client.0.clone());
    state.db.run(move |conn| svc::sign_up_allowed(conn, &st, &who)).await?;
    let hash = password::hash_new(&state.hashers, &client.0, "password", &body.password, &body.email).await?;
    let st = state.clone();
    state.db.run(move |conn| svc::sign_up(conn, &st, &body, &hash)).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Confirms a citizen's address from the link emailed at sign-up, and signs in.
#[utoipa::path(tag = "auth", request_body = LinkToken, responses(
    (status = 200, description = "Confirmed and signed in", body = TokenPair),
    (status = 422, description = "`link_invalid`: unknown, used or expired link", body = Problem),
))]
#[post("/auth/citizen/confirm")]
pub async fn confirm(state: State, req: HttpRequest, body: Json<LinkToken>) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let st = state.clone();
    let pair = state.db.run(move |conn| svc::confirm(conn, &st, &body.token)).await?;
    Ok(session::reply(&req, &state, StatusCode::OK, pair))
}

/// Sends a single-use reset link (30 minutes) when the address has an account of this
/// kind; the answer is the same when it has none.
#[utoipa::path(tag = "auth", request_body = PasswordResetRequest, responses(
    (status = 202, description = "If the address has an account, a link is on its way"),
    (status = 429, description = "Too many requests from this client or for this address; see Retry-After", body = Problem),
))]
#[post("/auth/password-reset")]
pub async fn request_reset(
    state: State,
    client: ClientAddr,
    body: Json<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let st = state.clone();
    state.db.run(move |conn| svc::request_reset(conn, &st, body.kind, &body.email, &client.0)).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Sets a new password from a reset link; every sign-in of the account ends.
#[utoipa::path(tag = "auth", request_body = PasswordResetCompletion, responses(
    (status = 200, description = "Password set; sign in on this side", body = PasswordResetDone),
    (status = 422, description = "`link_invalid`, or a password the policy refuses", body = Problem),
))]
#[post("/auth/password-reset/complete")]
pub async fn complete_reset(
    state: State,
    client: ClientAddr,
    body: Json<PasswordResetCompletion>,
) -> Result<web::Json<PasswordResetDone>, ApiError> {
    let body = valid(body)?;
    let (st, token) = (state.clone(), body.token.clone());
    let (_, email) = state.db.run(move |conn| svc::reset_target(conn, &st, &token)).await?;
    let hash = password::hash_new(&state.hashers, &client.0, "password", &body.password, &email).await?;
    let st = state.clone();
    let kind = state.db.run(move |conn| svc::complete_reset(conn, &st, &body.token, &hash, &client.0)).await?;
    Ok(web::Json(PasswordResetDone { kind }))
}

/// Changes the signed-in account's password (the current one is required). Every other
/// sign-in ends; this one goes on with the tokens returned.
#[utoipa::path(tag = "auth", security(("bearer" = [])), request_body = PasswordChange, responses(
    (status = 200, description = "Changed; new tokens", body = TokenPair),
    (status = 401, description = "Missing, invalid or expired token", body = Problem),
    (status = 422, description = "Wrong current password, or a new one the policy refuses", body = Problem),
))]
#[post("/auth/password")]
pub async fn change_password(
    state: State,
    req: HttpRequest,
    Authenticated(me): Authenticated,
    client: ClientAddr,
    body: Json<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    svc::check_current(&state, me.id, &body.current_password, &client.0).await?;
    let hash = password::hash_new(&state.hashers, &client.0, "new_password", &body.new_password, &me.email).await?;
    let st = state.clone();
    let pair = state.db.run(move |conn| svc::change_password(conn, &st, me.id, &hash)).await?;
    Ok(session::reply(&req, &state, StatusCode::OK, pair))
}
