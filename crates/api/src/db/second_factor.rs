//! Second factors (TOTP) and their recovery codes.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::schema::{recovery_codes, second_factors, security_events};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = second_factors, check_for_backend(diesel::pg::Pg))]
pub struct FactorRow {
    pub sealed: Vec<u8>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub last_step: i64,
}

pub fn find(conn: &mut PgConnection, user_id: i64) -> QueryResult<Option<FactorRow>> {
    second_factors::table.find(user_id).select(FactorRow::as_select()).first(conn).optional()
}

/// Whether the account has a confirmed second factor.
pub fn enrolled(conn: &mut PgConnection, user_id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        second_factors::table.find(user_id).filter(second_factors::confirmed_at.is_not_null()),
    ))
    .get_result(conn)
}

/// Sets a new, unconfirmed secret (replacing an unconfirmed one; never a confirmed one).
/// False when the account already has a confirmed factor.
pub fn put_pending(conn: &mut PgConnection, user_id: i64, sealed: &[u8]) -> QueryResult<bool> {
    diesel::sql_query(
        "INSERT INTO second_factors (user_id, sealed) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET sealed = EXCLUDED.sealed, last_step = 0, created_at = now()
         WHERE second_factors.confirmed_at IS NULL",
    )
    .bind::<diesel::sql_types::Int8, _>(user_id)
    .bind::<diesel::sql_types::Bytea, _>(sealed)
    .execute(conn)
    .map(|n| n == 1)
}

/// Accepts a code's step once: true when `step` is later than every step accepted before
/// (a code seen once cannot be replayed).
pub fn accept_step(conn: &mut PgConnection, user_id: i64, step: i64) -> QueryResult<bool> {
    diesel::update(second_factors::table.find(user_id).filter(second_factors::last_step.lt(step)))
        .set(second_factors::last_step.eq(step))
        .execute(conn)
        .map(|n| n == 1)
}

/// Confirms the factor and replaces the account's recovery codes with `digests`.
pub fn confirm(conn: &mut PgConnection, user_id: i64, digests: &[String]) -> QueryResult<()> {
    diesel::update(second_factors::table.find(user_id))
        .set(second_factors::confirmed_at.eq(diesel::dsl::now))
        .execute(conn)?;
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id))).execute(conn)?;
    let rows: Vec<_> =
        digests.iter().map(|d| (recovery_codes::user_id.eq(user_id), recovery_codes::digest.eq(d))).collect();
    diesel::insert_into(recovery_codes::table).values(rows).execute(conn).map(drop)
}

/// Spends a recovery code: true when it was there and unused.
pub fn spend_recovery(conn: &mut PgConnection, user_id: i64, digest: &str) -> QueryResult<bool> {
    diesel::update(
        recovery_codes::table
            .filter(recovery_codes::user_id.eq(user_id))
            .filter(recovery_codes::digest.eq(digest))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(diesel::dsl::now))
    .execute(conn)
    .map(|n| n == 1)
}

/// Recovery codes not used yet.
pub fn recovery_left(conn: &mut PgConnection, user_id: i64) -> QueryResult<i64> {
    recovery_codes::table
        .filter(recovery_codes::user_id.eq(user_id))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
}

/// Removes the factor and its codes (a town administrator's reset). True when there was one.
pub fn remove(conn: &mut PgConnection, user_id: i64) -> QueryResult<bool> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id))).execute(conn)?;
    diesel::delete(second_factors::table.find(user_id)).execute(conn).map(|n| n == 1)
}

/// Records that `actor` reset `subject`'s second factor (in `town`, or as the platform).
pub fn log_reset(conn: &mut PgConnection, town: Option<i64>, actor: i64, subject: i64) -> QueryResult<()> {
    diesel::insert_into(security_events::table)
        .values((
            security_events::municipality_id.eq(town),
            security_events::actor_id.eq(actor),
            security_events::subject_id.eq(subject),
            security_events::what.eq("second_factor_reset"),
        ))
        .execute(conn)
        .map(drop)
}
