//! The town's open weekdays, each with its own hours when they differ from the usual ones
//! (the offices close at noon on Fridays): a row per weekday, empty times for the usual.

use civis_domain::wire::DayHours;
use leptos::prelude::*;

use crate::api::Problem;
use crate::components::FieldMsg;
use crate::i18n::{t, use_i18n};

/// A weekday's own opening and closing times, as typed ("" for the usual hours).
pub(super) type OwnHours = [(RwSignal<String>, RwSignal<String>); 7];

/// The rows of `own`, filled from the town's hours per weekday.
pub(super) fn own_hours_of(hours: &[DayHours]) -> OwnHours {
    std::array::from_fn(|n| {
        let own = hours.iter().find(|h| h.weekday == n as i32 + 1);
        let time =
            |t: Option<chrono::NaiveTime>| RwSignal::new(t.map(|t| t.format("%H:%M").to_string()).unwrap_or_default());
        (time(own.map(|h| h.opens)), time(own.map(|h| h.closes)))
    })
}

/// The hours of each open day that has both times; a day with one time, or a time that is
/// not one, is the field's error.
pub(super) fn own_hours(days: &[i32], own: &OwnHours) -> Result<Vec<DayHours>, Problem> {
    let parse = |s: RwSignal<String>| chrono::NaiveTime::parse_from_str(s.get_untracked().trim(), "%H:%M").ok();
    let mut out = Vec::new();
    for &weekday in days {
        let Some((opens, closes)) = usize::try_from(weekday - 1).ok().and_then(|n| own.get(n)) else { continue };
        if opens.get_untracked().trim().is_empty() && closes.get_untracked().trim().is_empty() {
            continue;
        }
        match (parse(*opens), parse(*closes)) {
            (Some(opens), Some(closes)) => out.push(DayHours { weekday, opens, closes }),
            _ => return Err(Problem::fields(vec![("weekday_hours".into(), "invalid_value")])),
        }
    }
    Ok(out)
}

/// A row per weekday: open or not, and its own hours (empty: the usual ones).
#[component]
pub(super) fn BusinessDays(
    days: RwSignal<Vec<i32>>,
    own: OwnHours,
    usual: (RwSignal<String>, RwSignal<String>),
    err: RwSignal<Option<Problem>>,
) -> impl IntoView {
    let i = use_i18n();
    let rows = own.into_iter().enumerate().map(|(n, (opens, closes))| {
        let d = n as i32 + 1;
        let name = move || i.t(&format!("admin.day.{d}"));
        let open = move || days.with(|l| l.contains(&d));
        let toggle = move |ev| {
            let on = event_target_checked(&ev);
            days.update(|l| {
                l.retain(|x| *x != d);
                if on {
                    l.push(d);
                    l.sort();
                }
            });
        };
        let time = move |value: RwSignal<String>, usual: RwSignal<String>, what: &'static str| {
            let label = move || format!("{} — {}", name(), i.t(&format!("admin.{what}_at")));
            view! { <input type="time" id=format!("s-day-{d}-{what}") aria-label=label prop:disabled=move || !open()
                placeholder=move || usual.get() bind:value=value/> }
        };
        view! {
            <tr>
                <th scope="row"><label><input type="checkbox" id=format!("s-day-{d}") prop:checked=open on:change=toggle/>{name}</label></th>
                <td>{time(opens, usual.0, "opens")}</td>
                <td>{time(closes, usual.1, "closes")}</td>
            </tr>
        }
    });
    view! {
        <fieldset>
            <legend>{t("admin.business_days")}</legend>
            <p class="help" id="s-days-help">{t("admin.weekday_hours_help")}</p>
            <table class="hours" aria-describedby="s-days-help">
                <thead><tr><th scope="col">{t("admin.day")}</th><th scope="col">{t("admin.opens_at")}</th><th scope="col">{t("admin.closes_at")}</th></tr></thead>
                <tbody>{rows.collect_view()}</tbody>
            </table>
            <FieldMsg err field="business_days" id="s-days-err"/>
            <FieldMsg err field="weekday_hours" id="s-hours-err"/>
        </fieldset>
    }
}
