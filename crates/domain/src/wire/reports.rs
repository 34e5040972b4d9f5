//! Reports for the council ("reddition de comptes"): the indicators of a period, with the
//! same period a year earlier, the director's qualitative summary, and satisfaction.
//! Counts only: no name, contact, description or address anywhere.

use chrono::{DateTime, NaiveDate, Utc};
use civis_schema_rules::schema_rules;
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::FirstContactCounts;
use crate::report::{Masked, Period};
use crate::{Channel, RequestKind};

#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};

/// Which report.
#[schema_rules]
#[derive(Debug, Clone, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
pub struct ReportQuery {
    #[cfg_attr(feature = "openapi", param(example = "2026-07-01"))]
    pub from: NaiveDate,
    #[cfg_attr(feature = "openapi", param(example = "2026-09-30"))]
    pub to: NaiveDate,
    /// Also the same period a year earlier (default true).
    pub compare: Option<bool>,
    /// The language of exported files (`fr` or `en`; default `fr`).
    pub lang: Option<crate::Lang>,
}

/// Which table of a report, as CSV.
#[schema_rules]
#[derive(Debug, Clone, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
pub struct CsvQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `fr` (default) or `en`.
    pub lang: Option<crate::Lang>,
    /// Which table.
    #[cfg_attr(feature = "openapi", param(example = "by_department"))]
    pub table: ReportTable,
}

/// A table of a report, by its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportTable {
    Summary,
    ByKind,
    ByChannel,
    Contacts,
    ByDepartment,
    TopCategories,
    Months,
    Unusual,
    Satisfaction,
}

impl ReportTable {
    /// The table's key, in exports' addresses and file names (`report_tables::Table::key`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Summary => "summary",
            Self::ByKind => "by_kind",
            Self::ByChannel => "by_channel",
            Self::Contacts => "contacts",
            Self::ByDepartment => "by_department",
            Self::TopCategories => "top_categories",
            Self::Months => "months",
            Self::Unusual => "unusual",
            Self::Satisfaction => "satisfaction",
        }
    }
}

/// Requests of one kind received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct KindCount {
    pub kind: RequestKind,
    /// Received in the period. Complaints under 5 show as "< 5" outside the town's staff.
    pub count: Masked,
    /// Closed as processed, closed as refused in the period; not closed at its end.
    pub processed: Masked,
    pub refused: Masked,
    pub pending: Masked,
}

/// Requests received through one channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ChannelTally {
    pub channel: Channel,
    /// Received in the period.
    pub count: i64,
    pub processed: i64,
    pub refused: i64,
    /// Not closed at the end of the period.
    pub pending: i64,
}

/// Resolution times (days from receipt to closing) of requests closed in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Delays {
    pub closed: i64,
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
    /// Of those closed with a due date, the share closed on or before it (0–1).
    pub on_time_share: Option<f64>,
}

/// One department's requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DepartmentLine {
    /// `None`: requests without a department.
    pub department_id: Option<i64>,
    pub name_fr: String,
    pub name_en: String,
    pub received: i64,
    pub processed: i64,
    pub refused: i64,
    pub delays: Delays,
}

/// One category's requests (the most received first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CategoryLine {
    pub category_id: i64,
    pub name_fr: String,
    pub name_en: String,
    /// A complaint category's count is masked like complaints.
    pub received: Masked,
    pub delays: Delays,
}

/// A request staff flagged as unusual ("inusitée"): never a person, never a complaint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UnusualLine {
    pub number: String,
    pub category_fr: String,
    pub category_en: String,
    /// Staff's free text (it may name someone): only in the staff's own report, never where
    /// counts are masked (elected officials, exports, the council's emails).
    pub reason: Option<String>,
}

/// One month of the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MonthLine {
    /// The month's first day.
    pub month: NaiveDate,
    pub received: i64,
    pub processed: i64,
    pub refused: i64,
}

/// Answers to the closure email's one-question survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SatisfactionTally {
    pub answers: i64,
    pub average: Option<f64>,
    /// Answers scoring 1, 2, 3, 4 and 5.
    pub distribution: Vec<i64>,
}

/// Everything counted for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Indicators {
    pub period: Period,
    pub received: i64,
    /// Closed as processed in the period.
    pub processed: i64,
    /// Closed as refused in the period.
    pub refused: i64,
    /// Not closed at the end of the period.
    pub pending_at_end: i64,
    /// Of those, past their due date at the end of the period.
    pub overdue_at_end: i64,
    pub by_kind: Vec<KindCount>,
    pub by_channel: Vec<ChannelTally>,
    pub complaints_received: Masked,
    /// Complaints passed on to the director (transferred to the town).
    pub complaints_to_director: Masked,
    /// Contacts logged by the first line.
    pub first_contact: FirstContactCounts,
    /// Contacts answered at first contact, and requests handled at first contact.
    pub first_contact_resolutions: i64,
    /// Their share of all contacts and requests received (0–1).
    pub first_contact_share: Option<f64>,
    pub by_department: Vec<DepartmentLine>,
    pub top_categories: Vec<CategoryLine>,
    pub unusual: Vec<UnusualLine>,
    pub delays: Delays,
    /// Access-to-information requests closed in the period, and those answered within the
    /// legal delay (20 days, or 30 once extended).
    pub access_closed: i64,
    pub access_in_time: i64,
    pub months: Vec<MonthLine>,
    pub satisfaction: SatisfactionTally,
}

/// A town's report for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Report {
    pub town_id: i64,
    pub town_name: String,
    pub current: Indicators,
    /// The same period a year earlier.
    pub previous: Option<Indicators>,
    /// The director's qualitative summary ("résumé qualitatif des apprentissages").
    pub summary: String,
    /// Small complaint counts are hidden ("< 5"): a report for readers outside the staff.
    pub masked: bool,
    pub generated_at: DateTime<Utc>,
}

/// The director's summary of a period.
#[schema_rules]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SummaryInput {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[validate(length(max = 10000, code = "length"))]
    pub body: String,
}

/// Flags a request as unusual ("inusitée") with a short reason, or clears the flag (`null`).
#[schema_rules]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UnusualInput {
    #[validate(length(min = 1, max = 300, code = "length"))]
    pub reason: Option<String>,
}

/// A satisfaction answer, from the closure email's link (no account).
#[schema_rules]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SatisfactionInput {
    /// The token of the link.
    #[validate(length(min = 1, max = 200, code = "length"))]
    pub token: String,
    #[validate(range(min = 1, max = 5, code = "range"))]
    pub score: i32,
    #[validate(length(max = 2000, code = "length"))]
    #[serde(default)]
    pub comment: String,
}

/// A satisfaction comment as the director reads it: the request's number only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SatisfactionComment {
    pub number: String,
    pub score: i32,
    pub comment: String,
    pub answered_at: DateTime<Utc>,
}
