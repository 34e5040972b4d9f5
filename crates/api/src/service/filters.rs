//! The dashboard filter each staff member saves; applied by default until cleared.

use civis_domain::wire::RequestFilter;
use diesel::PgConnection;

use crate::db::filters as db;
use crate::error::ApiError;

pub fn get(conn: &mut PgConnection, user: i64) -> Result<Option<RequestFilter>, ApiError> {
    Ok(db::get(conn, user)?.and_then(parse))
}

/// A saved filter as stored; one saved by an older version that no longer parses is none.
pub fn parse(value: serde_json::Value) -> Option<RequestFilter> {
    serde_json::from_value(value).ok()
}

pub fn put(conn: &mut PgConnection, user: i64, filter: &RequestFilter) -> Result<(), ApiError> {
    let value = serde_json::to_value(filter).map_err(|e| ApiError::caused("saved filter", e))?;
    db::put(conn, user, &value)?;
    Ok(())
}

pub fn delete(conn: &mut PgConnection, user: i64) -> Result<(), ApiError> {
    db::delete(conn, user)?;
    Ok(())
}
