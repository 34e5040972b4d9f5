//! Integrator apps' API keys: only the key's SHA-256 is kept.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::schema::api_keys;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_keys, check_for_backend(diesel::pg::Pg))]
pub struct KeyRow {
    pub id: i64,
    pub municipality_id: i64,
    pub name: String,
    pub prefix: String,
    pub rate_per_hour: i32,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = api_keys)]
pub struct NewKey<'a> {
    pub municipality_id: i64,
    pub name: &'a str,
    pub prefix: &'a str,
    pub key_hash: &'a [u8],
    pub rate_per_hour: i32,
    pub created_by: Option<i64>,
}

pub fn insert(conn: &mut PgConnection, key: &NewKey) -> QueryResult<KeyRow> {
    diesel::insert_into(api_keys::table).values(key).returning(KeyRow::as_returning()).get_result(conn)
}

/// A town's keys, newest first.
pub fn list(conn: &mut PgConnection, town: i64) -> QueryResult<Vec<KeyRow>> {
    api_keys::table
        .filter(api_keys::municipality_id.eq(town))
        .order((api_keys::created_at.desc(), api_keys::id.desc()))
        .select(KeyRow::as_select())
        .load(conn)
}

/// Revokes a town's key (a second revocation keeps the first instant); the key, if the town's.
pub fn revoke(conn: &mut PgConnection, town: i64, id: i64) -> QueryResult<Option<KeyRow>> {
    diesel::update(api_keys::table.filter(api_keys::id.eq(id)).filter(api_keys::municipality_id.eq(town)))
        .set(api_keys::revoked_at.eq(diesel::dsl::sql::<diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>>(
            "coalesce(revoked_at, now())",
        )))
        .returning(KeyRow::as_returning())
        .get_result(conn)
        .optional()
}

/// A key's app name (a revoked key keeps it).
pub fn name(conn: &mut PgConnection, id: i64) -> QueryResult<String> {
    api_keys::table.find(id).select(api_keys::name).first(conn)
}

/// The live key with this digest.
pub fn live(conn: &mut PgConnection, digest: &[u8]) -> QueryResult<Option<KeyRow>> {
    api_keys::table
        .filter(api_keys::key_hash.eq(digest))
        .filter(api_keys::revoked_at.is_null())
        .select(KeyRow::as_select())
        .first(conn)
        .optional()
}

/// Notes a use, to the minute (one write a minute per key, not one per call).
pub fn touch(conn: &mut PgConnection, id: i64) -> QueryResult<()> {
    diesel::update(api_keys::table.find(id))
        .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
            "last_used_at IS NULL OR last_used_at < now() - interval '1 minute'",
        ))
        .set(api_keys::last_used_at.eq(diesel::dsl::now))
        .execute(conn)
        .map(drop)
}
