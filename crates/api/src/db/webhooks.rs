//! Webhook endpoints and their deliveries: the outbox of request events, written in the
//! transaction of the change, claimed by the worker one request's queue at a time.

use chrono::{DateTime, Utc};
use civis_domain::wire::DeliveryStatus;
use diesel::prelude::*;
use diesel::sql_types::{Int8, Jsonb, Text, Timestamptz};

use super::schema_hooks::{webhook_deliveries as d, webhook_endpoints as e};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = e, check_for_backend(diesel::pg::Pg))]
pub struct EndpointRow {
    pub id: i64,
    pub municipality_id: i64,
    pub url: String,
    pub description: String,
    pub events: Vec<String>,
    pub secret_sealed: Vec<u8>,
    pub active: bool,
    pub disabled_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = e)]
pub struct NewEndpoint<'a> {
    pub municipality_id: i64,
    pub url: &'a str,
    pub description: &'a str,
    pub events: Vec<String>,
    pub secret_sealed: &'a [u8],
    pub active: bool,
    pub created_by: Option<i64>,
}

pub fn insert(conn: &mut PgConnection, row: &NewEndpoint) -> QueryResult<EndpointRow> {
    diesel::insert_into(e::table).values(row).returning(EndpointRow::as_returning()).get_result(conn)
}

pub fn endpoints(conn: &mut PgConnection, town: i64) -> QueryResult<Vec<EndpointRow>> {
    e::table.filter(e::municipality_id.eq(town)).order(e::id).select(EndpointRow::as_select()).load(conn)
}

pub fn endpoint(conn: &mut PgConnection, town: i64, id: i64) -> QueryResult<Option<EndpointRow>> {
    e::table
        .filter(e::municipality_id.eq(town))
        .filter(e::id.eq(id))
        .select(EndpointRow::as_select())
        .first(conn)
        .optional()
}

/// Replaces an endpoint's address, description, events and state (the secret stays); on
/// again clears the reason it was disabled.
pub fn replace(
    conn: &mut PgConnection,
    town: i64,
    id: i64,
    (url, description, events, active): (&str, &str, Vec<String>, bool),
) -> QueryResult<Option<EndpointRow>> {
    diesel::update(e::table.filter(e::municipality_id.eq(town)).filter(e::id.eq(id)))
        .set((
            e::url.eq(url),
            e::description.eq(description),
            e::events.eq(events),
            e::active.eq(active),
            e::disabled_reason.eq(None::<String>),
        ))
        .returning(EndpointRow::as_returning())
        .get_result(conn)
        .optional()
}

/// Disables an endpoint, saying why.
pub fn disable(conn: &mut PgConnection, id: i64, reason: &str) -> QueryResult<()> {
    diesel::update(e::table.find(id)).set((e::active.eq(false), e::disabled_reason.eq(reason))).execute(conn).map(drop)
}

/// One delivery per live endpoint of the town that hears of `event`: one statement, no
/// read (what is written in the change's transaction).
pub fn enqueue(conn: &mut PgConnection, (town, request): (i64, i64), m: &HookMessage) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO webhook_deliveries (endpoint_id, municipality_id, request_id, event, message_id, payload)
         SELECT id, municipality_id, $2, $3, $4, $5 FROM webhook_endpoints
         WHERE municipality_id = $1 AND active AND $3 = ANY(events)",
    )
    .bind::<Int8, _>(town)
    .bind::<Int8, _>(request)
    .bind::<Text, _>(&m.event)
    .bind::<Text, _>(&m.message_id)
    .bind::<Jsonb, _>(&m.payload)
    .execute(conn)
}

