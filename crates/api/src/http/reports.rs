//! Reports for the council: the indicators of a period, the director's summary, the
//! satisfaction comments, and a request flagged unusual.

use actix_web::{HttpResponse, get, post, put, web};
use civis_domain::Role;
use civis_domain::wire::{
    CsvQuery, Report, ReportQuery, SatisfactionComment, SatisfactionInput, SummaryInput, UnusualInput,
};
use validator::Validate;

use super::extract::Authenticated;
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service::reports as svc;
use crate::state::State;

/// The report of a period (days of the town, both included), with the same period a year
/// earlier. Counts only; for an elected official, complaint counts under 5 read "< 5".
#[utoipa::path(tag = "reports", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ReportQuery),
    responses(
        (status = 200, description = "The report", body = Report),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller's roles do not read reports", body = Problem),
        (status = 404, description = "Not a town of the caller", body = Problem),
        (status = 422, description = "Period reversed or longer than five years", body = Problem)))]
#[get("/towns/{town_id}/reports")]
pub async fn report(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    query: web::Query<ReportQuery>,
) -> Result<web::Json<Report>, ApiError> {
    let (town, q) = (path.into_inner(), query.into_inner());
    q.validate()?;
    let (_, masked) = svc::reader(&auth.0, town)?;
    let period = svc::checked(q.from, q.to)?;
    let compare = q.compare.unwrap_or(true);
    // The two periods on two connections at once: a year of a large town is the slow part.
    let current = state.db.read(move |conn| svc::indicators(conn, town, period, masked));
    let previous = state.db.read(move |conn| {
        if compare { svc::indicators(conn, town, period.a_year_earlier(), masked).map(Some) } else { Ok(None) }
    });
    let (current, previous) = futures_util::future::join(current, previous).await;
    let (current, previous) = (current?, previous?);
    let assembled = state.db.read(move |conn| svc::assemble(conn, town, current.clone(), previous.clone(), masked));
    Ok(web::Json(assembled.await?))
}

/// Writes the director's qualitative summary of a period (printed with the report).
#[utoipa::path(tag = "reports", security(("bearer" = [])), request_body = SummaryInput,
    params(("town_id" = i64, Path, description = "Town id")),
    responses(
        (status = 204, description = "Saved"),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "Not the town's director", body = Problem),
        (status = 404, description = "Not a town of the caller", body = Problem),
        (status = 422, description = "Invalid period or text too long", body = Problem)))]
#[put("/towns/{town_id}/reports/summary")]
pub async fn put_summary(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    body: Json<SummaryInput>,
) -> Result<HttpResponse, ApiError> {
    let (town, body) = (path.into_inner(), valid(body)?);
    if !auth.0.town_roles(town)?.contains(Role::Director) {
        return Err(ApiError::Forbidden);
    }
    let period = svc::checked(body.from, body.to)?;
    let by = auth.0.id;
    state.db.run(move |conn| svc::put_summary(conn, town, period, body.body.trim(), by)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The satisfaction comments of a period, each with its request's number only (the director).
#[utoipa::path(tag = "reports", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ReportQuery),
    responses(
        (status = 200, description = "The comments, newest first", body = Vec<SatisfactionComment>),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "Not the town's director", body = Problem),
        (status = 404, description = "Not a town of the caller", body = Problem),
        (status = 422, description = "Invalid period", body = Problem)))]
#[get("/towns/{town_id}/reports/comments")]
pub async fn comments(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    query: web::Query<ReportQuery>,
) -> Result<web::Json<Vec<SatisfactionComment>>, ApiError> {
    let (town, q) = (path.into_inner(), query.into_inner());
    if !auth.0.town_roles(town)?.contains(Role::Director) {
        return Err(ApiError::Forbidden);
    }
    let period = svc::checked(q.from, q.to)?;
    Ok(web::Json(state.db.read(move |conn| svc::comments(conn, town, period)).await?))
}

/// Flags a request as unusual ("inusitée", listed in the reports by number, category and
/// reason), or clears the flag with `"reason": null`.
#[utoipa::path(tag = "requests", security(("bearer" = [])), request_body = UnusualInput,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Request id")),
    responses(
        (status = 204, description = "Saved"),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller's roles do not work requests", body = Problem),
        (status = 404, description = "No such request for the caller", body = Problem),
        (status = 422, description = "Reason empty or too long", body = Problem)))]
