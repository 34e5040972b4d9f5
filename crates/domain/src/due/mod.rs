//! The town's clock: a due date from its rule, with how it was counted, in words.
//!
//! A delay counts **working days** (the town's open weekdays, without its holidays) or
//! **calendar days**. Access-to-information delays are calendar days, as the law says
//! (Loi sur l'accès aux documents des organismes publics, RLRQ c., art. 47: 20 days,
//! once 10 more with notice). A calendar delay whose last day is a « jour férié » runs to the
//! next working day (Loi d'interprétation, RLRQ c. I-16, art. 52: « Si le délai fixé pour une
//! procédure ou pour l'accomplissement d'une chose expire un jour férié, ce délai est prolongé
//! jusqu'au jour ouvrable suivant »), and « jour férié » is the Act's list (art. 61, 23°:
//! Sundays and nine named days, see [`crate::holidays::interpretation_act`]): a last day on a
//! Saturday or on a town's own extra holiday (26 December) is not moved, so the date shown
//! is never later than the law allows. The next working day is one the town is open that is
//! neither a Saturday nor a « jour férié ».
//!
//! The explanation says the rule, the start, the days counted and the days skipped and why:
//! "10 jours ouvrables à partir du vendredi 27 novembre 2026, sans le 25 décembre (Noël) ni
//! les fins de semaine".

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::Lang;

/// How a delay counts its days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DelayUnit {
    /// The town's open weekdays, without its holidays.
    WorkingDays,
    /// Every day; a last day on a closed day moves to the next working day.
    CalendarDays,
}

crate::wire_enum!(DelayUnit { WorkingDays => "working_days", CalendarDays => "calendar_days" });

impl DelayUnit {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::WorkingDays, Lang::Fr) => "Jours ouvrables",
            (Self::WorkingDays, Lang::En) => "Working days",
            (Self::CalendarDays, Lang::Fr) => "Jours civils",
            (Self::CalendarDays, Lang::En) => "Calendar days",
        }
    }
}

/// The town's calendar: its open weekdays (ISO, 1 = Monday) and its named holidays.
#[derive(Debug, Clone)]
pub struct TownCalendar {
    pub open_weekdays: Vec<u32>,
    pub holidays: Vec<(NaiveDate, String)>,
}

/// Why the office is closed on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Closed {
    /// A weekday the town is closed (a weekend).
    Weekend,
    /// A holiday of the town, by its name.
    Holiday { name: String },
    /// A Sunday, a « jour férié » by the Interpretation Act (a calendar delay's last day).
    Sunday,
}

impl TownCalendar {
    /// Why the office is closed that day, or none when it is open (a holiday on a closed
    /// weekday is the weekend: it closes nothing more).
    pub fn closed(&self, d: NaiveDate) -> Option<Closed> {
        if !self.open_weekdays.contains(&d.weekday().number_from_monday()) {
            return Some(Closed::Weekend);
        }
        self.holidays.iter().find(|(h, _)| *h == d).map(|(_, name)| Closed::Holiday { name: name.clone() })
    }
}

impl TownCalendar {
    /// Why a calendar delay's last day is a « jour férié » (I-16, art. 61, 23°), if it is: a
    /// Sunday, or one of the Act's days under the town's name for it when it has one.
    fn legal_holiday(&self, d: NaiveDate) -> Option<Closed> {
        if d.weekday() == Weekday::Sun {
            return Some(Closed::Sunday);
        }
        let name = crate::holidays::legal_holiday(d)?;
        let town_name = self.holidays.iter().find(|(h, _)| *h == d).map(|(_, n)| n.clone());
        Some(Closed::Holiday { name: town_name.unwrap_or_else(|| name.to_string()) })
    }

    /// Why `d` is not a working day to move a legal delay to: a « jour férié », a Saturday
    /// or a day the town is closed.
    fn not_a_working_day(&self, d: NaiveDate) -> Option<Closed> {
        self.legal_holiday(d)
            .or_else(|| self.closed(d))
            .or_else(|| (d.weekday() == Weekday::Sat).then_some(Closed::Weekend))
    }
}

