//! A due date's explanation in words, in French and English.

use chrono::{Datelike, NaiveDate};

use super::{Closed, DelayUnit, DueExplanation, DueRule};
use crate::Lang;

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
        let fr = lang == Lang::Fr;
        if self.rule == DueRule::Set {
            let on = long_day(self.start, lang);
            return if fr {
                format!("Date fixée par le personnel le {on}")
            } else {
                format!("Date set by staff on {on}")
            };
        }
        let from = if fr { "à partir du" } else { "from" };
        let mut out = format!("{} {from} {}", count(self.days, self.unit, lang), long_day(self.start, lang));
        out.push_str(match (&self.rule, fr) {
            (DueRule::Urgent, true) => " (délai des requêtes urgentes)",
            (DueRule::Urgent, false) => " (the town's delay for urgent requests)",
            (DueRule::AccessToInformation { extended: false }, true) => " (Loi sur l'accès, art. 47)",
            (DueRule::AccessToInformation { extended: false }, false) => " (Access to Documents Act, s. 47)",
            (DueRule::AccessToInformation { extended: true }, true) => {
                " (20 jours et la prolongation de 10 jours, Loi sur l'accès, art. 47)"
            }
            (DueRule::AccessToInformation { extended: true }, false) => {
                " (20 days and the 10-day extension, Access to Documents Act, s. 47)"
            }
            _ => "",
        });
        match (self.unit, self.skipped.first()) {
            (DelayUnit::WorkingDays, _) => {
                let holidays: Vec<String> = self
                    .skipped
                    .iter()
                    .filter_map(|s| match &s.why {
                        Closed::Holiday { name } => Some(format!("{} ({name})", short_day(s.day, lang))),
                        Closed::Weekend | Closed::Sunday => None,
                    })
                    .collect();
                let weekend = self.skipped.iter().any(|s| matches!(s.why, Closed::Weekend | Closed::Sunday));
                out.push_str(&without(&holidays, weekend, lang));
            }
            (DelayUnit::CalendarDays, Some(fell)) => {
                let day = format!("{} {}{}", weekday(fell.day, lang), short_day(fell.day, lang), reason(&fell.why));
                let to = long_day(self.due, lang);
                out.push_str(&if fr {
                    format!("; le dernier jour, {day}, est férié : reporté au {to} (Loi d'interprétation, art. 52)")
                } else {
                    format!("; the last day, {day}, is a public holiday: moved to {to} (Interpretation Act, s. 52)")
                });
            }
            (DelayUnit::CalendarDays, None) => {}
        }
        out.push_str(&held(self, lang));
        out
    }
}

/// "; prolongé de 3 jours ouvrables, le temps d'attendre le citoyen (du 3 au 8 décembre)".
fn held(e: &DueExplanation, lang: Lang) -> String {
    let unit = super::hold_unit(&e.rule, e.unit);
    e.holds
        .iter()
        .filter(|h| h.days > 0)
        .map(|h| {
            let (n, from, to) = (count(h.days, unit, lang), short_day(h.from, lang), short_day(h.to, lang));
            match lang {
                Lang::Fr => format!("; prolongé de {n}, le temps d'attendre le citoyen (du {from} au {to})"),
                Lang::En => format!("; extended by {n} while the town waited on the citizen ({from} to {to})"),
            }
        })
        .collect()
}

/// "5 jours ouvrables" / "1 working day".
fn count(days: u32, unit: DelayUnit, lang: Lang) -> String {
    let (one, many) = match (unit, lang) {
        (DelayUnit::WorkingDays, Lang::Fr) => ("jour ouvrable", "jours ouvrables"),
        (DelayUnit::CalendarDays, Lang::Fr) => ("jour", "jours"),
        (DelayUnit::WorkingDays, Lang::En) => ("working day", "working days"),
        (DelayUnit::CalendarDays, Lang::En) => ("day", "days"),
    };
    format!("{days} {}", if days == 1 { one } else { many })
}

fn weekday(d: NaiveDate, lang: Lang) -> &'static str {
    let i = d.weekday().num_days_from_monday() as usize;
    if lang == Lang::Fr { DAYS_FR[i] } else { DAYS_EN[i] }
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

/// " (Noël)" for a holiday, nothing for a weekend day (its weekday says it).
fn reason(why: &Closed) -> String {
    match why {
        Closed::Holiday { name } => format!(" ({name})"),
        Closed::Weekend | Closed::Sunday => String::new(),
    }
}
