//! The town's clock: a due date from its rule, with how it was counted, in words.
//!
//! A delay counts **working days** (the town's open weekdays, without its holidays) or
//! **calendar days**. Access-to-information delays are calendar days, as the law says
//! (Loi sur l'accès aux documents des organismes publics, RLRQ c., art. 47: 20 days,
//! once 10 more with notice); when such a last day falls on a holiday the delay runs to the
//! next working day (Loi d'interprétation, RLRQ c. I-16, art. 52: « Si le délai fixé pour
//! une procédure ou pour l'accomplissement d'une chose expire un jour férié, ce délai est
//! prolongé jusqu'au jour ouvrable suivant »). TO SETTLE before wiring it in: art. 61, 23°
//! defines « jour férié » as Sundays, 1 January, Good Friday, Easter Monday, 24 June,
//! 1 July, Labour Day, the second Monday of October, 25 December and proclaimed days —
//! not Saturdays, nor a town's own extra days (26 December): this first version moves over
//! any day the town is closed, which for a Saturday gives the requester's deadline one day
//! more than the law; the access delay must move over I-16's days only. The explanation says the rule,
//! the start, the days counted and the days skipped and why: "10 jours ouvrables à partir
//! du vendredi 27 novembre 2026, sans le 25 décembre (Noël) ni les fins de semaine".

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::Lang;

/// How a delay counts its days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DelayUnit {
    /// The town's open weekdays, without its holidays.
    WorkingDays,
    /// Every day; a last day on a closed day moves to the next working day.
    CalendarDays,
}

crate::wire_enum!(DelayUnit { WorkingDays => "working_days", CalendarDays => "calendar_days" });

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
    pub days: u32,
    pub unit: DelayUnit,
    /// The day the count starts from (not counted itself).
    pub start: NaiveDate,
    pub due: NaiveDate,
    /// Working days: the closed days passed over. Calendar days: the closed days the last
    /// day moved over, if it fell on one.
    pub skipped: Vec<Skipped>,
}

/// The due date `days` after `start` in `unit`, on the town's calendar, with its explanation.
pub fn due(start: NaiveDate, days: u32, unit: DelayUnit, cal: &TownCalendar) -> DueExplanation {
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
            // A last day on a closed day moves to the next working day (I-16, art. 52).
            while let Some(why) = cal.closed(d) {
                skipped.push(Skipped { day: d, why });
                d += Duration::days(1);
            }
        }
    }
    DueExplanation { days, unit, start, due: d, skipped }
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

/// The due date after a hold from `from` to `to` (the clock stopped while the town waited on
/// the citizen): the due date moves by the time held, in the rule's unit.
pub fn after_hold(
    due_before: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
    unit: DelayUnit,
    cal: &TownCalendar,
) -> NaiveDate {
    due(due_before, days_held(from, to, unit, cal), unit, cal).due
}

const DAYS_FR: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const DAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "vendredi 27 novembre 2026" / "Friday, November 27, 2026".
pub fn long_day(d: NaiveDate, lang: Lang) -> String {
    let (wd, m) = (d.weekday().num_days_from_monday() as usize, d.month0() as usize);
    match lang {
        Lang::Fr => {
            format!("{} {}{} {} {}", DAYS_FR[wd], d.day(), if d.day() == 1 { "er" } else { "" }, MONTHS_FR[m], d.year())
        }
        Lang::En => format!("{}, {} {}, {}", DAYS_EN[wd], MONTHS_EN[m], d.day(), d.year()),
    }
}

/// "25 décembre" / "December 25".
fn short_day(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{}{} {}", d.day(), if d.day() == 1 { "er" } else { "" }, MONTHS_FR[d.month0() as usize]),
        Lang::En => format!("{} {}", MONTHS_EN[d.month0() as usize], d.day()),
    }
}

/// "a, b et c" / "a, b and c".
fn listed(items: &[String], lang: Lang) -> String {
    let and = if lang == Lang::Fr { " et " } else { " and " };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}{and}{last}", rest.join(", ")),
    }
}

