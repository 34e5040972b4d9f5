//! Requests, their requester, answers, history and favorites (follow-ups: `followups`).

use chrono::{DateTime, NaiveDate, Utc};
use civis_domain::wire::RequesterMode;
use civis_domain::{Channel, Lang, Priority, RequestKind, Status};
use diesel::prelude::*;
use diesel::sql_types::{Date, Int4, Int8};

pub use super::followups::{FollowupRow, add_followup, followups_of, followups_of_many};
use super::schema::{
    answers, complaint_details, favorites, history, request_followers, requester_contacts, requests, taxonomy_nodes,
    users,
};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = requests, check_for_backend(diesel::pg::Pg))]
pub struct RequestRow {
    pub id: i64,
    pub municipality_id: i64,
    pub number: String,
    pub kind: RequestKind,
    pub node_id: i64,
    pub category_id: i64,
    pub department_id: Option<i64>,
    pub priority: Priority,
    pub status: Status,
    pub is_public: bool,
    pub channel: Channel,
    pub requester_mode: RequesterMode,
    pub wants_followups: bool,
    pub language: Lang,
    pub description: String,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub date_of_facts: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub deadline_extended: bool,
    pub citizen_user_id: Option<i64>,
    pub requester_answered: bool,
    pub photo_count: i32,
    pub file_count: i32,
    pub resolution: Option<String>,
    pub intervention_code: Option<String>,
    pub planned_date: Option<NaiveDate>,
    pub performed_date: Option<NaiveDate>,
    pub closure_note: Option<String>,
    pub closure_message: Option<String>,
    pub legal_provision: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub assignee_user_id: Option<i64>,
    pub unusual_reason: Option<String>,
    pub public_description: Option<String>,
    /// What the due date was counted from (`civis_domain::due::DueBasis`, JSON).
    pub due_basis: Option<serde_json::Value>,
    /// Put on hold that day, waiting on the citizen (its due date is empty meanwhile).
    pub waiting_since: Option<NaiveDate>,
    pub waiting_reason: Option<String>,
    /// Filed outside the town's business hours.
    pub after_hours: bool,
    /// The day a first answer to the citizen is promised by (the node's next-working-day rule).
    pub first_answer_due: Option<NaiveDate>,
    /// When the first external follow-up was given.
    pub first_answered_at: Option<DateTime<Utc>>,
    /// The integrator's key it was filed with (channel `application`).
    pub api_key_id: Option<i64>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = requests)]
pub struct NewRequestRow<'a> {
    pub municipality_id: i64,
    pub number: &'a str,
    pub year: i32,
    pub seq: i32,
    pub kind: &'a str,
    pub node_id: i64,
    pub category_id: i64,
    pub department_id: Option<i64>,
    pub priority: &'a str,
    pub priority_rank: i16,
    pub status: &'a str,
    pub is_public: bool,
    pub channel: &'a str,
    pub requester_mode: &'a str,
    pub wants_followups: bool,
    pub language: &'a str,
    pub description: &'a str,
    pub address: Option<&'a str>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub date_of_facts: Option<NaiveDate>,
    pub attested: bool,
    pub safety_concern: bool,
    pub due_date: Option<NaiveDate>,
    pub due_basis: Option<serde_json::Value>,
    pub after_hours: bool,
    pub first_answer_due: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub created_by: Option<i64>,
    pub citizen_user_id: Option<i64>,
    pub api_key_id: Option<i64>,
}

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = requester_contacts, check_for_backend(diesel::pg::Pg))]
pub struct ContactRow {
    pub request_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub phone1: Option<String>,
    pub phone2: Option<String>,
    pub email: Option<String>,
    pub postal_address: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = answers, check_for_backend(diesel::pg::Pg))]
pub struct AnswerRow {
    pub request_id: i64,
    pub question_id: i64,
    pub qtype: String,
    pub question_label_fr: String,
    pub question_label_en: String,
    pub value: serde_json::Value,
}

#[derive(Debug, Clone, Queryable)]
pub struct HistoryRow {
    pub at: DateTime<Utc>,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: Option<String>,
    pub actor_first: Option<String>,
    pub actor_last: Option<String>,
    /// The actor's account kind (`staff`, `citizen`); none for the system.
    pub actor_account: Option<String>,
}

