//! What the public sees: public requests (never who asked), the duplicate check before
//! filing, and following a request.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use civis_domain::wire::{PublicPage, PublicRequest, RequesterMode};
use civis_domain::{ComplaintScope, Disclosure, Reader, RequestKind, Status, disclosure};
use diesel::prelude::*;
use diesel::sql_types::{Double, Int8, Nullable, Text, Timestamptz};

use super::followup_view;
use crate::auth::Principal;
use crate::db::requests as db;
use crate::db::sql::{Bind, Sql};
use crate::error::ApiError;
use crate::service::taxonomy;

/// Metres per degree of latitude.
const M_PER_DEG: f64 = 111_320.0;

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Int8)]
    id: i64,
    #[diesel(sql_type = Text)]
    number: String,
    #[diesel(sql_type = Int8)]
    node_id: i64,
    #[diesel(sql_type = Int8)]
    category_id: i64,
    #[diesel(sql_type = Text)]
    status: Status,
    #[diesel(sql_type = Text)]
    description: String,
    #[diesel(sql_type = Nullable<Text>)]
    address: Option<String>,
    #[diesel(sql_type = Nullable<Double>)]
    latitude: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    longitude: Option<f64>,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Date>)]
    due_date: Option<chrono::NaiveDate>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    closed_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Double>)]
    distance_m: Option<f64>,
}

impl Row {
    /// The row as `seen` may read it (the public reads its text with contacts masked).
    fn into_public(self, seen: &Disclosure) -> PublicRequest {
        PublicRequest {
            id: self.id,
            number: self.number,
            node_id: self.node_id,
            category_id: self.category_id,
            status: self.status,
            description: seen.text(self.description),
            address: self.address,
            latitude: self.latitude,
            longitude: self.longitude,
            created_at: self.created_at,
            due_date: self.due_date,
            closed_at: self.closed_at,
            distance_m: self.distance_m,
            followups: Vec::new(),
        }
    }
}

/// A point and a radius in metres.
#[derive(Debug, Clone, Copy)]
pub struct Near {
    pub lat: f64,
    pub lng: f64,
    pub radius_m: f64,
}

/// The great-circle distance in metres from `n` to the row.
fn distance(sql: &mut Sql, n: Near) {
    sql.push("(6371000 * 2 * asin(sqrt(power(sin(radians(r.latitude - ").bind(Bind::F64(n.lat));
    sql.push(") / 2), 2) + cos(radians(")
        .bind(Bind::F64(n.lat))
        .push(")) * cos(radians(r.latitude)) * power(sin(radians(r.longitude - ");
    sql.bind(Bind::F64(n.lng)).push(") / 2), 2))))");
}

/// The select list, with the distance to `near` when given; public requests only unless
/// `all` (staff).
fn select_from(sql: &mut Sql, near: Option<Near>, all: bool) {
    sql.push("SELECT r.id, r.number, r.node_id, r.category_id, r.status, ");
    // Staff read the citizen's words; the public staff's wording when there is one.
    sql.push(if all { "r.description" } else { "coalesce(r.public_description, r.description) AS description" });
    sql.push(", r.address, r.latitude, r.longitude, r.created_at, r.due_date, r.closed_at, ");
    match near {
        Some(n) => {
            distance(sql, n);
            sql.push(" AS distance_m");
        }
        None => {
            sql.push("NULL::float8 AS distance_m");
        }
    }
    sql.push(if all { " FROM requests r WHERE TRUE" } else { " FROM requests r WHERE r.is_public" });
}

fn select(sql: &mut Sql, near: Option<Near>) {
    select_from(sql, near, false)
}

/// The bounding box of the circle: (south, north, west, east).
fn bounds(n: Near) -> (f64, f64, f64, f64) {
    let dlat = n.radius_m / M_PER_DEG;
    let dlng = n.radius_m / (M_PER_DEG * n.lat.to_radians().cos().abs().max(0.01));
    (n.lat - dlat, n.lat + dlat, n.lng - dlng, n.lng + dlng)
}

/// Only rows within the radius: a bounding box the index can use, then the exact distance.
fn within(sql: &mut Sql, n: Near) {
    let (south, north, west, east) = bounds(n);
    sql.push(" AND r.latitude BETWEEN ").bind(Bind::F64(south)).push(" AND ").bind(Bind::F64(north));
    sql.push(" AND r.longitude BETWEEN ").bind(Bind::F64(west)).push(" AND ").bind(Bind::F64(east));
    sql.push(" AND ");
    distance(sql, n);
    sql.push(" <= ").bind(Bind::F64(n.radius_m));
}

/// Past this many grid cells the circle covers much of a town: reading it newest-first
/// is then cheaper than one walk per cell.
const MAX_CELLS: usize = 36;

/// A grid cell from the rows and columns of 0.01°, as `requests.geo_cell` computes it.
fn cell(lat_row: i64, lng_col: i64) -> i64 {
    lat_row * 100_000 + lng_col + 18_000
}

