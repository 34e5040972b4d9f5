//! Municipalities, their options and holidays.

use chrono::{NaiveDate, NaiveTime};
use diesel::prelude::*;

use super::schema::{holidays, municipalities};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = municipalities, check_for_backend(diesel::pg::Pg))]
pub struct TownRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub active: bool,
    pub allow_anonymous: bool,
    pub reminder_lead_days: i32,
    pub number_padding: i32,
    pub business_days: Vec<i32>,
    pub opens_at: NaiveTime,
    pub closes_at: NaiveTime,
    pub sender_name: String,
    pub sender_email: String,
    pub closure_requires_code: bool,
    pub closure_requires_planned: bool,
    pub closure_requires_performed: bool,
    pub duplicate_radius_m: i32,
    pub retention_months: Option<i32>,
    pub second_factor: civis_domain::wire::SecondFactorPolicy,
    pub phone: String,
    pub urgent_delay_days: Option<i32>,
    pub hold_limit_days: i32,
    pub weekday_hours: serde_json::Value,
}

#[derive(Debug, AsChangeset)]
#[diesel(table_name = municipalities, treat_none_as_null = true)]
pub struct SettingsChange<'a> {
    pub allow_anonymous: bool,
    pub reminder_lead_days: i32,
    pub number_padding: i32,
    pub business_days: Vec<i32>,
    pub opens_at: NaiveTime,
    pub closes_at: NaiveTime,
    pub sender_name: &'a str,
    pub sender_email: &'a str,
    pub closure_requires_code: bool,
    pub closure_requires_planned: bool,
    pub closure_requires_performed: bool,
    pub duplicate_radius_m: i32,
    pub retention_months: Option<i32>,
    pub second_factor: civis_domain::wire::SecondFactorPolicy,
    pub phone: &'a str,
    pub urgent_delay_days: Option<i32>,
    pub hold_limit_days: i32,
    pub weekday_hours: serde_json::Value,
}

/// Sets who must use a second factor, with no check: only the demo's seed (`off`).
pub fn set_second_factor(
    conn: &mut PgConnection,
    id: i64,
    policy: civis_domain::wire::SecondFactorPolicy,
) -> QueryResult<()> {
    diesel::update(municipalities::table.find(id)).set(municipalities::second_factor.eq(policy)).execute(conn).map(drop)
}

#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = holidays, check_for_backend(diesel::pg::Pg))]
pub struct HolidayRow {
    pub municipality_id: i64,
    pub day: NaiveDate,
    pub name: String,
}

pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<Option<TownRow>> {
    municipalities::table.find(id).select(TownRow::as_select()).first(conn).optional()
}

pub fn find_by_slug(conn: &mut PgConnection, slug: &str) -> QueryResult<Option<TownRow>> {
    municipalities::table.filter(municipalities::slug.eq(slug)).select(TownRow::as_select()).first(conn).optional()
}

pub fn list(conn: &mut PgConnection, only_active: bool) -> QueryResult<Vec<TownRow>> {
    let mut q = municipalities::table.select(TownRow::as_select()).order(municipalities::name).into_boxed();
    if only_active {
        q = q.filter(municipalities::active.eq(true));
    }
    q.load(conn)
}

pub fn insert(conn: &mut PgConnection, slug: &str, name: &str) -> QueryResult<i64> {
    diesel::insert_into(municipalities::table)
        .values((municipalities::slug.eq(slug), municipalities::name.eq(name), municipalities::sender_name.eq(name)))
        .returning(municipalities::id)
        .get_result(conn)
}

