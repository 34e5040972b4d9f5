//! Who asks for the staff list, read with what the list needs before its page.

use civis_domain::wire::RequestFilter;
use diesel::PgConnection;

use super::{TownClock, clock_of};
use crate::auth::{Principal, load_principal};
use crate::error::ApiError;
use crate::service::filters;

/// The caller of a staff list, their saved filter and the town's clock.
pub struct ListCaller {
    pub principal: Principal,
    pub saved_filter: Option<RequestFilter>,
    pub clock: TownClock,
}

/// Reads the caller `user` (an active account, with its grants), their saved filter and
/// the town's clock in one statement. No such account, or an inactive one: 401; no such
/// town: 404, as a town the caller holds no grant in.
pub fn list_caller(
    conn: &mut PgConnection,
    settings: &crate::config::Settings,
    user: i64,
    town: i64,
) -> Result<ListCaller, ApiError> {
    let unauthorized = || ApiError::Unauthorized("unauthorized");
    let Some(ctx) = crate::db::lists::context(conn, user, town)? else {
        // The account or the town is missing; which one decides the answer (rare: a second read).
        return Err(if load_principal(conn, user)?.is_some() { ApiError::NotFound } else { unauthorized() });
    };
    Ok(ListCaller {
        principal: Principal::from_row(ctx.caller)
            .ok_or_else(unauthorized)?
            .with_platform_rule(settings)
            .enrolled_if_required()?,
        saved_filter: ctx.saved_filter.and_then(filters::parse),
        clock: clock_of(ctx.clock),
    })
}
