//! The town's clock for one request: what filing decides of it (status, channel, priority,
//! language and the due date counted by its rule on the town's calendar), the rule kept
//! with the request (`due_basis`) and the explanation read back for its views.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use civis_domain::due::{self, DelayUnit, DueBasis, DueExplanation, DueRule, TownCalendar};
use civis_domain::hours::BusinessHours;
use civis_domain::wire::{NewRequest, TaxonomyNode};
use civis_domain::{Channel, Lang, Priority, RequestKind, Role, Status};
use diesel::PgConnection;

use super::filer::Filer;
use crate::db::requests::RequestRow;
use crate::db::towns;
use crate::error::ApiError;

/// The town's calendar (open weekdays, named holidays) and the day `at` (default now)
/// falls on there.
pub(crate) fn calendar_at(
    conn: &mut PgConnection,
    town: i64,
    at: Option<DateTime<Utc>>,
) -> Result<(TownCalendar, NaiveDate), ApiError> {
    let (cal, _, local) = moment(conn, town, at)?;
    Ok((cal, local.date()))
}

/// The town's calendar, its business hours and the instant `at` (default now) on its clock.
pub(crate) fn moment(
    conn: &mut PgConnection,
    town: i64,
    at: Option<DateTime<Utc>>,
) -> Result<(TownCalendar, BusinessHours, NaiveDateTime), ApiError> {
    let row = towns::calendar(conn, town, at)?;
    let open_weekdays: Vec<u32> = row.business_days.into_iter().filter_map(|d| u32::try_from(d).ok()).collect();
    let hours = BusinessHours {
        open_weekdays: open_weekdays.clone(),
        opens: row.opens_at,
        closes: row.closes_at,
        by_weekday: crate::service::towns::weekday_hours_of(&row.weekday_hours)?
            .into_iter()
            .filter_map(|h| u32::try_from(h.weekday).ok().map(|w| (w, h.opens, h.closes)))
            .collect(),
        holidays: row.days.clone(),
    };
    let cal = TownCalendar { open_weekdays, holidays: row.days.into_iter().zip(row.names).collect() };
    Ok((cal, hours, row.local_at))
}

/// The due date a request gets when filed on `today`: 20 calendar days for access to
/// information (A-2.1, art. 47); otherwise the category's delay in its unit, or the town's
/// delay for urgent requests (working days) when that is sooner.
pub(crate) fn at_filing(
    node: &TaxonomyNode,
    priority: Priority,
    urgent_days: Option<i32>,
    today: NaiveDate,
    cal: &TownCalendar,
) -> Option<DueExplanation> {
    let eff = &node.effective;
    if eff.kind == RequestKind::AccessToInformation {
        return Some(due::access(today, false, cal));
    }
    let days = |d: i32| u32::try_from(d).unwrap_or(0);
    let category = eff.delay_days.map(|d| due::due(today, days(d), eff.delay_unit, cal));
    let urgent = urgent_days
        .filter(|_| priority == Priority::Urgent)
        .map(|d| due::due_by(DueRule::Urgent, today, days(d), DelayUnit::WorkingDays, cal));
    match (category, urgent) {
        (Some(c), Some(u)) if u.due < c.due => Some(u),
        (None, Some(u)) => Some(u),
        (c, _) => c,
    }
}

/// What a request keeps of its due date's rule.
pub(crate) fn basis_json(b: Option<&DueBasis>) -> Result<Option<serde_json::Value>, ApiError> {
    b.map(|b| serde_json::to_value(b).map_err(|err| ApiError::caused("writing a due date's rule", err))).transpose()
}

/// The kept rule; a stored value that is not one is an error, never a guess.
pub(crate) fn basis_of(r: &RequestRow) -> Result<Option<DueBasis>, ApiError> {
    r.due_basis
        .clone()
        .map(|v| serde_json::from_value(v).map_err(|err| ApiError::caused("reading a due date's rule", err)))
        .transpose()
}

/// The kept rule, or for a request filed before rules were kept and that has a due date,
/// calendar days from its filing day (what its explanation says).
pub(crate) fn basis_or_filing(conn: &mut PgConnection, r: &RequestRow) -> Result<Option<DueBasis>, ApiError> {
    match (basis_of(r)?, r.due_date) {
        (Some(b), _) => Ok(Some(b)),
        (None, Some(due_date)) => {
            let (cal, filed_on) = calendar_at(conn, r.municipality_id, Some(r.created_at))?;
            Ok(Some(due::explain(None, filed_on, due_date, &cal).basis()))
        }
        (None, None) => Ok(None),
    }
}

/// Why the request's due date is what it is, or none when it has none.
pub(crate) fn explanation(conn: &mut PgConnection, r: &RequestRow) -> Result<Option<DueExplanation>, ApiError> {
    explanations(conn, std::slice::from_ref(r), |_| true).map(|mut all| all.pop().flatten())
}

/// [`explanation`] of each row that is `wanted` (none for the others), in order, reading each
/// town's calendar once (and the day of filing there only for a request filed before due
/// dates kept their rule).
pub(crate) fn explanations(
    conn: &mut PgConnection,
    rows: &[RequestRow],
    wanted: impl Fn(&RequestRow) -> bool,
) -> Result<Vec<Option<DueExplanation>>, ApiError> {
    let mut calendars: std::collections::HashMap<i64, TownCalendar> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Some(due_date) = r.due_date.filter(|_| wanted(r)) else {
            out.push(None);
            continue;
        };
        let basis = basis_of(r)?;
        let (cal, filed_on) = match (calendars.get(&r.municipality_id), &basis) {
            (Some(cal), Some(b)) => (cal.clone(), b.start),
            _ => calendar_at(conn, r.municipality_id, Some(r.created_at))?,
        };
        out.push(Some(due::explain(basis.as_ref(), filed_on, due_date, &cal)));
        calendars.insert(r.municipality_id, cal);
    }
    Ok(out)
}

