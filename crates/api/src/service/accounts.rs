//! Accounts' own flows: a citizen's sign-up confirmed by email, password reset by a
//! single-use link, password change. Sign-up and reset answer the same whether or not the
//! address has an account; what differs goes to the address itself, by email.

use chrono::Duration;
use civis_domain::wire::{SignUpRequest, TokenPair, UserKind};
use diesel::prelude::*;

use super::sessions::new_session;
use crate::auth::{password, tokens};
use crate::db::{accounts, users};
use crate::error::ApiError;
use crate::limits::{RESET_CLIENT, RESET_EMAIL, SIGN_IN_ACCOUNT_CLIENT, SIGN_IN_CLIENT, SIGN_UP_CLIENT};
use crate::outbox::account_mail::AccountMail;
use crate::outbox::mail::payload_of;
use crate::reply::hmac_hex;
use crate::secrets::Purpose;
use crate::service::notify::{Kind, enqueue_account};
use crate::state::AppState;

const CONFIRMATION: &str = "email_confirmation";
const RESET: &str = "password_reset";

/// The stored form of a link's token: an HMAC under the key of its purpose.
fn digest(state: &AppState, purpose: &str, token: &str) -> Vec<u8> {
    let key =
        state.settings.secret.key(if purpose == RESET { Purpose::PasswordReset } else { Purpose::EmailConfirmation });
    hmac_hex(key.bytes(), token).into_bytes()
}

/// A new single-use link for an account, written with its email.
fn send_link(
    conn: &mut PgConnection,
    state: &AppState,
    user: &users::UserRow,
    purpose: &str,
    kind: Kind,
) -> Result<(), ApiError> {
    let token = tokens::generate();
    let life = if purpose == RESET { Duration::minutes(30) } else { Duration::hours(24) };
    let stored = digest(state, purpose, &token);
    accounts::insert_token(conn, user.id, purpose, &stored, crate::clock::now() + life)?;
    let base = &state.settings.public_url;
    let link = if purpose == RESET {
        format!("{base}/mot-de-passe#{token}")
    } else {
        format!("{base}/compte/confirmer#{token}")
    };
    let payload = payload_of(&AccountMail { first_name: user.first_name.clone(), link: Some(link) });
    // The dedup key outlives the sending (the payload's link does not): it names the
    // token by its stored digest, never the token itself.
    let dedup = format!("{}:{}", user.id, String::from_utf8_lossy(&stored));
    enqueue_account(conn, kind, &user.email, user.language.as_str(), &payload, &dedup)?;
    Ok(())
}

/// Counts a sign-up from this client, refusing it (429) past the limit: called before the
/// password is hashed, so a client over its limit costs no hashing.
pub fn sign_up_allowed(conn: &mut PgConnection, state: &AppState, client: &str) -> Result<(), ApiError> {
    state.limits.hit(conn, &SIGN_UP_CLIENT, client)
}

/// Opens a citizen account, or says by email that the address already has one. The
/// client was counted (`sign_up_allowed`) and the password checked and hashed beforehand
/// (`password::hash_new`). The account works once its address is confirmed; a second
/// sign-up before then replaces the first.
pub fn sign_up(conn: &mut PgConnection, state: &AppState, input: &SignUpRequest, hash: &str) -> Result<(), ApiError> {
    let email = input.email.trim().to_lowercase();
    let row = users::NewUserRow {
        email: &email,
        password_hash: hash,
        first_name: input.first_name.trim(),
        last_name: input.last_name.trim(),
        phone: input.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()),
        language: input.language.as_str(),
        kind: "citizen",
        platform_admin: false,
        email_confirmed_at: None,
    };
    conn.transaction(|conn| {
        let existing = users::find_by_email(conn, &email, "citizen")?;
        let user = match existing {
            Some(u) if u.email_confirmed_at.is_some() => {
                // At most one such email an hour: the dedup key names the hour.
                let hour = crate::clock::now().format("%Y%m%d%H");
                let link = format!("{}/mot-de-passe/oublie", state.settings.public_url);
                let payload = payload_of(&AccountMail { first_name: u.first_name.clone(), link: Some(link) });
                enqueue_account(
                    conn,
                    Kind::AccountExists,
                    &u.email,
                    u.language.as_str(),
                    &payload,
                    &format!("{}:{hour}", u.id),
                )?;
                return Ok(());
            }
            Some(u) => {
                // A sign-up again replaces the unconfirmed one: the links sent for the
                // first are spent, or whoever signed up first could still confirm the
                // account under the second one's password (pre-account takeover).
                accounts::replace_unconfirmed(conn, u.id, &row)?;
                accounts::use_tokens(conn, u.id, CONFIRMATION)?;
                users::find(conn, u.id)?.ok_or(ApiError::NotFound)?
            }
            None => {
                let id = users::insert(conn, &row)?;
                users::find(conn, id)?.ok_or(ApiError::NotFound)?
            }
        };
        send_link(conn, state, &user, CONFIRMATION, Kind::AccountConfirmation)
    })
}

/// Sends a new confirmation link to an unconfirmed account (its owner signed in with the
/// right password); at most one an hour.
pub fn resend_confirmation(conn: &mut PgConnection, state: &AppState, user: &users::UserRow) -> Result<(), ApiError> {
    if accounts::links_since(conn, user.id, CONFIRMATION, crate::clock::now() - Duration::hours(1))? == 0 {
        send_link(conn, state, user, CONFIRMATION, Kind::AccountConfirmation)
    } else {
        Ok(())
    }
}