/// The grid cells that the circle's bounding box touches, or None when they are too many.
fn cells(n: Near) -> Option<Vec<i64>> {
    let (south, north, west, east) = bounds(n);
    let (lat0, lat1) = ((south * 100.0).floor() as i64, (north * 100.0).floor() as i64);
    let (lng0, lng1) = ((west * 100.0).floor() as i64, (east * 100.0).floor() as i64);
    let count = usize::try_from((lat1 - lat0 + 1) * (lng1 - lng0 + 1)).unwrap_or(usize::MAX);
    if count > MAX_CELLS {
        return None;
    }
    Some((lat0..=lat1).flat_map(|la| (lng0..=lng1).map(move |lo| cell(la, lo))).collect())
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

/// Public requests of a town, newest first.
///
/// Around a point, each grid cell of the circle is read newest-first from the cells index
/// alone (ids, dates and coordinates are in it: no table row is read for a candidate),
/// stopping at the page size; the cells' candidates are merged, and only the page's rows
/// are read. The cost follows the page size, not the thousands of requests a dense
/// neighbourhood gathers over the years.
pub fn public_list(conn: &mut PgConnection, a: &PublicArgs) -> Result<PublicPage, ApiError> {
    let cursor = a.cursor.as_deref().filter(|c| !c.is_empty()).map(decode).transpose()?;
    let by_cells = a.near.and_then(cells);
    let limit = (a.limit + 1).to_string();
    let mut sql = Sql::default();
    select(&mut sql, a.near);
    // The conditions of a row of the page (with `r` the request).
    let conditions = |sql: &mut Sql| {
        sql.push(" AND r.municipality_id = ").bind(Bind::I64(a.town));
        if let Some(c) = a.category {
            sql.push(" AND r.category_id = ").bind(Bind::I64(c));
        }
        if let Some(s) = a.status {
            sql.push(" AND r.status = ").bind(Bind::Text(s.as_str().into()));
        }
        if let Some(n) = a.near {
            within(sql, n);
        }
        if let Some((at, id)) = cursor {
            sql.push(" AND (r.created_at, r.id) < (").bind(Bind::Ts(at)).push(", ").bind(Bind::I64(id)).push(")");
        }
    };
    match &by_cells {
        Some(cells) => {
            sql.push(" AND r.id IN (SELECT x.id FROM unnest(").bind(Bind::I64s(cells.clone()));
            sql.push("::int8[]) AS c(cell) CROSS JOIN LATERAL (SELECT r.id, r.created_at FROM requests r");
            sql.push(" WHERE r.is_public AND r.latitude IS NOT NULL AND r.geo_cell = c.cell");
            conditions(&mut sql);
            sql.push(" ORDER BY r.created_at DESC, r.id DESC LIMIT ").push(&limit);
            sql.push(") x ORDER BY x.created_at DESC, x.id DESC LIMIT ").push(&limit).push(")");
        }
        None => conditions(&mut sql),
    }
    sql.push(" ORDER BY r.created_at DESC, r.id DESC LIMIT ").push(&limit);
    let mut rows: Vec<Row> = sql.build().load(conn)?;
    let more = rows.len() as i64 > a.limit;
    rows.truncate(usize::try_from(a.limit).unwrap_or(0));
    let next_cursor = rows
        .last()
        .filter(|_| more)
        .map(|r| URL_SAFE_NO_PAD.encode(serde_json::to_vec(&(r.created_at, r.id)).unwrap_or_default()));
    let seen = public_disclosure();
    Ok(PublicPage { items: rows.into_iter().map(|r| r.into_public(&seen)).collect(), next_cursor })
}

/// One public request with its external follow-ups; 404 for a private one.
pub fn public_detail(conn: &mut PgConnection, town: i64, id: i64) -> Result<PublicRequest, ApiError> {
    let mut sql = Sql::default();
    select(&mut sql, None);
    sql.push(" AND r.municipality_id = ").bind(Bind::I64(town)).push(" AND r.id = ").bind(Bind::I64(id));
    let row: Row = sql.build().get_result(conn).optional()?.ok_or(ApiError::NotFound)?;
    let seen = public_disclosure();
    let mut out = row.into_public(&seen);
    out.followups = db::followups_of(conn, id, &["external"])?.into_iter().map(|f| followup_view(f, &seen)).collect();
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
pub fn nearby(conn: &mut PgConnection, a: &NearbyArgs) -> Result<Vec<PublicRequest>, ApiError> {
    nearby_of(conn, a, None)
}

/// The same for staff: private requests too (complaints only for roles that read them),
/// so that an agent taking a call sees what the town already has.
pub fn nearby_for_staff(
    conn: &mut PgConnection,
    p: &Principal,
    a: &NearbyArgs,
) -> Result<Vec<PublicRequest>, ApiError> {
    let roles = super::reader_roles(p, a.town)?;
    nearby_of(conn, a, Some(roles.complaint_scope()))
}

/// `staff`: `None` for the public; for staff, which complaints are shown.
fn nearby_of(
    conn: &mut PgConnection,
    a: &NearbyArgs,
    staff: Option<ComplaintScope>,
) -> Result<Vec<PublicRequest>, ApiError> {
    let tree = taxonomy::tree(conn, a.town, true)?;
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
    let mut sql = Sql::default();
    select_from(&mut sql, Some(near), staff.is_some());
    sql.push(" AND r.municipality_id = ").bind(Bind::I64(a.town));
    sql.push(" AND r.category_id = ").bind(Bind::I64(category));
    sql.push(if staff.is_some() {
        " AND r.status IN ('not_transferred', 'transferred', 'in_progress') AND r.latitude IS NOT NULL"
    } else {
        " AND r.status IN ('transferred', 'in_progress') AND r.latitude IS NOT NULL"
    });
    if let Some(scope) = &staff {
        sql.push_complaint_scope(scope);
    }
    within(&mut sql, near);
    sql.push(" ORDER BY distance_m, r.id LIMIT 10");
    let rows: Vec<Row> = sql.build().load(conn)?;
    // Staff read the text as written; the public with contacts masked.
    let seen = match staff {
        Some(_) => public_disclosure().with_whole_text(),
        None => public_disclosure(),
    };
    Ok(rows.into_iter().map(|r| r.into_public(&seen)).collect())
}

/// What anyone may know of a public request (never who asked, nor who wrote).
fn public_disclosure() -> Disclosure {
    disclosure(Reader::Public, RequestKind::Request, RequesterMode::Identified)
}