#[derive(QueryableByName)]
struct TodayYear {
    #[diesel(sql_type = Date)]
    today: NaiveDate,
    #[diesel(sql_type = Int4)]
    year: i32,
}

/// Today in the town's time zone, and its year.
pub fn town_today(conn: &mut PgConnection, town: i64) -> QueryResult<(NaiveDate, i32)> {
    let r: TodayYear = diesel::sql_query(
        "SELECT (now() AT TIME ZONE timezone)::date AS today,
                extract(year FROM now() AT TIME ZONE timezone)::int AS year
         FROM municipalities WHERE id = $1",
    )
    .bind::<Int8, _>(town)
    .get_result(conn)?;
    Ok((r.today, r.year))
}

/// The next number of a town's year. The counter row stays locked until the transaction
/// ends, so concurrent creations queue and a rollback leaves no gap.
/// Inserts a request without a number; the `requests_take_number` trigger gives it the
/// town's next one for the year. Returns its id and number.
pub fn insert_numbered(conn: &mut PgConnection, row: &NewRequestRow) -> QueryResult<(i64, String)> {
    diesel::insert_into(requests::table).values(row).returning((requests::id, requests::number)).get_result(conn)
}

/// A request's status.
pub fn status_of(conn: &mut PgConnection, id: i64) -> QueryResult<civis_domain::Status> {
    requests::table.find(id).select(requests::status).first(conn)
}

/// A request of a town (None for another town's).
pub fn find(conn: &mut PgConnection, town: i64, id: i64) -> QueryResult<Option<RequestRow>> {
    requests::table
        .filter(requests::municipality_id.eq(town))
        .filter(requests::id.eq(id))
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}

/// The same, locked for the rest of the transaction.
pub fn find_for_update(conn: &mut PgConnection, town: i64, id: i64) -> QueryResult<Option<RequestRow>> {
    requests::table
        .filter(requests::municipality_id.eq(town))
        .filter(requests::id.eq(id))
        .select(RequestRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// A request by id alone, locked (its requester's answer reached it by its reply address or
/// their account, which already tie it to its town).
pub fn find_any_for_update(conn: &mut PgConnection, id: i64) -> QueryResult<Option<RequestRow>> {
    requests::table.find(id).select(RequestRow::as_select()).for_update().first(conn).optional()
}

pub fn find_by_number(conn: &mut PgConnection, number: &str) -> QueryResult<Vec<RequestRow>> {
    requests::table.filter(requests::number.eq(number)).select(RequestRow::as_select()).load(conn)
}

pub fn contact(conn: &mut PgConnection, id: i64) -> QueryResult<Option<ContactRow>> {
    requester_contacts::table.find(id).select(ContactRow::as_select()).first(conn).optional()
}

/// A taxonomy node's French and English names.
/// The French and English names of several nodes, by id.
pub fn node_names_of(
    conn: &mut PgConnection,
    nodes: &[i64],
) -> QueryResult<std::collections::HashMap<i64, (String, String)>> {
    let rows: Vec<(i64, String, String)> = taxonomy_nodes::table
        .filter(taxonomy_nodes::id.eq_any(nodes))
        .select((taxonomy_nodes::id, taxonomy_nodes::name_fr, taxonomy_nodes::name_en))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, fr, en)| (id, (fr, en))).collect())
}

/// The employee a complaint concerns, if the complainant named one.
pub fn employee_concerned(conn: &mut PgConnection, id: i64) -> QueryResult<Option<String>> {
    complaint_details::table.find(id).select(complaint_details::employee_concerned).first(conn).optional()
}

pub fn set_employee_concerned(conn: &mut PgConnection, id: i64, employee: &str) -> QueryResult<()> {
    diesel::insert_into(complaint_details::table)
        .values((complaint_details::request_id.eq(id), complaint_details::employee_concerned.eq(employee)))
        .execute(conn)
        .map(drop)
}

