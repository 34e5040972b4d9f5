//! The council's reports by email, without anyone asking: on the first working day of each
//! quarter, the quarter just ended goes to the town's elected officials and its director
//! (and in January, the year just ended too). The dedup key is the town, the period and
//! the recipient, so a second run sends nothing and a missed day is caught up at the next
//! run of the quarter.

use base64::Engine;
use chrono::{Datelike, NaiveDate};
use civis_domain::report::{Period, Preset};
use civis_domain::report_tables::{Cell, tables};
use civis_domain::{Lang, calendar};
use diesel::prelude::*;

use crate::db::jobs::{self as db, Town};
use crate::error::ApiError;
use crate::outbox::report_mail::ReportMail;
use crate::service::notify::{Kind, Subject, enqueue};

/// The periods due by `today`: the quarter just ended, and in January the year.
pub fn due(today: NaiveDate, holidays: &[NaiveDate]) -> Vec<(Period, bool)> {
    let quarter = Period::containing(Preset::Quarter, today);
    let first = calendar::first_business_day_of_month(quarter.from.year(), quarter.from.month(), holidays);
    if first.is_none_or(|d| today < d) {
        return vec![];
    }
    let mut out = vec![(Period::previous(Preset::Quarter, today), false)];
    if today.month() == 1 {
        out.push((Period::previous(Preset::Year, today), true));
    }
    out
}

/// The lines of the email's body: the summary table's main rows, as the workbook says them.
fn lines(report: &civis_domain::wire::Report, lang: Lang) -> Vec<(String, String)> {
    let summary = tables(report, lang).into_iter().find(|t| t.key == civis_domain::wire::ReportTable::Summary.key());
    summary
        .map(|t| {
            t.rows
                .into_iter()
                .take(10)
                .map(|row| {
                    let text = |c: &Cell| Some(c.text()).filter(|t| !t.is_empty()).unwrap_or_else(|| "—".into());
                    (row.first().map(text).unwrap_or_default(), row.get(1).map(text).unwrap_or_default())
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn send(conn: &mut PgConnection, town: &Town, today: NaiveDate, holidays: &[NaiveDate]) -> Result<usize, ApiError> {
    let periods = due(today, holidays);
    if periods.is_empty() {
        return Ok(0);
    }
    let readers = db::council_readers(conn, town.id)?;
    let mut added = 0;
    for (period, annual) in periods {
        // Once everyone has it, nothing is computed again (the jobs run every few minutes).
        let mut waiting = vec![];
        for r in &readers {
            let dedup = format!("{}:{}:{}", town.id, period.key(), r.email);
            if !already(conn, &dedup)? {
                waiting.push((r, dedup));
            }
        }
        if waiting.is_empty() {
            continue;
        }
        let report = crate::service::reports::report(conn, town.id, period, true, true)?;
        // One workbook per language, whatever the number of readers.
        let mut books: Vec<(Lang, String)> = vec![];
        for (r, dedup) in waiting {
            let lang: Lang = r.language;
            let xlsx = match books.iter().find(|(l, _)| *l == lang) {
                Some((_, b)) => b.clone(),
                None => {
                    let b = base64::engine::general_purpose::STANDARD
                        .encode(crate::service::report_xlsx::xlsx(&report, lang)?);
                    books.push((lang, b.clone()));
                    b
                }
            };
            let mail = ReportMail {
                town_name: town.name.clone(),
                town_id: town.id,
                sender_name: town.sender_name.clone(),
                sender_email: town.sender_email.clone(),
                period,
                annual,
                lines: lines(&report, lang),
                summary: report.summary.clone(),
                filename: format!("rapport-{}-{}.xlsx", period.from, period.to),
                xlsx,
            };
            let payload = serde_json::to_value(&mail).map_err(|e| ApiError::caused("council report payload", e))?;
            let about = Subject { town: town.id, request: None };
            added += enqueue(conn, about, Kind::CouncilReport, &r.email, lang.as_str(), &payload, dedup)?;
        }
    }
    Ok(added)
}

/// Whether this report was queued already (checked before building its workbook).
fn already(conn: &mut PgConnection, dedup: &str) -> Result<bool, ApiError> {
    let key = format!("{}:{dedup}", Kind::CouncilReport.as_str());
    Ok(crate::db::outbox::queued(conn, &key)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn the_quarter_goes_out_on_its_first_working_day_and_january_adds_the_year() {
        // 1 October 2026 is a Thursday.
        assert!(due(d("2026-09-30"), &[]).iter().all(|(p, _)| p.to < d("2026-07-01")));
        let oct = due(d("2026-10-01"), &[]);
        assert_eq!(oct, vec![(Period { from: d("2026-07-01"), to: d("2026-09-30") }, false)]);
        assert_eq!(due(d("2026-11-29"), &[]), oct, "a missed day is caught up later in the quarter");
        // 1 January 2027 is a holiday, the 2nd a Saturday: the 4th is the first working day.
        assert!(due(d("2027-01-01"), &[d("2027-01-01")]).is_empty());
        let jan = due(d("2027-01-04"), &[d("2027-01-01")]);
        assert_eq!(jan.len(), 2);
        assert_eq!(jan[1], (Period { from: d("2026-01-01"), to: d("2026-12-31") }, true));
    }
}