/// What a due date comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum DueRule {
    /// The category's delay, in its unit.
    Category,
    /// The town's delay for urgent requests, shorter than the category's.
    Urgent,
    /// Access to information: 20 days (A-2.1, art. 47), 30 once extended with notice.
    AccessToInformation { extended: bool },
    /// Set by hand by staff on a day.
    Set,
}

/// A day skipped by the count, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Skipped {
    pub day: NaiveDate,
    #[serde(flatten)]
    pub why: Closed,
}

/// A due date and how it was counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueExplanation {
    #[serde(flatten)]
    pub rule: DueRule,
    pub days: u32,
    pub unit: DelayUnit,
    /// The day the count starts from (not counted itself).
    pub start: NaiveDate,
    pub due: NaiveDate,
    /// Working days: the closed days passed over. Calendar days: the closed days the last
    /// day moved over, if it fell on one.
    pub skipped: Vec<Skipped>,
    /// The times the clock stopped while the town waited on the citizen (each moved the
    /// date by its days, in the rule's unit).
    #[serde(default)]
    pub holds: Vec<Hold>,
}

/// A time the clock stopped while the town waited on the citizen: from the day it was put
/// on hold to the day the citizen answered, and the days of the rule's unit in between.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hold {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: u32,
}

/// What a due date was counted from, as a request keeps it (the skipped days are read again
/// from the town's calendar when shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueBasis {
    #[serde(flatten)]
    pub rule: DueRule,
    pub days: u32,
    pub unit: DelayUnit,
    pub start: NaiveDate,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holds: Vec<Hold>,
}

impl DueExplanation {
    /// What to keep of it.
    pub fn basis(&self) -> DueBasis {
        DueBasis {
            rule: self.rule.clone(),
            days: self.days,
            unit: self.unit,
            start: self.start,
            holds: self.holds.clone(),
        }
    }
}

/// The unit holds count in: the rule's (a date set by hand moves by calendar days).
fn hold_unit(rule: &DueRule, unit: DelayUnit) -> DelayUnit {
    if *rule == DueRule::Set { DelayUnit::CalendarDays } else { unit }
}

impl DueBasis {
    fn held(&self) -> u32 {
        self.holds.iter().map(|h| h.days).sum()
    }

    /// The due date this basis gives, its holds counted: the rule's days and the days held,
    /// counted together from the start (a date set by hand moves by the calendar days held).
    pub fn due(&self, cal: &TownCalendar) -> NaiveDate {
        match self.rule {
            DueRule::Set => self.start + Duration::days(i64::from(self.days + self.held())),
            _ => due_by(self.rule.clone(), self.start, self.days + self.held(), self.unit, cal).due,
        }
    }

    /// The hold from `from` to `to` ended: kept, with the days it lasted in the rule's unit.
    pub fn resume(&mut self, from: NaiveDate, to: NaiveDate, cal: &TownCalendar) {
        let days = days_held(from, to, hold_unit(&self.rule, self.unit), cal);
        self.holds.push(Hold { from, to, days });
    }
}

/// The explanation of a kept due date: the days the count passed over between its start and
/// the date, as the town's calendar names them. A request filed before due dates were kept
/// with their rule (no basis) is read as calendar days from its filing.
pub fn explain(basis: Option<&DueBasis>, filed_on: NaiveDate, due: NaiveDate, cal: &TownCalendar) -> DueExplanation {
    let Some(b) = basis else {
        let days = u32::try_from((due - filed_on).num_days()).unwrap_or(0);
        return DueExplanation {
            rule: DueRule::Category,
            days,
            unit: DelayUnit::CalendarDays,
            start: filed_on,
            due,
            skipped: vec![],
            holds: vec![],
        };
    };
    let skipped = match (b.rule.clone(), b.unit) {
        (DueRule::Set, _) => vec![],
        (_, DelayUnit::WorkingDays) => b
            .start
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= due)
            .filter_map(|d| cal.closed(d).map(|why| Skipped { day: d, why }))
            .collect(),
        (_, DelayUnit::CalendarDays) => {
            let last = b.start + Duration::days(i64::from(b.days + b.held()));
            last.iter_days()
                .take_while(|d| *d < due)
                .map(|d| Skipped { day: d, why: cal.not_a_working_day(d).unwrap_or(Closed::Weekend) })
                .collect()
        }
    };
    DueExplanation {
        rule: b.rule.clone(),
        days: b.days,
        unit: b.unit,
        start: b.start,
        due,
        skipped,
        holds: b.holds.clone(),
    }
}

