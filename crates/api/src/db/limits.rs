//! Abuse-limit counters: one fixed window per (bucket, key), counted atomically so that
//! concurrent requests on several servers see one count.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int4, Text};

/// Hits in the current window and seconds until it ends.
#[derive(QueryableByName, Debug, Clone, Copy)]
pub struct Count {
    #[diesel(sql_type = Int4)]
    pub hits: i32,
    #[diesel(sql_type = BigInt)]
    pub retry_after: i64,
}

/// Adds a hit and returns the window's count (a window over `window_secs` starts afresh).
pub fn hit(conn: &mut PgConnection, bucket: &str, key: &str, window_secs: i64) -> QueryResult<Count> {
    diesel::sql_query(
        "INSERT INTO rate_limits AS l (bucket, key, window_start, hits) VALUES ($1, $2, now(), 1)
         ON CONFLICT (bucket, key) DO UPDATE SET
            hits = CASE WHEN l.window_start + make_interval(secs => $3) <= now() THEN 1 ELSE l.hits + 1 END,
            window_start = CASE WHEN l.window_start + make_interval(secs => $3) <= now() THEN now() ELSE l.window_start END
         RETURNING hits, ceil(greatest(1, extract(epoch FROM l.window_start + make_interval(secs => $3) - now())))::bigint AS retry_after",
    )
    .bind::<Text, _>(bucket)
    .bind::<Text, _>(key)
    .bind::<BigInt, _>(window_secs)
    .get_result(conn)
}

/// Takes one of `max` places in the window, atomically: the count stays at `max + 1` once
/// full, so a refused attempt neither counts nor extends anything (`hits > max` = refused).
pub fn take(conn: &mut PgConnection, bucket: &str, key: &str, window_secs: i64, max: i32) -> QueryResult<Count> {
    diesel::sql_query(
        "INSERT INTO rate_limits AS l (bucket, key, window_start, hits) VALUES ($1, $2, now(), 1)
         ON CONFLICT (bucket, key) DO UPDATE SET
            hits = CASE WHEN l.window_start + make_interval(secs => $3) <= now() THEN 1 ELSE least(l.hits + 1, $4 + 1) END,
            window_start = CASE WHEN l.window_start + make_interval(secs => $3) <= now() THEN now() ELSE l.window_start END
         RETURNING hits, ceil(greatest(1, extract(epoch FROM l.window_start + make_interval(secs => $3) - now())))::bigint AS retry_after",
    )
    .bind::<Text, _>(bucket)
    .bind::<Text, _>(key)
    .bind::<BigInt, _>(window_secs)
    .bind::<Int4, _>(max)
    .get_result(conn)
}

/// Gives back a place taken with `take` (the attempt turned out not to be a failure).
pub fn give_back(conn: &mut PgConnection, bucket: &str, key: &str, max: i32) -> QueryResult<()> {
    diesel::sql_query("UPDATE rate_limits SET hits = greatest(0, least(hits, $3) - 1) WHERE bucket = $1 AND key = $2")
        .bind::<Text, _>(bucket)
        .bind::<Text, _>(key)
        .bind::<Int4, _>(max)
        .execute(conn)
        .map(drop)
}

/// The window's count without adding to it (none when no window is open).
pub fn peek(conn: &mut PgConnection, bucket: &str, key: &str, window_secs: i64) -> QueryResult<Option<Count>> {
    diesel::sql_query(
        "SELECT hits, ceil(greatest(1, extract(epoch FROM window_start + make_interval(secs => $3) - now())))::bigint AS retry_after
         FROM rate_limits WHERE bucket = $1 AND key = $2 AND window_start + make_interval(secs => $3) > now()",
    )
    .bind::<Text, _>(bucket)
    .bind::<Text, _>(key)
    .bind::<BigInt, _>(window_secs)
    .get_result(conn)
    .optional()
}

/// Forgets a key's window (a successful sign-in clears the account's failures).
pub fn clear(conn: &mut PgConnection, bucket: &str, key: &str) -> QueryResult<()> {
    diesel::sql_query("DELETE FROM rate_limits WHERE bucket = $1 AND key = $2")
        .bind::<Text, _>(bucket)
        .bind::<Text, _>(key)
        .execute(conn)
        .map(drop)
}

/// Drops windows that ended more than a day ago (the periodic jobs).
pub fn purge(conn: &mut PgConnection) -> QueryResult<usize> {
    diesel::sql_query("DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'").execute(conn)
}
