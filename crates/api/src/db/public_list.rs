//! What the public reads of requests, and the duplicate check before filing: public
//! requests of a town (newest first, around a point by the grid cells' index) and open
//! requests of a category near a point. Never who asked: no requester column is read.
//!
//! Written as text (`db::sql`): the great-circle distance and the per-cell lateral walk are
//! arithmetic and shapes the DSL cannot say.

use chrono::{DateTime, Utc};
use civis_domain::{ComplaintScope, Status};
use diesel::prelude::*;
use diesel::sql_types::{Double, Int8, Nullable, Text, Timestamptz};

use crate::db::sql::{Bind, Sql};
use crate::error::ApiError;

/// Metres per degree of latitude.
const M_PER_DEG: f64 = 111_320.0;

/// A request as the public reads it (or staff, for the duplicate check).
#[derive(QueryableByName)]
pub struct Row {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub number: String,
    #[diesel(sql_type = Int8)]
    pub node_id: i64,
    #[diesel(sql_type = Int8)]
    pub category_id: i64,
    #[diesel(sql_type = Text)]
    pub status: Status,
    #[diesel(sql_type = Text)]
    pub description: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub address: Option<String>,
    #[diesel(sql_type = Nullable<Double>)]
    pub latitude: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    pub longitude: Option<f64>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Date>)]
    pub due_date: Option<chrono::NaiveDate>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub closed_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Double>)]
    pub distance_m: Option<f64>,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub is_public: bool,
    /// Open past its due date, in the town's day.
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub late: bool,
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

/// Who reads: the public (public requests, in staff's public wording when there is one),
/// staff (every request, in the citizen's words), or a citizen's duplicate check (every
/// request, the public wording: a private one's text is not shown at all).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    Public,
    Staff,
    Duplicates,
}

/// The select list, with the distance to `near` when given.
fn select_from(sql: &mut Sql, near: Option<Near>, reading: Reading) {
    sql.push("SELECT r.id, r.number, r.node_id, r.category_id, r.status, ");
    sql.push(if reading == Reading::Staff {
        "r.description"
    } else {
        "coalesce(r.public_description, r.description) AS description"
    });
    sql.push(", r.address, r.latitude, r.longitude, r.created_at, r.due_date, r.closed_at, r.is_public, ");
    // No due date (none set, or waiting on the citizen) is not late: never NULL.
    sql.push("(r.closed_at IS NULL AND r.due_date IS NOT NULL AND r.due_date < (SELECT (now() AT TIME ZONE m.timezone)::date");
    sql.push(" FROM municipalities m WHERE m.id = r.municipality_id)) AS late, ");
    match near {
        Some(n) => {
            distance(sql, n);
            sql.push(" AS distance_m");
        }
        None => {
            sql.push("NULL::float8 AS distance_m");
        }
    }
    sql.push(if reading == Reading::Public {
        " FROM requests r WHERE r.is_public"
    } else {
        " FROM requests r WHERE TRUE"
    });
}

fn select(sql: &mut Sql, near: Option<Near>) {
    select_from(sql, near, Reading::Public)
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

/// A page of the public list.
pub struct PublicQuery {
    pub town: i64,
    pub category: Option<i64>,
    pub status: Option<Status>,
    pub near: Option<Near>,
    /// Where the previous page ended: its last row's creation and id.
    pub after: Option<(DateTime<Utc>, i64)>,
    /// Rows wanted; one more is read to know whether a next page exists.
    pub limit: i64,
}

/// Public requests of a town, newest first.
///
/// Around a point, each grid cell of the circle is read newest-first from the cells index
/// alone (ids, dates and coordinates are in it: no table row is read for a candidate),
/// stopping at the page size; the cells' candidates are merged, and only the page's rows
/// are read. The cost follows the page size, not the thousands of requests a dense
/// neighbourhood gathers over the years.
pub fn page(conn: &mut PgConnection, a: &PublicQuery) -> Result<Vec<Row>, ApiError> {
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
        if let Some((at, id)) = a.after {
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
    Ok(sql.build().load(conn)?)
}

/// One public request of a town; none for a private one.
pub fn one(conn: &mut PgConnection, town: i64, id: i64) -> Result<Option<Row>, ApiError> {
    let mut sql = Sql::default();
    select(&mut sql, None);
    sql.push(" AND r.municipality_id = ").bind(Bind::I64(town)).push(" AND r.id = ").bind(Bind::I64(id));
    Ok(sql.build().get_result(conn).optional()?)
}

/// For a citizen about to file: open requests (reports, not complaints nor other kinds) of
/// a category near a point, public or not, nearest first, at most ten. The caller shows a
/// private one's category, status and distance only.
pub fn open_near_for_citizens(
    conn: &mut PgConnection,
    town: i64,
    category: i64,
    near: Near,
) -> Result<Vec<Row>, ApiError> {
    let mut sql = Sql::default();
    select_from(&mut sql, Some(near), Reading::Duplicates);
    sql.push(" AND r.municipality_id = ").bind(Bind::I64(town));
    sql.push(" AND r.category_id = ").bind(Bind::I64(category));
    sql.push(" AND r.kind = 'request' AND r.status IN ('not_transferred', 'transferred', 'in_progress')");
    sql.push(" AND r.latitude IS NOT NULL");
    within(&mut sql, near);
    sql.push(" ORDER BY distance_m, r.id LIMIT 10");
    Ok(sql.build().load(conn)?)
}

/// Open requests of a category near a point, nearest first, at most ten: public ones for
/// the public (`staff` none); for staff private ones too, waiting ones too, and the
/// complaints their roles read.
pub fn open_near(
    conn: &mut PgConnection,
    town: i64,
    category: i64,
    near: Near,
    staff: Option<&ComplaintScope>,
) -> Result<Vec<Row>, ApiError> {
    let mut sql = Sql::default();
    select_from(&mut sql, Some(near), if staff.is_some() { Reading::Staff } else { Reading::Public });
    sql.push(" AND r.municipality_id = ").bind(Bind::I64(town));
    sql.push(" AND r.category_id = ").bind(Bind::I64(category));
    sql.push(if staff.is_some() {
        " AND r.status IN ('not_transferred', 'transferred', 'in_progress') AND r.latitude IS NOT NULL"
    } else {
        " AND r.status IN ('transferred', 'in_progress') AND r.latitude IS NOT NULL"
    });
    if let Some(scope) = staff {
        sql.push_complaint_scope(scope);
    }
    within(&mut sql, near);
    sql.push(" ORDER BY distance_m, r.id LIMIT 10");
    Ok(sql.build().load(conn)?)
}
