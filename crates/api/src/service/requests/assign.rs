//! Assigning a request to a person of its department (or taking it back), recorded in the
//! history and emailed to the person.

use civis_domain::wire::{AssignInput, RequestDetail};
use diesel::prelude::*;

use super::full_name;
use super::locked::{bump, first_town_action, lock, reload};
use crate::auth::Principal;
use crate::db::request_edits as edits;
use crate::db::requests::{self as db, Change, RequestRow};
use crate::db::users;
use crate::error::ApiError;
use crate::service::notify;

fn name_of(conn: &mut PgConnection, user: Option<i64>) -> Result<Option<String>, ApiError> {
    Ok(match user {
        Some(u) => users::find(conn, u)?.map(|x| full_name(&x.first_name, &x.last_name)),
        None => None,
    })
}

/// The history row of an assignment taken back (the department changed).
pub(super) fn record_unassigned(
    conn: &mut PgConnection,
    p: &Principal,
    row: &RequestRow,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    let old = name_of(conn, row.assignee_user_id)?;
    let change = Change { field: "assignee", old: old.as_deref(), new: None, reason };
    db::add_history(conn, row.municipality_id, row.id, Some(p.id), change)?;
    Ok(())
}

/// Assigns the request to a person of its department (`user_id`), or to no one. Town
/// staff only; the person hears of it by email.
pub fn assign(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    id: i64,
    version: super::locked::IfMatch,
    input: &AssignInput,
) -> Result<RequestDetail, ApiError> {
    conn.transaction(|conn| {
        let (roles, row) = lock(conn, p, town, id, version)?;
        if !roles.is_town_staff() {
            return Err(ApiError::Forbidden);
        }
        let members = match row.department_id {
            Some(d) => users::department_members(conn, town, d)?,
            None => vec![],
        };
        let to = match input.user_id {
            Some(u) => Some(
                members
                    .into_iter()
                    .find(|m| m.id == u)
                    .ok_or_else(|| ApiError::field("user_id", "assignee_not_in_department"))?,
            ),
            None => None,
        };
        if to.as_ref().map(|m| m.id) == row.assignee_user_id {
            return reload(conn, p, &roles, town, id);
        }
        edits::set_assignee(conn, id, to.as_ref().map(|m| m.id))?;
        let old = name_of(conn, row.assignee_user_id)?;
        let new = to.as_ref().map(|m| full_name(&m.first_name, &m.last_name));
        let reason = input.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
        let change = Change { field: "assignee", old: old.as_deref(), new: new.as_deref(), reason };
        db::add_history(conn, town, id, Some(p.id), change)?;
        if let Some(m) = &to {
            notify::assigned_to(conn, id, &m.email, &m.language, row.version)?;
        }
        first_town_action(conn, p, &roles, &row)?;
        bump(conn, id)?;
        reload(conn, p, &roles, town, id)
    })
}

/// The people of the request's department a request of that department may go to.
pub fn members(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    department: i64,
) -> Result<Vec<civis_domain::wire::Assignee>, ApiError> {
    super::reader_roles(p, town)?;
    Ok(users::department_members(conn, town, department)?
        .into_iter()
        .map(|m| civis_domain::wire::Assignee { id: m.id, name: full_name(&m.first_name, &m.last_name) })
        .collect())
}
