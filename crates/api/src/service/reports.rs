//! Reports for the council: who reads them (the director, clerks, elected officials and
//! the town administrator), the indicators of a period assembled from `db::reports`, and
//! the confidentiality rule — small complaint counts hidden in reports that leave the
//! town's staff (an elected official's, exports, emails).

use civis_domain::report::{Masked, Period};
use civis_domain::wire::{
    CategoryLine, ChannelTally, Delays, DepartmentLine, Indicators, KindCount, MonthLine, Report, SatisfactionTally,
    UnusualLine,
};
use civis_domain::{Channel, RequestKind, Role, RoleSet};
use diesel::prelude::*;

use crate::auth::Principal;
use crate::db::reports::{self as db, Closed};
use crate::db::{departments, towns};
use crate::error::ApiError;

/// Who reads reports, and whether small complaint counts are hidden from them.
pub fn reader(p: &Principal, town: i64) -> Result<(RoleSet, bool), ApiError> {
    let roles = p.town_roles(town)?;
    let staff = [Role::Director, Role::Clerk, Role::TownAdmin].iter().any(|r| roles.contains(*r));
    if staff || roles.contains(Role::ElectedOfficial) { Ok((roles, !staff)) } else { Err(ApiError::Forbidden) }
}

pub fn checked(from: chrono::NaiveDate, to: chrono::NaiveDate) -> Result<Period, ApiError> {
    let p = Period { from, to };
    if p.is_valid() { Ok(p) } else { Err(ApiError::field("to", "period_invalid")) }
}

/// The report of a period (and the same period a year earlier when `compare`).
pub fn report(
    conn: &mut PgConnection,
    town: i64,
    period: Period,
    compare: bool,
    masked: bool,
) -> Result<Report, ApiError> {
    let current = indicators(conn, town, period, masked)?;
    let previous = if compare { Some(indicators(conn, town, period.a_year_earlier(), masked)?) } else { None };
    assemble(conn, town, current, previous, masked)
}

/// A report from its two periods' indicators (computed apart: the API reads them on two
/// connections at once).
pub fn assemble(
    conn: &mut PgConnection,
    town: i64,
    current: Indicators,
    previous: Option<Indicators>,
    masked: bool,
) -> Result<Report, ApiError> {
    let t = towns::find(conn, town)?.ok_or(ApiError::NotFound)?;
    let period = current.period;
    Ok(Report {
        town_id: town,
        town_name: t.name,
        current,
        previous,
        summary: db::summary(conn, town, period.from, period.to)?.unwrap_or_default(),
        masked,
        generated_at: crate::clock::now(),
    })
}

fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn delays(c: Option<&Closed>) -> Delays {
    c.map(|c| Delays {
        closed: c.processed + c.refused,
        median_days: c.median,
        p90_days: c.p90,
        on_time_share: share(c.on_time, c.with_due),
    })
    .unwrap_or_default()
}

