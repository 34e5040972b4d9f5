//! Every closure of a request, kept across reopens (the request's own closure columns hold
//! the current one; `request_edits::close` writes them with the same statement's values).

use chrono::{DateTime, NaiveDate, Utc};
use civis_domain::wire::Closure;
use diesel::prelude::*;

use super::request_edits::nonempty;
use super::schema::{closures, users};

/// Records a closure by `actor`, stamped now.
pub fn insert(
    conn: &mut PgConnection,
    town: i64,
    request: i64,
    refused: bool,
    c: &Closure,
    actor: i64,
) -> QueryResult<usize> {
    diesel::insert_into(closures::table)
        .values((
            closures::municipality_id.eq(town),
            closures::request_id.eq(request),
            closures::refused.eq(refused),
            closures::resolution.eq(nonempty(&c.resolution)),
            closures::intervention_code.eq(nonempty(&c.intervention_code)),
            closures::planned_date.eq(c.planned_date),
            closures::performed_date.eq(c.performed_date),
            closures::internal_note.eq(nonempty(&c.internal_note)),
            closures::message.eq(nonempty(&c.message_to_requester)),
            closures::legal_provision.eq(nonempty(&c.legal_provision)),
            closures::closed_by.eq(actor),
        ))
        .execute(conn)
}

/// A closure as stored, with its author's name.
#[derive(Debug, Clone, Queryable)]
pub struct ClosureRow {
    pub request_id: i64,
    pub closed_at: DateTime<Utc>,
    pub refused: bool,
    pub resolution: Option<String>,
    pub intervention_code: Option<String>,
    pub planned_date: Option<NaiveDate>,
    pub performed_date: Option<NaiveDate>,
    pub internal_note: Option<String>,
    pub message: Option<String>,
    pub legal_provision: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

impl ClosureRow {
    pub fn closure(&self) -> Closure {
        Closure {
            resolution: self.resolution.clone(),
            intervention_code: self.intervention_code.clone(),
            planned_date: self.planned_date,
            performed_date: self.performed_date,
            internal_note: self.internal_note.clone(),
            message_to_requester: self.message.clone(),
            legal_provision: self.legal_provision.clone(),
        }
    }
}

/// The closures of these requests, oldest first.
pub fn of_requests(conn: &mut PgConnection, ids: &[i64]) -> QueryResult<Vec<ClosureRow>> {
    closures::table
        .left_join(users::table.on(users::id.nullable().eq(closures::closed_by)))
        .filter(closures::request_id.eq_any(ids))
        .select((
            closures::request_id,
            closures::closed_at,
            closures::refused,
            closures::resolution,
            closures::intervention_code,
            closures::planned_date,
            closures::performed_date,
            closures::internal_note,
            closures::message,
            closures::legal_provision,
            users::first_name.nullable(),
            users::last_name.nullable(),
        ))
        .order((closures::closed_at, closures::id))
        .load(conn)
}
