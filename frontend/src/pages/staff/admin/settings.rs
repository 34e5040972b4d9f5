//! The town's options: anonymous requests, answer before closing, reminder lead time,
//! number format, business days and hours, holidays, email sender.

use civis_domain::wire::{ClosureRules, Holiday, Town, TownSettings};
use leptos::prelude::*;

use super::check;
use crate::api::{self, Problem};
use crate::components::{FieldMsg, FormError, TextField, loaded};
use crate::i18n::{t, use_i18n};

#[component]
pub fn Settings(town: i64) -> impl IntoView {
    let loaded_town = RwSignal::new(None);
    leptos::task::spawn_local(async move { loaded_town.set(Some(api::admin_town(town).await)) });
    move || loaded(loaded_town.get(), move |t: Town| view! { <SettingsForm town current=t.settings/> }.into_any())
}

#[component]
fn SettingsForm(town: i64, current: TownSettings) -> impl IntoView {
    let i = use_i18n();
    let allow_anonymous = RwSignal::new(current.allow_anonymous);
    let needs_code = RwSignal::new(current.closure_requires.intervention_code);
    let needs_planned = RwSignal::new(current.closure_requires.planned_date);
    let needs_performed = RwSignal::new(current.closure_requires.performed_date);
    let reminder = RwSignal::new(current.reminder_lead_days.to_string());
    let padding = RwSignal::new(current.number_padding.to_string());
    let radius = RwSignal::new(current.duplicate_radius_m.to_string());
    let retention = RwSignal::new(current.retention_months.map(|m| m.to_string()).unwrap_or_default());
    let days = RwSignal::new(current.business_days.clone());
    let opens = RwSignal::new(current.opens_at.format("%H:%M").to_string());
    let closes = RwSignal::new(current.closes_at.format("%H:%M").to_string());
    let sender_name = RwSignal::new(current.sender_name.clone());
    let sender_email = RwSignal::new(current.sender_email.clone());
    let holidays = RwSignal::new(current.holidays.clone());
    let new_day = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::new());
    let err = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let num = |s: RwSignal<String>, field: &str| {
            s.get_untracked().trim().parse::<i32>().map_err(|_| (field.to_string(), "invalid_value"))
        };
        let time = |s: RwSignal<String>, field: &str| {
            chrono::NaiveTime::parse_from_str(s.get_untracked().trim(), "%H:%M")
                .map_err(|_| (field.to_string(), "invalid_value"))
        };
        let parsed = (
            num(reminder, "reminder_lead_days"),
            num(padding, "number_padding"),
            num(radius, "duplicate_radius_m"),
            time(opens, "opens_at"),
            time(closes, "closes_at"),
        );
        let (reminder_lead_days, number_padding, duplicate_radius_m, opens_at, closes_at) = match parsed {
            (Ok(a), Ok(b), Ok(r), Ok(c), Ok(d)) => (a, b, r, c, d),
            (a, b, r, c, d) => {
                let issues = [a.err(), b.err(), r.err(), c.err(), d.err()].into_iter().flatten().collect();
                err.set(Some(Problem::fields(issues)));
                return;
            }
        };
        let retention_months = match retention.get_untracked().trim() {
            "" => None,
            m => match m.parse::<i32>() {
                Ok(m) => Some(m),
                Err(_) => {
                    err.set(Some(Problem::fields(vec![("retention_months".into(), "invalid_value")])));
                    return;
                }
            },
        };
        let body = TownSettings {
            allow_anonymous: allow_anonymous.get_untracked(),
            closure_requires: ClosureRules {
                intervention_code: needs_code.get_untracked(),
                planned_date: needs_planned.get_untracked(),
                performed_date: needs_performed.get_untracked(),
            },
            reminder_lead_days,
            duplicate_radius_m,
            retention_months,
            number_padding,
            business_days: days.get_untracked(),
            opens_at,
            closes_at,
            sender_name: sender_name.get_untracked().trim().into(),
            sender_email: sender_email.get_untracked().trim().into(),
            holidays: holidays.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::put_settings(town, &body).await {
                Ok(_) => {
                    err.set(None);
                    saved.set(true);
                }
                Err(e) => err.set(Some(e)),
            }
        });
    };
    let add_holiday = move |_| {
        if let Ok(day) = new_day.get_untracked().parse() {
            holidays.update(|h| {
                h.push(Holiday { day, name: new_name.get_untracked().trim().into() });
                h.sort_by_key(|h| h.day);
            });
            new_day.set(String::new());
            new_name.set(String::new());
        }
    };
    let weekday_keys =
        ["admin.day.1", "admin.day.2", "admin.day.3", "admin.day.4", "admin.day.5", "admin.day.6", "admin.day.7"];
    view! {
        <form class="admin-form" on:submit=save novalidate>
            <FormError err/>
            {check(allow_anonymous, "admin.allow_anonymous")}
            <fieldset class="choices">
                <legend>{t("admin.closure_requires")}</legend>
                <p class="help">{t("admin.closure_always")}</p>
                {check(needs_code, "close.code")}
                {check(needs_planned, "close.planned")}
                {check(needs_performed, "close.performed")}
            </fieldset>
            <div class="grid2">
                <TextField value=reminder id="s-reminder" label="admin.reminder_days" err field="reminder_lead_days" kind="number"/>
                <TextField value=padding id="s-padding" label="admin.number_padding" err field="number_padding" kind="number"/>
                <TextField value=radius id="s-radius" label="admin.duplicate_radius" err field="duplicate_radius_m" kind="number"/>
                <TextField value=retention id="s-retention" label="admin.retention_months" err field="retention_months" kind="number"/>
                <TextField value=opens id="s-opens" label="admin.opens_at" err field="opens_at" kind="time"/>
                <TextField value=closes id="s-closes" label="admin.closes_at" err field="closes_at" kind="time"/>
                <TextField value=sender_name id="s-sender" label="admin.sender_name" err field="sender_name"/>
                <TextField value=sender_email id="s-sender-email" label="admin.sender_email" err field="sender_email" kind="email"/>
            </div>
            <fieldset>
                <legend>{t("admin.business_days")}</legend>
                {weekday_keys.into_iter().enumerate().map(|(n, key)| {
                    let d = n as i32 + 1;
                    view! { <label><input type="checkbox" prop:checked=move || days.with(|l| l.contains(&d))
                        on:change=move |ev| { let on = event_target_checked(&ev); days.update(|l| { l.retain(|x| *x != d); if on { l.push(d); l.sort() } }) }/>
                        {t(key)}</label> }
                }).collect_view()}
                <FieldMsg err field="business_days" id="s-days-err"/>
            </fieldset>
            <fieldset>
                <legend>{t("admin.holidays")}</legend>
                <ul class="rows">
                    {move || holidays.get().into_iter().map(|h| {
                        let day = h.day;
                        view! { <li>{crate::format::day(&h.day, i.locale())}" — "{h.name.clone()}" "
                            <button type="button" class="link" on:click=move |_| holidays.update(|l| l.retain(|x| x.day != day))>{t("filter.remove")}</button></li> }
                    }).collect_view()}
                </ul>
                <div class="grid2">
                    <TextField value=new_day id="s-hday" label="admin.holiday_day" err kind="date"/>
                    <TextField value=new_name id="s-hname" label="admin.holiday_name" err/>
                </div>
                <button type="button" class="secondary" on:click=add_holiday>{t("admin.add_holiday")}</button>
            </fieldset>
            <button type="submit" class="primary">{t("admin.save")}</button>
            <Show when=move || saved.get()><p class="success" role="status">{t("admin.saved")}</p></Show>
        </form>
    }
}
