//! Business days on a town's calendar (weekends and holidays off).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Monday to Friday and not a holiday.
pub fn is_business_day(d: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&d)
}

/// The day `n` business days after `start` (`start` itself when `n` is 0).
pub fn add_business_days(start: NaiveDate, n: u32, holidays: &[NaiveDate]) -> NaiveDate {
    let mut d = start;
    let mut left = n;
    while left > 0 {
        d += Duration::days(1);
        if is_business_day(d, holidays) {
            left -= 1;
        }
    }
    d
}

/// Business days in `(a, b]` (negative when `b` is before `a`).
pub fn business_days_between(a: NaiveDate, b: NaiveDate, holidays: &[NaiveDate]) -> i64 {
    let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
    let count = lo.iter_days().skip(1).take_while(|d| *d <= hi).filter(|d| is_business_day(*d, holidays)).count();
    sign * i64::try_from(count).unwrap_or(i64::MAX)
}

/// Last month, as the monthly lists count it: (its first day, the first day of `today`'s
/// month), the second bound excluded.
pub fn last_month(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = today.with_day(1).unwrap_or(today);
    (first.pred_opt().and_then(|d| d.with_day(1)).unwrap_or(first), first)
}

/// A month as the lists name it: `2026-11`.
pub fn month_key(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

fn first_business_day_from(start: NaiveDate, holidays: &[NaiveDate]) -> Option<NaiveDate> {
    start.iter_days().take(31).find(|d| d.month() == start.month() && is_business_day(*d, holidays))
}

/// The first business day of a month (monthly lists to elected officials).
pub fn first_business_day_of_month(year: i32, month: u32, holidays: &[NaiveDate]) -> Option<NaiveDate> {
    first_business_day_from(NaiveDate::from_ymd_opt(year, month, 1)?, holidays)
}

/// The first business day of the month's last week, its last seven days (monthly lists to
/// department heads).
pub fn first_business_day_of_last_week(year: i32, month: u32, holidays: &[NaiveDate]) -> Option<NaiveDate> {
    let last = last_day_of_month(year, month)?;
    first_business_day_from(last - Duration::days(6), holidays)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn last_month_and_its_name() {
        assert_eq!(last_month(d("2026-01-15")), (d("2025-12-01"), d("2026-01-01")));
        assert_eq!(last_month(d("2026-11-01")), (d("2026-10-01"), d("2026-11-01")));
        assert_eq!(month_key(d("2026-03-31")), "2026-03");
    }

    #[test]
    fn weekends_and_holidays_are_skipped() {
        let xmas = [d("2026-12-25"), d("2026-12-28")];
        // Thursday 24 + 1 → Friday is Christmas → Monday 28 is a holiday → Tuesday 29.
        assert_eq!(add_business_days(d("2026-12-24"), 1, &xmas), d("2026-12-29"));
        assert_eq!(add_business_days(d("2026-11-20"), 0, &[]), d("2026-11-20"));
        assert_eq!(add_business_days(d("2026-11-20"), 1, &[]), d("2026-11-23"));
        assert_eq!(business_days_between(d("2026-11-20"), d("2026-11-27"), &[]), 5);
        assert_eq!(business_days_between(d("2026-11-27"), d("2026-11-20"), &[]), -5);
    }

    #[test]
    fn monthly_list_days() {
        // 1 January 2027 is a Friday and a holiday: the 4th.
        assert_eq!(first_business_day_of_month(2027, 1, &[d("2027-01-01")]), Some(d("2027-01-04")));
        // November 2026: last day Monday 30, last week starts Tuesday 24.
        assert_eq!(first_business_day_of_last_week(2026, 11, &[]), Some(d("2026-11-24")));
        // February 2026: last week 22–28, the 22nd is a Sunday.
        assert_eq!(first_business_day_of_last_week(2026, 2, &[]), Some(d("2026-02-23")));
        assert_eq!(first_business_day_of_month(2026, 13, &[]), None);
    }
}
