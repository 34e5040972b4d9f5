//! Accounts, their grants and their refresh tokens.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types as sql;

use super::schema::{refresh_tokens, user_grants, users};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub language: civis_domain::Lang,
    pub kind: civis_domain::wire::UserKind,
    pub platform_admin: bool,
    pub active: bool,
    pub email_confirmed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUserRow<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub phone: Option<&'a str>,
    pub language: &'a str,
    pub kind: &'a str,
    pub platform_admin: bool,
    /// Staff accounts (made by an administrator) and the demo are confirmed at once; a
    /// citizen's sign-up waits for its link.
    pub email_confirmed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = user_grants, check_for_backend(diesel::pg::Pg))]
pub struct GrantRow {
    pub user_id: i64,
    pub municipality_id: i64,
    pub role: String,
    pub department_id: Option<i64>,
}

pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<Option<UserRow>> {
    users::table.find(id).select(UserRow::as_select()).first(conn).optional()
}

pub fn find_by_email(conn: &mut PgConnection, email: &str, kind: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(super::lower(users::email).eq(email.trim().to_lowercase()))
        .filter(users::kind.eq(kind))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut PgConnection, row: &NewUserRow) -> QueryResult<i64> {
    diesel::insert_into(users::table).values(row).returning(users::id).get_result(conn)
}

/// An account as a caller: who it is, whether it is active, and its grants (in the order
/// of town, then role), in one row.
#[derive(QueryableByName)]
pub struct PrincipalRow {
    #[diesel(sql_type = sql::Int8)]
    pub id: i64,
    #[diesel(sql_type = sql::Text)]
    pub email: String,
    #[diesel(sql_type = sql::Text)]
    pub first_name: String,
    #[diesel(sql_type = sql::Text)]
    pub last_name: String,
    #[diesel(sql_type = sql::Text)]
    pub language: civis_domain::Lang,
    #[diesel(sql_type = sql::Text)]
    pub kind: civis_domain::wire::UserKind,
    #[diesel(sql_type = sql::Bool)]
    pub platform_admin: bool,
    #[diesel(sql_type = sql::Bool)]
    pub active: bool,
    #[diesel(sql_type = sql::Array<sql::Int8>)]
    pub grant_towns: Vec<i64>,
    #[diesel(sql_type = sql::Array<sql::Text>)]
    pub grant_roles: Vec<civis_domain::Role>,
    #[diesel(sql_type = sql::Array<sql::Nullable<sql::Int8>>)]
    pub grant_departments: Vec<Option<i64>>,
    /// The second-factor policy of each grant's town.
    #[diesel(sql_type = sql::Array<sql::Text>)]
    pub grant_policies: Vec<civis_domain::wire::SecondFactorPolicy>,
    #[diesel(sql_type = sql::Bool)]
    pub second_factor_enrolled: bool,
}

/// The columns of a `PrincipalRow`, of the account aliased `u`.
pub(crate) const PRINCIPAL_COLUMNS: &str = "u.id, u.email, u.first_name, u.last_name, u.language, u.kind,
        u.platform_admin, u.active,
        ARRAY(SELECT g.municipality_id FROM user_grants g WHERE g.user_id = u.id ORDER BY g.municipality_id, g.role) AS grant_towns,
        ARRAY(SELECT g.role FROM user_grants g WHERE g.user_id = u.id ORDER BY g.municipality_id, g.role) AS grant_roles,
        ARRAY(SELECT g.department_id FROM user_grants g WHERE g.user_id = u.id ORDER BY g.municipality_id, g.role) AS grant_departments,
        ARRAY(SELECT m.second_factor FROM user_grants g JOIN municipalities m ON m.id = g.municipality_id
              WHERE g.user_id = u.id ORDER BY g.municipality_id, g.role) AS grant_policies,
        EXISTS(SELECT 1 FROM second_factors f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL) AS second_factor_enrolled";

/// An account as a caller, in one statement.
pub fn principal(conn: &mut PgConnection, id: i64) -> QueryResult<Option<PrincipalRow>> {
    diesel::sql_query(format!("SELECT {PRINCIPAL_COLUMNS} FROM users u WHERE u.id = $1"))
        .bind::<sql::Int8, _>(id)
        .get_result(conn)
        .optional()
}

pub fn grants_of(conn: &mut PgConnection, user_id: i64) -> QueryResult<Vec<GrantRow>> {
    user_grants::table
        .filter(user_grants::user_id.eq(user_id))
        .order((user_grants::municipality_id, user_grants::role))
        .select(GrantRow::as_select())
        .load(conn)
}

