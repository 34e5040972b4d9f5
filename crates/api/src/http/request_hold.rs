//! Waiting on the citizen: putting a request on hold, and resuming it.

use actix_web::{HttpResponse, post, web};
use civis_domain::wire::{HoldInput, RequestDetail};
use serde::Deserialize;

use super::extract::Authenticated;
use super::json::Json;
use super::requests::with_etag;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service::requests as svc;
use crate::state::State;

/// Puts a request on hold until the citizen answers: the reason is kept in the history,
/// the message reaches the requester as an external follow-up (by email, with a reply
/// address). The due date is empty while it waits; the citizen's answer by email or on the
/// portal resumes it, moved by the time held.
#[utoipa::path(tag = "requests", security(("bearer" = [])), request_body = HoldInput,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses(
        (status = 200, description = "The request, waiting", body = RequestDetail),
        (status = 409, description = "`request_closed`, or `already_waiting`", body = Problem),
        (status = 422, description = "`hold_not_allowed` (access requests and complaints: their delays are the law's), or no requester to ask (`internal_no_requester`)", body = Problem)))]
#[post("/towns/{town_id}/requests/{id}/hold")]
pub async fn hold(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
    body: Json<HoldInput>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let (town, id) = path.into_inner();
    let view = state.db.run(move |conn| svc::hold(conn, &auth.0, town, id, &body)).await?;
    Ok(with_etag(view))
}

/// Why staff resume a waiting request (kept in the history).
#[civis_schema_rules::schema_rules(always)]
#[derive(Debug, Default, Deserialize, utoipa::ToSchema, validator::Validate)]
pub struct ResumeInput {
    #[validate(length(max = 1000, code = "length"))]
    reason: Option<String>,
}

/// Resumes a waiting request (the citizen answered another way): its due date comes back,
/// moved by the time held.
#[utoipa::path(tag = "requests", security(("bearer" = [])), request_body = ResumeInput,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses(
        (status = 200, description = "The request, resumed", body = RequestDetail),
        (status = 409, description = "`not_waiting`", body = Problem)))]
#[post("/towns/{town_id}/requests/{id}/resume")]
pub async fn resume(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
    body: Json<ResumeInput>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let (town, id) = path.into_inner();
    let view = state.db.run(move |conn| svc::resume(conn, &auth.0, town, id, body.reason.as_deref())).await?;
    Ok(with_etag(view))
}
