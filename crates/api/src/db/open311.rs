//! What Open311 GeoReport reads: a town's public requests (never a requester column) with
//! their department, and their status changes (mySociety's `servicerequestupdates`).
//!
//! Written as text (`db::sql`): the filters are optional and the expected moment is the due
//! date's end on the town's clock.

use chrono::{DateTime, Utc};
use civis_domain::wire::RequesterMode;
use civis_domain::{Channel, RequestKind, Status};
use diesel::prelude::*;
use diesel::sql_types::{Double, Int8, Nullable, Text, Timestamptz};

use crate::db::sql::{Bind, Sql};
use crate::error::ApiError;

/// A public request as GeoReport reads it.
#[derive(QueryableByName)]
pub struct Row {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub number: String,
    #[diesel(sql_type = Int8)]
    pub node_id: i64,
    #[diesel(sql_type = Text)]
    pub kind: RequestKind,
    #[diesel(sql_type = Text)]
    pub requester_mode: RequesterMode,
    #[diesel(sql_type = Text)]
    pub status: Status,
    #[diesel(sql_type = Text)]
    pub channel: Channel,
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
    #[diesel(sql_type = Timestamptz)]
    pub updated_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub closed_at: Option<DateTime<Utc>>,
    /// The due date's last second on the town's clock, while open.
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub expected_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    pub department_fr: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub department_en: Option<String>,
}

/// Open or closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Openness {
    Open,
    Closed,
}

/// The filters of `GET requests`.
#[derive(Debug, Default)]
pub struct Filter {
    pub numbers: Vec<String>,
    pub nodes: Vec<i64>,
    pub filed_from: Option<DateTime<Utc>>,
    pub filed_to: Option<DateTime<Utc>>,
    pub status: Vec<Openness>,
    pub updated_after: Option<DateTime<Utc>>,
    pub updated_before: Option<DateTime<Utc>>,
    pub offset: i64,
    pub limit: i64,
}

fn select(sql: &mut Sql, town: i64) {
    sql.push("SELECT r.id, r.number, r.node_id, r.kind, r.requester_mode, r.status, r.channel, ");
    sql.push("coalesce(r.public_description, r.description) AS description, r.address, r.latitude, r.longitude, ");
    sql.push("r.created_at, r.updated_at, r.closed_at, CASE WHEN r.closed_at IS NULL AND r.due_date IS NOT NULL ");
    sql.push("THEN ((r.due_date + 1)::timestamp AT TIME ZONE m.timezone) - interval '1 second' END AS expected_at, ");
    sql.push("d.name_fr AS department_fr, d.name_en AS department_en ");
    sql.push("FROM requests r JOIN municipalities m ON m.id = r.municipality_id ");
    sql.push("LEFT JOIN departments d ON d.id = r.department_id ");
    // The public's rows: public requests, never a complaint.
    sql.push("WHERE r.municipality_id = ").bind(Bind::I64(town));
    sql.push(" AND r.is_public AND r.kind <> 'complaint'");
}

fn filtered(sql: &mut Sql, f: &Filter) {
    if !f.numbers.is_empty() {
        sql.push(" AND r.number = ANY(").bind(Bind::Texts(f.numbers.clone())).push(")");
    }
    if !f.nodes.is_empty() {
        sql.push(" AND r.node_id = ANY(").bind(Bind::I64s(f.nodes.clone())).push(")");
    }
    if let Some(t) = f.filed_from {
        sql.push(" AND r.created_at >= ").bind(Bind::Ts(t));
    }
    if let Some(t) = f.filed_to {
        sql.push(" AND r.created_at <= ").bind(Bind::Ts(t));
    }
    match f.status.as_slice() {
        [Openness::Open] => {
            sql.push(" AND r.closed_at IS NULL");
        }
        [Openness::Closed] => {
            sql.push(" AND r.closed_at IS NOT NULL");
        }
        _ => {}
    }
    if let Some(t) = f.updated_after {
        sql.push(" AND r.updated_at > ").bind(Bind::Ts(t));
    }
    if let Some(t) = f.updated_before {
        sql.push(" AND r.updated_at <= ").bind(Bind::Ts(t));
    }
}

/// A town's public requests, newest first.
pub fn requests(conn: &mut PgConnection, town: i64, f: &Filter) -> Result<Vec<Row>, ApiError> {
    let mut sql = Sql::default();
    select(&mut sql, town);
    filtered(&mut sql, f);
    sql.push(" ORDER BY r.created_at DESC, r.id DESC LIMIT ").bind(Bind::I64(f.limit));
    sql.push(" OFFSET ").bind(Bind::I64(f.offset));
    Ok(sql.build().load(conn)?)
}

/// A status change of a public request.
#[derive(QueryableByName)]
pub struct Update {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub number: String,
    #[diesel(sql_type = Text)]
    pub status: Status,
    #[diesel(sql_type = Timestamptz)]
    pub at: DateTime<Utc>,
}

/// The status changes of a town's public requests in `[from, to]`, oldest first.
pub fn updates(
    conn: &mut PgConnection,
    town: i64,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    limit: i64,
) -> Result<Vec<Update>, ApiError> {
    let mut sql = Sql::default();
    sql.push(
        "SELECT h.id, r.number, h.new_value AS status, h.at FROM history h JOIN requests r ON r.id = h.request_id",
    );
    sql.push(" WHERE h.municipality_id = ").bind(Bind::I64(town));
    sql.push(" AND h.field = 'status' AND h.new_value IS NOT NULL AND r.is_public AND r.kind <> 'complaint'");
    sql.push(" AND h.at >= ").bind(Bind::Ts(from)).push(" AND h.at <= ").bind(Bind::Ts(to));
    sql.push(" ORDER BY h.at, h.id LIMIT ").bind(Bind::I64(limit));
    Ok(sql.build().load(conn)?)
}

/// The public photos' ids of each request, by the rule of `service::attachments` (the
/// requester's photos, and staff photos sent with an external follow-up).
pub fn photos(conn: &mut PgConnection, ids: &[i64]) -> Result<Vec<(i64, i64, bool, bool)>, ApiError> {
    use crate::db::schema::attachments as a;
    Ok(a::table
        .filter(a::request_id.eq_any(ids))
        .filter(a::kind.eq("photo"))
        .select((a::request_id, a::id, a::by_requester, a::sent_to_requester))
        .order((a::request_id, a::id))
        .load(conn)?)
}
