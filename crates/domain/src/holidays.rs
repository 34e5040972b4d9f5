//! Quebec's statutory holidays of a year (Loi sur les normes du travail, art. 60, and the
//! Loi sur la fête nationale), as a town observes them by default: the demo seeds them for
//! the years around its start, so its calendar holds on any day, not only in the year the
//! seed was written. A town edits its own list (Administration → Municipalité).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm).
pub fn easter(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let (b, c) = (year.div_euclid(100), year.rem_euclid(100));
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// The `n`th (1-based) `weekday` of a month.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(n).ok()?)
}

/// A holiday that falls on a Sunday moves to the Monday (Fête nationale, Canada Day).
fn sunday_to_monday(d: NaiveDate) -> NaiveDate {
    if d.weekday() == Weekday::Sun { d + Duration::days(1) } else { d }
}

/// The year's holidays, in date order, with their French names. Good Friday stands for the
/// Easter holiday (the employer may choose Easter Monday instead); the day after Christmas
/// is the towns' usual extra day.
pub fn quebec(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    // Journée nationale des patriotes: the Monday before 25 May.
    let patriots = ymd(5, 24).map(|d| d - Duration::days(i64::from(d.weekday().num_days_from_monday())));
    let mut days: Vec<(Option<NaiveDate>, &'static str)> = vec![
        (ymd(1, 1), "Jour de l'An"),
        (easter(year).map(|e| e - Duration::days(2)), "Vendredi saint"),
        (patriots, "Journée nationale des patriotes"),
        (ymd(6, 24).map(sunday_to_monday), "Fête nationale du Québec"),
        (ymd(7, 1).map(sunday_to_monday), "Fête du Canada"),
        (nth_weekday(year, 9, Weekday::Mon, 1), "Fête du Travail"),
        (nth_weekday(year, 10, Weekday::Mon, 2), "Action de grâce"),
        (ymd(12, 25), "Noël"),
        (ymd(12, 26), "Lendemain de Noël"),
    ];
    days.sort_by_key(|(d, _)| *d);
    days.into_iter().filter_map(|(d, name)| d.map(|d| (d, name))).collect()
}

/// The days the Interpretation Act calls « jours fériés » in a year besides Sundays (Loi
/// d'interprétation, RLRQ c. I-16, art. 61, 23°): 1 January, Good Friday, Easter Monday, the
/// Sovereign's birthday as proclaimed (the Monday before 25 May), 24 June, 1 July (2 July
/// when the 1st is a Sunday), Labour Day, the second Monday of October and 25 December. Not
/// Saturdays, nor a town's own extra days (26 December): a legal delay ending on one of
/// those is not extended (art. 52).
pub fn interpretation_act(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let sovereign = ymd(5, 24).map(|d| d - Duration::days(i64::from(d.weekday().num_days_from_monday())));
    let canada = ymd(7, 1).map(|d| if d.weekday() == Weekday::Sun { d + Duration::days(1) } else { d });
    let easter = easter(year);
    let days: Vec<(Option<NaiveDate>, &'static str)> = vec![
        (ymd(1, 1), "Jour de l'An"),
        (easter.map(|e| e - Duration::days(2)), "Vendredi saint"),
        (easter.map(|e| e + Duration::days(1)), "Lundi de Pâques"),
        (sovereign, "Journée nationale des patriotes"),
        (ymd(6, 24), "Fête nationale du Québec"),
        (canada, "Fête du Canada"),
        (nth_weekday(year, 9, Weekday::Mon, 1), "Fête du Travail"),
        (nth_weekday(year, 10, Weekday::Mon, 2), "Action de grâce"),
        (ymd(12, 25), "Noël"),
    ];
    days.into_iter().filter_map(|(d, name)| d.map(|d| (d, name))).collect()
}

/// The Interpretation Act's name for a « jour férié » other than a Sunday, if `d` is one.
pub fn legal_holiday(d: NaiveDate) -> Option<&'static str> {
    interpretation_act(d.year()).into_iter().find(|(h, _)| *h == d).map(|(_, name)| name)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn easter_of_known_years() {
        assert_eq!(easter(2026), Some(d("2026-04-05")));
        assert_eq!(easter(2027), Some(d("2027-03-28")));
        assert_eq!(easter(2028), Some(d("2028-04-16")));
        assert_eq!(easter(2038), Some(d("2038-04-25")));
    }

    #[test]
    fn the_2027_calendar_of_the_government() {
        let days: Vec<String> = quebec(2027).into_iter().map(|(d, _)| d.to_string()).collect();
        assert_eq!(
            days,
            [
                "2027-01-01",
                "2027-03-26",
                "2027-05-24",
                "2027-06-24",
                "2027-07-01",
                "2027-09-06",
                "2027-10-11",
                "2027-12-25",
                "2027-12-26"
            ]
        );
    }

    #[test]
    fn the_interpretation_acts_days_of_2027() {
        let days: Vec<String> = interpretation_act(2027).into_iter().map(|(d, _)| d.to_string()).collect();
        assert_eq!(
            days,
            [
                "2027-01-01",
                "2027-03-26",
                "2027-03-29",
                "2027-05-24",
                "2027-06-24",
                "2027-07-01",
                "2027-09-06",
                "2027-10-11",
                "2027-12-25"
            ]
        );
        assert_eq!(legal_holiday(d("2029-07-02")), Some("Fête du Canada"), "1 July 2029 is a Sunday");
        assert_eq!(legal_holiday(d("2026-12-26")), None, "the day after Christmas is the towns' own");
    }

    #[test]
    fn a_sunday_fete_nationale_moves_to_monday() {
        // 24 June and 1 July 2029 are Sundays.
        let y2029 = quebec(2029);
        assert!(y2029.contains(&(d("2029-06-25"), "Fête nationale du Québec")));
        assert!(y2029.contains(&(d("2029-07-02"), "Fête du Canada")));
        // Patriots' day when 24 May is itself a Monday, and when 25 May is a Monday.
        assert!(quebec(2027).contains(&(d("2027-05-24"), "Journée nationale des patriotes")));
        assert!(quebec(2026).contains(&(d("2026-05-18"), "Journée nationale des patriotes")));
    }
}
