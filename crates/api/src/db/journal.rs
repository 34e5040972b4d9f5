//! The access journal's rows: added on each read of a contact, read by request.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::schema::{access_journal, requests, users};

#[derive(Debug, Insertable)]
#[diesel(table_name = access_journal)]
pub struct NewAccess<'a> {
    pub municipality_id: i64,
    pub user_id: i64,
    pub request_id: Option<i64>,
    pub interaction_id: Option<i64>,
    pub what: &'a str,
}

/// Adds the reads, in one statement.
pub fn record(conn: &mut PgConnection, rows: &[NewAccess]) -> QueryResult<usize> {
    if rows.is_empty() {
        return Ok(0);
    }
    diesel::insert_into(access_journal::table).values(rows).execute(conn)
}

/// A request's contact, read and journaled in one statement: the row that shows it to
/// `reader` is the row that records it (nothing is journaled when there is no contact).
pub fn contact_read(
    conn: &mut PgConnection,
    town: i64,
    reader: i64,
    request: i64,
) -> QueryResult<Option<super::requests::ContactRow>> {
    use diesel::sql_types::BigInt;
    diesel::sql_query(
        "WITH c AS (SELECT request_id, first_name, last_name, phone1, phone2, email, postal_address
                      FROM requester_contacts WHERE request_id = $3),
              j AS (INSERT INTO access_journal (municipality_id, user_id, request_id, what)
                    SELECT $1, $2, $3, 'request_contact' FROM c)
         SELECT * FROM c",
    )
    .bind::<BigInt, _>(town)
    .bind::<BigInt, _>(reader)
    .bind::<BigInt, _>(request)
    .get_result(conn)
    .optional()
}

/// A read, with who read.
#[derive(Debug, Queryable)]
pub struct AccessRow {
    pub at: DateTime<Utc>,
    pub user_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub what: civis_domain::wire::AccessKind,
    pub request_id: Option<i64>,
    pub request_number: Option<String>,
    pub interaction_id: Option<i64>,
}

/// The reads of a request's contact, and of the calls linked to it, newest first.
pub fn of_request(conn: &mut PgConnection, town: i64, request: i64, limit: i64) -> QueryResult<Vec<AccessRow>> {
    of_records(conn, town, &[request], &[], limit)
}

/// The reads of these requests' contacts and these calls' contacts, newest first (a
/// person's: the requests they filed, the calls logged under them).
pub fn of_records(
    conn: &mut PgConnection,
    town: i64,
    requests: &[i64],
    calls: &[i64],
    limit: i64,
) -> QueryResult<Vec<AccessRow>> {
    access_journal::table
        .inner_join(users::table)
        .left_join(requests::table.on(requests::id.nullable().eq(access_journal::request_id)))
        .filter(access_journal::municipality_id.eq(town))
        .filter(access_journal::request_id.eq_any(requests).or(access_journal::interaction_id.eq_any(calls)))
        .order((access_journal::at.desc(), access_journal::id.desc()))
        .limit(limit)
        .select((
            access_journal::at,
            access_journal::user_id,
            users::first_name,
            users::last_name,
            access_journal::what,
            access_journal::request_id,
            requests::number.nullable(),
            access_journal::interaction_id,
        ))
        .load(conn)
}
