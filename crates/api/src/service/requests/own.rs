//! The requester's own view of their requests: tracking by number and email without an
//! account, a citizen's requests, and information they add to one of theirs. Never staff
//! names, never internal follow-ups.

use std::collections::HashMap;

use civis_domain::wire::{ClosureTold, TrackedRequest};
use civis_domain::{Reader, disclosure};
use diesel::prelude::*;

use super::followup_view;
use crate::auth::Principal;
use crate::db::requests::{self as db, FollowupRow, RequestRow};
use crate::error::ApiError;
use crate::limits::{Limiter, TRACKING_CLIENT, TRACKING_EMAIL, TRACKING_NUMBER};

/// What the requester may read of their requests: the external follow-ups and what they
/// sent, in order, and the category's names; one read of each for all the rows.
fn tracked_all(conn: &mut PgConnection, rows: Vec<RequestRow>) -> Result<Vec<TrackedRequest>, ApiError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let nodes: Vec<i64> = rows.iter().map(|r| r.node_id).collect();
    let names = db::node_names_of(conn, &nodes)?;
    let mut followups: HashMap<i64, Vec<FollowupRow>> = HashMap::new();
    for (request, f) in db::followups_of_many(conn, &ids, &["external", "incoming"])? {
        followups.entry(request).or_default().push(f);
    }
    let mut closures: HashMap<i64, Vec<ClosureTold>> = HashMap::new();
    for c in crate::db::closures::of_requests(conn, &ids)? {
        let told = ClosureTold { closed_at: c.closed_at, refused: c.refused, message: c.message };
        closures.entry(c.request_id).or_default().push(told);
    }
    // A closed request shows no due date: its explanation is not read.
    let dues = super::due::explanations(conn, &rows, |r| !r.status.is_closed())?;
    Ok(rows
        .into_iter()
        .zip(dues)
        .map(|(r, due)| {
            let f = followups.remove(&r.id).unwrap_or_default();
            let n = names.get(&r.node_id).cloned().unwrap_or_default();
            let c = closures.remove(&r.id).unwrap_or_default();
            tracked(r, f, c, n, due)
        })
        .collect())
}

fn tracked(
    r: RequestRow,
    followups: Vec<FollowupRow>,
    closures: Vec<ClosureTold>,
    names: (String, String),
    due_explanation: Option<civis_domain::due::DueExplanation>,
) -> TrackedRequest {
    // The tracked view names no one (the rule's tracker), whether reached by number and
    // email or from "Mes requêtes".
    let seen = disclosure(Reader::Tracker, r.kind, r.requester_mode);
    let followups = followups.into_iter().map(|f| followup_view(f, &seen)).collect();
    let status = r.status;
    let (category_fr, category_en) = names;
    TrackedRequest {
        id: r.id,
        municipality_id: r.municipality_id,
        number: r.number,
        category_fr,
        category_en,
        closed_at: r.closed_at.filter(|_| status.is_closed()),
        status,
        description: r.description,
        address: r.address,
        created_at: r.created_at,
        due_date: r.due_date,
        due_explanation,
        waiting_since: r.waiting_since.filter(|_| !status.is_closed()),
        message: r.closure_message.filter(|_| status.is_closed()),
        closures,
        followups,
    }
}

fn tracked_one(conn: &mut PgConnection, r: RequestRow) -> Result<TrackedRequest, ApiError> {
    tracked_all(conn, vec![r])?.pop().ok_or(ApiError::NotFound)
}

/// A request found by its number and the requester's email; 404 when they do not match,
/// so that numbers cannot be probed.
pub fn track(
    conn: &mut PgConnection,
    limits: &Limiter,
    town: i64,
    number: &str,
    email: &str,
    client: &str,
) -> Result<TrackedRequest, ApiError> {
    // Guessing stops after a few misses: numbers for a known email, emails for a known
    // number (both checked first), or pairs from one client address. The client's misses
    // never refuse a right number and email: the next person at a shared kiosk tracks
    // their own request whatever others typed before.
    let number_key = format!("{town}:{}", number.trim());
    limits.check(conn, &TRACKING_NUMBER, &number_key)?;
    limits.check(conn, &TRACKING_EMAIL, email)?;
    let found = db::tracked(conn, town, number.trim(), &email.trim().to_lowercase())?;
    let Some(found) = found else {
        limits.check(conn, &TRACKING_CLIENT, client)?;
        limits.fail(conn, &TRACKING_CLIENT, client)?;
        limits.fail(conn, &TRACKING_NUMBER, &number_key)?;
        limits.fail(conn, &TRACKING_EMAIL, email)?;
        return Err(ApiError::NotFound);
    };
    tracked_one(conn, found)
}

/// A citizen's own requests, newest first, with their follow-ups.
pub fn own_requests(conn: &mut PgConnection, p: &Principal) -> Result<Vec<TrackedRequest>, ApiError> {
    let rows = db::of_citizen(conn, p.id, 200)?;
    tracked_all(conn, rows)
}

/// One of a citizen's own requests (404 for anyone else's).
pub fn own_request(conn: &mut PgConnection, p: &Principal, id: i64) -> Result<TrackedRequest, ApiError> {
    let row = own(conn, p, id)?;
    tracked_one(conn, row)
}

fn own(conn: &mut PgConnection, p: &Principal, id: i64) -> Result<RequestRow, ApiError> {
    db::citizens_own(conn, p.id, id)?.ok_or(ApiError::NotFound)
}

/// A citizen adds information to their own open request: an incoming follow-up, which
/// the department hears of like a reply by email.
pub fn add_information(
    conn: &mut PgConnection,
    p: &Principal,
    id: i64,
    body: &str,
) -> Result<civis_domain::wire::Followup, ApiError> {
    conn.transaction(|conn| {
        let row = own(conn, p, id)?;
        if row.status.is_closed() {
            return Err(ApiError::Conflict("request_closed"));
        }
        let body = body.trim();
        let fid = db::add_followup(conn, row.municipality_id, id, "incoming", body, Some(p.id))?;
        super::hold::on_citizen_answer(conn, id)?;
        crate::db::request_edits::bump_version(conn, id)?;
        crate::service::notify::incoming(conn, id, fid, body)?;
        let seen = disclosure(Reader::Requester, row.kind, row.requester_mode);
        let f = db::followups_of(conn, id, &["incoming"])?
            .into_iter()
            .find(|f| f.id == fid)
            .ok_or_else(|| ApiError::internal("follow-up vanished"))?;
        Ok(followup_view(f, &seen))
    })
}
