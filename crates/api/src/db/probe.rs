//! The benchmark's bare probes (`BENCH_PROBES=1` only; never in production): the staff
//! list's keyset statement alone, and one insert of a request row, to measure the stack's
//! own limit in the same run as the product's lines (docs/PERFORMANCE.md).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Int2, Int4, Int8, Nullable, Text, Timestamptz};
use serde::Serialize;

use civis_domain::wire::RequesterMode;
use civis_domain::{Channel, Lang, Priority, RequestKind, Status};

use super::requests::{NewRequestRow, insert_numbered};

/// A row of the list, the columns the list reads.
#[derive(QueryableByName, Serialize)]
pub struct ProbeRow {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub number: String,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Nullable<Int8>)]
    pub department_id: Option<i64>,
    #[diesel(sql_type = Int2)]
    pub priority_rank: i16,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Text)]
    pub description: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub address: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Date>)]
    pub due_date: Option<NaiveDate>,
    #[diesel(sql_type = Int4)]
    pub photo_count: i32,
}

/// The first page of a tab, newest first: the list's keyset statement and nothing else.
pub fn first_page(conn: &mut PgConnection, town: i64, tab: i16, limit: i64) -> QueryResult<Vec<ProbeRow>> {
    diesel::sql_query(
        "SELECT r.id, r.number, r.kind, r.department_id, r.priority_rank, r.status,
                left(r.description, 300) AS description, r.address, r.created_at, r.due_date, r.photo_count
           FROM requests r WHERE r.municipality_id = $1 AND r.tab = $2
          ORDER BY r.created_at DESC, r.id DESC LIMIT $3",
    )
    .bind::<Int8, _>(town)
    .bind::<Int2, _>(tab)
    .bind::<Int8, _>(limit)
    .load(conn)
}

/// One request row into a town under one of its categories (its number from the same
/// trigger as a filing's), nothing else: no answers, contact, history or email.
/// `year` is the caller's: the probe is a bench baseline of one statement, so it reads no
/// town clock (a filing reads the town's year).
pub fn insert(conn: &mut PgConnection, town: i64, node: i64, year: i32) -> QueryResult<(i64, String)> {
    insert_numbered(
        conn,
        &NewRequestRow {
            municipality_id: town,
            number: "",
            year,
            seq: 0,
            kind: RequestKind::Request.as_str(),
            node_id: node,
            category_id: node,
            department_id: None,
            priority: Priority::Important.as_str(),
            priority_rank: Priority::Important.rank(),
            status: Status::Transferred.as_str(),
            is_public: false,
            channel: Channel::Phone.as_str(),
            requester_mode: RequesterMode::Identified.as_str(),
            wants_followups: false,
            language: Lang::Fr.as_str(),
            description: "Sonde du banc d'essai",
            address: None,
            latitude: None,
            longitude: None,
            date_of_facts: None,
            attested: false,
            safety_concern: false,
            due_date: None,
            due_basis: None,
            after_hours: false,
            first_answer_due: None,
            created_at: crate::clock::now(),
            updated_at: crate::clock::now(),
            created_by: None,
            citizen_user_id: None,
            api_key_id: None,
        },
    )
}
