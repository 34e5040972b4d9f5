//! Departments (services) of a town.

use diesel::prelude::*;

use super::schema::departments;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = departments, check_for_backend(diesel::pg::Pg))]
pub struct DepartmentRow {
    pub id: i64,
    pub municipality_id: i64,
    pub code: String,
    pub name_fr: String,
    pub name_en: String,
    pub responsible_user_id: Option<i64>,
    pub notification_email: Option<String>,
    pub active: bool,
    pub email_pending: Option<String>,
}

/// What an administrator changes at once (the address goes through `set_pending` and
/// `confirm`).
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = departments, treat_none_as_null = true)]
pub struct DepartmentChange<'a> {
    pub code: &'a str,
    pub name_fr: &'a str,
    pub name_en: &'a str,
    pub responsible_user_id: Option<i64>,
    pub active: bool,
}

/// Sets the address waiting for its confirmation (none: nothing waits) and its token's
/// digest; `confirmed` replaces the address in use when given (`Some(None)` removes it).
pub fn set_email(
    conn: &mut PgConnection,
    id: i64,
    confirmed: Option<Option<&str>>,
    pending: Option<(&str, &str, chrono::DateTime<chrono::Utc>)>,
) -> QueryResult<()> {
    let (email, token, expires) = pending.map_or((None, None, None), |(e, t, x)| (Some(e), Some(t), Some(x)));
    diesel::update(departments::table.find(id))
        .set((
            departments::email_pending.eq(email),
            departments::email_token.eq(token),
            departments::email_token_expires.eq(expires),
        ))
        .execute(conn)?;
    if let Some(address) = confirmed {
        diesel::update(departments::table.find(id)).set(departments::notification_email.eq(address)).execute(conn)?;
    }
    Ok(())
}

/// Makes the waiting address the one in use, for a live token's digest; the department.
pub fn confirm_email(conn: &mut PgConnection, digest: &str) -> QueryResult<Option<DepartmentRow>> {
    let id: Option<i64> = departments::table
        .filter(departments::email_token.eq(digest))
        .filter(departments::email_token_expires.gt(diesel::dsl::now))
        .select(departments::id)
        .for_update()
        .first(conn)
        .optional()?;
    let Some(id) = id else { return Ok(None) };
    diesel::update(departments::table.find(id))
        .set((
            departments::notification_email.eq(departments::email_pending),
            departments::email_pending.eq(None::<String>),
            departments::email_token.eq(None::<String>),
            departments::email_token_expires.eq(None::<chrono::DateTime<chrono::Utc>>),
        ))
        .execute(conn)?;
    departments::table.find(id).select(DepartmentRow::as_select()).first(conn).optional()
}

pub fn list(conn: &mut PgConnection, town: i64) -> QueryResult<Vec<DepartmentRow>> {
    departments::table
        .filter(departments::municipality_id.eq(town))
        .order(departments::name_fr)
        .select(DepartmentRow::as_select())
        .load(conn)
}

pub fn find(conn: &mut PgConnection, town: i64, id: i64) -> QueryResult<Option<DepartmentRow>> {
    departments::table
        .filter(departments::municipality_id.eq(town))
        .filter(departments::id.eq(id))
        .select(DepartmentRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut PgConnection, town: i64, change: &DepartmentChange) -> QueryResult<i64> {
    diesel::insert_into(departments::table)
        .values((departments::municipality_id.eq(town), change))
        .returning(departments::id)
        .get_result(conn)
}

pub fn update(conn: &mut PgConnection, town: i64, id: i64, change: &DepartmentChange) -> QueryResult<usize> {
    diesel::update(departments::table.filter(departments::municipality_id.eq(town)).filter(departments::id.eq(id)))
        .set(change)
        .execute(conn)
}

/// Where a department's notifications go, if it has an address.
pub fn notification_email(conn: &mut PgConnection, id: i64) -> QueryResult<Option<String>> {
    use super::schema::departments as d;
    Ok(d::table.find(id).select(d::notification_email).first::<Option<String>>(conn).optional()?.flatten())
}

/// The person a department's requests go to first (the demo's).
pub fn set_responsible(conn: &mut PgConnection, id: i64, user: i64) -> QueryResult<usize> {
    use super::schema::departments as d;
    diesel::update(d::table.find(id)).set(d::responsible_user_id.eq(user)).execute(conn)
}