/// Replaces a user's grants in one town.
pub fn replace_grants(conn: &mut PgConnection, user_id: i64, town: i64, rows: &[GrantRow]) -> QueryResult<()> {
    diesel::delete(
        user_grants::table.filter(user_grants::user_id.eq(user_id)).filter(user_grants::municipality_id.eq(town)),
    )
    .execute(conn)?;
    diesel::insert_into(user_grants::table).values(rows).execute(conn)?;
    Ok(())
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens, check_for_backend(diesel::pg::Pg))]
pub struct RefreshRow {
    pub id: i64,
    pub user_id: i64,
    pub family: String,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub session_expires_at: DateTime<Utc>,
}

/// When a refresh token stops working: unused past `expires`, and in any case when its
/// sign-in ends (`session_ends`).
pub struct RefreshLife {
    pub expires: DateTime<Utc>,
    pub session_ends: DateTime<Utc>,
}

pub fn insert_refresh(
    conn: &mut PgConnection,
    user_id: i64,
    family: &str,
    hash: &[u8],
    life: &RefreshLife,
) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::user_id.eq(user_id),
            refresh_tokens::family.eq(family),
            refresh_tokens::token_hash.eq(hash),
            refresh_tokens::expires_at.eq(life.expires.min(life.session_ends)),
            refresh_tokens::session_expires_at.eq(life.session_ends),
        ))
        .execute(conn)
        .map(drop)
}

/// The token with this hash, locked for the rest of the transaction.
pub fn refresh_for_update(conn: &mut PgConnection, hash: &[u8]) -> QueryResult<Option<RefreshRow>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash))
        .select(RefreshRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn mark_refresh_used(conn: &mut PgConnection, id: i64) -> QueryResult<()> {
    diesel::update(refresh_tokens::table.find(id))
        .set(refresh_tokens::used_at.eq(diesel::dsl::now))
        .execute(conn)
        .map(drop)
}

/// Revokes every token of a sign-in (sign-out, or reuse of a spent token).
pub fn revoke_family(conn: &mut PgConnection, family: &str) -> QueryResult<()> {
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::family.eq(family)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(diesel::dsl::now))
    .execute(conn)
    .map(drop)
}

/// Staff accounts holding a grant in a town.
pub fn staff_of_town(conn: &mut PgConnection, town: i64) -> QueryResult<Vec<UserRow>> {
    users::table
        .filter(
            users::id
                .eq_any(user_grants::table.filter(user_grants::municipality_id.eq(town)).select(user_grants::user_id)),
        )
        .order((users::last_name, users::first_name, users::id))
        .select(UserRow::as_select())
        .load(conn)
}

/// Accounts holding the operator agent role somewhere.
pub fn operators(conn: &mut PgConnection) -> QueryResult<Vec<UserRow>> {
    users::table
        .filter(
            users::id
                .eq_any(user_grants::table.filter(user_grants::role.eq("operator_agent")).select(user_grants::user_id)),
        )
        .order((users::last_name, users::first_name, users::id))
        .select(UserRow::as_select())
        .load(conn)
}

pub fn update_profile(
    conn: &mut PgConnection,
    id: i64,
    first: Option<&str>,
    last: Option<&str>,
    active: Option<bool>,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            first.map(|v| users::first_name.eq(v)),
            last.map(|v| users::last_name.eq(v)),
            active.map(|v| users::active.eq(v)),
            users::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
}

/// Replaces the operator agent grants of a user.
pub fn replace_operator_grants(conn: &mut PgConnection, user_id: i64, towns: &[i64]) -> QueryResult<()> {
    diesel::delete(
        user_grants::table.filter(user_grants::user_id.eq(user_id)).filter(user_grants::role.eq("operator_agent")),
    )
    .execute(conn)?;
    let rows: Vec<GrantRow> = towns
        .iter()
        .map(|&t| GrantRow { user_id, municipality_id: t, role: "operator_agent".into(), department_id: None })
        .collect();
    diesel::insert_into(user_grants::table).values(&rows).execute(conn)?;
    Ok(())
}

/// A staff member of a department, to whom a request may be assigned.
#[derive(Debug, Clone, Queryable)]
pub struct Member {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub language: String,
}

/// Active staff with a grant that works requests in the town, tied to the department.
pub fn department_members(conn: &mut PgConnection, town: i64, department: i64) -> QueryResult<Vec<Member>> {
    users::table
        .inner_join(user_grants::table.on(user_grants::user_id.eq(users::id)))
        .filter(user_grants::municipality_id.eq(town))
        .filter(user_grants::department_id.eq(department))
        .filter(user_grants::role.eq_any(["operator_agent", "clerk", "department_responsible", "director"]))
        .filter(users::active.eq(true))
        .select((users::id, users::first_name, users::last_name, users::email, users::language))
        .distinct()
        .order((users::last_name, users::first_name, users::id))
        .load(conn)
}
