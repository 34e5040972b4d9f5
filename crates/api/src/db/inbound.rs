//! Replies by email: the request a signed reply address names, and the reply kept once
//! (a message delivered twice is recognised by its Message-ID).

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

#[derive(QueryableByName)]
struct Town {
    #[diesel(sql_type = BigInt)]
    municipality_id: i64,
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// The town of a request whose requester may reply (an identified one), locked for the reply.
pub fn reply_target(conn: &mut PgConnection, request: i64) -> QueryResult<Option<i64>> {
    let town: Option<Town> = diesel::sql_query(
        "SELECT municipality_id FROM requests WHERE id = $1 AND requester_mode = 'identified' FOR UPDATE",
    )
    .bind::<BigInt, _>(request)
    .get_result(conn)
    .optional()?;
    Ok(town.map(|t| t.municipality_id))
}

/// The reply as an incoming follow-up; `None` when this message was kept already.
pub fn add_reply(
    conn: &mut PgConnection,
    town: i64,
    request: i64,
    body: &str,
    source: Option<&str>,
) -> QueryResult<Option<i64>> {
    let inserted: Option<Id> = diesel::sql_query(
        "INSERT INTO followups (request_id, municipality_id, kind, body, source_message_id)
         VALUES ($1, $2, 'incoming', $3, $4) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind::<BigInt, _>(request)
    .bind::<BigInt, _>(town)
    .bind::<Text, _>(body)
    .bind::<Nullable<Text>, _>(source)
    .get_result(conn)
    .optional()?;
    Ok(inserted.map(|i| i.id))
}

/// The follow-up a message was kept as.
pub fn reply_of(conn: &mut PgConnection, request: i64, source: Option<&str>) -> QueryResult<i64> {
    let existing: Id = diesel::sql_query("SELECT id FROM followups WHERE request_id = $1 AND source_message_id = $2")
        .bind::<BigInt, _>(request)
        .bind::<Nullable<Text>, _>(source)
        .get_result(conn)?;
    Ok(existing.id)
}
