//! A request held for a change: found and locked for the caller, its version checked, its
//! first town action, the version bump and the reload every change ends with.

use civis_domain::wire::RequestDetail;
use civis_domain::{Action, RoleSet, Status, TransitionError, transition as step};
use diesel::prelude::*;

use super::{detail_of, disclosed, reader_roles};
use crate::auth::Principal;
use crate::db::request_edits as edits;
use crate::db::requests::{self as db, Change, RequestRow};
use crate::error::ApiError;
use crate::service::notify;

/// Loads and locks a request the caller may read (404 otherwise), for a change.
pub(super) fn find_locked(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    id: i64,
) -> Result<(RoleSet, RequestRow), ApiError> {
    let roles = reader_roles(p, town)?;
    let row = db::find_for_update(conn, town, id)?.ok_or(ApiError::NotFound)?;
    if !disclosed(&roles, &row).request {
        return Err(ApiError::NotFound);
    }
    Ok((roles, row))
}

/// Whether these roles may still work this request: roles that work requests, and an
/// operator agent only until the transfer (the rule of its transitions).
pub(super) fn may_work(roles: &RoleSet, row: &RequestRow) -> Result<(), ApiError> {
    if roles.can_work_requests() && roles.may_work_at(row.status) { Ok(()) } else { Err(ApiError::Forbidden) }
}

/// `If-Match` as the client sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfMatch {
    Absent,
    /// `*`: whatever the current version (RFC 9110 §13.1.1).
    Any,
    Version(i32),
}

impl IfMatch {
    /// 412 when a version was named and the request is at another.
    pub(super) fn check(self, current: i32) -> Result<(), ApiError> {
        match self {
            Self::Version(v) if v != current => Err(ApiError::PreconditionFailed),
            _ => Ok(()),
        }
    }
}

/// Loads and locks a request the caller may change, checking its version when given.
pub(super) fn lock(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    id: i64,
    version: IfMatch,
) -> Result<(RoleSet, RequestRow), ApiError> {
    let (roles, row) = find_locked(conn, p, town, id)?;
    may_work(&roles, &row)?;
    version.check(row.version)?;
    Ok((roles, row))
}

/// The town's first action on a transferred request puts it in progress.
pub(super) fn first_town_action(
    conn: &mut PgConnection,
    p: &Principal,
    roles: &RoleSet,
    row: &RequestRow,
) -> Result<(), ApiError> {
    if row.status != Status::Transferred || !roles.is_town_staff() {
        return Ok(());
    }
    let role = roles.best_for(Action::FirstTownAction).ok_or(ApiError::Forbidden)?;
    let to = step(Status::Transferred, Action::FirstTownAction, role).map_err(transition_error)?;
    set_status(conn, p, row, to, None)
}

pub(super) fn set_status(
    conn: &mut PgConnection,
    p: &Principal,
    row: &RequestRow,
    to: Status,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    edits::set_status(conn, row.id, to)?;
    let change = Change { field: "status", old: Some(row.status.as_str()), new: Some(to.as_str()), reason };
    db::add_history(conn, row.municipality_id, row.id, Some(p.id), change)?;
    notify::status_changed(conn, row.id, row.status, to, row.version, reason)
}

pub(super) fn bump(conn: &mut PgConnection, id: i64) -> Result<(), ApiError> {
    edits::bump_version(conn, id)?;
    Ok(())
}

pub(super) fn transition_error(e: TransitionError) -> ApiError {
    match e {
        TransitionError::Forbidden => ApiError::Forbidden,
        TransitionError::InvalidFromStatus => ApiError::Conflict("transition_invalid"),
    }
}

pub(super) fn reload(
    conn: &mut PgConnection,
    p: &Principal,
    roles: &RoleSet,
    town: i64,
    id: i64,
) -> Result<RequestDetail, ApiError> {
    let row = db::find(conn, town, id)?.ok_or(ApiError::NotFound)?;
    detail_of(conn, p, roles, row)
}
