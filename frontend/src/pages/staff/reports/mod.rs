//! Reports for the council (`/staff/:town/rapports`): a period picked among months,
//! quarters and years, the indicators as tables with the same period a year earlier, charts
//! drawn as SVG by the app (each followed by its table), the director's summary, the
//! exports (XLSX, CSV per table), and a print layout for an A4 report.

mod charts;
mod summary;
mod tables;

use chrono::{Datelike, NaiveDate};
use civis_domain::report::{Period, Preset};
use civis_domain::wire::Report;
use leptos::prelude::*;

use super::with_staff_town;
use crate::api;
use crate::components::{ErrorBox, Loading, loaded};
use crate::i18n::{t, use_i18n};

#[component]
pub fn ReportsPage() -> impl IntoView {
    with_staff_town(|town, _| view! { <Reports town=town.id name=town.name.clone()/> }.into_any())
}

/// Today in the reader's calendar.
fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date()).unwrap_or_default()
}

/// The periods offered for a preset, newest first (the one in progress, then eight before).
fn choices(preset: Preset, today: NaiveDate) -> Vec<Period> {
    let mut out = vec![Period::containing(preset, today)];
    for _ in 0..8 {
        let last = out[out.len() - 1];
        out.push(Period::containing(preset, last.from.pred_opt().unwrap_or(last.from)));
    }
    out
}

/// "T3 2026", "novembre 2026", "2026".
fn label(preset: Preset, p: Period, lang: civis_domain::Lang) -> String {
    let en = lang == civis_domain::Lang::En;
    match preset {
        Preset::Year => p.from.year().to_string(),
        Preset::Quarter => format!("{}{} {}", if en { "Q" } else { "T" }, (p.from.month() - 1) / 3 + 1, p.from.year()),
        Preset::Month => crate::format::month(&p.from, crate::i18n::locale_of(lang)),
    }
}

/// The period in the address (`?type=quarter&periode=2026-07-01..2026-09-30`): a report
/// can be bookmarked, shared and reloaded. Anything else there: the last quarter.
fn from_address(today: NaiveDate) -> (Preset, Period) {
    let q = crate::router::use_query_map().get_untracked();
    let preset = q.get("type").and_then(|t| t.parse::<Preset>().ok()).unwrap_or(Preset::Quarter);
    let period = q
        .get("periode")
        .and_then(|k| k.split_once("..").and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?))))
        .map(|(from, to): (NaiveDate, NaiveDate)| Period { from, to })
        .filter(|p| Period::containing(preset, p.from) == *p);
    (preset, period.unwrap_or_else(|| Period::previous(preset, today)))
}

#[component]
fn Reports(town: i64, name: String) -> impl IntoView {
    let i = use_i18n();
    let today = today();
    let (first_preset, first_period) = from_address(today);
    let preset = RwSignal::new(first_preset);
    let period = RwSignal::new(first_period);
    let report = LocalResource::new(move || api::report(town, period.get()));
    // The address follows the period picked (in place: no new history entry, no scroll).
    let navigate = crate::router::use_navigate();
    let path = crate::router::use_location().pathname;
    Effect::new(move |_| {
        let want = format!("?type={}&periode={}", preset.get().as_str(), period.get().key());
        if crate::router::use_location().search.get_untracked() != want {
            let options = crate::router::NavigateOptions { replace: true, scroll: false };
            navigate(&format!("{}{want}", path.get_untracked()), options);
        }
    });
    let pick_preset = move |ev: leptos::ev::Event| {
        if let Ok(p) = event_target_value(&ev).parse::<Preset>() {
            preset.set(p);
            period.set(Period::previous(p, today));
        }
    };
    view! {
        <div class="toolbar no-print">
            <h1>{t("reports.title")}</h1>
            <label class="inline" for="r-preset">{t("reports.preset")}</label>
            <select id="r-preset" on:change=pick_preset>
                {[Preset::Month, Preset::Quarter, Preset::Year].into_iter().map(|p| view! {
                    <option value=p.as_str() selected=move || preset.get() == p>{t(preset_key(p))}</option>
                }).collect_view()}
            </select>
            <label class="inline" for="r-period">{t("reports.period")}</label>
            <select id="r-period" on:change=move |ev| {
                let key = event_target_value(&ev);
                if let Some(p) = choices(preset.get_untracked(), today).into_iter().find(|p| p.key() == key) { period.set(p) }
            }>
                {move || choices(preset.get(), today).into_iter().map(|p| {
                    let text = label(preset.get(), p, i.lang.get());
                    view! { <option value=p.key() selected=move || period.get() == p>{text}</option> }
                }).collect_view()}
            </select>
            <button type="button" on:click=move |_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>{t("reports.print")}</button>
            <Export town period table=None/>
        </div>
        <Transition fallback=Loading>
            {move || report.get().map(|res| loaded(Some(res), |r: Report| view! { <Body town r name=name.clone()/> }.into_any()))}
        </Transition>
    }
}

fn preset_key(p: Preset) -> &'static str {
    match p {
        Preset::Month => "reports.month",
        Preset::Quarter => "reports.quarter",
        Preset::Year => "reports.year",
    }
}

#[component]
fn Body(town: i64, r: Report, name: String) -> impl IntoView {
    let i = use_i18n();
    let p = r.current.period;
    let when =
        move || format!("{} – {}", crate::format::day(&p.from, i.locale()), crate::format::day(&p.to, i.locale()));
    view! {
        <h2 class="report-title">{name}" — "{when}</h2>
        {r.masked.then(|| view! { <p class="help">{t("reports.masked")}</p> })}
        <summary::Summary town period=p text=r.summary.clone()/>
        {crate::session::roles_in(town).contains(civis_domain::Role::Director).then(|| view! { <summary::Comments town period=p/> })}
        <charts::Charts r=r.clone()/>
        <tables::Tables town r/>
    }
}

/// Downloads an export made with the session: the workbook, or one table as CSV (named by
/// its table's `title` for a screen reader, so eight buttons are not all "CSV").
#[component]
pub fn Export(
    town: i64,
    #[prop(into)] period: Signal<Period>,
    table: Option<&'static str>,
    #[prop(optional, into)] title: Option<String>,
) -> impl IntoView {
    let i = use_i18n();
    let failed = RwSignal::new(None);
    let go = move |_| {
        let (p, lang) = (period.get_untracked(), i.lang.get_untracked());
        leptos::task::spawn_local(async move {
            match api::report_export(town, p, lang.as_str(), table).await {
                Ok(url) => {
                    failed.set(None);
                    api::save_as(
                        &url,
                        &format!(
                            "{}-{}-{}.{}",
                            table.unwrap_or("rapport"),
                            p.from,
                            p.to,
                            if table.is_some() { "csv" } else { "xlsx" }
                        ),
                    );
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    view! {
        <button type="button" class=if table.is_some() { "link no-print" } else { "no-print" } on:click=go>
            {t(if table.is_some() { "reports.csv" } else { "reports.xlsx" })}
            {title.map(|title| view! { <span class="sr-only">" — "{title}</span> })}
        </button>
        {move || failed.get().map(|e| view! { <ErrorBox err=e/> })}
    }
}