/// The indicators of a period. For a reader who may not see a small number (`masked`),
/// complaints are counted apart: on their own lines (masked under 5) and left out of every
/// other figure — totals, channels, departments, months, delays — so that none gives a
/// complaint count back by subtraction (DOMAIN.md, "Masked counts stay masked").
pub fn indicators(conn: &mut PgConnection, town: i64, period: Period, masked: bool) -> Result<Indicators, ApiError> {
    let (from, to) = (period.from, period.to);
    let complaint = RequestKind::Complaint;
    let received_all = db::received(conn, town, from, to)?;
    let closed = db::closed(conn, town, from, to, masked)?;
    let at_end_all = db::at_end(conn, town, from, to)?;
    // What the other figures count: everything, or all but complaints.
    let received: Vec<&db::Received> = received_all.iter().filter(|r| !masked || r.kind != complaint).collect();
    let at_end: Vec<&db::AtEnd> = at_end_all.iter().filter(|a| !masked || a.kind != complaint).collect();
    let all = closed.iter().find(|c| !c.by_department && !c.by_category && !c.by_kind && !c.by_channel);
    let total: i64 = received.iter().map(|r| r.count).sum();
    let complaints: i64 = received_all.iter().filter(|r| r.kind == complaint).map(|r| r.count).sum();
    let complaints_on: i64 = received_all.iter().filter(|r| r.kind == complaint).map(|r| r.transferred).sum();
    let first_contact = crate::service::interactions::counts_for(conn, town, &period)?;
    let resolutions = first_contact.answered_first_contact + received.iter().map(|r| r.first_contact).sum::<i64>();
    let access =
        closed.iter().find(|c| c.by_kind && c.kind.as_deref() == Some(RequestKind::AccessToInformation.as_str()));
    Ok(Indicators {
        period,
        received: total,
        processed: all.map_or(0, |c| c.processed),
        refused: all.map_or(0, |c| c.refused),
        pending_at_end: at_end.iter().map(|a| a.pending).sum(),
        overdue_at_end: at_end.iter().map(|a| a.overdue).sum(),
        by_kind: by_kind(&received_all, &closed, &at_end_all, masked),
        by_channel: by_channel(&received, &closed, &at_end),
        complaints_received: Masked::new(complaints, masked),
        complaints_to_director: Masked::new(complaints_on, masked),
        first_contact_share: share(resolutions, first_contact.interactions + total),
        first_contact_resolutions: resolutions,
        first_contact,
        by_department: by_department(conn, town, &received, &closed)?,
        top_categories: top_categories(conn, town, period, &closed, masked)?,
        unusual: db::unusual(conn, town, from, to)?
            .into_iter()
            .map(|u| UnusualLine {
                number: u.number,
                category_fr: u.category_fr,
                category_en: u.category_en,
                reason: (!masked).then_some(u.reason),
            })
            .collect(),
        delays: delays(all),
        access_closed: access.map_or(0, |c| c.processed + c.refused),
        access_in_time: access.map_or(0, |c| c.on_time),
        months: months(conn, town, period, masked)?,
        satisfaction: satisfaction(conn, town, period)?,
    })
}

fn by_kind(received: &[db::Received], closed: &[Closed], at_end: &[db::AtEnd], masked: bool) -> Vec<KindCount> {
    RequestKind::ALL
        .iter()
        .map(|k| {
            let hide = masked && *k == RequestKind::Complaint;
            let c = closed.iter().find(|c| c.by_kind && c.kind.as_deref() == Some(k.as_str()));
            KindCount {
                kind: *k,
                count: Masked::new(received.iter().filter(|r| r.kind == *k).map(|r| r.count).sum(), hide),
                processed: Masked::new(c.map_or(0, |c| c.processed), hide),
                refused: Masked::new(c.map_or(0, |c| c.refused), hide),
                pending: Masked::new(at_end.iter().filter(|a| a.kind == *k).map(|a| a.pending).sum(), hide),
            }
        })
        .collect()
}

fn by_channel(received: &[&db::Received], closed: &[Closed], at_end: &[&db::AtEnd]) -> Vec<ChannelTally> {
    Channel::ALL
        .iter()
        .map(|ch| {
            let c = closed.iter().find(|c| c.by_channel && c.channel.as_deref() == Some(ch.as_str()));
            ChannelTally {
                channel: *ch,
                count: received.iter().filter(|r| r.channel == *ch).map(|r| r.count).sum(),
                processed: c.map_or(0, |c| c.processed),
                refused: c.map_or(0, |c| c.refused),
                pending: at_end.iter().filter(|a| a.channel == *ch).map(|a| a.pending).sum(),
            }
        })
        .collect()
}

fn by_department(
    conn: &mut PgConnection,
    town: i64,
    received: &[&db::Received],
    closed: &[Closed],
) -> Result<Vec<DepartmentLine>, ApiError> {
    let deps = departments::list(conn, town)?;
    let mut ids: Vec<Option<i64>> = deps.iter().map(|d| Some(d.id)).collect();
    ids.push(None);
    Ok(ids
        .into_iter()
        .filter_map(|id| {
            let got: i64 = received.iter().filter(|r| r.department_id == id).map(|r| r.count).sum();
            let c = closed.iter().find(|c| c.by_department && c.department_id == id);
            if got == 0 && c.is_none() {
                return None;
            }
            let dep = id.and_then(|id| deps.iter().find(|d| d.id == id));
            let (fr, en) =
                dep.map_or(("(sans service)", "(no department)"), |d| (d.name_fr.as_str(), d.name_en.as_str()));
            Some(DepartmentLine {
                department_id: id,
                name_fr: fr.to_string(),
                name_en: en.to_string(),
                received: got,
                processed: c.map_or(0, |c| c.processed),
                refused: c.map_or(0, |c| c.refused),
                delays: delays(c),
            })
        })
        .collect())
}