/// The due date `days` after `start` in `unit`, on the town's calendar, with its explanation.
pub fn due(start: NaiveDate, days: u32, unit: DelayUnit, cal: &TownCalendar) -> DueExplanation {
    due_by(DueRule::Category, start, days, unit, cal)
}

/// The working day after `day` on the town's calendar: the end of the day a first answer
/// is promised by (Mont-Saint-Hilaire's « au plus tard à la fin de la journée ouvrable
/// suivant la réception »), whatever day (open or not) the request came in.
pub fn next_working_day(day: NaiveDate, cal: &TownCalendar) -> NaiveDate {
    due(day, 1, DelayUnit::WorkingDays, cal).due
}

/// A date set by hand on `on`: no count, no day skipped.
pub fn set_by_hand(on: NaiveDate, date: NaiveDate) -> DueExplanation {
    let days = u32::try_from((date - on).num_days()).unwrap_or(0);
    DueExplanation {
        rule: DueRule::Set,
        days,
        unit: DelayUnit::CalendarDays,
        start: on,
        due: date,
        skipped: vec![],
        holds: vec![],
    }
}

/// The access-to-information delay from the day of receipt: 20 calendar days, 30 once
/// extended (A-2.1, art. 47), moved off a « jour férié » (I-16, art. 52).
pub fn access(received: NaiveDate, extended: bool, cal: &TownCalendar) -> DueExplanation {
    let days = if extended { 30 } else { 20 };
    due_by(DueRule::AccessToInformation { extended }, received, days, DelayUnit::CalendarDays, cal)
}

/// [`due`] under a named rule.
pub fn due_by(rule: DueRule, start: NaiveDate, days: u32, unit: DelayUnit, cal: &TownCalendar) -> DueExplanation {
    let mut d = start;
    let mut skipped = Vec::new();
    match unit {
        DelayUnit::WorkingDays => {
            let mut left = days;
            while left > 0 {
                d += Duration::days(1);
                match cal.closed(d) {
                    Some(why) => skipped.push(Skipped { day: d, why }),
                    None => left -= 1,
                }
            }
        }
        DelayUnit::CalendarDays => {
            d += Duration::days(i64::from(days));
            // A last day on a « jour férié » moves to the next working day (I-16, art. 52).
            if let Some(why) = cal.legal_holiday(d) {
                skipped.push(Skipped { day: d, why });
                d += Duration::days(1);
                while let Some(why) = cal.not_a_working_day(d) {
                    skipped.push(Skipped { day: d, why });
                    d += Duration::days(1);
                }
            }
        }
    }
    DueExplanation { rule, days, unit, start, due: d, skipped, holds: vec![] }
}

/// Days of `unit` in `(from, to]` on the town's calendar: how long a hold lasted, as the
/// rule counts (a hold from Friday evening to Monday is one working day, three calendar days).
pub fn days_held(from: NaiveDate, to: NaiveDate, unit: DelayUnit, cal: &TownCalendar) -> u32 {
    let days = from.iter_days().skip(1).take_while(|d| *d <= to);
    let n = match unit {
        DelayUnit::WorkingDays => days.filter(|d| cal.closed(*d).is_none()).count(),
        DelayUnit::CalendarDays => days.count(),
    };
    u32::try_from(n).unwrap_or(u32::MAX)
}

mod words;
pub use words::long_day;

#[cfg(test)]
mod tests;
