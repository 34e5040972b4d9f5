//! Periodic jobs, run by the worker every few minutes and by `civis jobs`: reminders to the
//! department N working days before a due date (the town's option), overdue notices, a
//! first answer promised for the day and not given (once per request), the
//! department responsibles' monthly list (first working day of the month's last week) and
//! the elected officials' monthly lists (first working day of the month). Each email has a
//! dedup key (request and due date, or recipient and month), so running a job twice the
//! same day sends once; a job that did not run on its day sends at its next run.
//! Working days skip weekends and the town's holidays. Callbacks promised at first contact
//! remind the town's first-line team (its clerks) when due within two hours, and again once
//! overdue (dedup by contact, stage and recipient). The council's quarterly and annual
//! reports go out on the first working day of each quarter (`council`).
//!
//! Several workers may share the database: a town's jobs run in one transaction holding
//! the town's advisory lock, so two workers never run the same town's jobs at once (the
//! other one skips the town this round), and the dedup keys keep each email to one send.

mod council;
pub mod retention;

use crate::db::jobs::{self as db, Due, Town};
use crate::outbox::mail::payload_of;
use crate::outbox::monthly_mail::MonthlyMail;
use crate::outbox::request_mail::RequestMail;
use chrono::{Datelike, NaiveDate};
use civis_domain::privacy::complaint_count;
use civis_domain::wire::MonthlyItem;
use civis_domain::{ComplaintScope, calendar};
use diesel::prelude::*;

use crate::db::{monthly, towns};
use crate::error::ApiError;
use crate::service::notify::{Kind, Subject, enqueue};

/// What a run wrote to the outbox (new rows only).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub reminders: usize,
    pub overdue: usize,
    /// First answers promised for today or before and not given (one per request).
    pub first_answers: usize,
    pub department_lists: usize,
    pub elected_lists: usize,
    pub callbacks: usize,
    pub council_reports: usize,
    /// Contacts (of requests and calls) anonymized past the towns' retention limits.
    pub anonymized: usize,
    /// Stored files those anonymizations removed, for the caller to delete.
    pub removed_files: Vec<String>,
}

/// Runs every job for every active town; `today` overrides each town's own date (tests).
pub fn run(conn: &mut PgConnection, today: Option<NaiveDate>) -> Result<Report, ApiError> {
    let towns = db::active_towns(conn)?;
    let mut report = Report::default();
    for town in towns {
        let today = today.unwrap_or(town.today);
        let holidays: Vec<NaiveDate> = towns::holidays_of(conn, town.id)?.into_iter().map(|h| h.day).collect();
        conn.transaction(|conn| -> Result<(), ApiError> {
            if !crate::db::jobs::lock_town(conn, town.id)? {
                tracing::debug!(town = town.id, "another worker is running this town's jobs");
                return Ok(());
            }
            report.reminders += reminders(conn, &town, today, &holidays)?;
            report.overdue += overdue(conn, &town, today)?;
            let promised = db::first_answers_due(conn, town.id, today)?;
            report.first_answers += due_mail(conn, &town, Kind::FirstAnswer, promised)?;
            report.callbacks += callbacks(conn, &town)?;
            report.council_reports += council::send(conn, &town, today, &holidays)?;
            if calendar::first_business_day_of_last_week(today.year(), today.month(), &holidays)
                .is_some_and(|d| today >= d)
            {
                report.department_lists += department_lists(conn, &town, today)?;
            }
            if calendar::first_business_day_of_month(today.year(), today.month(), &holidays).is_some_and(|d| today >= d)
            {
                report.elected_lists += elected_lists(conn, &town, today)?;
            }
            Ok(())
        })?;
    }
    crate::db::metrics::job_succeeded(conn, "reminders_and_lists")?;
    (report.anonymized, report.removed_files) = retention::run(conn, crate::clock::now())?;
    crate::db::metrics::job_succeeded(conn, "retention")?;
    let purged = crate::db::limits::purge(conn)?;
    crate::db::metrics::job_succeeded(conn, "rate_limit_purge")?;
    tracing::debug!(purged, "old abuse-limit windows dropped");
    Ok(report)
}

/// Reminders of callbacks due soon or overdue, to each clerk of the town (no one's name or
/// number in them: the queue shows the details).
fn callbacks(conn: &mut PgConnection, town: &Town) -> Result<usize, ApiError> {
    use crate::db::interactions as db;
    use crate::outbox::first_contact::CallbackMail;
    use civis_domain::Lang;
    let due = db::due_callbacks(conn, town.id)?;
    if due.is_empty() {
        return Ok(0);
    }
    let team = db::first_line(conn, town.id)?;
    let mut added = 0;
    for c in due {
        let channel = c.channel;
        let mail = CallbackMail {
            town_name: town.name.clone(),
            town_id: town.id,
            sender_name: town.sender_name.clone(),
            sender_email: town.sender_email.clone(),
            channel_fr: channel.label(Lang::Fr).to_lowercase(),
            channel_en: channel.label(Lang::En).to_lowercase(),
            due: c.due.clone(),
            overdue: c.overdue,
        };
        let payload = serde_json::to_value(&mail).map_err(|e| ApiError::caused("callback payload", e))?;
        let stage = if c.overdue { "overdue" } else { "soon" };
        for member in &team {
            let about = Subject { town: town.id, request: None };
            let dedup = format!("{}:{stage}:{}", c.id, member.email);
            added += enqueue(conn, about, Kind::CallbackReminder, &member.email, &member.language, &payload, dedup)?;
        }
    }
    Ok(added)
}

