//! What staff do to a request: edits, status changes, follow-ups, favorites. Every change
//! is written to the history with who and when, and bumps the request's version.

use civis_domain::kind::check_extension;
use civis_domain::wire::{
    Followup, FollowupKind, NewFollowup, RequestDetail, RequestPatch, RequesterMode, TransitionInput,
};
use civis_domain::{Action, Status, transition as step};
use diesel::prelude::*;

use super::locked::{
    IfMatch, bump, find_locked, first_town_action, lock, may_work, reload, set_status, transition_error,
};
use super::{disclosed, followup_view};
use crate::auth::Principal;
use crate::db::request_edits as edits;
use crate::db::requests::{self as db, Change, RequestRow};
use crate::error::ApiError;
use crate::service::{notify, taxonomy};

/// Changes priority, department, due date or visibility, each recorded in the history.
/// The caller must name the version it changes (`If-Match`): none is 428, a stale one 412.
pub fn patch(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    id: i64,
    version: IfMatch,
    input: &RequestPatch,
) -> Result<RequestDetail, ApiError> {
    conn.transaction(|conn| {
        let (roles, row) = lock(conn, p, town, id, version)?;
        if version == IfMatch::Absent {
            return Err(ApiError::PreconditionRequired);
        }
        let reason = input.reason.as_deref();
        if let Some(pr) = input.priority.filter(|pr| *pr != row.priority) {
            edits::set_priority(conn, id, pr)?;
            let change = Change { field: "priority", old: Some(row.priority.as_str()), new: Some(pr.as_str()), reason };
            db::add_history(conn, town, id, Some(p.id), change)?;
            if input.due_date.is_none() {
                recount_for_priority(conn, p, &row, pr)?;
            }
        }
        if let Some(dep) = input.department_id.filter(|d| Some(*d) != row.department_id) {
            change_department(conn, p, &row, dep, reason)?;
        }
        if let Some(due) = input.due_date.filter(|d| Some(*d) != row.due_date) {
            let basis = super::due::by_hand(conn, &row, due)?;
            edits::set_due_date(conn, id, due, &basis)?;
            let old = row.due_date.map(|d| d.to_string());
            let change = Change { field: "due_date", old: old.as_deref(), new: Some(&due.to_string()), reason };
            db::add_history(conn, town, id, Some(p.id), change)?;
        }
        if let Some(public) = input.public.filter(|v| *v != row.is_public) {
            change_visibility(conn, p, &row, public, reason)?;
        }
        if let Some(wording) = &input.public_wording {
            public_wording(conn, p, &row, wording, reason)?;
        }
        first_town_action(conn, p, &roles, &row)?;
        bump(conn, id)?;
        reload(conn, p, &roles, town, id)
    })
}

/// A new priority may move the due date (the town's urgent delay): the history says so,
/// with the priority as its reason.
fn recount_for_priority(
    conn: &mut PgConnection,
    p: &Principal,
    row: &RequestRow,
    priority: civis_domain::Priority,
) -> Result<(), ApiError> {
    let town = crate::db::towns::find(conn, row.municipality_id)?.ok_or(ApiError::NotFound)?;
    let node = taxonomy::node(conn, row.municipality_id, row.node_id)?;
    let Some(e) = super::due::after_priority(conn, row, &node, priority, town.urgent_delay_days)? else {
        return Ok(());
    };
    let basis = super::due::basis_json(Some(&e.basis()))?.ok_or_else(|| ApiError::internal("a due date's rule"))?;
    edits::set_due_date(conn, row.id, e.due, &basis)?;
    let (old, new) = (row.due_date.map(|d| d.to_string()), e.due.to_string());
    let change = Change { field: "due_date", old: old.as_deref(), new: Some(&new), reason: Some("priority") };
    db::add_history(conn, row.municipality_id, row.id, Some(p.id), change)?;
    Ok(())
}

/// Another department: the person of the old one who held it no longer does, and the new
/// one hears of it.
fn change_department(
    conn: &mut PgConnection,
    p: &Principal,
    row: &RequestRow,
    dep: i64,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    let (town, id) = (row.municipality_id, row.id);
    crate::db::departments::find(conn, town, dep)?
        .ok_or_else(|| ApiError::field("department_id", "invalid_reference"))?;
    edits::set_department(conn, id, dep)?;
    if row.assignee_user_id.is_some() {
        super::assign::record_unassigned(conn, p, row, reason)?;
    }
    let old = row.department_id.map(|d| d.to_string());
    let change = Change { field: "department", old: old.as_deref(), new: Some(&dep.to_string()), reason };
    db::add_history(conn, town, id, Some(p.id), change)?;
    notify::reassigned(conn, id, row.version)
}

/// Public or private: never a complaint, an internal task or a category that does not allow it.
fn change_visibility(
    conn: &mut PgConnection,
    p: &Principal,
    row: &RequestRow,
    public: bool,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    let (town, id) = (row.municipality_id, row.id);
    if public {
        if row.kind.is_confidential() {
            return Err(ApiError::field("public", "complaint_never_public"));
        }
        let allowed = taxonomy::node(conn, town, row.node_id)?.effective.public_allowed;
        if !allowed || row.requester_mode == RequesterMode::Internal {
            return Err(ApiError::field("public", "public_not_allowed"));
        }
    }
    edits::set_public(conn, id, public)?;
    let (old, new) = if public { ("private", "public") } else { ("public", "private") };
    db::add_history(
        conn,
        town,
        id,
        Some(p.id),
        Change { field: "visibility", old: Some(old), new: Some(new), reason },
    )?;
    Ok(())
}

