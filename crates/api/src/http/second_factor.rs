//! Two-factor sign-in: a staff account enrols an authenticator; a town administrator
//! resets a lost one.

use actix_web::{HttpResponse, delete, post, web};
use civis_domain::wire::{RecoveryCodes, SecondFactorCode, SecondFactorEnrolment};

use super::extract::{Enrolling, TownAdmin};
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service::second_factor as svc;
use crate::state::State;

/// Starts enrolment: a new secret, as a QR code and as text, for an authenticator app.
/// Confirm it with a first code. Starting again replaces an unconfirmed secret.
#[utoipa::path(tag = "auth", security(("bearer" = [])), responses(
    (status = 200, description = "The secret to add to an authenticator", body = SecondFactorEnrolment),
    (status = 401, description = "Missing, invalid or expired token", body = Problem),
    (status = 403, description = "Citizens' accounts have no second factor", body = Problem),
    (status = 409, description = "`second_factor_enrolled`: the account has one; an administrator resets it", body = Problem),
))]
#[post("/auth/second-factor")]
pub async fn enrol(state: State, Enrolling(me): Enrolling) -> Result<web::Json<SecondFactorEnrolment>, ApiError> {
    let st = state.clone();
    Ok(web::Json(state.db.run(move |conn| svc::enrol(conn, &st, &me)).await?))
}

/// Confirms enrolment with the code the authenticator shows; answers ten single-use
/// recovery codes, shown this once. From then on, sign-in asks for a code.
#[utoipa::path(tag = "auth", security(("bearer" = [])), request_body = SecondFactorCode, responses(
    (status = 200, description = "Enrolled; the recovery codes", body = RecoveryCodes),
    (status = 401, description = "Missing, invalid or expired token", body = Problem),
    (status = 422, description = "`second_factor_invalid`: not the current code, or no enrolment started", body = Problem),
))]
#[post("/auth/second-factor/confirm")]
pub async fn confirm(
    state: State,
    Enrolling(me): Enrolling,
    body: Json<SecondFactorCode>,
) -> Result<web::Json<RecoveryCodes>, ApiError> {
    let body = valid(body)?;
    let st = state.clone();
    Ok(web::Json(state.db.run(move |conn| svc::confirm(conn, &st, &me, &body.code)).await?))
}

/// Resets a staff member's second factor (a lost or replaced phone): they enrol again at
/// their next sign-in. Kept in the security events; the member is told by email.
#[utoipa::path(tag = "administration", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "User id")),
    responses((status = 204, description = "Reset"),
              (status = 403, description = "A platform administrator's, or not a town administrator", body = Problem),
              (status = 404, description = "No such staff member in this town, or no second factor", body = Problem)))]
#[delete("/admin/towns/{town_id}/users/{id}/second-factor")]
pub async fn reset(state: State, admin: TownAdmin, path: web::Path<(i64, i64)>) -> Result<HttpResponse, ApiError> {
    let (town, id) = (admin.town_id, path.1);
    state.db.run(move |conn| svc::reset(conn, town, &admin.principal, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
