//! Late work: a request still open past its due date is overdue; one due within the town's
//! reminder lead (in working days) is due soon. Closed requests are neither.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Status;

/// How a request stands against its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Lateness {
    /// Past its due date and not closed.
    Overdue,
    /// Due within the town's reminder lead.
    DueSoon,
}

/// Where a promised first answer to the citizen stands (a node's next-working-day rule),
/// while none has been given and the request is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FirstAnswer {
    /// Promised by a later day.
    Promised,
    /// Promised by the end of today.
    Today,
    /// The promised day has passed with no answer.
    Late,
}

/// Today in the town, and the last day that counts as "due soon".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Horizon {
    pub today: NaiveDate,
    pub soon_until: NaiveDate,
}

impl Horizon {
    /// The lateness of a request in `status` due on `due`.
    pub fn of(&self, status: Status, due: Option<NaiveDate>) -> Option<Lateness> {
        let due = due.filter(|_| !status.is_closed())?;
        if due < self.today {
            Some(Lateness::Overdue)
        } else if due <= self.soon_until {
            Some(Lateness::DueSoon)
        } else {
            None
        }
    }

    /// Where a first answer promised by `promised` stands; none when it was given
    /// (`promised` is then empty) or the request is closed.
    pub fn first_answer(&self, status: Status, promised: Option<NaiveDate>) -> Option<FirstAnswer> {
        let day = promised.filter(|_| !status.is_closed())?;
        Some(match day.cmp(&self.today) {
            std::cmp::Ordering::Less => FirstAnswer::Late,
            std::cmp::Ordering::Equal => FirstAnswer::Today,
            std::cmp::Ordering::Greater => FirstAnswer::Promised,
        })
    }

    /// Days past the due date, for an overdue request.
    pub fn days_late(&self, status: Status, due: Option<NaiveDate>) -> Option<i64> {
        (self.of(status, due) == Some(Lateness::Overdue)).then(|| due.map(|d| (self.today - d).num_days())).flatten()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn overdue_due_soon_or_neither() {
        let h = Horizon { today: d("2026-11-30"), soon_until: d("2026-12-02") };
        assert_eq!(h.of(Status::InProgress, Some(d("2026-11-29"))), Some(Lateness::Overdue));
        assert_eq!(h.of(Status::Transferred, Some(d("2026-11-30"))), Some(Lateness::DueSoon));
        assert_eq!(h.of(Status::NotTransferred, Some(d("2026-12-02"))), Some(Lateness::DueSoon));
        assert_eq!(h.of(Status::InProgress, Some(d("2026-12-03"))), None);
        assert_eq!(h.of(Status::InProgress, None), None);
        assert_eq!(h.of(Status::ClosedProcessed, Some(d("2025-01-01"))), None);
        assert_eq!(h.days_late(Status::InProgress, Some(d("2025-11-30"))), Some(365));
        assert_eq!(h.days_late(Status::InProgress, Some(d("2026-12-01"))), None);
    }

    #[test]
    fn a_first_answer_is_promised_due_today_or_late_until_given() {
        let h = Horizon { today: d("2026-12-08"), soon_until: d("2026-12-10") };
        assert_eq!(h.first_answer(Status::Transferred, Some(d("2026-12-09"))), Some(FirstAnswer::Promised));
        assert_eq!(h.first_answer(Status::InProgress, Some(d("2026-12-08"))), Some(FirstAnswer::Today));
        assert_eq!(h.first_answer(Status::NotTransferred, Some(d("2026-12-07"))), Some(FirstAnswer::Late));
        assert_eq!(h.first_answer(Status::ClosedProcessed, Some(d("2026-12-07"))), None, "closing answers");
        assert_eq!(h.first_answer(Status::InProgress, None), None, "given, or never promised");
    }
}