impl DueExplanation {
    /// The explanation in words, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let (fr, unit) = (lang == Lang::Fr, self.unit);
        let count = match (unit, fr, self.days) {
            (DelayUnit::WorkingDays, true, 1) => "1 jour ouvrable".to_string(),
            (DelayUnit::WorkingDays, true, n) => format!("{n} jours ouvrables"),
            (DelayUnit::CalendarDays, true, 1) => "1 jour".to_string(),
            (DelayUnit::CalendarDays, true, n) => format!("{n} jours"),
            (DelayUnit::WorkingDays, false, 1) => "1 working day".to_string(),
            (DelayUnit::WorkingDays, false, n) => format!("{n} working days"),
            (DelayUnit::CalendarDays, false, 1) => "1 day".to_string(),
            (DelayUnit::CalendarDays, false, n) => format!("{n} days"),
        };
        let from = if fr { "à partir du" } else { "from" };
        let mut out = format!("{count} {from} {}", long_day(self.start, lang));
        let holidays: Vec<String> = self
            .skipped
            .iter()
            .filter_map(|s| match &s.why {
                Closed::Holiday { name } => Some(format!("{} ({name})", short_day(s.day, lang))),
                Closed::Weekend => None,
            })
            .collect();
        let weekend = self.skipped.iter().any(|s| s.why == Closed::Weekend);
        match unit {
            DelayUnit::WorkingDays => {
                out.push_str(&without(&holidays, weekend, lang));
            }
            DelayUnit::CalendarDays if !self.skipped.is_empty() => {
                let fell = self.skipped[0].day;
                out.push_str(&if fr {
                    format!(
                        "; le dernier jour, le {}, tombe un jour où le bureau est fermé{} : reporté au {}",
                        short_day(fell, lang),
                        reason(&self.skipped[0].why, lang),
                        long_day(self.due, lang)
                    )
                } else {
                    format!(
                        "; the last day, {}, falls on a day the office is closed{}: moved to {}",
                        short_day(fell, lang),
                        reason(&self.skipped[0].why, lang),
                        long_day(self.due, lang)
                    )
                });
            }
            DelayUnit::CalendarDays => {}
        }
        out
    }
}

/// ", sans le 25 décembre (Noël) ni les fins de semaine" / ", not counting … or weekends".
fn without(holidays: &[String], weekend: bool, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    match (holidays.is_empty(), weekend, fr) {
        (true, false, _) => String::new(),
        (true, true, true) => ", sans les fins de semaine".into(),
        (true, true, false) => ", not counting weekends".into(),
        (false, w, true) => {
            let days: Vec<String> = holidays.iter().map(|h| format!("le {h}")).collect();
            format!(
                ", sans {}{}",
                listed(&days, lang).replace(" et le ", " ni le "),
                if w { " ni les fins de semaine" } else { "" }
            )
        }
        (false, w, false) => {
            format!(", not counting {}{}", listed(holidays, lang), if w { " or weekends" } else { "" })
        }
    }
}

