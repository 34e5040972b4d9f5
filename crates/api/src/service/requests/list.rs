//! The staff list: tabs with capped counts, filters, sorts and keyset pagination.
//!
//! Pages are cut with a keyset cursor (the last row's sort values and id), never OFFSET, so
//! a deep page costs what the first does and rows added meanwhile neither shift nor repeat
//! what was already shown. The statements are `db::staff_list`'s.

use std::collections::HashSet;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, Utc};
use civis_domain::wire::{RequestFilter, RequestPage, RequestSummary, RequesterMode, SortKey};
use civis_domain::{ComplaintScope, Priority, Tab};
use diesel::PgConnection;
use serde::{Deserialize, Serialize};

use super::TownClock;
use crate::db::staff_list::{self as db, Keyset, Resolved};
use crate::db::words;
use crate::error::ApiError;
use crate::service::taxonomy;

/// One page of a tab of a town's requests.
pub struct ListArgs<'a> {
    pub town: i64,
    pub user: i64,
    pub tab: Tab,
    pub filter: &'a RequestFilter,
    pub cursor: Option<&'a str>,
    pub limit: i64,
    /// Which complaints the caller's roles read (elected officials see them only as
    /// counts, not as rows; a department responsible those of their departments).
    pub complaints: ComplaintScope,
    /// Longest the list's statements may run (see `Settings::list_timeout`).
    pub timeout: std::time::Duration,
    /// The town's clock (read with the caller: `list_caller`).
    pub clock: &'a TownClock,
}

/// Where a page ends, as the client holds it: the last row's sort values.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    sort: SortKey,
    created_at: DateTime<Utc>,
    due: Option<NaiveDate>,
    rank: i16,
    dep: Option<i64>,
    id: i64,
}

fn encode_cursor(r: &db::Row, sort: SortKey) -> String {
    let c = Cursor {
        sort,
        created_at: r.created_at,
        due: r.due_date,
        rank: r.priority_rank,
        dep: r.department_id,
        id: r.id,
    };
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&c).unwrap_or_default())
}

fn decode_cursor(s: &str, sort: SortKey) -> Result<Keyset, ApiError> {
    let bad = || ApiError::field("cursor", "cursor_invalid");
    let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| bad())?;
    let c: Cursor = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    if c.sort != sort {
        return Err(bad());
    }
    Ok(Keyset { sort: c.sort, created_at: c.created_at, due: c.due, rank: c.rank, dep: c.dep, id: c.id })
}

/// The nodes given and every node below them.
fn with_descendants(conn: &mut PgConnection, town: i64, nodes: &[i64]) -> Result<Vec<i64>, ApiError> {
    let tree = taxonomy::tree(conn, town, false)?;
    let mut set: HashSet<i64> = nodes.iter().copied().collect();
    for _ in 0..3 {
        for n in &tree {
            if n.parent_id.is_some_and(|p| set.contains(&p)) {
                set.insert(n.id);
            }
        }
    }
    let mut v: Vec<i64> = set.into_iter().collect();
    v.sort_unstable();
    Ok(v)
}

fn resolve(conn: &mut PgConnection, town: i64, f: &RequestFilter, clock: &TownClock) -> Result<Resolved, ApiError> {
    let nodes = if f.categories.is_empty() { None } else { Some(with_descendants(conn, town, &f.categories)?) };
    let (horizon, tz) = (clock.horizon, clock.timezone.clone());
    let words: Vec<String> = f.keywords.iter().map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect();
    let common = words::common(conn, &words)?;
    // What came in overnight: since the office last closed (a town never open: all of it).
    let last_closing = if f.after_hours_only {
        let (_, hours, local) = super::due::moment(conn, town, Some(crate::clock::now()))?;
        hours.last_closing(local)
    } else {
        None
    };
    Ok(Resolved { tz, horizon, nodes, keywords: words.into_iter().zip(common).collect(), last_closing })
}

/// A page of the list with the three tabs' counts; `next_cursor` continues it. A search
/// that runs past the time limit is refused (`search_too_broad`) rather than holding a
/// connection (common words over a whole town's history are the one case left: see
/// docs/PERFORMANCE.md).
pub fn list(conn: &mut PgConnection, args: &ListArgs) -> Result<RequestPage, ApiError> {
    // The connection is a list's (`Db::read_list`): its statements stop at the time limit.
    let started = std::time::Instant::now();
    page(conn, args).map_err(|e| match e {
        // The time limit cancels the statement with SQLSTATE 57014, which Diesel neither
        // classifies nor exposes, in a message of the server's language: an unclassified
        // failure once the limit has passed is the limit, in French as in English.
        ApiError::Internal { .. } if started.elapsed() >= args.timeout => ApiError::Rule("search_too_broad"),
        e => e,
    })
}

fn page(conn: &mut PgConnection, args: &ListArgs) -> Result<RequestPage, ApiError> {
    let f = args.filter;
    let after = args.cursor.filter(|c| !c.is_empty()).map(|c| decode_cursor(c, f.sort)).transpose()?;
    let resolved = resolve(conn, args.town, f, args.clock)?;
    let query = db::Page {
        town: args.town,
        user: args.user,
        tab: args.tab,
        filter: f,
        complaints: &args.complaints,
        limit: args.limit,
        after: after.as_ref(),
        resolved: &resolved,
    };
    let mut rows = db::page(conn, &query)?;
    let more = rows.len() as i64 > args.limit;
    rows.truncate(usize::try_from(args.limit).unwrap_or(0));
    let next_cursor = rows.last().filter(|_| more).map(|r| encode_cursor(r, f.sort));
    // Counts come with the first page; the following pages do not pay for them again.
    // Without a filter, or by department only, they are exact and kept by triggers; with
    // another filter they are counted, up to the cap.
    let counts = match after {
        Some(_) => None,
        None => Some(db::counts(conn, args.town, args.user, &args.complaints, f, &resolved)?),
    };
    let horizon = resolved.horizon;
    let items = rows.into_iter().map(|r| summary(r, &horizon)).collect::<Result<_, _>>()?;
    Ok(RequestPage { items, next_cursor, next: None, counts })
}

/// A row as the list shows it; a stored priority rank that names no priority is an error,
/// never a default.
fn summary(r: db::Row, horizon: &civis_domain::Horizon) -> Result<RequestSummary, ApiError> {
    let priority = Priority::from_rank(r.priority_rank)
        .ok_or_else(|| ApiError::internal(format!("request {}: unknown priority rank {}", r.id, r.priority_rank)))?;
    Ok(RequestSummary {
        id: r.id,
        number: r.number,
        kind: r.kind,
        node_id: r.node_id,
        category_id: r.category_id,
        department_id: r.department_id,
        priority,
        status: r.status,
        public: r.is_public,
        internal: r.requester_mode == RequesterMode::Internal,
        description: r.description,
        address: r.address,
        created_at: r.created_at,
        lateness: horizon.of(r.status, r.due_date),
        first_answer: horizon.first_answer(r.status, r.first_answer_due),
        due_date: r.due_date,
        assignee_id: r.assignee_user_id,
        photo_count: r.photo_count,
        file_count: r.file_count,
        favorite: r.favorite,
    })
}
