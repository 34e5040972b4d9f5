//! Single-use links of accounts (password reset, email confirmation), password changes and
//! the sign-ins they end.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::schema::{account_tokens, refresh_tokens, users};

/// A link's token as stored, with its account.
#[derive(Debug, Queryable)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub email: String,
    pub language: civis_domain::Lang,
    pub kind: civis_domain::wire::UserKind,
}

pub fn insert_token(
    conn: &mut PgConnection,
    user_id: i64,
    purpose: &str,
    hash: &[u8],
    expires_at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(account_tokens::table)
        .values((
            account_tokens::user_id.eq(user_id),
            account_tokens::purpose.eq(purpose),
            account_tokens::token_hash.eq(hash),
            account_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(drop)
}

/// The unused, unexpired token of `purpose` with this hash, locked until the transaction
/// ends (two clicks on one link cannot both use it).
pub fn live_token(conn: &mut PgConnection, purpose: &str, hash: &[u8]) -> QueryResult<Option<TokenRow>> {
    account_tokens::table
        .inner_join(users::table)
        .filter(account_tokens::purpose.eq(purpose))
        .filter(account_tokens::token_hash.eq(hash))
        .filter(account_tokens::used_at.is_null())
        .filter(account_tokens::expires_at.gt(diesel::dsl::now))
        .filter(users::active.eq(true))
        .select((account_tokens::id, users::id, users::email, users::language, users::kind))
        .for_update()
        .first(conn)
        .optional()
}

/// Spends a token and every other live token of the same purpose for the account.
pub fn use_tokens(conn: &mut PgConnection, user_id: i64, purpose: &str) -> QueryResult<()> {
    diesel::update(
        account_tokens::table
            .filter(account_tokens::user_id.eq(user_id))
            .filter(account_tokens::purpose.eq(purpose))
            .filter(account_tokens::used_at.is_null()),
    )
    .set(account_tokens::used_at.eq(diesel::dsl::now))
    .execute(conn)
    .map(drop)
}

/// Sets a new password.
pub fn set_password(conn: &mut PgConnection, user_id: i64, hash: &str) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set((
            users::password_hash.eq(hash),
            users::password_changed_at.eq(diesel::dsl::now),
            users::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .map(drop)
}

/// Marks the account's email address as confirmed (once).
pub fn confirm_email(conn: &mut PgConnection, user_id: i64) -> QueryResult<()> {
    diesel::update(users::table.find(user_id).filter(users::email_confirmed_at.is_null()))
        .set(users::email_confirmed_at.eq(diesel::dsl::now))
        .execute(conn)
        .map(drop)
}

/// Ends every sign-in of the account (its refresh tokens stop working).
pub fn revoke_all(conn: &mut PgConnection, user_id: i64) -> QueryResult<()> {
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::user_id.eq(user_id)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(diesel::dsl::now))
    .execute(conn)
    .map(drop)
}

/// Rewrites an unconfirmed sign-up (a second sign-up before the first was confirmed).
pub fn replace_unconfirmed(
    conn: &mut PgConnection,
    user_id: i64,
    row: &super::users::NewUserRow,
) -> QueryResult<usize> {
    diesel::update(users::table.find(user_id).filter(users::email_confirmed_at.is_null()))
        .set((
            users::password_hash.eq(row.password_hash),
            users::first_name.eq(row.first_name),
            users::last_name.eq(row.last_name),
            users::phone.eq(row.phone),
            users::language.eq(row.language),
            users::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
}

/// The stored password hash of an active account.
pub fn password_hash(conn: &mut PgConnection, user_id: i64) -> QueryResult<Option<String>> {
    users::table.find(user_id).filter(users::active.eq(true)).select(users::password_hash).first(conn).optional()
}

/// Links of `purpose` made for the account since `since`.
pub fn links_since(conn: &mut PgConnection, user_id: i64, purpose: &str, since: DateTime<Utc>) -> QueryResult<i64> {
    account_tokens::table
        .filter(account_tokens::user_id.eq(user_id))
        .filter(account_tokens::purpose.eq(purpose))
        .filter(account_tokens::created_at.gt(since))
        .count()
        .get_result(conn)
}