/// " (Noël)" for a holiday, " (fin de semaine)" for a weekend.
fn reason(why: &Closed, lang: Lang) -> String {
    match (why, lang) {
        (Closed::Holiday { name }, _) => format!(" ({name})"),
        (Closed::Weekend, Lang::Fr) => " (fin de semaine)".into(),
        (Closed::Weekend, Lang::En) => " (weekend)".into(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Monday to Friday, with Quebec's holidays of 2026 and 2027 (Easter Monday included, as
    /// a town may observe it beside Good Friday).
    fn town() -> TownCalendar {
        let mut holidays: Vec<(NaiveDate, String)> =
            [2026, 2027].into_iter().flat_map(crate::holidays::quebec).map(|(d, n)| (d, n.to_string())).collect();
        holidays.push((ymd(2027, 3, 29), "Lundi de Pâques".into()));
        TownCalendar { open_weekdays: vec![1, 2, 3, 4, 5], holidays }
    }

    #[test]
    fn ten_working_days_across_christmas_say_what_they_skip() {
        let e = due(ymd(2026, 11, 27), 10, DelayUnit::WorkingDays, &town());
        assert_eq!(e.due, ymd(2026, 12, 11), "no holiday in those two weeks: two weekends");
        let e = due(ymd(2026, 12, 18), 5, DelayUnit::WorkingDays, &town());
        // 21, 22, 23, 24 (Mon–Thu), 25 Noël and 26 (Saturday) skipped, 28 is the fifth.
        assert_eq!(e.due, ymd(2026, 12, 28));
        assert_eq!(
            e.text(Lang::Fr),
            "5 jours ouvrables à partir du vendredi 18 décembre 2026, sans le 25 décembre (Noël) ni les fins de semaine"
        );
        assert_eq!(
            e.text(Lang::En),
            "5 working days from Friday, December 18, 2026, not counting December 25 (Noël) or weekends"
        );
    }

    #[test]
    fn five_calendar_days_from_friday_is_wednesday_and_a_last_day_on_a_holiday_moves() {
        let e = due(ymd(2026, 11, 27), 5, DelayUnit::CalendarDays, &town());
        assert_eq!(e.due, ymd(2026, 12, 2));
        assert_eq!(e.text(Lang::Fr), "5 jours à partir du vendredi 27 novembre 2026");
        // 20 calendar days from 4 June 2027 end on Thursday 24 June (Fête nationale): the
        // next working day is Friday 25 June.
        let e = due(ymd(2027, 6, 4), 20, DelayUnit::CalendarDays, &town());
        assert_eq!(e.due, ymd(2027, 6, 25));
        assert!(e.text(Lang::Fr).contains("reporté au vendredi 25 juin 2027"), "{}", e.text(Lang::Fr));
        // Ending on a Saturday: Monday.
        let e = due(ymd(2026, 11, 28), 14, DelayUnit::CalendarDays, &town());
        assert_eq!(e.due, ymd(2026, 12, 14));
    }

    #[test]
    fn easter_year_end_and_the_spring_night() {
        // Good Friday 26 March and Easter Monday 29 March 2027 both closed.
        let e = due(ymd(2027, 3, 24), 3, DelayUnit::WorkingDays, &town());
        assert_eq!(e.due, ymd(2027, 3, 31));
        assert_eq!(e.skipped.iter().filter(|s| matches!(s.why, Closed::Holiday { .. })).count(), 2);
        // Across the year's end: 31 December (Wed) + 2 working days skips 1 January (Fri,
        // Jour de l'An) and the weekend.
        let e = due(ymd(2026, 12, 30), 2, DelayUnit::WorkingDays, &town());
        assert_eq!(e.due, ymd(2027, 1, 4));
        // The night of 14 March 2027 (spring forward) changes nothing to days.
        let e = due(ymd(2027, 3, 12), 1, DelayUnit::WorkingDays, &town());
        assert_eq!(e.due, ymd(2027, 3, 15));
    }

    #[test]
    fn a_hold_of_three_working_days_moves_a_working_day_due_date_by_three_working_days() {
        let cal = town();
        // Due Wednesday 9 December 2026; held from Thursday 3 to Tuesday 8 (Fri 4, Mon 7,
        // Tue 8: three working days): due Monday 14 December.
        assert_eq!(days_held(ymd(2026, 12, 3), ymd(2026, 12, 8), DelayUnit::WorkingDays, &cal), 3);
        assert_eq!(
            after_hold(ymd(2026, 12, 9), ymd(2026, 12, 3), ymd(2026, 12, 8), DelayUnit::WorkingDays, &cal),
            ymd(2026, 12, 14)
        );
        // In calendar days the same hold is five days.
        assert_eq!(days_held(ymd(2026, 12, 3), ymd(2026, 12, 8), DelayUnit::CalendarDays, &cal), 5);
    }

    #[test]
    fn a_town_open_on_saturday_counts_it() {
        let mut cal = town();
        cal.open_weekdays = vec![1, 2, 3, 4, 5, 6];
        assert_eq!(due(ymd(2026, 11, 27), 1, DelayUnit::WorkingDays, &cal).due, ymd(2026, 11, 28));
    }
}
