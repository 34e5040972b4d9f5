//! Retention's statements (Loi 25): the towns with a limit, and the contacts and calls
//! past it, a batch at a time (`SKIP LOCKED`: two workers share the work). What is done
//! to them is anonymization's (`db::anonymize`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int4, Int8, Nullable, Text, Timestamptz};

use super::anonymize::CallRow;

/// A contact still held on a request closed before the town's limit, with where the
/// batch stopped (the next batch starts after it).
#[derive(QueryableByName)]
pub struct Closed {
    #[diesel(sql_type = Int8)]
    pub request_id: i64,
    #[diesel(sql_type = Text)]
    pub first_name: String,
    #[diesel(sql_type = Text)]
    pub last_name: String,
    #[diesel(sql_type = Timestamptz)]
    pub closed_at: DateTime<Utc>,
}

/// Up to `limit` contacts still held on requests closed before `before`, in closing order
/// after `after` (the last request of the previous batch): each batch starts where the one
/// before stopped instead of walking again past every contact retention already took
/// (at 10 M, the second year's run spent most of its time there).
pub fn contacts_closed_before(
    conn: &mut PgConnection,
    town: i64,
    before: DateTime<Utc>,
    after: Option<(DateTime<Utc>, i64)>,
    limit: i64,
) -> QueryResult<Vec<Closed>> {
    diesel::sql_query(
        "SELECT c.request_id, c.first_name, c.last_name, r.closed_at
           FROM requests r JOIN requester_contacts c ON c.request_id = r.id AND c.anonymized_at IS NULL
          WHERE r.municipality_id = $1 AND r.status IN ('closed_processed', 'closed_refused') AND r.closed_at < $2
            AND ($4::timestamptz IS NULL OR (r.closed_at, r.id) > ($4, $5))
          ORDER BY r.closed_at, r.id LIMIT $3 FOR UPDATE OF c SKIP LOCKED",
    )
    .bind::<BigInt, _>(town)
    .bind::<Timestamptz, _>(before)
    .bind::<BigInt, _>(limit)
    .bind::<Nullable<Timestamptz>, _>(after.map(|a| a.0))
    .bind::<BigInt, _>(after.map_or(0, |a| a.1))
    .load(conn)
}

/// Up to `limit` calls logged before `before` that still hold a contact, and whose request
/// (if any) is closed before it too (retention).
pub fn calls_before(
    conn: &mut PgConnection,
    town: i64,
    before: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<CallRow>> {
    diesel::sql_query(
        "SELECT i.id, i.contact_name FROM interactions i
          WHERE i.municipality_id = $1 AND i.occurred_at < $2 AND i.anonymized_at IS NULL
            AND (i.contact_name IS NOT NULL OR i.contact_email IS NOT NULL OR i.contact_phone IS NOT NULL)
            AND (i.request_id IS NULL OR EXISTS (SELECT 1 FROM requests r WHERE r.id = i.request_id
                                                   AND r.status IN ('closed_processed', 'closed_refused') AND r.closed_at < $2))
          ORDER BY i.occurred_at, i.id LIMIT $3 FOR UPDATE OF i SKIP LOCKED",
    )
    .bind::<BigInt, _>(town)
    .bind::<Timestamptz, _>(before)
    .bind::<BigInt, _>(limit)
    .load(conn)
}

/// The towns with a retention limit, with the instant before which closures are past it.
#[derive(QueryableByName, Debug)]
pub struct Retention {
    #[diesel(sql_type = Int8)]
    pub town: i64,
    #[diesel(sql_type = Int4)]
    pub months: i32,
    #[diesel(sql_type = Timestamptz)]
    pub before: DateTime<Utc>,
}

pub fn retentions(conn: &mut PgConnection, now: DateTime<Utc>) -> QueryResult<Vec<Retention>> {
    diesel::sql_query(
        "SELECT id AS town, retention_months AS months,
                (date_trunc('day', $1 AT TIME ZONE timezone) - make_interval(months => retention_months))
                    AT TIME ZONE timezone AS before
           FROM municipalities WHERE active AND retention_months IS NOT NULL ORDER BY id",
    )
    .bind::<Timestamptz, _>(now)
    .load(conn)
}