fn due_mail(conn: &mut PgConnection, town: &Town, kind: Kind, rows: Vec<Due>) -> Result<usize, ApiError> {
    let mut added = 0;
    for r in rows {
        let payload = payload_of(&RequestMail {
            town_id: town.id,
            town_name: town.name.clone(),
            town_slug: town.slug.clone(),
            sender_name: town.sender_name.clone(),
            sender_email: town.sender_email.clone(),
            request_id: r.id,
            number: r.number,
            category_fr: r.category_fr,
            category_en: r.category_en,
            due_date: Some(r.due_date),
            ..RequestMail::default()
        });
        let about = Subject { town: town.id, request: Some(r.id) };
        // One notice per due date (reminder, overdue), one per request (first answer).
        let dedup = if kind == Kind::FirstAnswer {
            format!("{}:first_answer", r.id)
        } else {
            format!("{}:{}", r.id, r.due_date)
        };
        added += enqueue(conn, about, kind, &r.email, "fr", &payload, dedup)?;
    }
    Ok(added)
}

/// Open requests due within the town's lead time, counted in working days.
fn reminders(
    conn: &mut PgConnection,
    town: &Town,
    today: NaiveDate,
    holidays: &[NaiveDate],
) -> Result<usize, ApiError> {
    let Ok(lead) = u32::try_from(town.reminder_lead_days) else { return Ok(0) };
    if lead == 0 {
        return Ok(0);
    }
    let until = calendar::add_business_days(today, lead, holidays);
    let rows = db::due_between(conn, town.id, today, until)?;
    due_mail(conn, town, Kind::Reminder, rows)
}

/// Open requests past their due date: one notice per due date.
fn overdue(conn: &mut PgConnection, town: &Town, today: NaiveDate) -> Result<usize, ApiError> {
    let rows = db::due_between(
        conn,
        town.id,
        NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(today),
        today.pred_opt().unwrap_or(today),
    )?;
    due_mail(conn, town, Kind::Overdue, rows)
}

fn lines(items: Vec<monthly::Item>) -> Vec<MonthlyItem> {
    items.into_iter().map(crate::service::monthly::item).collect()
}

/// A monthly list of the town for `today`'s month.
fn monthly_mail(town: &Town, today: NaiveDate, open: Vec<monthly::Item>) -> MonthlyMail {
    MonthlyMail {
        town_id: town.id,
        town_name: town.name.clone(),
        town_slug: town.slug.clone(),
        sender_name: town.sender_name.clone(),
        sender_email: town.sender_email.clone(),
        month: calendar::month_key(today),
        open: lines(open),
        last_month: None,
        done: vec![],
        complaints_open: None,
        complaints_done: None,
    }
}

/// Each department responsible (or, without one, the department's address) gets the list
/// of the department's requests not yet completed.
fn department_lists(conn: &mut PgConnection, town: &Town, today: NaiveDate) -> Result<usize, ApiError> {
    let recipients = db::department_recipients(conn, town.id)?;
    let mut added = 0;
    for r in recipients {
        let Some(dep) = r.department_id else { continue };
        let open = monthly::open(conn, town.id, Some(dep), &ComplaintScope::Departments(vec![dep]))?;
        let payload = payload_of(&monthly_mail(town, today, open));
        let about = Subject { town: town.id, request: None };
        let dedup = format!("{}:{dep}:{}:{}", town.id, r.email, calendar::month_key(today));
        added += enqueue(conn, about, Kind::MonthlyDepartment, &r.email, &r.language, &payload, dedup)?;
    }
    Ok(added)
}

/// Each elected official gets the requests not yet completed and those completed last
/// month: numbers, categories, departments, statuses, dates — no personal information;
/// complaints only as counts.
fn elected_lists(conn: &mut PgConnection, town: &Town, today: NaiveDate) -> Result<usize, ApiError> {
    let recipients = db::elected_recipients(conn, town.id)?;
    if recipients.is_empty() {
        return Ok(0);
    }
    let (last_month, first) = calendar::last_month(today);
    // Complaints are counted, never listed (and a count under 5 reads "< 5").
    let open = monthly::open(conn, town.id, None, &ComplaintScope::None)?;
    let done = monthly::done(conn, town.id, last_month, first, &ComplaintScope::None)?;
    let complaints = monthly::complaints(conn, town.id, last_month, first)?;
    let payload = payload_of(&MonthlyMail {
        last_month: Some(calendar::month_key(last_month)),
        done: lines(done),
        complaints_open: Some(complaint_count(complaints.open)),
        complaints_done: Some(complaint_count(complaints.done)),
        ..monthly_mail(town, today, open)
    });
    let mut added = 0;
    for r in recipients {
        let about = Subject { town: town.id, request: None };
        let dedup = format!("{}:{}:{}", town.id, r.email, calendar::month_key(today));
        added += enqueue(conn, about, Kind::MonthlyElected, &r.email, &r.language, &payload, dedup)?;
    }
    Ok(added)
}