fn top_categories(
    conn: &mut PgConnection,
    town: i64,
    period: Period,
    closed: &[Closed],
    masked: bool,
) -> Result<Vec<CategoryLine>, ApiError> {
    Ok(db::top_categories(conn, town, period.from, period.to)?
        .into_iter()
        .map(|c| CategoryLine {
            category_id: c.category_id,
            received: Masked::new(c.count, masked && c.kind == RequestKind::Complaint),
            delays: delays(closed.iter().find(|x| x.by_category && x.category_id == Some(c.category_id))),
            name_fr: c.name_fr,
            name_en: c.name_en,
        })
        .collect())
}

fn months(conn: &mut PgConnection, town: i64, period: Period, apart: bool) -> Result<Vec<MonthLine>, ApiError> {
    let rows = db::months(conn, town, period.from, period.to, apart)?;
    Ok(period
        .months()
        .into_iter()
        .map(|m| {
            let r = rows.iter().find(|r| r.month == m);
            MonthLine {
                month: m,
                received: r.map_or(0, |r| r.received),
                processed: r.map_or(0, |r| r.processed),
                refused: r.map_or(0, |r| r.refused),
            }
        })
        .collect())
}

fn satisfaction(conn: &mut PgConnection, town: i64, period: Period) -> Result<SatisfactionTally, ApiError> {
    let scores = db::satisfaction(conn, town, period.from, period.to)?;
    let distribution: Vec<i64> = (1..=5).map(|s| scores.iter().find(|x| x.score == s).map_or(0, |x| x.count)).collect();
    let answers: i64 = distribution.iter().sum();
    let points: i64 = scores.iter().map(|s| i64::from(s.score) * s.count).sum();
    Ok(SatisfactionTally { answers, average: share(points, answers), distribution })
}

pub fn put_summary(conn: &mut PgConnection, town: i64, period: Period, body: &str, by: i64) -> Result<(), ApiError> {
    db::put_summary(conn, town, period.from, period.to, body, by)?;
    Ok(())
}

pub fn comments(
    conn: &mut PgConnection,
    town: i64,
    period: Period,
) -> Result<Vec<civis_domain::wire::SatisfactionComment>, ApiError> {
    Ok(db::comments(conn, town, period.from, period.to)?
        .into_iter()
        .map(|c| civis_domain::wire::SatisfactionComment {
            number: c.number,
            score: c.score,
            comment: c.comment,
            answered_at: c.answered_at,
        })
        .collect())
}

/// Staff who work requests flag one as unusual (or clear the flag).
pub fn set_unusual(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    id: i64,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    let roles = p.town_roles(town)?;
    if !roles.can_work_requests() {
        return Err(ApiError::Forbidden);
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if db::set_unusual(conn, town, id, reason)? == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

/// An answer to the closure email's survey: the token names the request, which must be a
/// closed request of this town; one answer per request.
pub fn answer_survey(
    conn: &mut PgConnection,
    secret: &crate::secrets::Secret,
    town: i64,
    input: &civis_domain::wire::SatisfactionInput,
) -> Result<(), ApiError> {
    let id = crate::reply::survey_request(secret, &input.token).ok_or(ApiError::NotFound)?;
    let row = crate::db::requests::find(conn, town, id)?.ok_or(ApiError::NotFound)?;
    if !row.status.is_closed() {
        return Err(ApiError::NotFound);
    }
    if db::add_satisfaction(conn, town, id, input.score, input.comment.trim())? {
        Ok(())
    } else {
        Err(ApiError::Conflict("survey_answered"))
    }
}
