//! Locks of the periodic jobs, so that several workers share one database.

use diesel::prelude::*;
use diesel::sql_types::{Bool, Int4};

/// The first key of the jobs' advisory locks (`jobs` in ASCII); the second is the town.
pub const JOBS_LOCK: i32 = 0x6a6f_6273;

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

/// Takes the town's jobs lock for the current transaction; `false` when another worker
/// holds it (the lock is released when the transaction ends).
pub fn lock_town(conn: &mut PgConnection, town: i64) -> QueryResult<bool> {
    // Town ids fit in four bytes for ages; a wrap would only make two towns share a lock.
    #[allow(clippy::cast_possible_truncation)]
    let key = town as i32;
    diesel::sql_query("SELECT pg_try_advisory_xact_lock($1, $2) AS locked")
        .bind::<Int4, _>(JOBS_LOCK)
        .bind::<Int4, _>(key)
        .get_result::<Locked>(conn)
        .map(|l| l.locked)
}
