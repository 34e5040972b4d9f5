//! First contact: logging each contact in a few seconds, the callbacks it promises (due by
//! the end of the next working day), and the counts the reports read.

use chrono::{Duration, Utc};
use civis_domain::knowledge::{self, ContactChannel, Outcome};
use civis_domain::privacy::Held;
use civis_domain::wire::RequesterMode;
use civis_domain::wire::{
    ChannelCount, ContactDetails, FirstContactCounts, Interaction, InteractionInput, PeriodQuery,
};
use civis_domain::{About, Disclosure, FieldIssue, Reader, RequestKind, RoleSet, disclosure_of};
use diesel::prelude::*;

use crate::auth::Principal;
use crate::db::interactions::{self as db, Listed, NewInteraction};
use crate::db::requests::Change;
use crate::db::towns;
use crate::error::ApiError;

/// The caller's roles, when they may log contacts and work callbacks.
fn agent(p: &Principal, town: i64) -> Result<RoleSet, ApiError> {
    let roles = p.town_roles(town)?;
    if roles.can_log_interactions() { Ok(roles) } else { Err(ApiError::Forbidden) }
}

fn trimmed(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn check(input: &InteractionInput, now: chrono::DateTime<Utc>) -> Result<(), ApiError> {
    let mut issues = vec![];
    if input.outcome == Outcome::Referred
        && input.referred_department_id.is_none()
        && trimmed(&input.referred_to).is_none()
    {
        issues.push(FieldIssue::new("referred_to", "referral_missing"));
    }
    if input.outcome == Outcome::Callback {
        // A callback nobody can make, or that says nothing of what to call back about, is
        // refused at once rather than found in the queue.
        let contact = input.contact.clone().unwrap_or_default();
        if trimmed(&contact.phone).is_none() && trimmed(&contact.email).is_none() {
            issues.push(FieldIssue::new("contact.phone", "callback_contact_missing"));
        }
        if input.note.trim().is_empty() {
            issues.push(FieldIssue::new("note", "callback_note_missing"));
        }
    }
    if let Some(at) = input.occurred_at
        && (at > now + Duration::minutes(5) || at < now - Duration::days(30))
    {
        issues.push(FieldIssue::new("occurred_at", "occurred_at_range"));
    }
    if issues.is_empty() { Ok(()) } else { Err(ApiError::Validation(issues)) }
}

/// Logs a contact; a callback gets its due time from the town's calendar.
pub fn log(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    input: &InteractionInput,
) -> Result<Interaction, ApiError> {
    let roles = agent(p, town)?;
    let now = crate::clock::now();
    check(input, now)?;
    let occurred_at = input.occurred_at.unwrap_or(now);
    let contact = input.contact.clone().unwrap_or_default();
    conn.transaction(|conn| {
        let callback_due_at = if input.outcome == Outcome::Callback {
            let holidays: Vec<_> = towns::holidays_of(conn, town)?.into_iter().map(|h| h.day).collect();
            let received = db::local_day(conn, town, occurred_at)?;
            Some(db::closing_time(conn, town, knowledge::callback_due_day(received, &holidays))?)
        } else {
            None
        };
        let row = NewInteraction {
            municipality_id: town,
            channel: input.channel.as_str(),
            node_id: input.node_id,
            note: input.note.trim(),
            contact_name: trimmed(&contact.name),
            contact_email: trimmed(&contact.email),
            contact_phone: trimmed(&contact.phone),
            outcome: input.outcome.as_str(),
            referred_department_id: input.referred_department_id.filter(|_| input.outcome == Outcome::Referred),
            referred_to: trimmed(&input.referred_to).filter(|_| input.outcome == Outcome::Referred),
            occurred_at,
            callback_due_at,
            created_by: p.id,
        };
        let id = db::insert(conn, &row).map_err(on_reference)?;
        db::link_articles(conn, town, id, &input.article_ids).map_err(|e| match ApiError::from(e) {
            ApiError::Rule("invalid_reference") => ApiError::field("article_ids", "invalid_reference"),
            other => other,
        })?;
        one(conn, p, &roles, town, id)
    })
}

/// Which reference of another town (or of nothing) the database refused.
fn on_reference(e: diesel::result::Error) -> ApiError {
    let which = match &e {
        diesel::result::Error::DatabaseError(_, info) => info.constraint_name().unwrap_or_default().to_string(),
        _ => String::new(),
    };
    match ApiError::from(e) {
        ApiError::Rule("invalid_reference") if which.contains("department") => {
            ApiError::field("referred_department_id", "invalid_reference")
        }
        ApiError::Rule("invalid_reference") if which.contains("node") => {
            ApiError::field("node_id", "invalid_reference")
        }
        other => other,
    }
}

fn one(conn: &mut PgConnection, p: &Principal, roles: &RoleSet, town: i64, id: i64) -> Result<Interaction, ApiError> {
    let row = db::find(conn, town, id)?.ok_or(ApiError::NotFound)?;
    to_wire(conn, p, roles, vec![row])?.into_iter().next().ok_or(ApiError::NotFound)
}

/// The calls as these roles may see them; each contact shown is journaled.
fn to_wire(
    conn: &mut PgConnection,
    p: &Principal,
    roles: &RoleSet,
    rows: Vec<Listed>,
) -> Result<Vec<Interaction>, ApiError> {
    let ids: Vec<i64> = rows.iter().map(|(r, ..)| r.id).collect();
    let articles = db::articles_of(conn, &ids)?;
    let now = crate::clock::now();
    let calls: Vec<Interaction> = rows
        .into_iter()
        .map(|(r, first, last, (number, kind, mode, department))| {
            let seen = contact_seen(roles, kind, mode, department);
            let any = r.contact_name.is_some() || r.contact_email.is_some() || r.contact_phone.is_some();
            let contact = ContactDetails { name: r.contact_name, email: r.contact_email, phone: r.contact_phone };
            Ok(Interaction {
                id: r.id,
                town_id: r.municipality_id,
                channel: r.channel,
                node_id: r.node_id,
                note: r.note,
                contact: if any { seen.contact(Held::new(contact)) } else { None },
                outcome: r.outcome,
                article_ids: articles.iter().filter(|(i, _)| *i == r.id).map(|(_, a)| *a).collect(),
                referred_department_id: r.referred_department_id,
                referred_to: r.referred_to,
                request_id: r.request_id,
                request_number: number,
                occurred_at: r.occurred_at,
                overdue: r.callback_done_at.is_none() && r.callback_due_at.is_some_and(|d| d < now),
                callback_due_at: r.callback_due_at,
                callback_done_at: r.callback_done_at,
                logged_by: super::requests::full_name(&first, &last),
            })
        })
        .collect::<Result<_, ApiError>>()?;
    if let Some(town) = calls.first().map(|c| c.town_id) {
        let read: Vec<(i64, Option<i64>)> =
            calls.iter().filter(|c| c.contact.is_some()).map(|c| (c.id, c.request_id)).collect();
        crate::service::journal::call_contacts_read(conn, p.id, town, &read)?;
    }
    Ok(calls)
}

/// What these roles may know of a call's contact: a call follows the request it became (a
/// complainant's to the director alone, an anonymous filer's to no one); one that became
/// no request, to the roles that see contacts.
fn contact_seen(
    roles: &RoleSet,
    kind: Option<RequestKind>,
    mode: Option<RequesterMode>,
    department: Option<i64>,
) -> Disclosure {
    let (Some(kind), Some(mode)) = (kind, mode) else { return Disclosure::of_call(roles) };
    disclosure_of(Reader::Staff(roles), About::new(kind, mode, department))
}

/// The newest contacts, or the callback queue.
pub fn list(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    callbacks: bool,
    limit: i64,
) -> Result<Vec<Interaction>, ApiError> {
    let roles = agent(p, town)?;
    let rows = db::list(conn, town, callbacks, limit)?;
    to_wire(conn, p, &roles, rows)
}

/// One contact (the wizard reads it to file the request it becomes).
pub fn get(conn: &mut PgConnection, p: &Principal, town: i64, id: i64) -> Result<Interaction, ApiError> {
    let roles = agent(p, town)?;
    one(conn, p, &roles, town, id)
}

/// The citizen was called back.
pub fn callback_done(conn: &mut PgConnection, p: &Principal, town: i64, id: i64) -> Result<Interaction, ApiError> {
    let roles = agent(p, town)?;
    conn.transaction(|conn| {
        if db::callback_done(conn, town, id, p.id)? == 0 {
            db::find(conn, town, id)?.ok_or(ApiError::NotFound)?;
            return Err(ApiError::Conflict("callback_not_open"));
        }
        one(conn, p, &roles, town, id)
    })
}

/// Links a contact to the request it became.
pub fn link_request(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    id: i64,
    request: i64,
) -> Result<Interaction, ApiError> {
    let roles = agent(p, town)?;
    conn.transaction(|conn| {
        let n = db::set_request(conn, town, id, request).map_err(|e| match ApiError::from(e) {
            ApiError::Rule("invalid_reference") => ApiError::field("request_id", "invalid_reference"),
            other => other,
        })?;
        if n == 0 {
            return Err(ApiError::NotFound);
        }
        let call = one(conn, p, &roles, town, id)?;
        let change = Change { field: "contact", old: None, new: Some(call.channel.as_str()), reason: None };
        crate::db::requests::add_history(conn, town, request, Some(p.id), change)?;
        Ok(call)
    })
}

/// First contact in a period: counts only (any role of the town reads them).
pub fn counts(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    period: &PeriodQuery,
) -> Result<FirstContactCounts, ApiError> {
    p.town_roles(town)?;
    let period = civis_domain::report::Period { from: period.from, to: period.to };
    if !period.is_valid() {
        return Err(ApiError::field("to", "period_invalid"));
    }
    counts_for(conn, town, &period)
}

/// The counts of a valid period (the reports read them too).
pub(crate) fn counts_for(
    conn: &mut PgConnection,
    town: i64,
    period: &civis_domain::report::Period,
) -> Result<FirstContactCounts, ApiError> {
    let channels = db::by_channel(conn, town, period.from, period.to)?;
    let c = db::counts(conn, town, period.from, period.to)?;
    let by_channel: Vec<ChannelCount> = ContactChannel::ALL
        .iter()
        .map(|ch| ChannelCount {
            channel: *ch,
            count: channels.iter().find(|r| r.channel == ch.as_str()).map_or(0, |r| r.count),
        })
        .collect();
    Ok(FirstContactCounts {
        from: period.from,
        to: period.to,
        interactions: by_channel.iter().map(|c| c.count).sum(),
        by_channel,
        answered_first_contact: c.answered,
        referred: c.referred,
        turned_into_requests: c.requests,
        callbacks_due: c.callbacks_due,
        callbacks_on_time: c.callbacks_on_time,
        callbacks_overdue: c.callbacks_overdue,
        resolved_without_request: c.self_service,
    })
}
