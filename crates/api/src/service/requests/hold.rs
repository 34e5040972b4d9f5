//! Waiting on the citizen: staff put a request on hold with a reason and an external
//! follow-up asking for what is missing (emailed with a reply address); its clock stops:
//! its due date is empty while it waits, so it leaves the overdue counts and lists. The
//! citizen's answer (a reply by email, information added on the portal) or staff resume it;
//! the due date comes back moved by the time held, in its rule's unit, and the rule keeps the
//! hold (the explanation says it). Access requests and complaints cannot wait: their delays
//! are the law's.

use civis_domain::RequestKind;
use civis_domain::wire::{FollowupKind, HoldInput, RequestDetail, RequesterMode};
use diesel::prelude::*;

use super::due::{basis_json, basis_or_filing, calendar_at};
use super::locked::{IfMatch, bump, first_town_action, lock, reload};
use crate::auth::Principal;
use crate::db::request_edits as edits;
use crate::db::requests::{self as db, Change, RequestRow};
use crate::error::ApiError;
use crate::service::notify;

/// Why a hold ended, as the history says it.
pub const CITIZEN_REPLY: &str = "citizen_reply";

/// Puts a request on hold until the citizen answers.
pub fn hold(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    id: i64,
    input: &HoldInput,
) -> Result<RequestDetail, ApiError> {
    conn.transaction(|conn| {
        let (roles, row) = lock(conn, p, town, id, IfMatch::Absent)?;
        if !roles.is_town_staff() {
            return Err(ApiError::Forbidden);
        }
        if row.status.is_closed() {
            return Err(ApiError::Conflict("request_closed"));
        }
        if row.kind.is_confidential() || row.kind == RequestKind::AccessToInformation {
            return Err(ApiError::Rule("hold_not_allowed"));
        }
        if row.requester_mode != RequesterMode::Identified {
            return Err(ApiError::field("message", "internal_no_requester"));
        }
        if row.waiting_since.is_some() {
            return Err(ApiError::Conflict("already_waiting"));
        }
        let (today, _) = db::town_today(conn, town)?;
        let (reason, message) = (input.reason.trim(), input.message.trim());
        let basis = basis_or_filing(conn, &row)?;
        edits::set_waiting(conn, id, Some((today, reason)), None, basis_json(basis.as_ref())?.as_ref())?;
        let since = today.to_string();
        let change = Change { field: "waiting", old: None, new: Some(&since), reason: Some(reason) };
        db::add_history(conn, town, id, Some(p.id), change)?;
        if let Some(due) = row.due_date.map(|d| d.to_string()) {
            let change = Change { field: "due_date", old: Some(&due), new: None, reason: Some("hold") };
            db::add_history(conn, town, id, Some(p.id), change)?;
        }
        let fid = db::add_followup(conn, town, id, FollowupKind::External.as_str(), message, Some(p.id))?;
        notify::followup(conn, id, fid, true, message)?;
        first_town_action(conn, p, &roles, &row)?;
        bump(conn, id)?;
        reload(conn, p, &roles, town, id)
    })
}

/// Staff resume a waiting request themselves (the citizen answered by phone, say).
pub fn resume(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    id: i64,
    reason: Option<&str>,
) -> Result<RequestDetail, ApiError> {
    conn.transaction(|conn| {
        let (roles, row) = lock(conn, p, town, id, IfMatch::Absent)?;
        if !roles.is_town_staff() {
            return Err(ApiError::Forbidden);
        }
        let reason = reason.map(str::trim).filter(|r| !r.is_empty()).unwrap_or("staff");
        if !resume_waiting(conn, &row, Some(p.id), reason)? {
            return Err(ApiError::Conflict("not_waiting"));
        }
        bump(conn, id)?;
        reload(conn, p, &roles, town, id)
    })
}

/// The citizen answered (by email or on the portal): a waiting request resumes.
pub(crate) fn on_citizen_answer(conn: &mut PgConnection, request: i64) -> Result<(), ApiError> {
    let Some(row) = db::find_any_for_update(conn, request)? else { return Ok(()) };
    resume_waiting(conn, &row, None, CITIZEN_REPLY).map(drop)
}

/// Ends the hold of a waiting request (false when it was not waiting): its due date moved
/// by the time held, and the history saying so.
fn resume_waiting(conn: &mut PgConnection, row: &RequestRow, actor: Option<i64>, why: &str) -> Result<bool, ApiError> {
    let Some(since) = row.waiting_since else { return Ok(false) };
    let town = row.municipality_id;
    let (cal, today) = calendar_at(conn, town, None)?;
    let mut basis = super::due::basis_of(row)?;
    if let Some(b) = basis.as_mut() {
        b.resume(since, today, &cal);
    }
    let due = basis.as_ref().map(|b| b.due(&cal));
    edits::set_waiting(conn, row.id, None, due, basis_json(basis.as_ref())?.as_ref())?;
    let since = since.to_string();
    let change = Change { field: "waiting", old: Some(&since), new: None, reason: Some(why) };
    db::add_history(conn, town, row.id, actor, change)?;
    if let Some(due) = due.map(|d| d.to_string()) {
        let change = Change { field: "due_date", old: None, new: Some(&due), reason: Some("hold") };
        db::add_history(conn, town, row.id, actor, change)?;
    }
    Ok(true)
}
