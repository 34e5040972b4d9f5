//! Two-factor sign-in for staff: enrolment (a secret shown once as a QR code, confirmed
//! by a first code, which gives ten recovery codes), the check at sign-in, and a town
//! administrator's reset of a lost device (kept in `security_events`, the owner told).

use civis_domain::wire::{RecoveryCodes, SecondFactorEnrolment};
use diesel::prelude::*;

use crate::auth::Principal;
use crate::auth::second_factor as factor;
use crate::db::second_factor as db;
use crate::db::users;
use crate::error::ApiError;
use crate::state::AppState;

/// A new secret for the signed-in account, to confirm with `confirm`. Starting again
/// replaces an unconfirmed secret; a confirmed one stays until a reset (409).
pub fn enrol(conn: &mut PgConnection, state: &AppState, me: &Principal) -> Result<SecondFactorEnrolment, ApiError> {
    if me.kind != civis_domain::wire::UserKind::Staff {
        return Err(ApiError::Forbidden);
    }
    let plain = factor::new_secret();
    let sealed = factor::seal(&state.settings.secret, me.id, &plain)?;
    if !db::put_pending(conn, me.id, &sealed)? {
        return Err(ApiError::Conflict("second_factor_enrolled"));
    }
    let totp = factor::totp(plain, &me.email)?;
    let png = totp.get_qr_base64().map_err(|e| ApiError::internal(format!("qr: {e}")))?;
    Ok(SecondFactorEnrolment {
        secret: totp.get_secret_base32(),
        otpauth_url: totp.get_url(),
        qr_png: format!("data:image/png;base64,{png}"),
    })
}

/// Confirms enrolment with a first code from the authenticator; answers the ten recovery
/// codes (shown once, stored as HMACs).
pub fn confirm(
    conn: &mut PgConnection,
    state: &AppState,
    me: &Principal,
    code: &str,
) -> Result<RecoveryCodes, ApiError> {
    conn.transaction(|conn| {
        let invalid = || ApiError::field("code", "second_factor_invalid");
        let row = db::find(conn, me.id)?.filter(|r| r.confirmed_at.is_none()).ok_or_else(invalid)?;
        let totp = factor::totp(factor::open(&state.settings.secret, me.id, &row.sealed)?, &me.email)?;
        let step = factor::matching_step(&totp, code.trim(), now_secs()).ok_or_else(invalid)?;
        if !db::accept_step(conn, me.id, step)? {
            return Err(invalid());
        }
        let codes = factor::new_recovery_codes();
        let digests: Vec<String> = codes.iter().map(|c| factor::recovery_digest(&state.settings.secret, c)).collect();
        db::confirm(conn, me.id, &digests)?;
        Ok(RecoveryCodes { codes })
    })
}

fn now_secs() -> u64 {
    u64::try_from(crate::clock::now().timestamp()).unwrap_or(0)
}

/// What a sign-in's code says for an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The account has no second factor: the password was enough.
    NotEnrolled,
    /// The account has one and no code came.
    Missing,
    /// A current authenticator code (not used before) or an unused recovery code.
    Valid,
    Invalid,
}

/// Checks a sign-in's code. A code works once: an authenticator's step is accepted only
/// past the last one, a recovery code is spent.
pub fn check(
    conn: &mut PgConnection,
    state: &AppState,
    user: &users::UserRow,
    code: Option<&str>,
) -> Result<Check, ApiError> {
    let Some(row) = db::find(conn, user.id)?.filter(|r| r.confirmed_at.is_some()) else {
        return Ok(Check::NotEnrolled);
    };
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else { return Ok(Check::Missing) };
    let valid = if factor::is_totp(code) {
        let totp = factor::totp(factor::open(&state.settings.secret, user.id, &row.sealed)?, &user.email)?;
        match factor::matching_step(&totp, code, now_secs()) {
            Some(step) => db::accept_step(conn, user.id, step)?,
            None => false,
        }
    } else {
        db::spend_recovery(conn, user.id, &factor::recovery_digest(&state.settings.secret, code))?
    };
    Ok(if valid { Check::Valid } else { Check::Invalid })
}

/// A town administrator (or the platform's) resets a staff member's second factor after a
/// lost device: the member enrols again at next sign-in. Only for an account with a role
/// in the town; a platform administrator's only by the platform. Logged; the owner is told.
pub fn reset(conn: &mut PgConnection, town: i64, by: &Principal, id: i64) -> Result<(), ApiError> {
    conn.transaction(|conn| {
        if !users::grants_of(conn, id)?.iter().any(|g| g.municipality_id == town) {
            return Err(ApiError::NotFound);
        }
        let user = users::find(conn, id)?.ok_or(ApiError::NotFound)?;
        if user.platform_admin && !by.platform_admin {
            return Err(ApiError::Forbidden);
        }
        if !db::remove(conn, id)? {
            return Err(ApiError::NotFound);
        }
        db::log_reset(conn, Some(town), by.id, id)?;
        crate::service::accounts::notify_reset(conn, &user)
    })
}

/// `civis admin reset-second-factor`: the operator, from the server's shell, resets any
/// staff account's second factor (a platform administrator's has no town to be reset in).
/// Logged as done by the account itself, with no town; the owner is told.
pub fn reset_from_shell(conn: &mut PgConnection, email: &str) -> Result<(), ApiError> {
    conn.transaction(|conn| {
        let user = users::find_by_email(conn, email, "staff")?.ok_or(ApiError::NotFound)?;
        if !db::remove(conn, user.id)? {
            return Err(ApiError::NotFound);
        }
        db::log_reset(conn, None, user.id, user.id)?;
        crate::service::accounts::notify_reset(conn, &user)
    })
}
