//! A request's follow-ups: internal notes, updates to the citizen (external) and the
//! citizen's replies (incoming).

use chrono::{DateTime, Utc};
use civis_domain::wire::FollowupKind;
use diesel::prelude::*;

use super::schema::{followups, requests, users};

#[derive(Debug, Clone, Queryable)]
pub struct FollowupRow {
    pub id: i64,
    pub kind: FollowupKind,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub author_first: Option<String>,
    pub author_last: Option<String>,
    /// The author's account kind (`staff`, `citizen`); none for a reply by email.
    pub author_account: Option<String>,
}

/// Adds a follow-up; an external one (to the citizen) is the first answer when none was given.
pub fn add_followup(
    conn: &mut PgConnection,
    town: i64,
    id: i64,
    kind: &str,
    body: &str,
    author: Option<i64>,
) -> QueryResult<i64> {
    diesel::insert_into(followups::table)
        .values((
            followups::request_id.eq(id),
            followups::municipality_id.eq(town),
            followups::kind.eq(kind),
            followups::body.eq(body),
            followups::author_user_id.eq(author),
        ))
        .returning(followups::id)
        .get_result(conn)
        .and_then(|fid| {
            // Every external follow-up reaches the citizen: the first one is the first answer.
            if kind == "external" {
                diesel::update(requests::table.find(id).filter(requests::first_answered_at.is_null()))
                    .set(requests::first_answered_at.eq(diesel::dsl::now))
                    .execute(conn)?;
            }
            Ok(fid)
        })
}

/// Follow-ups of a request, oldest first, limited to the given kinds.
pub fn followups_of(conn: &mut PgConnection, id: i64, kinds: &[&str]) -> QueryResult<Vec<FollowupRow>> {
    Ok(followups_of_many(conn, &[id], kinds)?.into_iter().map(|(_, f)| f).collect())
}

/// The follow-ups of several requests at once, each with its request's id, in order.
pub fn followups_of_many(conn: &mut PgConnection, ids: &[i64], kinds: &[&str]) -> QueryResult<Vec<(i64, FollowupRow)>> {
    followups::table
        .left_join(users::table.on(users::id.nullable().eq(followups::author_user_id)))
        .filter(followups::request_id.eq_any(ids))
        .filter(followups::kind.eq_any(kinds.iter().map(|k| k.to_string()).collect::<Vec<_>>()))
        .select((
            followups::request_id,
            (
                followups::id,
                followups::kind,
                followups::body,
                followups::created_at,
                users::first_name.nullable(),
                users::last_name.nullable(),
                users::kind.nullable(),
            ),
        ))
        .order((followups::created_at, followups::id))
        .load(conn)
}