/// What filing decides beyond what was sent.
pub(crate) struct Decided {
    pub status: Status,
    pub channel: Channel,
    pub priority: Priority,
    pub language: Lang,
    pub due: Option<DueExplanation>,
    /// What the request keeps of the due date's rule (`due_basis`).
    pub basis: Option<serde_json::Value>,
    /// The department it goes to: the node's, or its after-hours one outside business hours.
    pub department: Option<i64>,
    /// Filed outside the town's business hours.
    pub after_hours: bool,
    /// The next working day, when the node promises a first answer by then.
    pub first_answer_due: Option<NaiveDate>,
    /// The filing's instant (the process's clock).
    pub filed_at: DateTime<Utc>,
}

/// The town's clock at filing: the instant, its calendar and hours, the instant on its clock
/// (its day is the filing's), and its urgent delay.
pub(crate) struct FilingClock<'a> {
    pub now: DateTime<Utc>,
    pub cal: &'a TownCalendar,
    pub hours: &'a BusinessHours,
    pub local: NaiveDateTime,
    pub urgent_days: Option<i32>,
}

impl Decided {
    pub fn due_date(&self) -> Option<NaiveDate> {
        self.due.as_ref().map(|e| e.due)
    }
}

/// An operator agent's intake waits for transfer; what the town or a citizen files goes
/// straight to the department.
pub(crate) fn decide(
    filer: &Filer,
    input: &NewRequest,
    node: &TaxonomyNode,
    clock: &FilingClock,
) -> Result<Decided, ApiError> {
    let eff = &node.effective;
    let status = match filer {
        Filer::Staff(_, roles)
            if !roles.iter().any(|r| matches!(r, Role::Clerk | Role::DepartmentResponsible | Role::Director)) =>
        {
            Status::NotTransferred
        }
        _ => Status::Transferred,
    };
    let channel = match filer {
        Filer::Staff(..) => input.channel.unwrap_or(Channel::Phone),
        Filer::Application(_) => Channel::Application,
        _ => Channel::Web,
    };
    let language = input.language.unwrap_or(match filer {
        Filer::Staff(..) | Filer::Visitor | Filer::Application(_) => Lang::Fr,
        Filer::Citizen(p) => p.language,
    });
    let priority = input.priority.filter(|_| filer.is_staff()).unwrap_or(eff.priority);
    let due = at_filing(node, priority, clock.urgent_days, clock.local.date(), clock.cal);
    let basis = basis_json(due.as_ref().map(DueExplanation::basis).as_ref())?;
    // Outside business hours, the node's after-hours department when it has one.
    let after_hours = !clock.hours.is_open(clock.local);
    let department = eff.after_hours_department_id.filter(|_| after_hours).or(eff.department_id);
    let first_answer_due = eff.first_answer_next_day.then(|| due::next_working_day(clock.local.date(), clock.cal));
    Ok(Decided {
        status,
        channel,
        priority,
        language,
        due,
        basis,
        department,
        after_hours,
        first_answer_due,
        filed_at: clock.now,
    })
}

/// The due date set by hand by staff today (in the town's day).
pub(crate) fn by_hand(conn: &mut PgConnection, r: &RequestRow, date: NaiveDate) -> Result<serde_json::Value, ApiError> {
    let (today, _) = crate::db::requests::town_today(conn, r.municipality_id)?;
    basis_json(Some(&due::set_by_hand(today, date).basis()))?.ok_or_else(|| ApiError::internal("a due date's rule"))
}

/// The access deadline once extended: 30 calendar days from receipt (A-2.1, art. 47).
pub(crate) fn extended(conn: &mut PgConnection, r: &RequestRow) -> Result<DueExplanation, ApiError> {
    let basis = basis_of(r)?;
    let (cal, filed_on) = calendar_at(conn, r.municipality_id, Some(r.created_at))?;
    Ok(due::access(basis.map_or(filed_on, |b| b.start), true, &cal))
}

/// The due date after a change of priority: counted again from the same start by the
/// filing's rules (the urgent delay when the town has one and it is sooner); none when the
/// date was set by hand, is the law's, or does not move.
pub(crate) fn after_priority(
    conn: &mut PgConnection,
    r: &RequestRow,
    node: &TaxonomyNode,
    priority: Priority,
    urgent_days: Option<i32>,
) -> Result<Option<DueExplanation>, ApiError> {
    let basis = basis_of(r)?;
    if basis.as_ref().is_some_and(|b| !matches!(b.rule, DueRule::Category | DueRule::Urgent)) {
        return Ok(None);
    }
    let (cal, filed_on) = calendar_at(conn, r.municipality_id, Some(r.created_at))?;
    let start = basis.map_or(filed_on, |b| b.start);
    Ok(at_filing(node, priority, urgent_days, start, &cal).filter(|e| Some(e.due) != r.due_date))
}

/// The history of a filing routed after hours: the department it went to instead of the
/// node's, and why (no actor: the town's hours decided).
pub(crate) fn routed_after_hours(
    conn: &mut PgConnection,
    town: i64,
    id: i64,
    (usual, routed): (Option<i64>, Option<i64>),
) -> Result<(), ApiError> {
    let (old, new) = (usual.map(|d| d.to_string()), routed.map(|d| d.to_string()));
    let change = crate::db::requests::Change {
        field: "department",
        old: old.as_deref(),
        new: new.as_deref(),
        reason: Some("after_hours"),
    };
    crate::db::requests::add_history(conn, town, id, None, change)?;
    Ok(())
}