#[put("/towns/{town_id}/requests/{id}/unusual")]
pub async fn put_unusual(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
    body: Json<UnusualInput>,
) -> Result<HttpResponse, ApiError> {
    let ((town, id), body) = (path.into_inner(), valid(body)?);
    state.db.run(move |conn| svc::set_unusual(conn, &auth.0, town, id, body.reason.as_deref())).await?;
    Ok(HttpResponse::NoContent().finish())
}

fn attachment(content_type: &str, filename: String, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((actix_web::http::header::CONTENT_TYPE, content_type.to_string()))
        .insert_header((actix_web::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .body(body)
}

/// The report as a workbook: a cover sheet (period, summary) and one sheet per table.
/// Exports leave the town's staff: complaint counts under 5 read "< 5".
#[utoipa::path(tag = "reports", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ReportQuery),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller's roles do not read reports", body = Problem),
        (status = 404, description = "Not a town of the caller", body = Problem),
        (status = 422, description = "Invalid period", body = Problem)))]
#[get("/towns/{town_id}/reports/export.xlsx")]
pub async fn export_xlsx(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let (town, q) = (path.into_inner(), query.into_inner());
    svc::reader(&auth.0, town)?;
    let period = svc::checked(q.from, q.to)?;
    let lang = q.lang.unwrap_or_default();
    let full = state.db.read(move |conn| svc::report(conn, town, period, true, true)).await?;
    let bytes = web::block(move || crate::service::report_xlsx::xlsx(&full, lang))
        .await
        .map_err(|e| ApiError::caused("report task", e))??;
    let name = format!("rapport-{}-{}.xlsx", period.from, period.to);
    Ok(attachment("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, bytes))
}

/// One table of the report as CSV (UTF-8 with a byte-order mark, commas, a dot for
/// decimals). Exports leave the town's staff: complaint counts under 5 read "< 5".
#[utoipa::path(tag = "reports", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), CsvQuery),
    responses(
        (status = 200, description = "The table", content_type = "text/csv"),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller's roles do not read reports", body = Problem),
        (status = 404, description = "Not a town of the caller", body = Problem),
        (status = 422, description = "Invalid period or unknown table", body = Problem)))]
#[get("/towns/{town_id}/reports/export.csv")]
pub async fn export_csv(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    query: web::Query<CsvQuery>,
) -> Result<HttpResponse, ApiError> {
    use civis_domain::report_tables::{csv, tables};
    let (town, q) = (path.into_inner(), query.into_inner());
    q.validate()?;
    svc::reader(&auth.0, town)?;
    let period = svc::checked(q.from, q.to)?;
    let lang = q.lang.unwrap_or_default();
    let full = state.db.read(move |conn| svc::report(conn, town, period, true, true)).await?;
    let table = tables(&full, lang).into_iter().find(|t| t.key == q.table.key()).ok_or(ApiError::NotFound)?;
    let name = format!("{}-{}-{}.csv", table.key, period.from, period.to);
    Ok(attachment("text/csv; charset=utf-8", name, csv(&table, lang).into_bytes()))
}

/// Answers the one-question survey of a closure email (its link's token; no account):
/// a score from 1 to 5 and an optional comment, once per request.
#[utoipa::path(tag = "public", request_body = SatisfactionInput,
    params(("town_id" = i64, Path, description = "Town id")),
    responses(
        (status = 204, description = "Thank you"),
        (status = 404, description = "No such survey (a wrong link, or a request not closed)", body = Problem),
        (status = 409, description = "This request's survey was answered already", body = Problem),
        (status = 422, description = "Score outside 1–5 or comment too long", body = Problem),
        (status = 429, description = "Too many answers from this client; see Retry-After", body = Problem)))]
#[post("/towns/{town_id}/public/satisfaction")]
pub async fn answer_survey(
    state: State,
    path: web::Path<i64>,
    client: super::client::ClientAddr,
    body: Json<SatisfactionInput>,
) -> Result<HttpResponse, ApiError> {
    let (town, body) = (path.into_inner(), valid(body)?);
    let st = state.clone();
    state
        .db
        .run(move |conn| {
            st.limits.hit(conn, &crate::limits::FEEDBACK_CLIENT, &client.0)?;
            svc::answer_survey(conn, &st.settings.secret, town, &body)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