/// One event of a request as its endpoints receive it: the event's name, the message's id
/// (the same for every endpoint) and the body.
pub struct HookMessage {
    pub event: String,
    pub message_id: String,
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = d, check_for_backend(diesel::pg::Pg))]
pub struct DeliveryRow {
    pub id: i64,
    pub endpoint_id: i64,
    pub request_id: i64,
    pub event: String,
    pub message_id: String,
    pub payload: serde_json::Value,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// An endpoint's latest deliveries, newest first.
pub fn deliveries(conn: &mut PgConnection, endpoint: i64, limit: i64) -> QueryResult<Vec<DeliveryRow>> {
    d::table
        .filter(d::endpoint_id.eq(endpoint))
        .order(d::id.desc())
        .limit(limit)
        .select(DeliveryRow::as_select())
        .load(conn)
}

/// Sends a delivery again: pending, due now, its tries counted afresh (the same message id).
pub fn resend(conn: &mut PgConnection, endpoint: i64, id: i64) -> QueryResult<Option<DeliveryRow>> {
    diesel::update(d::table.filter(d::endpoint_id.eq(endpoint)).filter(d::id.eq(id)))
        .set((
            d::status.eq(DeliveryStatus::Pending),
            d::attempts.eq(0),
            d::next_attempt_at.eq(diesel::dsl::now),
            d::delivered_at.eq(None::<DateTime<Utc>>),
        ))
        .returning(DeliveryRow::as_returning())
        .get_result(conn)
        .optional()
}

/// A delivery the worker sends now, with where and how.
#[derive(Debug, Clone, QueryableByName)]
pub struct Due {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Int8)]
    pub endpoint_id: i64,
    #[diesel(sql_type = Int8)]
    pub municipality_id: i64,
    #[diesel(sql_type = Text)]
    pub message_id: String,
    #[diesel(sql_type = Jsonb)]
    pub payload: serde_json::Value,
    #[diesel(sql_type = diesel::sql_types::Int4)]
    pub attempts: i32,
    #[diesel(sql_type = Text)]
    pub url: String,
    #[diesel(sql_type = diesel::sql_types::Bytea)]
    pub secret_sealed: Vec<u8>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

/// Claims up to `limit` due deliveries, each the first pending one of its request for its
/// endpoint (a request's events arrive in order: a later one waits while an earlier one is
/// retried), pushing their next try `lease` seconds ahead so that another worker leaves
/// them while they are sent.
pub fn claim(conn: &mut PgConnection, limit: i64, lease_secs: i64) -> QueryResult<Vec<Due>> {
    diesel::sql_query(
        "WITH due AS (
            SELECT x.id FROM webhook_deliveries x JOIN webhook_endpoints e ON e.id = x.endpoint_id
            WHERE x.status = 'pending' AND x.next_attempt_at <= now() AND e.active
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries y WHERE y.status = 'pending'
                  AND y.endpoint_id = x.endpoint_id AND y.request_id = x.request_id AND y.id < x.id)
            ORDER BY x.next_attempt_at, x.id LIMIT $1 FOR UPDATE OF x SKIP LOCKED)
         UPDATE webhook_deliveries w SET next_attempt_at = now() + make_interval(secs => $2)
         FROM due, webhook_endpoints ep
         WHERE w.id = due.id AND ep.id = w.endpoint_id
         RETURNING w.id, w.endpoint_id, w.municipality_id, w.message_id, w.payload, w.attempts, ep.url,
                   ep.secret_sealed, w.created_at",
    )
    .bind::<Int8, _>(limit)
    .bind::<diesel::sql_types::Double, _>(lease_secs as f64)
    .load(conn)
}

/// What a try came to: delivered, or the next try's moment (none: the last try failed).
pub enum Outcome<'a> {
    Delivered(i32),
    Retry { status: Option<i32>, error: &'a str, next: Option<DateTime<Utc>> },
}

pub fn record(conn: &mut PgConnection, id: i64, outcome: Outcome) -> QueryResult<()> {
    let tried = (d::attempts.eq(d::attempts + 1), d::last_attempt_at.eq(diesel::dsl::now));
    let row = d::table.find(id);
    match outcome {
        Outcome::Delivered(status) => diesel::update(row)
            .set((
                tried,
                d::status.eq(DeliveryStatus::Delivered),
                d::last_status.eq(status),
                d::last_error.eq(None::<String>),
                d::delivered_at.eq(diesel::dsl::now),
            ))
            .execute(conn),
        Outcome::Retry { status, error, next: Some(at) } => diesel::update(row)
            .set((tried, d::last_status.eq(status), d::last_error.eq(error), d::next_attempt_at.eq(at)))
            .execute(conn),
        Outcome::Retry { status, error, next: None } => diesel::update(row)
            .set((tried, d::status.eq(DeliveryStatus::Failed), d::last_status.eq(status), d::last_error.eq(error)))
            .execute(conn),
    }
    .map(drop)
}

/// The town administrators' addresses (an endpoint was disabled).
pub fn admins_of(conn: &mut PgConnection, town: i64) -> QueryResult<Vec<(String, String)>> {
    #[derive(QueryableByName)]
    struct Admin {
        #[diesel(sql_type = Text)]
        email: String,
        #[diesel(sql_type = Text)]
        language: String,
    }
    Ok(diesel::sql_query(
        "SELECT DISTINCT u.email, u.language FROM users u JOIN user_grants g ON g.user_id = u.id
         WHERE g.municipality_id = $1 AND g.role = 'town_admin' AND u.active",
    )
    .bind::<Int8, _>(town)
    .load::<Admin>(conn)?
    .into_iter()
    .map(|a| (a.email, a.language))
    .collect())
}
