//! What `/metrics` reads from the database: the outbox's backlog and the periodic jobs'
//! last successes (the worker runs in another process).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Nullable, Text, Timestamptz};

use super::schema::job_runs;

/// The outbox at a glance.
#[derive(QueryableByName, Debug, Default)]
pub struct OutboxState {
    #[diesel(sql_type = BigInt)]
    pub pending: i64,
    /// Seconds since the oldest pending email was written (0 when none).
    #[diesel(sql_type = Double)]
    pub oldest_pending_secs: f64,
    #[diesel(sql_type = BigInt)]
    pub failed: i64,
}

pub fn outbox_state(conn: &mut PgConnection) -> QueryResult<OutboxState> {
    diesel::sql_query(
        "SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
                coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')), 0)::float8
                    AS oldest_pending_secs,
                count(*) FILTER (WHERE status = 'failed') AS failed
         FROM outbox WHERE status IN ('pending', 'failed')",
    )
    .get_result(conn)
}

#[derive(QueryableByName, Debug)]
pub struct JobRun {
    #[diesel(sql_type = Text)]
    pub job: String,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub last_success: Option<DateTime<Utc>>,
}

pub fn job_runs(conn: &mut PgConnection) -> QueryResult<Vec<JobRun>> {
    diesel::sql_query("SELECT job, last_success FROM job_runs ORDER BY job").load(conn)
}

/// Notes that a periodic job just succeeded.
pub fn job_succeeded(conn: &mut PgConnection, job: &str) -> QueryResult<()> {
    diesel::insert_into(job_runs::table)
        .values((job_runs::job.eq(job), job_runs::last_success.eq(diesel::dsl::now)))
        .on_conflict(job_runs::job)
        .do_update()
        .set(job_runs::last_success.eq(diesel::dsl::now))
        .execute(conn)
        .map(drop)
}
