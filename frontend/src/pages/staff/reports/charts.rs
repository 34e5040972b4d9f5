//! Charts drawn by the app as SVG (no script from elsewhere): received by department as
//! bars, and the months as lines. Each has a title and is followed by its table, which
//! carries the same numbers for screen readers.

use civis_domain::wire::Report;
use leptos::prelude::*;

use crate::components::in_lang;
use crate::i18n::{t, use_i18n};

#[component]
pub fn Charts(r: Report) -> impl IntoView {
    let i = use_i18n();
    let deps: Vec<(String, f64)> = r
        .current
        .by_department
        .iter()
        .map(|d| (in_lang(i.lang.get_untracked(), &d.name_fr, &d.name_en), d.received as f64))
        .collect();
    let labels: Vec<String> = r.current.months.iter().map(|m| crate::format::month(&m.month, i.locale())).collect();
    let received: Vec<f64> = r.current.months.iter().map(|m| m.received as f64).collect();
    let closed: Vec<f64> = r.current.months.iter().map(|m| (m.processed + m.refused) as f64).collect();
    view! {
        <div class="charts">
            // Focusable: on a phone a chart scrolls sideways, by keyboard too.
            <figure tabindex="0" aria-labelledby="chart-deps">
                <figcaption id="chart-deps">{t("reports.chart_departments")}</figcaption>
                <Bars bars=deps labelled="chart-deps"/>
            </figure>
            <figure tabindex="0" aria-labelledby="chart-months">
                <figcaption id="chart-months">{t("reports.chart_months")}</figcaption>
                <Lines labels series=vec![(i.t("reports.received"), "#1d4f91", received), (i.t("reports.closed"), "#b35c00", closed)] labelled="chart-months"/>
            </figure>
        </div>
    }
}

/// Horizontal bars, one per label, with their values written at the end.
#[component]
fn Bars(bars: Vec<(String, f64)>, labelled: &'static str) -> impl IntoView {
    if bars.iter().all(|b| b.1 == 0.0) {
        return view! { <p class="muted">{t("reports.no_data")}</p> }.into_any();
    }
    let max = bars.iter().map(|b| b.1).fold(1.0, f64::max);
    let (row, left, width) = (30.0, 200.0, 290.0);
    let height = row * bars.len().max(1) as f64 + 4.0;
    view! {
        <svg class="chart" viewBox=format!("0 0 560 {height}") role="img" aria-labelledby=labelled>
            {bars.into_iter().enumerate().map(|(n, (name, v))| {
                let y = n as f64 * row + 4.0;
                let w = (v / max * width).max(1.0);
                view! {
                    <text x=left - 8.0 y=y + 17.0 text-anchor="end" class="chart-label">{name}</text>
                    <rect x=left y=y width=w height=row - 8.0 class="bar"/>
                    <text x=left + w + 6.0 y=y + 17.0 class="chart-value">{v.to_string()}</text>
                }
            }).collect_view()}
        </svg>
    }
    .into_any()
}

/// Lines over the months, one per series, with a legend.
#[component]
fn Lines(labels: Vec<String>, series: Vec<(String, &'static str, Vec<f64>)>, labelled: &'static str) -> impl IntoView {
    let max = series.iter().flat_map(|s| s.2.iter().copied()).fold(1.0, f64::max);
    let (left, top, w, h) = (50.0, 10.0, 430.0, 160.0);
    let step = if labels.len() > 1 { w / (labels.len() - 1) as f64 } else { 0.0 };
    let x = move |n: usize| left + step * n as f64;
    let y = move |v: f64| top + h - v / max * h;
    view! {
        <svg class="chart" viewBox="0 0 560 240" role="img" aria-labelledby=labelled>
            <line x1=left y1=top + h x2=left + w y2=top + h class="axis"/>
            <text x=left - 6.0 y=top + 4.0 text-anchor="end" class="chart-value">{max.to_string()}</text>
            <text x=left - 6.0 y=top + h text-anchor="end" class="chart-value">"0"</text>
            // At most six month names along the axis, so that they never overlap.
            {labels.iter().enumerate().filter(|(n, _)| n % labels.len().div_ceil(6).max(1) == 0).map(|(n, l)| view! {
                <text x=x(n) y=top + h + 18.0 text-anchor="middle" class="chart-label">{l.clone()}</text>
            }).collect_view()}
            {series.iter().enumerate().map(|(k, (name, color, values))| {
                let points: String = values.iter().enumerate().map(|(n, v)| format!("{:.1},{:.1}", x(n), y(*v))).collect::<Vec<_>>().join(" ");
                let ly = top + h + 40.0;
                let lx = left + 160.0 * k as f64;
                view! {
                    <polyline points=points fill="none" stroke=*color stroke-width="2.5"/>
                    {values.iter().enumerate().map(|(n, v)| view! { <circle cx=x(n) cy=y(*v) r="3.5" fill=*color/> }).collect_view()}
                    <rect x=lx y=ly - 9.0 width="12" height="12" fill=*color/>
                    <text x=lx + 18.0 y=ly + 1.0 class="chart-label">{name.clone()}</text>
                }
            }).collect_view()}
        </svg>
    }
}
