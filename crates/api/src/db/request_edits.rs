//! What staff change on a request's row, one statement each (the history rows that go with
//! them are `requests::add_history`; the service holds the transaction and the rules).

use chrono::NaiveDate;
use civis_domain::wire::Closure;
use civis_domain::{Priority, Status};
use diesel::prelude::*;

use super::schema::requests;

pub fn set_priority(conn: &mut PgConnection, id: i64, p: Priority) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set((requests::priority.eq(p), requests::priority_rank.eq(p.rank())))
        .execute(conn)
}

/// A new department, and no person of the old one holding it.
pub fn set_department(conn: &mut PgConnection, id: i64, department: i64) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set((requests::department_id.eq(department), requests::assignee_user_id.eq(None::<i64>)))
        .execute(conn)
}

/// A new due date with the rule it was counted from (`civis_domain::due::DueBasis`, JSON).
pub fn set_due_date(conn: &mut PgConnection, id: i64, due: NaiveDate, basis: &serde_json::Value) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set((requests::due_date.eq(due), requests::due_basis.eq(basis)))
        .execute(conn)
}

/// On hold since a day (its due date emptied, its rule kept with the date it had), or
/// back from hold (its due date moved, `since` none).
pub fn set_waiting(
    conn: &mut PgConnection,
    id: i64,
    since: Option<(NaiveDate, &str)>,
    due: Option<NaiveDate>,
    basis: Option<&serde_json::Value>,
) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set((
            requests::waiting_since.eq(since.map(|s| s.0)),
            requests::waiting_reason.eq(since.map(|s| s.1)),
            requests::due_date.eq(due),
            requests::due_basis.eq(basis),
        ))
        .execute(conn)
}

/// An access-to-information request's one extension of its deadline.
pub fn extend_deadline(
    conn: &mut PgConnection,
    id: i64,
    due: NaiveDate,
    basis: &serde_json::Value,
) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set((requests::due_date.eq(due), requests::due_basis.eq(basis), requests::deadline_extended.eq(true)))
        .execute(conn)
}

pub fn set_public(conn: &mut PgConnection, id: i64, public: bool) -> QueryResult<usize> {
    diesel::update(requests::table.find(id)).set(requests::is_public.eq(public)).execute(conn)
}

pub fn set_assignee(conn: &mut PgConnection, id: i64, user: Option<i64>) -> QueryResult<usize> {
    diesel::update(requests::table.find(id)).set(requests::assignee_user_id.eq(user)).execute(conn)
}

pub fn set_status(conn: &mut PgConnection, id: i64, status: Status) -> QueryResult<usize> {
    diesel::update(requests::table.find(id)).set(requests::status.eq(status)).execute(conn)
}

/// The requester heard from the town (an external follow-up).
pub fn mark_answered(conn: &mut PgConnection, id: i64) -> QueryResult<usize> {
    diesel::update(requests::table.find(id)).set(requests::requester_answered.eq(true)).execute(conn)
}

/// Every change ends here: the next version, stamped now.
pub fn bump_version(conn: &mut PgConnection, id: i64) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set((requests::version.eq(requests::version + 1), requests::updated_at.eq(diesel::dsl::now)))
        .execute(conn)
}

pub(super) fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The closure's fields, stamped now; `first_contact` when it closes at the first line
/// (never transferred).
pub fn close(conn: &mut PgConnection, id: i64, closure: &Closure, first_contact: bool) -> QueryResult<usize> {
    diesel::update(requests::table.find(id))
        .set((
            requests::resolution.eq(nonempty(&closure.resolution)),
            requests::intervention_code.eq(nonempty(&closure.intervention_code)),
            requests::planned_date.eq(closure.planned_date),
            requests::performed_date.eq(closure.performed_date),
            requests::closure_note.eq(nonempty(&closure.internal_note)),
            requests::closure_message.eq(nonempty(&closure.message_to_requester)),
            requests::legal_provision.eq(nonempty(&closure.legal_provision)),
            requests::closed_at.eq(diesel::dsl::now),
            requests::first_contact.eq(first_contact),
        ))
        .execute(conn)
}

/// The request this one reports again (a citizen's "Signaler aussi").
pub fn set_also_reports(conn: &mut PgConnection, id: i64, other: i64) -> QueryResult<usize> {
    diesel::update(requests::table.find(id)).set(requests::also_reports.eq(other)).execute(conn)
}
