//! Reports for the council: the period presets (month, quarter, year, and the same period a
//! year earlier), and the confidentiality of complaint counts in reports that leave the
//! town's staff ("< 5").

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Counts of complaints under this show as "< 5" outside the town's staff.
pub const SMALL_COUNT: i64 = 5;

/// A period, both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A named period containing a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    Month,
    Quarter,
    Year,
}

crate::wire_enum!(Preset { Month => "month", Quarter => "quarter", Year => "year" });

impl Period {
    /// The month, quarter or year containing `day`.
    pub fn containing(preset: Preset, day: NaiveDate) -> Self {
        let (first_month, months) = match preset {
            Preset::Month => (day.month(), 1),
            Preset::Quarter => ((day.month() - 1) / 3 * 3 + 1, 3),
            Preset::Year => (1, 12),
        };
        let from = NaiveDate::from_ymd_opt(day.year(), first_month, 1).unwrap_or(day);
        let to = from.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt()).unwrap_or(day);
        Self { from, to }
    }

    /// The preset period before the one containing `day` (the last complete one).
    pub fn previous(preset: Preset, day: NaiveDate) -> Self {
        let current = Self::containing(preset, day);
        Self::containing(preset, current.from.pred_opt().unwrap_or(current.from))
    }

    /// The same period a year earlier (29 February becomes the 28th).
    pub fn a_year_earlier(&self) -> Self {
        let back = |d: NaiveDate| d.checked_sub_months(Months::new(12)).unwrap_or(d);
        Self { from: back(self.from), to: back(self.to) }
    }

    /// Valid when it starts before it ends and spans at most five years.
    pub fn is_valid(&self) -> bool {
        self.from <= self.to && (self.to - self.from).num_days() <= 5 * 366
    }

    /// The first day of each month the period touches.
    pub fn months(&self) -> Vec<NaiveDate> {
        let mut out = vec![];
        let mut m = NaiveDate::from_ymd_opt(self.from.year(), self.from.month(), 1).unwrap_or(self.from);
        while m <= self.to && out.len() < 61 {
            out.push(m);
            match m.checked_add_months(Months::new(1)) {
                Some(next) => m = next,
                None => break,
            }
        }
        out
    }

    /// A key for things kept per period (the director's summary, the emails sent).
    pub fn key(&self) -> String {
        format!("{}..{}", self.from, self.to)
    }
}

/// A count of complaints as a report shows it: exact for the town's staff; under
/// [`SMALL_COUNT`] it becomes "fewer than 5" in reports that leave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Masked {
    /// The count, when it may be shown.
    pub count: Option<i64>,
    /// Set instead of `count` when the count is hidden: it is below this.
    pub fewer_than: Option<i64>,
}

impl Masked {
    pub fn new(n: i64, outside: bool) -> Self {
        if outside && n > 0 && n < SMALL_COUNT {
            Self { count: None, fewer_than: Some(SMALL_COUNT) }
        } else {
            Self { count: Some(n), fewer_than: None }
        }
    }

    /// `3`, or `< 5`.
    pub fn text(&self) -> String {
        match (self.count, self.fewer_than) {
            (Some(n), _) => n.to_string(),
            (None, Some(m)) => format!("< {m}"),
            (None, None) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn presets_cover_their_days() {
        let p = Period::containing(Preset::Quarter, d("2026-11-29"));
        assert_eq!((p.from, p.to), (d("2026-10-01"), d("2026-12-31")));
        let p = Period::containing(Preset::Month, d("2024-02-10"));
        assert_eq!((p.from, p.to), (d("2024-02-01"), d("2024-02-29")));
        let p = Period::previous(Preset::Quarter, d("2026-01-05"));
        assert_eq!((p.from, p.to), (d("2025-10-01"), d("2025-12-31")));
        let p = Period::containing(Preset::Year, d("2026-06-01")).a_year_earlier();
        assert_eq!((p.from, p.to), (d("2025-01-01"), d("2025-12-31")));
        assert_eq!(Period { from: d("2024-02-29"), to: d("2024-02-29") }.a_year_earlier().from, d("2023-02-28"));
    }

    #[test]
    fn months_of_a_quarter() {
        let p = Period::containing(Preset::Quarter, d("2026-05-15"));
        assert_eq!(p.months(), vec![d("2026-04-01"), d("2026-05-01"), d("2026-06-01")]);
        assert_eq!(
            Period { from: d("2026-01-15"), to: d("2026-02-03") }.months(),
            vec![d("2026-01-01"), d("2026-02-01")]
        );
    }

    #[test]
    fn small_complaint_counts_hide_outside_the_staff() {
        assert_eq!(Masked::new(3, true).text(), "< 5");
        assert_eq!(Masked::new(3, false).text(), "3");
        assert_eq!(Masked::new(0, true).text(), "0");
        assert_eq!(Masked::new(5, true).text(), "5");
    }
}
