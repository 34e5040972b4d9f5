//! The town's options: anonymous requests, answer before closing, reminder lead time,
//! number format, business days and hours, holidays, email sender.

use civis_domain::wire::{ClosureRules, Holiday, SecondFactorPolicy, Town, TownSettings};
use leptos::prelude::*;

use super::check;
use super::hours::{BusinessDays, OwnHours, own_hours, own_hours_of};
use crate::api::{self, Problem};
use crate::components::{FieldMsg, FormError, TextField, loaded};
use crate::i18n::{t, use_i18n};

#[component]
pub fn Settings(town: i64) -> impl IntoView {
    let current = LocalResource::new(move || api::admin_town(town));
    move || loaded(current.get(), move |t: Town| view! { <SettingsForm town current=t.settings/> }.into_any())
}

/// The settings as edited (numbers and times as typed).
#[derive(Clone, Copy)]
struct Fields {
    allow_anonymous: RwSignal<bool>,
    needs_code: RwSignal<bool>,
    needs_planned: RwSignal<bool>,
    needs_performed: RwSignal<bool>,
    reminder: RwSignal<String>,
    padding: RwSignal<String>,
    radius: RwSignal<String>,
    retention: RwSignal<String>,
    days: RwSignal<Vec<i32>>,
    opens: RwSignal<String>,
    closes: RwSignal<String>,
    own: OwnHours,
    sender_name: RwSignal<String>,
    sender_email: RwSignal<String>,
    holidays: RwSignal<Vec<Holiday>>,
    second_factor: RwSignal<SecondFactorPolicy>,
    phone: RwSignal<String>,
    urgent: RwSignal<String>,
    hold: RwSignal<String>,
}

impl Fields {
    fn of(c: &TownSettings) -> Self {
        Self {
            allow_anonymous: RwSignal::new(c.allow_anonymous),
            needs_code: RwSignal::new(c.closure_requires.intervention_code),
            needs_planned: RwSignal::new(c.closure_requires.planned_date),
            needs_performed: RwSignal::new(c.closure_requires.performed_date),
            reminder: RwSignal::new(c.reminder_lead_days.to_string()),
            padding: RwSignal::new(c.number_padding.to_string()),
            radius: RwSignal::new(c.duplicate_radius_m.to_string()),
            retention: RwSignal::new(c.retention_months.map(|m| m.to_string()).unwrap_or_default()),
            days: RwSignal::new(c.business_days.clone()),
            opens: RwSignal::new(c.opens_at.format("%H:%M").to_string()),
            closes: RwSignal::new(c.closes_at.format("%H:%M").to_string()),
            own: own_hours_of(c.weekday_hours.as_deref().unwrap_or_default()),
            sender_name: RwSignal::new(c.sender_name.clone()),
            sender_email: RwSignal::new(c.sender_email.clone()),
            holidays: RwSignal::new(c.holidays.clone()),
            second_factor: RwSignal::new(c.second_factor.unwrap_or_default()),
            phone: RwSignal::new(c.phone.clone().unwrap_or_default()),
            urgent: RwSignal::new(c.urgent_delay_days.map(|d| d.to_string()).unwrap_or_default()),
            hold: RwSignal::new(c.hold_limit_days.unwrap_or(30).to_string()),
        }
    }

    /// What is sent, or every field that cannot be.
    fn input(self) -> Result<TownSettings, Problem> {
        let num = |s: RwSignal<String>, field: &str| {
            s.get_untracked().trim().parse::<i32>().map_err(|_| (field.to_string(), "invalid_value"))
        };
        let time = |s: RwSignal<String>, field: &str| {
            chrono::NaiveTime::parse_from_str(s.get_untracked().trim(), "%H:%M")
                .map_err(|_| (field.to_string(), "invalid_value"))
        };
        let optional = |s: RwSignal<String>, field: &str| match s.get_untracked().trim() {
            "" => Ok(None),
            _ => num(s, field).map(Some),
        };
        let (retention, urgent) =
            (optional(self.retention, "retention_months"), optional(self.urgent, "urgent_delay_days"));
        let parsed = (
            num(self.reminder, "reminder_lead_days"),
            num(self.padding, "number_padding"),
            num(self.radius, "duplicate_radius_m"),
            time(self.opens, "opens_at"),
            time(self.closes, "closes_at"),
            retention,
            urgent,
            num(self.hold, "hold_limit_days"),
        );
        let (
            Ok(reminder_lead_days),
            Ok(number_padding),
            Ok(duplicate_radius_m),
            Ok(opens_at),
            Ok(closes_at),
            Ok(retention_months),
            Ok(urgent_delay_days),
            Ok(hold_limit_days),
        ) = parsed
        else {
            let (a, b, r, c, d, m, u, h) = parsed;
            let issues = [a.err(), b.err(), r.err(), c.err(), d.err(), m.err(), u.err(), h.err()]
                .into_iter()
                .flatten()
                .collect();
            return Err(Problem::fields(issues));
        };
        let weekday_hours = own_hours(&self.days.get_untracked(), &self.own)?;
        Ok(TownSettings {
            allow_anonymous: self.allow_anonymous.get_untracked(),
            closure_requires: ClosureRules {
                intervention_code: self.needs_code.get_untracked(),
                planned_date: self.needs_planned.get_untracked(),
                performed_date: self.needs_performed.get_untracked(),
            },
            reminder_lead_days,
            duplicate_radius_m,
            retention_months,
            urgent_delay_days,
            hold_limit_days: Some(hold_limit_days),
            number_padding,
            business_days: self.days.get_untracked(),
            opens_at,
            closes_at,
            weekday_hours: Some(weekday_hours),
            sender_name: self.sender_name.get_untracked().trim().into(),
            sender_email: self.sender_email.get_untracked().trim().into(),
            holidays: self.holidays.get_untracked(),
            second_factor: Some(self.second_factor.get_untracked()),
            phone: Some(self.phone.get_untracked().trim().into()),
        })
    }
}

