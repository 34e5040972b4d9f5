//! Integrator apps' API keys: a town administrator issues one per app (shown once, kept as
//! its SHA-256), revokes it; a filing through Open311 presents it and is recorded as the
//! app's (channel `application`), within the key's hourly limit.

use civis_domain::wire::{ApiKey, ApiKeyInput, IssuedApiKey};
use diesel::PgConnection;

use crate::auth::tokens;
use crate::db::api_keys::{self as db, KeyRow, NewKey};
use crate::error::ApiError;

/// Every key starts so: a secret found in a log or a repository says what it is.
const PREFIX: &str = "civis_";

/// An app's key, checked: what a filing through it needs.
#[derive(Debug, Clone)]
pub struct AppKey {
    pub id: i64,
    pub town: i64,
    pub name: String,
    pub rate_per_hour: i32,
}

fn view(r: KeyRow) -> ApiKey {
    ApiKey {
        id: r.id,
        name: r.name,
        prefix: r.prefix,
        rate_per_hour: r.rate_per_hour,
        created_at: r.created_at,
        revoked_at: r.revoked_at,
        last_used_at: r.last_used_at,
    }
}

/// Issues a key: its secret is in the answer and nowhere else.
pub fn issue(conn: &mut PgConnection, town: i64, by: i64, input: &ApiKeyInput) -> Result<IssuedApiKey, ApiError> {
    let secret = format!("{PREFIX}{}", tokens::generate());
    let prefix: String = secret.chars().take(PREFIX.len() + 6).collect();
    let row = db::insert(
        conn,
        &NewKey {
            municipality_id: town,
            name: input.name.trim(),
            prefix: &prefix,
            key_hash: &tokens::digest(&secret),
            rate_per_hour: input.rate_per_hour.unwrap_or(1000),
            created_by: Some(by),
        },
    )?;
    Ok(IssuedApiKey { key: view(row), secret })
}

pub fn list(conn: &mut PgConnection, town: i64) -> Result<Vec<ApiKey>, ApiError> {
    Ok(db::list(conn, town)?.into_iter().map(view).collect())
}

/// Revokes a town's key; 404 for another town's.
pub fn revoke(conn: &mut PgConnection, town: i64, id: i64) -> Result<ApiKey, ApiError> {
    db::revoke(conn, town, id)?.map(view).ok_or(ApiError::NotFound)
}

/// The live key a caller presents, for `town`: none, an unknown or revoked key, or another
/// town's key is 403 (Open311's answer for a missing or wrong key).
pub fn check(conn: &mut PgConnection, town: i64, presented: Option<&str>) -> Result<AppKey, ApiError> {
    let presented =
        presented.map(str::trim).filter(|k| !k.is_empty()).ok_or(ApiError::ForbiddenBecause("api_key_missing"))?;
    let row = db::live(conn, &tokens::digest(presented))?
        .filter(|r| r.municipality_id == town)
        .ok_or(ApiError::ForbiddenBecause("api_key_invalid"))?;
    db::touch(conn, row.id)?;
    Ok(AppKey { id: row.id, town: row.municipality_id, name: row.name, rate_per_hour: row.rate_per_hour })
}
