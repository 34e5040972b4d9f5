//! The dashboard filter each staff member saves (one JSON value per user).

use diesel::prelude::*;
use serde_json::Value;

use super::schema::saved_filters as f;

pub fn get(conn: &mut PgConnection, user: i64) -> QueryResult<Option<Value>> {
    f::table.find(user).select(f::filter).first(conn).optional()
}

pub fn put(conn: &mut PgConnection, user: i64, value: &Value) -> QueryResult<usize> {
    diesel::insert_into(f::table)
        .values((f::user_id.eq(user), f::filter.eq(value)))
        .on_conflict(f::user_id)
        .do_update()
        .set((f::filter.eq(value), f::updated_at.eq(diesel::dsl::now)))
        .execute(conn)
}

pub fn delete(conn: &mut PgConnection, user: i64) -> QueryResult<usize> {
    diesel::delete(f::table.find(user)).execute(conn)
}
