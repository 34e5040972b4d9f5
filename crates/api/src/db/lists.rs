//! What a staff list reads before its page, in one statement: the caller (their account and
//! grants), their saved filter and the town's clock.

use diesel::prelude::*;
use diesel::sql_types as sql;

use super::sql::{Bind, Sql};
use super::towns::{CLOCK_COLUMNS, Clock};
use super::users::{PRINCIPAL_COLUMNS, PrincipalRow};

#[derive(QueryableByName)]
pub struct ListContext {
    #[diesel(embed)]
    pub caller: PrincipalRow,
    #[diesel(embed)]
    pub clock: Clock,
    /// The caller's saved filter, as stored.
    #[diesel(sql_type = sql::Nullable<sql::Jsonb>)]
    pub saved_filter: Option<serde_json::Value>,
}

/// The caller `user` and the town `town`'s clock; none when either does not exist.
/// Prepared once per connection (`Sql::cached`): the list runs it on every call.
pub fn context(conn: &mut PgConnection, user: i64, town: i64) -> QueryResult<Option<ListContext>> {
    let mut q = Sql::default();
    q.push(&format!("SELECT {PRINCIPAL_COLUMNS}, {CLOCK_COLUMNS},"))
        .push(" (SELECT f.filter FROM saved_filters f WHERE f.user_id = u.id) AS saved_filter")
        .push(" FROM users u, municipalities m WHERE u.id = ")
        .bind(Bind::I64(user))
        .push(" AND m.id = ")
        .bind(Bind::I64(town));
    q.cached().get_result(conn).optional()
}