#[component]
fn SettingsForm(town: i64, current: TownSettings) -> impl IntoView {
    let f = Fields::of(&current);
    let err = RwSignal::new(None::<Problem>);
    let save = Action::new_local(move |body: &TownSettings| {
        let body = body.clone();
        async move { api::put_settings(town, &body).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => err.set(None),
        Some(Err(e)) => err.set(Some(e)),
        None => {}
    });
    let saved = move || matches!(save.value().get(), Some(Ok(_))) && !save.pending().get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match f.input() {
            Ok(body) => {
                save.dispatch(body);
            }
            Err(e) => {
                save.value().set(None);
                err.set(Some(e));
            }
        }
    };
    view! {
        <form class="admin-form" on:submit=submit novalidate>
            <FormError err/>
            {check(f.allow_anonymous, "admin.allow_anonymous")}
            <fieldset class="choices">
                <legend>{t("admin.closure_requires")}</legend>
                <p class="help">{t("admin.closure_always")}</p>
                {check(f.needs_code, "close.code")}
                {check(f.needs_planned, "close.planned")}
                {check(f.needs_performed, "close.performed")}
            </fieldset>
            <div class="grid2">
                <TextField value=f.reminder id="s-reminder" label="admin.reminder_days" err field="reminder_lead_days" kind="number"/>
                <TextField value=f.padding id="s-padding" label="admin.number_padding" err field="number_padding" kind="number"/>
                <TextField value=f.radius id="s-radius" label="admin.duplicate_radius" err field="duplicate_radius_m" kind="number"/>
                <TextField value=f.retention id="s-retention" label="admin.retention_months" err field="retention_months" kind="number"/>
                <TextField value=f.urgent id="s-urgent" label="admin.urgent_delay_days" err field="urgent_delay_days" kind="number"/>
                <TextField value=f.hold id="s-hold" label="admin.hold_limit_days" err field="hold_limit_days" kind="number"/>
                <TextField value=f.opens id="s-opens" label="admin.opens_at" err field="opens_at" kind="time"/>
                <TextField value=f.closes id="s-closes" label="admin.closes_at" err field="closes_at" kind="time"/>
                <TextField value=f.sender_name id="s-sender" label="admin.sender_name" err field="sender_name"/>
                <TextField value=f.sender_email id="s-sender-email" label="admin.sender_email" err field="sender_email" kind="email"/>
                <TextField value=f.phone id="s-phone" label="admin.town_phone" err field="phone" kind="tel"/>
            </div>
            <BusinessDays days=f.days own=f.own usual=(f.opens, f.closes) err/>
            <Holidays holidays=f.holidays err/>
            <SecondFactorChoice policy=f.second_factor was_off=current.second_factor == Some(SecondFactorPolicy::Off) err/>
            <button type="submit" class="primary" disabled=move || save.pending().get()>{t("admin.save")}</button>
            <Show when=saved><p class="success" role="status">{t("admin.saved")}</p></Show>
        </form>
    }
}

/// The town's holidays: listed by date, each removable, one added at a time.
#[component]
fn Holidays(holidays: RwSignal<Vec<Holiday>>, err: RwSignal<Option<Problem>>) -> impl IntoView {
    let i = use_i18n();
    let new_day = RwSignal::new(String::new());
    let new_name = RwSignal::new(String::new());
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
    view! {
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
    }
}

/// Who must sign in with a second factor. `off` is offered only where it already is (the
/// demo): once left, the server refuses it.
#[component]
fn SecondFactorChoice(
    policy: RwSignal<SecondFactorPolicy>,
    was_off: bool,
    err: RwSignal<Option<Problem>>,
) -> impl IntoView {
    let choices = [
        (SecondFactorPolicy::Privileged, "admin.second_factor.privileged"),
        (SecondFactorPolicy::All, "admin.second_factor.all"),
        (SecondFactorPolicy::Off, "admin.second_factor.off"),
    ];
    view! {
        <fieldset class="choices">
            <legend>{t("admin.second_factor")}</legend>
            <p class="help">{t("admin.second_factor_help")}</p>
            {choices.into_iter().filter(|(p, _)| *p != SecondFactorPolicy::Off || was_off).map(|(p, key)| view! {
                <label><input type="radio" name="s-second-factor" prop:checked=move || policy.get() == p
                    on:change=move |_| policy.set(p)/>{t(key)}</label>
            }).collect_view()}
            <FieldMsg err field="second_factor" id="s-second-factor-err"/>
        </fieldset>
    }
}
