//! A town's business hours: its open weekdays, from its opening to its closing time, but
//! not on its holidays. A request filed outside them under a node with an after-hours
//! department goes to that department (the borough by day, the 24/7 centre at night, on
//! weekends and holidays, as Montréal's policy routes them); the next working morning, the
//! day department lists what came in since the office last closed.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// When the office is open.
#[derive(Debug, Clone)]
pub struct BusinessHours {
    /// ISO weekdays (1 = Monday).
    pub open_weekdays: Vec<u32>,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    /// Weekdays (ISO) with their own opening and closing times.
    pub by_weekday: Vec<(u32, NaiveTime, NaiveTime)>,
    pub holidays: Vec<NaiveDate>,
}

impl BusinessHours {
    fn open_day(&self, d: NaiveDate) -> bool {
        self.open_weekdays.contains(&d.weekday().number_from_monday()) && !self.holidays.contains(&d)
    }

    /// The day's opening and closing times: its weekday's own, or the usual ones.
    fn hours_of(&self, d: NaiveDate) -> (NaiveTime, NaiveTime) {
        let weekday = d.weekday().number_from_monday();
        self.by_weekday
            .iter()
            .find(|(w, _, _)| *w == weekday)
            .map_or((self.opens, self.closes), |(_, opens, closes)| (*opens, *closes))
    }

    /// Whether the office is open at this moment of the town's clock (its opening minute
    /// in, its closing minute out).
    pub fn is_open(&self, at: NaiveDateTime) -> bool {
        let (opens, closes) = self.hours_of(at.date());
        self.open_day(at.date()) && at.time() >= opens && at.time() < closes
    }

    /// When the office last closed before `at` (or at it): the closing time of the latest
    /// open day whose closing is not after `at`; none in the last year (a town never open).
    pub fn last_closing(&self, at: NaiveDateTime) -> Option<NaiveDateTime> {
        (0..=366)
            .map(|back| at.date() - Duration::days(back))
            .filter(|d| self.open_day(*d))
            .map(|d| d.and_time(self.hours_of(d).1))
            .find(|closing| *closing <= at)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    /// Monday to Friday, 8:30 to 16:30, Christmas and the Fête nationale closed.
    fn town() -> BusinessHours {
        BusinessHours {
            open_weekdays: vec![1, 2, 3, 4, 5],
            opens: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
            closes: NaiveTime::from_hms_opt(16, 30, 0).unwrap(),
            by_weekday: vec![],
            holidays: vec!["2026-12-25".parse().unwrap(), "2027-06-24".parse().unwrap()],
        }
    }

    #[test]
    fn saturday_night_is_after_hours_and_tuesday_morning_is_not() {
        let h = town();
        assert!(!h.is_open(at("2026-12-12 22:00")), "Saturday 22:00");
        assert!(h.is_open(at("2026-12-15 10:00")), "Tuesday 10:00");
        assert!(!h.is_open(at("2026-12-15 08:29")) && h.is_open(at("2026-12-15 08:30")));
        assert!(h.is_open(at("2026-12-15 16:29")) && !h.is_open(at("2026-12-15 16:30")));
        assert!(!h.is_open(at("2026-12-25 10:00")), "Christmas, a Friday");
        assert!(!h.is_open(at("2027-06-24 10:00")), "the Fête nationale, a Thursday");
    }

    #[test]
    fn the_last_closing_is_friday_evening_on_monday_morning() {
        let h = town();
        assert_eq!(h.last_closing(at("2026-12-14 08:00")), Some(at("2026-12-11 16:30")), "Monday: Friday");
        assert_eq!(h.last_closing(at("2026-12-15 10:00")), Some(at("2026-12-14 16:30")), "Tuesday: Monday");
        assert_eq!(h.last_closing(at("2026-12-15 17:00")), Some(at("2026-12-15 16:30")), "the same evening");
        // After Christmas (Friday) and the weekend: Thursday 24's closing.
        assert_eq!(h.last_closing(at("2026-12-28 09:00")), Some(at("2026-12-24 16:30")));
    }

    #[test]
    fn fridays_close_at_noon_and_a_saturday_morning_opens() {
        let mut h = town();
        let time = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
        h.open_weekdays.push(6);
        h.by_weekday = vec![(5, time("08:30"), time("12:00")), (6, time("09:00"), time("12:00"))];
        assert!(h.is_open(at("2026-12-11 11:59")) && !h.is_open(at("2026-12-11 12:00")), "Friday noon");
        assert!(h.is_open(at("2026-12-10 16:29")), "Thursday keeps the usual hours");
        assert!(!h.is_open(at("2026-12-12 08:59")) && h.is_open(at("2026-12-12 09:00")), "Saturday 9:00");
        assert_eq!(h.last_closing(at("2026-12-11 13:00")), Some(at("2026-12-11 12:00")), "Friday afternoon");
        assert_eq!(h.last_closing(at("2026-12-14 08:00")), Some(at("2026-12-12 12:00")), "Monday: Saturday noon");
    }
}
