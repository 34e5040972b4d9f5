//! The dashboard filter each staff member saves; applied by default until cleared.

use civis_domain::wire::RequestFilter;
use diesel::prelude::*;

use crate::db::schema::saved_filters;
use crate::error::ApiError;

pub fn get(conn: &mut PgConnection, user: i64) -> Result<Option<RequestFilter>, ApiError> {
    let value: Option<serde_json::Value> =
        saved_filters::table.find(user).select(saved_filters::filter).first(conn).optional()?;
    Ok(value.and_then(parse))
}

/// A saved filter as stored; one saved by an older version that no longer parses is none.
pub fn parse(value: serde_json::Value) -> Option<RequestFilter> {
    serde_json::from_value(value).ok()
}

pub fn put(conn: &mut PgConnection, user: i64, filter: &RequestFilter) -> Result<(), ApiError> {
    let value = serde_json::to_value(filter).map_err(|e| ApiError::caused("saved filter", e))?;
    diesel::insert_into(saved_filters::table)
        .values((saved_filters::user_id.eq(user), saved_filters::filter.eq(&value)))
        .on_conflict(saved_filters::user_id)
        .do_update()
        .set((saved_filters::filter.eq(&value), saved_filters::updated_at.eq(diesel::dsl::now)))
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut PgConnection, user: i64) -> Result<(), ApiError> {
    diesel::delete(saved_filters::table.find(user)).execute(conn)?;
    Ok(())
}
