//! A town administrator's departments.

use civis_domain::wire::{Department, DepartmentEmailConfirmed, DepartmentInput};
use diesel::prelude::*;

use crate::config::Settings;
use crate::db::departments::{self, DepartmentChange, DepartmentRow};
use crate::db::users;
use crate::error::ApiError;
use crate::outbox::account_mail::AccountMail;
use crate::outbox::mail::payload_of;
use crate::secrets::Purpose;
use crate::service::notify::{Kind, enqueue_account};

fn to_wire(r: DepartmentRow) -> Department {
    Department {
        id: r.id,
        code: r.code,
        name_fr: r.name_fr,
        name_en: r.name_en,
        responsible_user_id: r.responsible_user_id,
        notification_email: r.notification_email,
        notification_email_pending: r.email_pending,
        active: r.active,
    }
}

pub fn list(conn: &mut PgConnection, town: i64) -> Result<Vec<Department>, ApiError> {
    Ok(departments::list(conn, town)?.into_iter().map(to_wire).collect())
}

/// The responsible person must be staff of this same town.
fn check(conn: &mut PgConnection, town: i64, input: &DepartmentInput) -> Result<(), ApiError> {
    if let Some(uid) = input.responsible_user_id {
        let holds = users::grants_of(conn, uid)?.iter().any(|g| g.municipality_id == town);
        if !holds {
            return Err(ApiError::field("responsible_user_id", "invalid_reference"));
        }
    }
    Ok(())
}

fn change(input: &DepartmentInput) -> DepartmentChange<'_> {
    DepartmentChange {
        code: &input.code,
        name_fr: input.name_fr.trim(),
        name_en: input.name_en.trim(),
        responsible_user_id: input.responsible_user_id,
        active: input.active,
    }
}

fn code_taken(e: diesel::result::Error) -> ApiError {
    match ApiError::from(e) {
        ApiError::Conflict(_) => ApiError::Conflict("code_taken"),
        other => other,
    }
}

/// How a new notification address is taken.
#[derive(Clone, Copy)]
pub enum EmailCheck<'a> {
    /// A town administrator's: a link is sent to the address, which is used once followed.
    Confirm(&'a Settings),
    /// The demo's seed: its own addresses, used at once.
    Trusted,
}

pub fn create(
    conn: &mut PgConnection,
    town: i64,
    input: &DepartmentInput,
    email: EmailCheck,
) -> Result<Department, ApiError> {
    conn.transaction(|conn| {
        check(conn, town, input)?;
        let id = departments::insert(conn, town, &change(input)).map_err(code_taken)?;
        with_email(conn, town, id, input, email)
    })
}

pub fn replace(
    conn: &mut PgConnection,
    town: i64,
    id: i64,
    input: &DepartmentInput,
    email: EmailCheck,
) -> Result<Department, ApiError> {
    conn.transaction(|conn| {
        check(conn, town, input)?;
        if departments::update(conn, town, id, &change(input)).map_err(code_taken)? == 0 {
            return Err(ApiError::NotFound);
        }
        with_email(conn, town, id, input, email)
    })
}

/// Takes the address asked for (`take_email`) and answers the department as saved.
fn with_email(
    conn: &mut PgConnection,
    town: i64,
    id: i64,
    input: &DepartmentInput,
    email: EmailCheck,
) -> Result<Department, ApiError> {
    let row = departments::find(conn, town, id)?.ok_or(ApiError::NotFound)?;
    take_email(conn, town, &row, input.notification_email.as_deref(), email)?;
    departments::find(conn, town, id)?.map(to_wire).ok_or(ApiError::NotFound)
}

/// The address asked for: none removes it at once, the one in use stays, another waits for
/// its confirmation (a link to it, 7 days) unless trusted.
fn take_email(
    conn: &mut PgConnection,
    town: i64,
    row: &DepartmentRow,
    wanted: Option<&str>,
    check: EmailCheck,
) -> Result<(), ApiError> {
    let wanted = wanted.map(str::trim).filter(|w| !w.is_empty());
    let current = row.notification_email.as_deref();
    let same = |w: &str| current.is_some_and(|c| c.eq_ignore_ascii_case(w));
    let waiting = |w: &str| row.email_pending.as_deref().is_some_and(|p| p.eq_ignore_ascii_case(w));
    match (wanted, check) {
        (None, _) => Ok(departments::set_email(conn, row.id, Some(None), None)?),
        (Some(w), _) if same(w) => Ok(departments::set_email(conn, row.id, None, None)?),
        // Saved again while its link is on its way: that link stays the one.
        (Some(w), EmailCheck::Confirm(_)) if waiting(w) => Ok(()),
        (Some(w), EmailCheck::Trusted) => Ok(departments::set_email(conn, row.id, Some(Some(w)), None)?),
        (Some(w), EmailCheck::Confirm(settings)) => {
            let token = crate::auth::tokens::generate();
            let expires = crate::clock::now() + chrono::Duration::days(7);
            departments::set_email(conn, row.id, None, Some((w, &digest(settings, &token), expires)))?;
            let town_name = crate::db::towns::find(conn, town)?.map(|t| t.name).unwrap_or_default();
            let mail = AccountMail {
                first_name: format!("{} — {town_name}", row.name_fr),
                link: Some(format!("{}/service/confirmer#{token}", settings.public_url)),
            };
            let dedup = format!("department:{}:{}", row.id, &token[..12]);
            enqueue_account(conn, Kind::DepartmentEmail, w, "fr", &payload_of(&mail), &dedup)?;
            Ok(())
        }
    }
}

fn digest(settings: &Settings, token: &str) -> String {
    crate::reply::hmac_hex(settings.secret.key(Purpose::DepartmentEmail).bytes(), token)
}

/// Confirms a department's address from the link sent to it.
pub fn confirm_email(
    conn: &mut PgConnection,
    settings: &Settings,
    token: &str,
) -> Result<DepartmentEmailConfirmed, ApiError> {
    conn.transaction(|conn| {
        let row = departments::confirm_email(conn, &digest(settings, token))?.ok_or(ApiError::Rule("link_invalid"))?;
        let town = crate::db::towns::find(conn, row.municipality_id)?.ok_or(ApiError::NotFound)?;
        Ok(DepartmentEmailConfirmed {
            town_name: town.name,
            name_fr: row.name_fr,
            name_en: row.name_en,
            email: row.notification_email.unwrap_or_default(),
        })
    })
}