/// Confirms an address from its link and signs the account in.
pub fn confirm(conn: &mut PgConnection, state: &AppState, token: &str) -> Result<TokenPair, ApiError> {
    conn.transaction(|conn| {
        let row = accounts::live_token(conn, CONFIRMATION, &digest(state, CONFIRMATION, token))?
            .ok_or(ApiError::Rule("link_invalid"))?;
        accounts::use_tokens(conn, row.user_id, CONFIRMATION)?;
        accounts::confirm_email(conn, row.user_id)?;
        new_session(conn, state, row.user_id)
    })
}

/// Sends a reset link when the address has an account of this kind; answers the same
/// when it has none.
pub fn request_reset(
    conn: &mut PgConnection,
    state: &AppState,
    kind: UserKind,
    email: &str,
    client: &str,
) -> Result<(), ApiError> {
    state.limits.hit(conn, &RESET_CLIENT, client)?;
    state.limits.hit(conn, &RESET_EMAIL, email)?;
    match users::find_by_email(conn, email, kind.as_str())? {
        Some(u) if u.active => conn.transaction(|conn| send_link(conn, state, &u, RESET, Kind::PasswordReset)),
        _ => Ok(()),
    }
}

/// The account a reset link is for: (user id, email), or `link_invalid`.
pub fn reset_target(conn: &mut PgConnection, state: &AppState, token: &str) -> Result<(i64, String), ApiError> {
    accounts::live_token(conn, RESET, &digest(state, RESET, token))?
        .map(|r| (r.user_id, r.email))
        .ok_or(ApiError::Rule("link_invalid"))
}

/// Sets the new password of a reset link (the link is spent, every sign-in of the account
/// ends, the address counts as confirmed) and tells the account by email.
pub fn complete_reset(
    conn: &mut PgConnection,
    state: &AppState,
    token: &str,
    hash: &str,
    client: &str,
) -> Result<UserKind, ApiError> {
    conn.transaction(|conn| {
        let row =
            accounts::live_token(conn, RESET, &digest(state, RESET, token))?.ok_or(ApiError::Rule("link_invalid"))?;
        // The owner, back with a new password, is no longer a guesser on this client.
        if let Some(user) = users::find(conn, row.user_id)? {
            state.limits.clear(conn, &SIGN_IN_ACCOUNT_CLIENT, &format!("{}|{client}", user.email))?;
        }
        accounts::use_tokens(conn, row.user_id, RESET)?;
        accounts::set_password(conn, row.user_id, hash)?;
        accounts::confirm_email(conn, row.user_id)?;
        accounts::revoke_all(conn, row.user_id)?;
        notify_changed(conn, row.user_id)?;
        Ok(row.kind)
    })
}

/// Tells an account that someone is guessing its password (`SIGN_IN_ACCOUNT_NOTICE`
/// failures in its window): the account is not locked, so its owner is told instead.
pub fn notify_guessing(conn: &mut PgConnection, user: &users::UserRow) -> Result<(), ApiError> {
    notice(conn, user, Kind::SignInAttempts)
}

/// Tells an account that a town administrator reset its second factor.
pub fn notify_reset(conn: &mut PgConnection, user: &users::UserRow) -> Result<(), ApiError> {
    notice(conn, user, Kind::SecondFactorReset)
}

fn notify_changed(conn: &mut PgConnection, user_id: i64) -> Result<(), ApiError> {
    let user = users::find(conn, user_id)?.ok_or(ApiError::NotFound)?;
    notice(conn, &user, Kind::PasswordChanged)
}

/// An account email without a link, once per moment.
fn notice(conn: &mut PgConnection, user: &users::UserRow, kind: Kind) -> Result<(), ApiError> {
    let payload = payload_of(&AccountMail { first_name: user.first_name.clone(), link: None });
    let dedup = format!("{}:{}", user.id, crate::clock::now().timestamp_micros());
    enqueue_account(conn, kind, &user.email, user.language.as_str(), &payload, &dedup)?;
    Ok(())
}

/// Whether `current` is the account's password (checked off the connections); a wrong
/// one counts as a failed sign-in of the client.
pub async fn check_current(
    state: &actix_web::web::Data<AppState>,
    user_id: i64,
    current: &str,
    client: &str,
) -> Result<(), ApiError> {
    let stored = state.db.run(move |conn| Ok(accounts::password_hash(conn, user_id)?)).await?;
    let stored = stored.ok_or(ApiError::Unauthorized("unauthorized"))?;
    let current = current.to_string();
    if state.hashers.run(client, move || password::verify(&current, &stored)).await? {
        return Ok(());
    }
    let (st, client) = (state.clone(), client.to_string());
    state.db.run(move |conn| st.limits.fail(conn, &SIGN_IN_CLIENT, &client)).await?;
    Err(ApiError::field("current_password", "password_wrong"))
}

/// Sets a new password chosen by the signed-in account: every sign-in ends, and this one
/// goes on with the pair returned.
pub fn change_password(
    conn: &mut PgConnection,
    state: &AppState,
    user_id: i64,
    hash: &str,
) -> Result<TokenPair, ApiError> {
    conn.transaction(|conn| {
        accounts::set_password(conn, user_id, hash)?;
        accounts::revoke_all(conn, user_id)?;
        notify_changed(conn, user_id)?;
        new_session(conn, state, user_id)
    })
}
