//! What the public sees: public requests (never who asked), the duplicate check before
//! filing, and following a request. The statements are `db::public_list`'s.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use civis_domain::wire::{NearbyRequest, PublicPage, PublicRequest, RequesterMode};
use civis_domain::{Disclosure, Reader, RequestKind, Status, disclosure};
use diesel::PgConnection;

use super::followup_view;
use crate::auth::Principal;
pub use crate::db::public_list::Near;
use crate::db::public_list::{self as db, PublicQuery, Row};
use crate::db::requests::followups_of;
use crate::error::ApiError;
use crate::service::taxonomy;

/// The row as `seen` may read it (the public reads its text with contacts masked).
fn into_public(r: Row, seen: &Disclosure) -> PublicRequest {
    PublicRequest {
        id: r.id,
        number: r.number,
        node_id: r.node_id,
        category_id: r.category_id,
        status: r.status,
        description: seen.text(r.description),
        address: r.address,
        latitude: r.latitude,
        longitude: r.longitude,
        created_at: r.created_at,
        due_date: r.due_date,
        closed_at: r.closed_at,
        distance_m: r.distance_m,
        late: r.late,
        followups: Vec::new(),
    }
}

/// Filters of the public list.
pub struct PublicArgs {
    pub town: i64,
    pub category: Option<i64>,
    pub status: Option<Status>,
    pub near: Option<Near>,
    pub cursor: Option<String>,
    pub limit: i64,
}

fn decode(c: &str) -> Result<(DateTime<Utc>, i64), ApiError> {
    URL_SAFE_NO_PAD
        .decode(c)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| ApiError::field("cursor", "cursor_invalid"))
}

/// Public requests of a town, newest first (see `db::public_list::page`).
pub fn public_list(conn: &mut PgConnection, a: &PublicArgs) -> Result<PublicPage, ApiError> {
    let after = a.cursor.as_deref().filter(|c| !c.is_empty()).map(decode).transpose()?;
    let query =
        PublicQuery { town: a.town, category: a.category, status: a.status, near: a.near, after, limit: a.limit };
    let mut rows = db::page(conn, &query)?;
    let more = rows.len() as i64 > a.limit;
    rows.truncate(usize::try_from(a.limit).unwrap_or(0));
    let next_cursor = rows
        .last()
        .filter(|_| more)
        .map(|r| URL_SAFE_NO_PAD.encode(serde_json::to_vec(&(r.created_at, r.id)).unwrap_or_default()));
    let seen = public_disclosure();
    Ok(PublicPage { items: rows.into_iter().map(|r| into_public(r, &seen)).collect(), next_cursor })
}

/// One public request with its external follow-ups; 404 for a private one.
pub fn public_detail(conn: &mut PgConnection, town: i64, id: i64) -> Result<PublicRequest, ApiError> {
    let row = db::one(conn, town, id)?.ok_or(ApiError::NotFound)?;
    let seen = public_disclosure();
    let mut out = into_public(row, &seen);
    out.followups = followups_of(conn, id, &["external"])?.into_iter().map(|f| followup_view(f, &seen)).collect();
    Ok(out)
}

/// The duplicate check before filing.
pub struct NearbyArgs {
    pub town: i64,
    pub node_id: i64,
    pub near: Near,
    /// Whether the caller chose the radius; otherwise the town's duplicate radius.
    pub radius_given: bool,
}

/// Open public requests of the same category near a point, nearest first.
pub fn nearby(conn: &mut PgConnection, a: &NearbyArgs) -> Result<Vec<NearbyRequest>, ApiError> {
    let tree = taxonomy::tree(conn, a.town, true)?;
    let (category, near) = category_and_radius(conn, a, &tree)?;
    let seen = public_disclosure();
    // A private request is shown only under a node the town lets be public (a pothole, a
    // fallen branch: the public domain), never under one it keeps private (an unsanitary
    // dwelling, a neighbour's noise), where even "one is open here" would say too much.
    let may_show = |node: i64| tree.iter().any(|n| n.id == node && n.effective.public_allowed);
    Ok(db::open_near_for_citizens(conn, a.town, category, near)?
        .into_iter()
        .filter(|r| r.is_public || may_show(r.node_id))
        .map(|r| {
            // A private one: what it is, how far and where it stands, nothing it says.
            let round = |v: f64| if r.is_public { v } else { (v * 10_000.0).round() / 10_000.0 };
            NearbyRequest {
                id: r.id,
                public: r.is_public,
                number: r.is_public.then(|| r.number.clone()),
                description: r.is_public.then(|| seen.text(r.description.clone())),
                node_id: r.node_id,
                status: r.status,
                late: r.late,
                distance_m: r.distance_m.unwrap_or_default().round(),
                latitude: round(r.latitude.unwrap_or_default()),
                longitude: round(r.longitude.unwrap_or_default()),
            }
        })
        .collect())
}

/// The category of the node the caller is about to file under (a retired node is refused)
/// and the point with the town's duplicate radius unless the caller chose one.
fn category_and_radius(
    conn: &mut PgConnection,
    a: &NearbyArgs,
    tree: &[civis_domain::wire::TaxonomyNode],
) -> Result<(i64, Near), ApiError> {
    let mut category = a.node_id;
    while let Some(parent) = tree.iter().find(|n| n.id == category).and_then(|n| n.parent_id) {
        category = parent;
    }
    if !tree.iter().any(|n| n.id == a.node_id) {
        return Err(ApiError::field("node_id", "node_retired"));
    }
    let mut near = a.near;
    if !a.radius_given {
        let town = crate::db::towns::find(conn, a.town)?.ok_or(ApiError::NotFound)?;
        near.radius_m = f64::from(town.duplicate_radius_m);
    }
    Ok((category, near))
}

/// The same for staff: private requests too (complaints only for roles that read them),
/// so that an agent taking a call sees what the town already has.
pub fn nearby_for_staff(
    conn: &mut PgConnection,
    p: &Principal,
    a: &NearbyArgs,
) -> Result<Vec<PublicRequest>, ApiError> {
    let roles = super::reader_roles(p, a.town)?;
    let tree = taxonomy::tree(conn, a.town, true)?;
    let (category, near) = category_and_radius(conn, a, &tree)?;
    let rows = db::open_near(conn, a.town, category, near, Some(&roles.complaint_scope()))?;
    // Staff read the text as written.
    let seen = public_disclosure().with_whole_text();
    Ok(rows.into_iter().map(|r| into_public(r, &seen)).collect())
}

/// What anyone may know of a public request (never who asked, nor who wrote).
fn public_disclosure() -> Disclosure {
    disclosure(Reader::Public, RequestKind::Request, RequesterMode::Identified)
}