pub fn answers_of(conn: &mut PgConnection, id: i64) -> QueryResult<Vec<AnswerRow>> {
    answers::table.filter(answers::request_id.eq(id)).order(answers::id).select(AnswerRow::as_select()).load(conn)
}

pub fn is_favorite(conn: &mut PgConnection, user: i64, id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(favorites::table.find((user, id)))).get_result(conn)
}

pub fn set_favorite(conn: &mut PgConnection, user: i64, id: i64, on: bool) -> QueryResult<()> {
    if on {
        diesel::insert_into(favorites::table)
            .values((favorites::user_id.eq(user), favorites::request_id.eq(id)))
            .on_conflict_do_nothing()
            .execute(conn)?;
    } else {
        diesel::delete(favorites::table.find((user, id))).execute(conn)?;
    }
    Ok(())
}

/// One change of one field, for the history.
pub struct Change<'a> {
    pub field: &'a str,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
    pub reason: Option<&'a str>,
}

/// Records a change made by `actor` (none for the system).
pub fn add_history(conn: &mut PgConnection, town: i64, id: i64, actor: Option<i64>, c: Change) -> QueryResult<()> {
    diesel::insert_into(history::table)
        .values((
            history::request_id.eq(id),
            history::municipality_id.eq(town),
            history::actor_user_id.eq(actor),
            history::field.eq(c.field),
            history::old_value.eq(c.old),
            history::new_value.eq(c.new),
            history::reason.eq(c.reason),
        ))
        .execute(conn)
        .map(drop)
}

pub fn history_of(conn: &mut PgConnection, id: i64, field: Option<&str>) -> QueryResult<Vec<HistoryRow>> {
    let mut q = history::table
        .left_join(users::table.on(users::id.nullable().eq(history::actor_user_id)))
        .filter(history::request_id.eq(id))
        .select((
            history::at,
            history::field,
            history::old_value,
            history::new_value,
            history::reason,
            users::first_name.nullable(),
            users::last_name.nullable(),
            users::kind.nullable(),
        ))
        .order((history::at, history::id))
        .into_boxed();
    if let Some(f) = field {
        q = q.filter(history::field.eq(f.to_string()));
    }
    q.load(conn)
}

/// Adds a follower (by account or by email); following twice changes nothing.
pub fn follower_count(conn: &mut PgConnection, id: i64) -> QueryResult<i64> {
    request_followers::table.filter(request_followers::request_id.eq(id)).count().get_result(conn)
}

/// Files the requester added to a request.
pub fn requester_files(conn: &mut PgConnection, request: i64) -> QueryResult<i64> {
    use super::schema::attachments as a;
    a::table.filter(a::request_id.eq(request)).filter(a::by_requester.eq(true)).count().get_result(conn)
}

/// Staff's public wording of a request's description (none: the citizen's words, masked).
pub fn set_public_wording(conn: &mut PgConnection, id: i64, wording: Option<&str>) -> QueryResult<usize> {
    diesel::update(requests::table.find(id)).set(requests::public_description.eq(wording)).execute(conn)
}

/// The request a number and its requester's email name together (the portal's tracking).
pub fn tracked(conn: &mut PgConnection, town: i64, number: &str, email_lower: &str) -> QueryResult<Option<RequestRow>> {
    requests::table
        .inner_join(requester_contacts::table)
        .filter(requests::municipality_id.eq(town))
        .filter(requests::number.eq(number))
        .filter(super::lower(requester_contacts::email.assume_not_null()).eq(email_lower))
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}

/// A citizen's requests, newest first.
pub fn of_citizen(conn: &mut PgConnection, user: i64, limit: i64) -> QueryResult<Vec<RequestRow>> {
    requests::table
        .filter(requests::citizen_user_id.eq(user))
        .order((requests::created_at.desc(), requests::id.desc()))
        .limit(limit)
        .select(RequestRow::as_select())
        .load(conn)
}

/// One of a citizen's own requests.
pub fn citizens_own(conn: &mut PgConnection, user: i64, id: i64) -> QueryResult<Option<RequestRow>> {
    requests::table
        .filter(requests::id.eq(id))
        .filter(requests::citizen_user_id.eq(user))
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}
