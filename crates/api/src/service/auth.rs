//! Sign-in, refresh-token rotation and sign-out. A password is checked off the database
//! connections (`password::off_thread`): a burst of sign-ins queues for the hashers while
//! every other route keeps its connections.

use civis_domain::wire::{TokenPair, UserKind};
use diesel::prelude::*;

use crate::auth::{self, password, tokens};
use crate::db::users::{self, UserRow};
use crate::error::ApiError;
use crate::limits::{SIGN_IN_CLIENT, SIGN_IN_PASSWORD};
use crate::state::AppState;

use super::sessions::{issue_pair, new_session};

/// Failed attempts allowed before an account is locked for a while.
const FREE_ATTEMPTS: i32 = 5;
/// Longest lock imposed after repeated failures.
const MAX_LOCK_SECS: i64 = 15 * 60;
/// How long a spent cookie token may still be renewed (tabs renewing at once).
const CONCURRENT_SECS: i64 = 10;

/// An email and a password from a client address.
#[derive(Clone)]
pub struct Attempt {
    pub kind: UserKind,
    pub email: String,
    pub password: String,
    pub client: String,
}

/// Checks a password and signs in. Failures count against the client address, the
/// password (one password tried on many accounts) and the account; a locked account
/// answers like a wrong password, so a lock says nothing of the account either.
pub async fn sign_in(state: &actix_web::web::Data<AppState>, attempt: Attempt) -> Result<TokenPair, ApiError> {
    let (st, a) = (state.clone(), attempt.clone());
    let user: Option<UserRow> = state
        .db
        .run(move |conn| {
            st.limits.check(conn, &SIGN_IN_CLIENT, &a.client)?;
            st.limits.check(conn, &SIGN_IN_PASSWORD, &a.password)?;
            Ok(users::find_by_email(conn, &a.email, a.kind.as_str())?)
        })
        .await?;
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let pw = attempt.password.clone();
    let matches = password::off_thread(move || match stored {
        Some(h) => password::verify(&pw, &h),
        None => {
            password::verify_dummy(&pw);
            false
        }
    })
    .await?;
    let st = state.clone();
    state.db.run(move |conn| finish_sign_in(conn, &st, &attempt, user, matches)).await
}

fn finish_sign_in(
    conn: &mut PgConnection,
    state: &AppState,
    attempt: &Attempt,
    user: Option<UserRow>,
    matches: bool,
) -> Result<TokenPair, ApiError> {
    let locked = user.as_ref().and_then(|u| u.locked_until).is_some_and(|until| until > crate::clock::now());
    let known = user.as_ref().map(|u| u.id);
    let Some(user) = user.filter(|u| matches && u.active && !locked) else {
        state.limits.fail(conn, &SIGN_IN_CLIENT, &attempt.client)?;
        state.limits.fail(conn, &SIGN_IN_PASSWORD, &attempt.password)?;
        if let Some(id) = known {
            users::record_failure(conn, id, FREE_ATTEMPTS, MAX_LOCK_SECS)?;
        }
        return Err(ApiError::Unauthorized("invalid_credentials"));
    };
    if user.email_confirmed_at.is_none() {
        crate::service::accounts::resend_confirmation(conn, state, &user)?;
        return Err(ApiError::Rule("email_not_confirmed"));
    }
    conn.transaction(|conn| {
        users::record_success(conn, user.id)?;
        new_session(conn, state, user.id)
    })
}

/// Trades a refresh token for a new pair. Each token works once: presenting a spent token
/// again means it was stolen or replayed, and the whole sign-in is revoked. A sign-in
/// ends at its session's end however often it is refreshed. `concurrent_ok`: the token
/// came from the web app's HttpOnly cookie, which two tabs may present at once; a token
/// spent less than `CONCURRENT_SECS` ago is then renewed again rather than taken for a
/// theft (a script cannot read the cookie to replay it).
pub fn refresh(
    conn: &mut PgConnection,
    state: &AppState,
    token: &str,
    concurrent_ok: bool,
) -> Result<TokenPair, ApiError> {
    // The outer result commits (a reuse must stay revoked); the inner one is the answer.
    conn.transaction(|conn| -> Result<Result<TokenPair, ApiError>, ApiError> {
        let invalid = Err(ApiError::Unauthorized("invalid_refresh_token"));
        let Some(row) = users::refresh_for_update(conn, &tokens::digest(token))? else { return Ok(invalid) };
        let now = crate::clock::now();
        if row.revoked_at.is_some() || row.expires_at <= now || row.session_expires_at <= now {
            return Ok(invalid);
        }
        let just_spent = row.used_at.is_some_and(|u| (now - u).num_seconds() < CONCURRENT_SECS);
        if row.used_at.is_some() && !(concurrent_ok && just_spent) {
            tracing::warn!(user_id = row.user_id, "refresh token reused; revoking its family");
            users::revoke_family(conn, &row.family)?;
            return Ok(invalid);
        }
        users::mark_refresh_used(conn, row.id)?;
        let Some(principal) = auth::load_principal(conn, row.user_id)? else { return Ok(invalid) };
        issue_pair(conn, state, principal, &row.family, row.session_expires_at).map(Ok)
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