/// Staff's wording of the description for the public ("" goes back to the citizen's
/// words), kept in the history.
fn public_wording(
    conn: &mut PgConnection,
    p: &Principal,
    row: &RequestRow,
    wording: &str,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    let new = Some(wording.trim()).filter(|w| !w.is_empty());
    if new == row.public_description.as_deref() {
        return Ok(());
    }
    db::set_public_wording(conn, row.id, new)?;
    let change = Change { field: "public_wording", old: row.public_description.as_deref(), new, reason };
    db::add_history(conn, row.municipality_id, row.id, Some(p.id), change)?;
    Ok(())
}

/// Transfers, starts, closes (with the closure record) or reopens (with a reason).
pub fn transition(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    id: i64,
    version: IfMatch,
    input: &TransitionInput,
) -> Result<RequestDetail, ApiError> {
    conn.transaction(|conn| {
        let (roles, row) = find_locked(conn, p, town, id)?;
        version.check(row.version)?;
        let action = input.action;
        if action == Action::FirstTownAction {
            return Err(ApiError::field("action", "invalid_value"));
        }
        let role = roles.best_for(action).ok_or(ApiError::Forbidden)?;
        let from = row.status;
        let to = step(from, action, role).map_err(transition_error)?;
        let kind = row.kind;
        let closing = matches!(action, Action::CloseProcessed | Action::CloseRefused);
        if closing && from == Status::NotTransferred && !roles.is_town_staff() && !kind.may_close_at_first_contact() {
            return Err(ApiError::Rule("first_contact_not_allowed"));
        }
        let reason = input.reason.as_deref().map(str::trim).filter(|v| !v.is_empty());
        if action == Action::Reopen && reason.is_none() {
            return Err(ApiError::field("reason", "reason_required"));
        }
        if closing {
            let closure = input.closure.clone().unwrap_or_default();
            let rules = super::town_clock(conn, town)?.closure;
            let required = super::closure_requirements(&row, &rules, super::contact_of(conn, &row)?.as_ref());
            let issues = civis_domain::closure::check(&closure, &required, action == Action::CloseRefused);
            if !issues.is_empty() {
                return Err(ApiError::Validation(issues));
            }
            edits::close(conn, id, &closure, from == Status::NotTransferred)?;
            crate::db::closures::insert(conn, town, id, action == Action::CloseRefused, &closure, p.id)?;
        }
        set_status(conn, p, &row, to, reason)?;
        bump(conn, id)?;
        reload(conn, p, &roles, town, id)
    })
}

/// Adds an internal or external follow-up. An external one counts as an answer to the
/// requester.
pub fn add_followup(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    id: i64,
    input: &NewFollowup,
) -> Result<Followup, ApiError> {
    if input.kind == FollowupKind::Incoming {
        return Err(ApiError::field("kind", "invalid_value"));
    }
    conn.transaction(|conn| {
        let (roles, row) = find_locked(conn, p, town, id)?;
        may_work(&roles, &row)?;
        if input.kind == FollowupKind::External && row.requester_mode == RequesterMode::Internal {
            return Err(ApiError::field("kind", "internal_no_requester"));
        }
        let fid = db::add_followup(conn, town, id, input.kind.as_str(), input.body.trim(), Some(p.id))?;
        if input.kind == FollowupKind::External {
            edits::mark_answered(conn, id)?;
        }
        notify::followup(conn, id, fid, input.kind == FollowupKind::External, input.body.trim())?;
        first_town_action(conn, p, &roles, &row)?;
        bump(conn, id)?;
        let f = db::followups_of(conn, id, &[input.kind.as_str()])?
            .into_iter()
            .find(|f| f.id == fid)
            .ok_or_else(|| ApiError::internal("follow-up vanished"))?;
        Ok(followup_view(f, &disclosed(&roles, &row)))
    })
}

/// Stars or unstars a request for the caller.
pub fn set_favorite(conn: &mut PgConnection, p: &Principal, town: i64, id: i64, on: bool) -> Result<(), ApiError> {
    super::readable(conn, p, town, id)?;
    db::set_favorite(conn, p.id, id, on)?;
    Ok(())
}

/// Extends an access-to-information deadline once by 10 days, with notice to the requester
/// (an external follow-up in their language).
pub fn extend_deadline(
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
        if row.status.is_closed() {
            return Err(ApiError::Conflict("request_closed"));
        }
        let current = row.due_date.ok_or(ApiError::Rule("not_access_request"))?;
        check_extension(row.kind, row.deadline_extended).map_err(|e| ApiError::Rule(e.code()))?;
        let extended = super::due::extended(conn, &row)?;
        let due = extended.due;
        let basis =
            super::due::basis_json(Some(&extended.basis()))?.ok_or_else(|| ApiError::internal("a due date's rule"))?;
        edits::extend_deadline(conn, id, due, &basis)?;
        let (old, new) = (current.to_string(), due.to_string());
        let change =
            Change { field: "due_date", old: Some(&old), new: Some(&new), reason: reason.or(Some("extension")) };
        db::add_history(conn, town, id, Some(p.id), change)?;
        if row.requester_mode == RequesterMode::Identified {
            let notice = match row.language.as_str() {
                "en" => format!(
                    "The time limit for processing your access request is extended by 10 days, until {new} \
                     (section 47 of the Act respecting access to documents held by public bodies)."
                ),
                _ => format!(
                    "Le délai de traitement de votre demande d'accès est prolongé de 10 jours, jusqu'au {new} \
                     (article 47 de la Loi sur l'accès aux documents des organismes publics)."
                ),
            };
            let fid = db::add_followup(conn, town, id, FollowupKind::External.as_str(), &notice, Some(p.id))?;
            notify::followup(conn, id, fid, true, &notice)?;
        }
        first_town_action(conn, p, &roles, &row)?;
        bump(conn, id)?;
        reload(conn, p, &roles, town, id)
    })
}
