//! A signed-in session: an access token and a refresh token of one family, ending with
//! the sign-in. Signing in, confirming an address and resetting a password each open one.

use chrono::{Duration, Utc};
use civis_domain::wire::TokenPair;
use diesel::prelude::*;

use crate::auth::{self, Principal, tokens};
use crate::db::users::{self, RefreshLife};
use crate::error::ApiError;
use crate::state::AppState;

/// Issues an access token and a new refresh token of `family`, ending with its sign-in at
/// `session_ends`.
pub(crate) fn issue_pair(
    conn: &mut PgConnection,
    state: &AppState,
    principal: Principal,
    family: &str,
    session_ends: chrono::DateTime<Utc>,
) -> Result<TokenPair, ApiError> {
    let refresh = tokens::generate();
    let idle = Duration::from_std(state.settings.refresh_ttl).unwrap_or(Duration::minutes(30));
    let life = RefreshLife { expires: crate::clock::now() + idle, session_ends };
    users::insert_refresh(conn, principal.id, family, &tokens::digest(&refresh), &life)?;
    Ok(TokenPair {
        access_token: state.keys.issue(principal.id)?,
        refresh_token: refresh,
        token_type: "Bearer".into(),
        expires_in: state.keys.ttl_secs(),
        user: principal.with_platform_rule(&state.settings).me(),
    })
}

/// A new sign-in for an account (a new family of refresh tokens).
pub(crate) fn new_session(conn: &mut PgConnection, state: &AppState, user_id: i64) -> Result<TokenPair, ApiError> {
    let principal = auth::load_principal(conn, user_id)?.ok_or(ApiError::Unauthorized("invalid_credentials"))?;
    let max = Duration::from_std(state.settings.session_max).unwrap_or(Duration::hours(12));
    issue_pair(conn, state, principal, &tokens::family(), crate::clock::now() + max)
}
