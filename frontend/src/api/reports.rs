//! Reports for the council: a period's indicators, the director's summary, the exports
//! (fetched with the session), and the unusual flag on a request.

use civis_domain::report::Period;
use civis_domain::wire::{Report, SummaryInput, UnusualInput};

use super::{Res, call};

pub async fn report(town: i64, p: Period) -> Res<Report> {
    call("GET", format!("/towns/{town}/reports?from={}&to={}&compare=true", p.from, p.to)).send().await
}

pub async fn put_summary(town: i64, body: &SummaryInput) -> Res<()> {
    call("PUT", format!("/towns/{town}/reports/summary")).json(body).done().await
}

/// An export as a local object URL: `xlsx`, or `csv` with a table's key.
pub async fn report_export(town: i64, p: Period, lang: &str, table: Option<&str>) -> Res<String> {
    let path = match table {
        Some(t) => format!("/towns/{town}/reports/export.csv?from={}&to={}&lang={lang}&table={t}", p.from, p.to),
        None => format!("/towns/{town}/reports/export.xlsx?from={}&to={}&lang={lang}", p.from, p.to),
    };
    super::blob_url(call("GET", path)).await
}

pub async fn set_unusual(town: i64, id: i64, reason: Option<String>) -> Res<()> {
    call("PUT", format!("/towns/{town}/requests/{id}/unusual")).json(&UnusualInput { reason }).done().await
}

/// An answer to the closure email's survey (no account: the link's token).
pub async fn answer_survey(town: i64, body: &civis_domain::wire::SatisfactionInput) -> Res<()> {
    call("POST", format!("/towns/{town}/public/satisfaction")).anonymous().json(body).done().await
}

/// The satisfaction comments of a period (the director).
pub async fn survey_comments(town: i64, p: Period) -> Res<Vec<civis_domain::wire::SatisfactionComment>> {
    call("GET", format!("/towns/{town}/reports/comments?from={}&to={}", p.from, p.to)).send().await
}
