//! People who follow a public request, and stopping a request's emails to an address.

use diesel::prelude::*;

use super::schema::request_followers;

/// Adds a follower (once per account or address) and returns its id and whether it is
/// confirmed: an account follows at once, an address once it followed its link.
pub fn add_follower(
    conn: &mut PgConnection,
    id: i64,
    user: Option<i64>,
    email: Option<&str>,
) -> QueryResult<(i64, bool)> {
    let confirmed = user.map(|_| crate::clock::now());
    let inserted: Option<(i64, Option<chrono::DateTime<chrono::Utc>>)> = diesel::insert_into(request_followers::table)
        .values((
            request_followers::request_id.eq(id),
            request_followers::user_id.eq(user),
            request_followers::email.eq(email),
            request_followers::confirmed_at.eq(confirmed),
        ))
        .on_conflict_do_nothing()
        .returning((request_followers::id, request_followers::confirmed_at))
        .get_result(conn)
        .optional()?;
    let row = match inserted {
        Some(r) => r,
        None => request_followers::table
            .filter(request_followers::request_id.eq(id))
            .filter(
                request_followers::user_id
                    .eq(user)
                    .or(super::lower(request_followers::email.assume_not_null()).eq(email.unwrap_or_default())),
            )
            .select((request_followers::id, request_followers::confirmed_at))
            .first(conn)?,
    };
    Ok((row.0, row.1.is_some()))
}

/// Confirms a follower by email; the request it follows (none when unknown).
pub fn confirm_follower(conn: &mut PgConnection, follower: i64) -> QueryResult<Option<i64>> {
    #[derive(QueryableByName)]
    struct Followed {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        request_id: i64,
    }
    let row: Option<Followed> = diesel::sql_query(
        "UPDATE request_followers SET confirmed_at = coalesce(confirmed_at, now()) WHERE id = $1 RETURNING request_id",
    )
    .bind::<diesel::sql_types::BigInt, _>(follower)
    .get_result(conn)
    .optional()?;
    Ok(row.map(|r| r.request_id))
}

/// Stops emails about a request to an address: a follower (by address or account) stops
/// following; the requester stops receiving follow-ups. Returns how many were stopped.
pub fn unsubscribe(conn: &mut PgConnection, request: i64, email: &str) -> QueryResult<usize> {
    let followers = diesel::sql_query(
        "DELETE FROM request_followers f WHERE f.request_id = $1
           AND (lower(f.email) = $2 OR f.user_id IN (SELECT id FROM users WHERE lower(email) = $2))",
    )
    .bind::<diesel::sql_types::BigInt, _>(request)
    .bind::<diesel::sql_types::Text, _>(email)
    .execute(conn)?;
    let requester = diesel::sql_query(
        "UPDATE requests r SET wants_followups = false FROM requester_contacts c
          WHERE r.id = $1 AND c.request_id = r.id AND lower(c.email) = $2 AND r.wants_followups",
    )
    .bind::<diesel::sql_types::BigInt, _>(request)
    .bind::<diesel::sql_types::Text, _>(email)
    .execute(conn)?;
    Ok(followers + requester)
}
