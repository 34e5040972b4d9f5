//! Sign-in, refresh-token rotation and sign-out. A password is checked off the database
//! connections by the bounded hashers (`password::Hashers`): a burst of sign-ins waits for
//! them, or is refused at once, while every other route keeps its connections.

use civis_domain::wire::{TokenPair, UserKind};
use diesel::prelude::*;

use crate::auth::{self, password, tokens};
use crate::db::users::{self, UserRow};
use crate::error::ApiError;
use crate::limits::{Limit, SIGN_IN_ACCOUNT_CLIENT, SIGN_IN_ACCOUNT_NOTICE, SIGN_IN_CLIENT, SIGN_IN_PASSWORD};
use crate::state::AppState;

use super::second_factor::{self, Check};
use super::sessions::{issue_pair, new_session};

/// How long a spent cookie token may still be renewed (tabs renewing at once).
const CONCURRENT_SECS: i64 = 10;

/// An email and a password from a client address.
#[derive(Clone)]
pub struct Attempt {
    pub kind: UserKind,
    pub email: String,
    pub password: String,
    /// The second factor's code, for an account that has one.
    pub code: Option<String>,
    pub client: String,
}

impl Attempt {
    /// The limits an attempt takes a place in before its password is checked: the client,
    /// the password (one password tried on many accounts) and the account from this
    /// client. None is the account alone: a stranger cannot lock its owner out.
    fn places(&self) -> Vec<(Limit, String)> {
        let account = format!("{}|{}", self.email.trim().to_lowercase(), self.client);
        vec![
            (SIGN_IN_CLIENT, self.client.clone()),
            (SIGN_IN_PASSWORD, self.password.clone()),
            (SIGN_IN_ACCOUNT_CLIENT, account),
        ]
    }
}

/// Checks a password and signs in. The attempt takes its places in the limits first
/// (atomically, so a burst sent at once gets no more guesses than the limits allow),
/// then waits for a hasher (503 at once when they are full) holding no connection; a
/// success gives its places back, a failure keeps them. An account guessed at from
/// anywhere is never locked: its owner is told by email (`SIGN_IN_ACCOUNT_NOTICE`).
pub async fn sign_in(state: &actix_web::web::Data<AppState>, attempt: Attempt) -> Result<TokenPair, ApiError> {
    let (st, a) = (state.clone(), attempt.clone());
    let user: Option<UserRow> = state
        .db
        .run(move |conn| {
            st.limits.take(conn, &a.places())?;
            Ok(users::find_by_email(conn, &a.email, a.kind.as_str())?)
        })
        .await?;
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let pw = attempt.password.clone();
    let checked = state
        .hashers
        .run(&attempt.client, move || match stored {
            Some(h) => password::verify(&pw, &h),
            None => {
                password::verify_dummy(&pw);
                false
            }
        })
        .await;
    let st = state.clone();
    match checked {
        Ok(matches) => state.db.run(move |conn| finish_sign_in(conn, &st, &attempt, user, matches)).await,
        Err(busy) => {
            state.db.run(move |conn| st.limits.give_back(conn, &attempt.places())).await?;
            Err(busy)
        }
    }
}

fn finish_sign_in(
    conn: &mut PgConnection,
    state: &AppState,
    attempt: &Attempt,
    user: Option<UserRow>,
    matches: bool,
) -> Result<TokenPair, ApiError> {
    let Some(user) = user.filter(|u| u.active) else {
        return Err(ApiError::Unauthorized("invalid_credentials"));
    };
    if !matches {
        return Err(guessed(conn, state, &user, "invalid_credentials"));
    }
    if user.email_confirmed_at.is_none() {
        state.limits.give_back(conn, &attempt.places())?;
        crate::service::accounts::resend_confirmation(conn, state, &user)?;
        return Err(ApiError::Rule("email_not_confirmed"));
    }
    match second_factor::check(conn, state, &user, attempt.code.as_deref())? {
        // The password was right: the web app asks for the code and sends both again.
        Check::Missing => {
            state.limits.give_back(conn, &attempt.places())?;
            return Err(ApiError::Unauthorized("second_factor_required"));
        }
        Check::Invalid => return Err(guessed(conn, state, &user, "second_factor_invalid")),
        Check::NotEnrolled | Check::Valid => {}
    }
    state.limits.give_back(conn, &attempt.places())?;
    conn.transaction(|conn| new_session(conn, state, user.id))
}

/// A wrong password or code: its places in the limits stay taken, and the owner is told
/// when the account's failures reach the notice's count.
fn guessed(conn: &mut PgConnection, state: &AppState, user: &UserRow, code: &'static str) -> ApiError {
    let noticed = state.limits.reaches(conn, &SIGN_IN_ACCOUNT_NOTICE, &user.email);
    match noticed
        .and_then(|reached| if reached { crate::service::accounts::notify_guessing(conn, user) } else { Ok(()) })
    {
        Ok(()) => ApiError::Unauthorized(code),
        Err(e) => e,
    }
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
