//! The due dates of the town's clock against hand-counted calendars.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::Lang;

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
    let e = access(ymd(2027, 6, 4), false, &town());
    assert_eq!(e.due, ymd(2027, 6, 25));
    assert_eq!(
        e.text(Lang::Fr),
        "20 jours à partir du vendredi 4 juin 2027 (Loi sur l'accès, art. 47); le dernier jour, jeudi 24 juin \
         (Fête nationale du Québec), est férié : reporté au vendredi 25 juin 2027 (Loi d'interprétation, art. 52)"
    );
    // Ending on a Saturday: the law does not move it (a Saturday is no « jour férié »).
    let e = due(ymd(2026, 11, 28), 14, DelayUnit::CalendarDays, &town());
    assert_eq!(e.due, ymd(2026, 12, 12));
    assert!(e.skipped.is_empty());
    // Ending on a Sunday: Monday.
    assert_eq!(due(ymd(2026, 11, 28), 15, DelayUnit::CalendarDays, &town()).due, ymd(2026, 12, 14));
    // Ending on 26 December (the towns' own day, not the Act's): not moved.
    assert_eq!(due(ymd(2026, 12, 6), 20, DelayUnit::CalendarDays, &town()).due, ymd(2026, 12, 26));
    // Ending on Good Friday 2027: Saturday is no working day, Sunday and Easter Monday are
    // « fériés »: Tuesday 30 March.
    let e = access(ymd(2027, 3, 6), false, &town());
    assert_eq!(e.due, ymd(2027, 3, 30));
    assert_eq!(e.skipped.len(), 4);
    assert!(e.text(Lang::En).ends_with(
        "the last day, Friday March 26 (Vendredi saint), is a public holiday: moved to Tuesday, March 30, 2027 \
         (Interpretation Act, s. 52)"
    ));
    // Extended: 30 days.
    let e = access(ymd(2026, 11, 27), true, &town());
    assert_eq!(e.due, ymd(2026, 12, 28), "27 December is a Sunday: Monday 28");
    assert!(
        e.text(Lang::Fr).starts_with("30 jours à partir du vendredi 27 novembre 2026 (20 jours et la prolongation")
    );
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
    // Due Wednesday 9 December 2026 (five working days from Wednesday 2); held from Thursday
    // 3 to Tuesday 8 (Fri 4, Mon 7, Tue 8: three working days): due Monday 14 December.
    assert_eq!(days_held(ymd(2026, 12, 3), ymd(2026, 12, 8), DelayUnit::WorkingDays, &cal), 3);
    let mut basis = due(ymd(2026, 12, 2), 5, DelayUnit::WorkingDays, &cal).basis();
    assert_eq!(basis.due(&cal), ymd(2026, 12, 9));
    basis.resume(ymd(2026, 12, 3), ymd(2026, 12, 8), &cal);
    assert_eq!(basis.due(&cal), ymd(2026, 12, 14));
    // In calendar days the same hold is five days.
    assert_eq!(days_held(ymd(2026, 12, 3), ymd(2026, 12, 8), DelayUnit::CalendarDays, &cal), 5);
}

#[test]
fn saint_jean_baptiste_and_a_months_end_in_working_days() {
    let e = due(ymd(2027, 6, 22), 3, DelayUnit::WorkingDays, &town());
    assert_eq!(e.due, ymd(2027, 6, 28), "23, then 24 June skipped, 25, the weekend, 28");
    assert_eq!(
        e.text(Lang::Fr),
        "3 jours ouvrables à partir du mardi 22 juin 2027, sans le 24 juin (Fête nationale du Québec) ni les fins de semaine"
    );
    assert_eq!(due(ymd(2027, 2, 26), 2, DelayUnit::WorkingDays, &town()).due, ymd(2027, 3, 2));
    assert_eq!(due(ymd(2028, 2, 28), 2, DelayUnit::WorkingDays, &town()).due, ymd(2028, 3, 1), "29 February 2028");
    assert_eq!(
        set_by_hand(ymd(2026, 12, 7), ymd(2026, 12, 20)).text(Lang::En),
        "Date set by staff on Monday, December 7, 2026"
    );
}

