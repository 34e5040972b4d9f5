//! Loi 25 for the director, the town's privacy officer: a person's file.

use actix_web::{get, web};
use civis_domain::wire::{PersonFile, PersonQuery};
use validator::Validate;

use crate::auth::Authenticated;
use crate::error::{ApiError, Problem};
use crate::state::State;

/// Everything the town holds about a person, found by email or phone (either matches;
/// phones by their last ten digits): the requests they filed (with their contact) or
/// follow, their replies and what the town sent them, the calls logged under them, the
/// files they sent, their survey answers and their citizen account. For the director;
/// each request in it is journaled as read.
#[utoipa::path(tag = "privacy", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), PersonQuery),
    responses((status = 200, description = "The person's file", body = PersonFile),
              (status = 401, description = "No valid token", body = Problem),
              (status = 403, description = "Not the town's director", body = Problem),
              (status = 404, description = "Not a town of the caller", body = Problem),
              (status = 422, description = "Neither an email nor a phone, or one malformed", body = Problem)))]
#[get("/towns/{town_id}/privacy/person")]
pub async fn person_file(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    query: web::Query<PersonQuery>,
) -> Result<web::Json<PersonFile>, ApiError> {
    let q = query.into_inner();
    q.validate()?;
    let town = path.into_inner();
    Ok(web::Json(state.db.run(move |conn| crate::service::person::file(conn, &auth.0, town, &q)).await?))
}