pub fn update_identity(
    conn: &mut PgConnection,
    id: i64,
    name: Option<&str>,
    active: Option<bool>,
) -> QueryResult<usize> {
    diesel::update(municipalities::table.find(id))
        .set((
            name.map(|n| municipalities::name.eq(n)),
            active.map(|a| municipalities::active.eq(a)),
            municipalities::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
}

pub fn update_settings(conn: &mut PgConnection, id: i64, change: &SettingsChange) -> QueryResult<usize> {
    diesel::update(municipalities::table.find(id))
        .set((change, municipalities::updated_at.eq(diesel::dsl::now)))
        .execute(conn)
}

pub fn holidays_of(conn: &mut PgConnection, town: i64) -> QueryResult<Vec<HolidayRow>> {
    holidays::table
        .filter(holidays::municipality_id.eq(town))
        .order(holidays::day)
        .select(HolidayRow::as_select())
        .load(conn)
}

pub fn replace_holidays(conn: &mut PgConnection, town: i64, rows: &[HolidayRow]) -> QueryResult<()> {
    diesel::delete(holidays::table.filter(holidays::municipality_id.eq(town))).execute(conn)?;
    diesel::insert_into(holidays::table).values(rows).execute(conn)?;
    Ok(())
}

#[derive(QueryableByName)]
pub struct Clock {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub timezone: String,
    #[diesel(sql_type = diesel::sql_types::Date)]
    pub today: NaiveDate,
    #[diesel(sql_type = diesel::sql_types::Int4)]
    pub reminder_lead_days: i32,
    #[diesel(sql_type = diesel::sql_types::Int4)]
    pub hold_limit_days: i32,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub closure_requires_code: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub closure_requires_planned: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub closure_requires_performed: bool,
    /// The town's holidays from today on, for counting working days.
    #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Date>)]
    pub holidays: Vec<NaiveDate>,
}

/// The columns of a `Clock`, of the town aliased `m`.
pub(crate) const CLOCK_COLUMNS: &str =
    "m.timezone, (now() AT TIME ZONE m.timezone)::date AS today, m.reminder_lead_days, m.hold_limit_days,
        m.closure_requires_code, m.closure_requires_planned, m.closure_requires_performed,
        ARRAY(SELECT h.day FROM holidays h WHERE h.municipality_id = m.id
               AND h.day >= (now() AT TIME ZONE m.timezone)::date ORDER BY h.day) AS holidays";

/// What a request's views need of its town in one read: its time zone, today there, its
/// reminder lead (working days), its holidays from today on and what closing requires.
pub fn clock(conn: &mut PgConnection, town: i64) -> QueryResult<Clock> {
    diesel::sql_query(format!("SELECT {CLOCK_COLUMNS} FROM municipalities m WHERE m.id = $1"))
        .bind::<diesel::sql_types::BigInt, _>(town)
        .get_result(conn)
}

/// A town's calendar and hours as read at an instant.
#[derive(QueryableByName)]
pub struct CalendarRow {
    /// Open weekdays (ISO).
    #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Int4>)]
    pub business_days: Vec<i32>,
    /// The instant, on the town's clock.
    #[diesel(sql_type = diesel::sql_types::Timestamp)]
    pub local_at: chrono::NaiveDateTime,
    #[diesel(sql_type = diesel::sql_types::Time)]
    pub opens_at: NaiveTime,
    #[diesel(sql_type = diesel::sql_types::Time)]
    pub closes_at: NaiveTime,
    /// `[{weekday, opens, closes}]` (`civis_domain::wire::DayHours`).
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub weekday_hours: serde_json::Value,
    #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Date>)]
    pub days: Vec<NaiveDate>,
    #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Text>)]
    pub names: Vec<String>,
}

/// The town's open weekdays, hours and named holidays, and an instant (default now) on its
/// clock.
pub fn calendar(
    conn: &mut PgConnection,
    town: i64,
    at: Option<chrono::DateTime<chrono::Utc>>,
) -> QueryResult<CalendarRow> {
    diesel::sql_query(
        "SELECT m.business_days, coalesce($2, now()) AT TIME ZONE m.timezone AS local_at, m.opens_at, m.closes_at, m.weekday_hours,
                ARRAY(SELECT h.day FROM holidays h WHERE h.municipality_id = m.id ORDER BY h.day) AS days,
                ARRAY(SELECT h.name FROM holidays h WHERE h.municipality_id = m.id ORDER BY h.day) AS names
         FROM municipalities m WHERE m.id = $1",
    )
    .bind::<diesel::sql_types::BigInt, _>(town)
    .bind::<diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>, _>(at)
    .get_result(conn)
}
