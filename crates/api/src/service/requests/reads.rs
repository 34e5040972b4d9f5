//! What staff read of a request besides its detail: its follow-ups and its history, with
//! people named only where the privacy rule allows (`civis_domain::privacy`).

use civis_domain::Disclosure;
use civis_domain::wire::{ActorKind, ClosureEntry, Followup, HistoryEntry, TimelineItem};
use diesel::prelude::*;

use super::{actor_kind, followup_shown, followup_view, name_if, readable};
use crate::auth::Principal;
use crate::db::requests as db;
use crate::error::ApiError;

/// The follow-ups of a request the caller may see, oldest first: a complainant's replies
/// are the director's alone.
pub fn followups(conn: &mut PgConnection, p: &Principal, town: i64, id: i64) -> Result<Vec<Followup>, ApiError> {
    let (_, _, seen) = readable(conn, p, town, id)?;
    followups_seen(conn, id, &seen)
}

fn followups_seen(conn: &mut PgConnection, id: i64, seen: &Disclosure) -> Result<Vec<Followup>, ApiError> {
    Ok(db::followups_of(conn, id, &["internal", "external", "incoming"])?
        .into_iter()
        .filter(|f| followup_shown(seen, f.kind))
        .map(|f| followup_view(f, seen))
        .collect())
}

/// The history, or the history of one field (`priority`, `department`, `status`…). The
/// requester's own actions name them only to those who may know who asked ("Demandeur"
/// otherwise, and always on an anonymous request); staff stay named.
pub fn history(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    id: i64,
    field: Option<&str>,
) -> Result<Vec<HistoryEntry>, ApiError> {
    let (_, _, seen) = readable(conn, p, town, id)?;
    history_seen(conn, id, field, &seen)
}

fn history_seen(
    conn: &mut PgConnection,
    id: i64,
    field: Option<&str>,
    seen: &Disclosure,
) -> Result<Vec<HistoryEntry>, ApiError> {
    Ok(db::history_of(conn, id, field)?
        .into_iter()
        .map(|h| {
            // Without an account, the first row is the filing by a visitor or an anonymous
            // requester; any later one is Civis itself.
            let filing = h.field == "status" && h.old_value.is_none();
            let who = actor_kind(h.actor_account.as_deref(), filing);
            HistoryEntry {
                at: h.at,
                actor: name_if(seen, who, h.actor_first, h.actor_last),
                actor_kind: who,
                field: h.field,
                old_value: h.old_value,
                new_value: h.new_value,
                reason: h.reason,
            }
        })
        .collect())
}

/// Changes, closures and follow-ups in one list, in the order they happened (written in
/// the same transaction: the change, then the closure, then the follow-up). The request is
/// read, and what the caller may know of it decided, once.
pub fn timeline(conn: &mut PgConnection, p: &Principal, town: i64, id: i64) -> Result<Vec<TimelineItem>, ApiError> {
    let (_, _, seen) = readable(conn, p, town, id)?;
    let mut items: Vec<TimelineItem> =
        history_seen(conn, id, None, &seen)?.into_iter().map(TimelineItem::Change).collect();
    items.extend(closures_seen(conn, id, &seen)?.into_iter().map(TimelineItem::Closure));
    items.extend(followups_seen(conn, id, &seen)?.into_iter().map(TimelineItem::Followup));
    let rank = |i: &TimelineItem| match i {
        TimelineItem::Change(_) => 0,
        TimelineItem::Closure(_) => 1,
        TimelineItem::Followup(_) => 2,
    };
    items.sort_by_key(|i| (i.at(), rank(i)));
    Ok(items)
}

/// Every closure of the request, oldest first, as it was written (kept across reopens).
fn closures_seen(conn: &mut PgConnection, id: i64, seen: &Disclosure) -> Result<Vec<ClosureEntry>, ApiError> {
    Ok(crate::db::closures::of_requests(conn, &[id])?
        .into_iter()
        .map(|c| ClosureEntry {
            at: c.closed_at,
            refused: c.refused,
            closure: c.closure(),
            actor: name_if(seen, ActorKind::Staff, c.first_name, c.last_name),
        })
        .collect())
}
