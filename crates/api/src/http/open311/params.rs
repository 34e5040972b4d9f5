//! GeoReport's query parameters: each a string (an empty one counts as absent) whose
//! pattern the document states, read here into what the service asks.

use civis_domain::wire::ServiceStatus;
use serde::Deserialize;
use utoipa::IntoParams;

use super::format::lang;
use crate::error::ApiError;
use crate::service::open311 as svc;

/// A W3C date, or date and time (`2026-12-07`, `2026-12-07T15:00:00Z`,
/// `2026-12-07T10:00-05:00`), or nothing: the schema of every GeoReport moment.
pub struct W3cMoment;

impl utoipa::PartialSchema for W3cMoment {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        const PATTERN: &str = r"^([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?)?)?$";
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some(PATTERN))
            .description(Some("A W3C date, or date and time, or nothing"))
            .into()
    }
}

impl utoipa::ToSchema for W3cMoment {}

/// `GET requests`' filters. Empty ones count as absent.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestsQuery {
    /// Numbers, comma-separated; the other filters are then ignored.
    pub(super) service_request_id: Option<String>,
    /// Service codes, comma-separated.
    #[param(pattern = "^([0-9]{1,18}(,[0-9]{1,18})*)?$")]
    pub(super) service_code: Option<String>,
    /// Filed at or after (W3C); with `end_date`, at most 90 days apart; default 90 days back.
    #[param(value_type = Option<W3cMoment>, inline)]
    pub(super) start_date: Option<String>,
    #[param(value_type = Option<W3cMoment>, inline)]
    pub(super) end_date: Option<String>,
    /// `open`, `closed` or both, comma-separated.
    #[param(pattern = "^((open|closed)(,(open|closed))*)?$")]
    pub(super) status: Option<String>,
    /// Changed after (W3C).
    #[param(value_type = Option<W3cMoment>, inline)]
    pub(super) updated_after: Option<String>,
    /// Changed at or before (W3C).
    #[param(value_type = Option<W3cMoment>, inline)]
    pub(super) updated_before: Option<String>,
    /// 1 first.
    #[param(pattern = "^([1-9][0-9]{0,5})?$")]
    pub(super) page: Option<String>,
    /// 1 to 1 000 (default 1 000).
    #[param(pattern = "^([1-9][0-9]{0,2}|1000)?$")]
    pub(super) page_size: Option<String>,
    /// `true`: the extended attributes (channel, detailed status, photos, notes).
    #[param(pattern = "^(true|false)?$")]
    pub(super) extensions: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn list(v: &Option<String>) -> Vec<String> {
    given(v).map(|v| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()).unwrap_or_default()
}

fn parse_error(name: &str) -> ApiError {
    ApiError::field(name, "open311_value_invalid")
}

/// A W3C date and time (a date alone is its midnight, UTC).
pub(super) fn moment(name: &str, v: &Option<String>) -> Result<Option<chrono::DateTime<chrono::Utc>>, ApiError> {
    let Some(v) = given(v) else { return Ok(None) };
    let parsed = chrono::DateTime::parse_from_rfc3339(&v.replacen(' ', "T", 1))
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok()
        .or_else(|| chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S").ok().map(|t| t.and_utc()))
        .or_else(|| chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M").ok().map(|t| t.and_utc()))
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())
        });
    parsed.map(Some).ok_or_else(|| ApiError::field(name, "date_invalid"))
}

fn number(name: &str, v: &Option<String>, default: i64) -> Result<i64, ApiError> {
    given(v).map_or(Ok(default), |v| v.parse::<i64>().map_err(|_| parse_error(name)))
}

pub(super) fn parsed(q: &RequestsQuery, locale: Option<&str>) -> Result<svc::Query, ApiError> {
    let nodes: Vec<i64> = list(&q.service_code)
        .iter()
        .map(|c| c.parse::<i64>().map_err(|_| parse_error("service_code")))
        .collect::<Result<_, _>>()?;
    let status = list(&q.status)
        .iter()
        .map(|s| match s.as_str() {
            "open" => Ok(ServiceStatus::Open),
            "closed" => Ok(ServiceStatus::Closed),
            _ => Err(parse_error("status")),
        })
        .collect::<Result<_, _>>()?;
    let extensions = match given(&q.extensions) {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(parse_error("extensions")),
    };
    Ok(svc::Query {
        numbers: list(&q.service_request_id),
        services: nodes,
        start: moment("start_date", &q.start_date)?,
        end: moment("end_date", &q.end_date)?,
        status,
        updated_after: moment("updated_after", &q.updated_after)?,
        updated_before: moment("updated_before", &q.updated_before)?,
        page: number("page", &q.page, 1)?,
        page_size: number("page_size", &q.page_size, 1000)?,
        extensions,
        lang: lang(locale),
    })
}

/// Parameters of one request.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OneQuery {
    #[param(pattern = "^(true|false)?$")]
    pub(super) extensions: Option<String>,
}

/// The range of status changes asked.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UpdatesQuery {
    /// From (W3C); default 90 days before `end_date`.
    #[param(value_type = Option<W3cMoment>, inline)]
    pub(super) start_date: Option<String>,
    /// To (W3C); default now; at most 90 days after `start_date`.
    #[param(value_type = Option<W3cMoment>, inline)]
    pub(super) end_date: Option<String>,
}
