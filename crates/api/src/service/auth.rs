//! Sign-in, sign-up, refresh-token rotation and sign-out.

use chrono::{Duration, Utc};
use civis_domain::wire::{SignUpRequest, TokenPair, UserKind};
use diesel::prelude::*;

use crate::auth::{self, Principal, password, tokens};
use crate::db::users::{self, NewUserRow};
use crate::error::ApiError;
use crate::state::AppState;

/// Failed attempts allowed before sign-in is slowed down.
const FREE_ATTEMPTS: i32 = 5;
/// Longest wait imposed after repeated failures.
const MAX_LOCK_SECS: i64 = 15 * 60;

/// Wait imposed after `failed` consecutive failures: 30 s after the fifth, doubling after each.
fn lock_secs(failed: i32) -> Option<i64> {
    let over = failed - FREE_ATTEMPTS;
    (over >= 0).then(|| (30i64 << over.min(10)).min(MAX_LOCK_SECS))
}

/// Issues an access token and a new refresh token of `family`.
fn issue_pair(
    conn: &mut PgConnection,
    state: &AppState,
    principal: Principal,
    family: &str,
) -> Result<TokenPair, ApiError> {
    let refresh = tokens::generate();
    let ttl = Duration::from_std(state.settings.refresh_ttl).unwrap_or(Duration::days(30));
    users::insert_refresh(conn, principal.id, family, &tokens::digest(&refresh), Utc::now() + ttl)?;
    Ok(TokenPair {
        access_token: state.keys.issue(principal.id)?,
        refresh_token: refresh,
        token_type: "Bearer".into(),
        expires_in: state.keys.ttl_secs(),
        user: principal.me(),
    })
}

/// Checks a password and signs in; repeated failures on an account are slowed down (429).
pub fn sign_in(
    conn: &mut PgConnection,
    state: &AppState,
    kind: UserKind,
    email: &str,
    pw: &str,
) -> Result<TokenPair, ApiError> {
    let Some(user) = users::find_by_email(conn, email, kind.as_str())? else {
        password::verify_dummy(pw);
        return Err(ApiError::Unauthorized("invalid_credentials"));
    };
    let now = Utc::now();
    if let Some(until) = user.locked_until.filter(|u| *u > now) {
        let wait = (until - now).num_seconds().max(1);
        return Err(ApiError::TooManyRequests { retry_after_secs: u64::try_from(wait).unwrap_or(1) });
    }
    if !password::verify(pw, &user.password_hash) || !user.active {
        let failed = user.failed_logins.saturating_add(1);
        let until = lock_secs(failed).map(|s| now + Duration::seconds(s));
        users::record_failure(conn, user.id, failed, until)?;
        return Err(ApiError::Unauthorized("invalid_credentials"));
    }
    conn.transaction(|conn| {
        users::record_success(conn, user.id)?;
        let principal = auth::load_principal(conn, user.id)?.ok_or(ApiError::Unauthorized("invalid_credentials"))?;
        issue_pair(conn, state, principal, &tokens::family())
    })
}

/// Opens a citizen account and signs it in.
pub fn sign_up(conn: &mut PgConnection, state: &AppState, input: &SignUpRequest) -> Result<TokenPair, ApiError> {
    let hash = password::hash(&input.password)?;
    conn.transaction(|conn| {
        let email = input.email.trim().to_lowercase();
        if users::find_by_email(conn, &email, "citizen")?.is_some() {
            return Err(ApiError::Conflict("email_taken"));
        }
        let id = users::insert(
            conn,
            &NewUserRow {
                email: &email,
                password_hash: &hash,
                first_name: input.first_name.trim(),
                last_name: input.last_name.trim(),
                phone: input.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()),
                language: input.language.as_str(),
                kind: "citizen",
                platform_admin: false,
            },
        )
        .map_err(|e| match ApiError::from(e) {
            ApiError::Conflict(_) => ApiError::Conflict("email_taken"),
            other => other,
        })?;
        let principal = auth::load_principal(conn, id)?.ok_or_else(|| ApiError::internal("new user vanished"))?;
        issue_pair(conn, state, principal, &tokens::family())
    })
}

/// Trades a refresh token for a new pair. Each token works once: presenting a spent token
/// again means it was stolen or replayed, and the whole sign-in is revoked.
pub fn refresh(conn: &mut PgConnection, state: &AppState, token: &str) -> Result<TokenPair, ApiError> {
    // The outer result commits (a reuse must stay revoked); the inner one is the answer.
    conn.transaction(|conn| -> Result<Result<TokenPair, ApiError>, ApiError> {
        let invalid = Err(ApiError::Unauthorized("invalid_refresh_token"));
        let Some(row) = users::refresh_for_update(conn, &tokens::digest(token))? else { return Ok(invalid) };
        if row.revoked_at.is_some() || row.expires_at <= Utc::now() {
            return Ok(invalid);
        }
        if row.used_at.is_some() {
            tracing::warn!(user_id = row.user_id, "refresh token reused; revoking its family");
            users::revoke_family(conn, &row.family)?;
            return Ok(invalid);
        }
        users::mark_refresh_used(conn, row.id)?;
        let Some(principal) = auth::load_principal(conn, row.user_id)? else { return Ok(invalid) };
        issue_pair(conn, state, principal, &row.family).map(Ok)
    })?
}

/// Revokes the sign-in a refresh token belongs to. Unknown tokens are ignored.
pub fn sign_out(conn: &mut PgConnection, token: &str) -> Result<(), ApiError> {
    conn.transaction(|conn| {
        if let Some(row) = users::refresh_for_update(conn, &tokens::digest(token))? {
            users::revoke_family(conn, &row.family)?;
        }
        Ok(())
    })
}