#[test]
fn a_kept_basis_explains_its_date_again() {
    let cal = town();
    let e = due(ymd(2026, 12, 18), 5, DelayUnit::WorkingDays, &cal);
    assert_eq!(explain(Some(&e.basis()), ymd(2026, 12, 18), e.due, &cal), e);
    let e = access(ymd(2027, 3, 6), false, &cal);
    assert_eq!(explain(Some(&e.basis()), ymd(2027, 3, 6), e.due, &cal), e);
    let old = explain(None, ymd(2026, 11, 2), ymd(2026, 11, 12), &cal);
    assert_eq!(old.text(Lang::Fr), "10 jours à partir du lundi 2 novembre 2026");
}

#[test]
fn a_town_open_on_saturday_counts_it() {
    let mut cal = town();
    cal.open_weekdays = vec![1, 2, 3, 4, 5, 6];
    assert_eq!(due(ymd(2026, 11, 27), 1, DelayUnit::WorkingDays, &cal).due, ymd(2026, 11, 28));
}

#[test]
fn a_hold_is_kept_in_the_basis_and_said_in_words() {
    let cal = town();
    // Five working days from Monday 30 November 2026: Monday 7 December. Held from Thursday
    // 3 to Tuesday 8 December (Fri 4, Mon 7, Tue 8: three working days): Thursday 10.
    let e = due(ymd(2026, 11, 30), 5, DelayUnit::WorkingDays, &cal);
    assert_eq!(e.due, ymd(2026, 12, 7));
    let mut basis = e.basis();
    basis.resume(ymd(2026, 12, 3), ymd(2026, 12, 8), &cal);
    assert_eq!(basis.holds[0].days, 3);
    let moved = basis.due(&cal);
    assert_eq!(moved, ymd(2026, 12, 10));
    let told = explain(Some(&basis), ymd(2026, 11, 30), moved, &cal);
    assert_eq!(
        told.text(Lang::Fr),
        "5 jours ouvrables à partir du lundi 30 novembre 2026, sans les fins de semaine; prolongé de 3 jours \
         ouvrables, le temps d'attendre le citoyen (du 3 décembre au 8 décembre)"
    );
    assert!(
        told.text(Lang::En)
            .ends_with("; extended by 3 working days while the town waited on the citizen (December 3 to December 8)")
    );
    // The basis survives its JSON (what the request keeps).
    let json = serde_json::to_value(&basis).unwrap();
    assert_eq!(serde_json::from_value::<DueBasis>(json).unwrap(), basis);
    // A date set by hand moves by calendar days held.
    let mut set = set_by_hand(ymd(2026, 12, 1), ymd(2026, 12, 20)).basis();
    set.resume(ymd(2026, 12, 3), ymd(2026, 12, 8), &cal);
    assert_eq!(set.due(&cal), ymd(2026, 12, 25));
}

#[test]
fn a_first_answer_is_due_the_next_working_day() {
    let cal = town();
    assert_eq!(next_working_day(ymd(2026, 12, 7), &cal), ymd(2026, 12, 8), "Monday → Tuesday");
    assert_eq!(next_working_day(ymd(2026, 12, 18), &cal), ymd(2026, 12, 21), "Friday → Monday");
    assert_eq!(next_working_day(ymd(2026, 12, 19), &cal), ymd(2026, 12, 21), "Saturday → Monday");
    assert_eq!(next_working_day(ymd(2026, 12, 24), &cal), ymd(2026, 12, 28), "over Noël and a weekend");
    assert_eq!(next_working_day(ymd(2026, 12, 25), &cal), ymd(2026, 12, 28), "filed on Noël itself");
    assert_eq!(next_working_day(ymd(2027, 6, 23), &cal), ymd(2027, 6, 25), "over the Saint-Jean-Baptiste");
    assert_eq!(next_working_day(ymd(2027, 3, 25), &cal), ymd(2027, 3, 30), "over Good Friday and Easter Monday");
    assert_eq!(next_working_day(ymd(2026, 12, 31), &cal), ymd(2027, 1, 4), "over New Year's Day and a weekend");
}
