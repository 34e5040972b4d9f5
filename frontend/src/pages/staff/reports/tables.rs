//! The report's tables, the same ones its exports carry (`civis_domain::report_tables`):
//! numbers in the reader's locale, shares as percentages, months by name, "< 5" kept.

use civis_domain::report_tables::{Cell, Table, tables};
use civis_domain::wire::Report;
use leptos::prelude::*;

use super::Export;
use crate::i18n::use_i18n;

#[component]
pub fn Tables(town: i64, r: Report) -> impl IntoView {
    let i = use_i18n();
    let period = r.current.period;
    move || {
        tables(&r, i.lang.get())
            .into_iter()
            .filter(|t| !(t.key == "unusual" && t.rows.is_empty()))
            .map(|t| view! { <One town t period/> })
            .collect_view()
    }
}

#[component]
fn One(town: i64, t: Table, period: civis_domain::report::Period) -> impl IntoView {
    let i = use_i18n();
    let locale = i.locale();
    let (id, labelled) = (format!("t-{}", t.key), format!("t-{}", t.key));
    let cell = move |c: &Cell| match c {
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => crate::format::number(*n as f64, locale),
        Cell::Days(d) => {
            d.map(|d| crate::format::number((d * 10.0).round() / 10.0, locale)).unwrap_or_else(|| "—".into())
        }
        Cell::Share(s) => s
            .map(|s| format!("{} %", crate::format::number((s * 1000.0).round() / 10.0, locale)))
            .unwrap_or_else(|| "—".into()),
        Cell::Date(d) => crate::format::month(d, locale),
        Cell::Masked(m) => m.text(),
    };
    let key = t.key;
    view! {
        <section class="report-table" aria-labelledby=labelled>
            <div class="toolbar">
                <h3 id=id>{t.title.clone()}</h3>
                <Export town period=Signal::stored(period) table=Some(key) title=t.title.clone()/>
            </div>
            <table class="requests">
                <thead><tr>{t.columns.iter().enumerate().map(|(n, c)| view! { <th scope="col" class:num={n > 0}>{c.clone()}</th> }).collect_view()}</tr></thead>
                <tbody>
                {t.rows.is_empty().then(|| view! { <tr><td colspan=t.columns.len().to_string() class="muted">{crate::i18n::t("reports.no_data")}</td></tr> })}
                {t.rows.iter().map(|row| view! {
                    <tr>{row.iter().enumerate().map(|(n, c)| if n == 0 {
                        view! { <th scope="row">{cell(c)}</th> }.into_any()
                    } else {
                        // On a phone the rows are cards: each number says its column.
                        let label = t.columns.get(n).cloned().unwrap_or_default();
                        view! { <td class="num" data-label=label>{cell(c)}</td> }.into_any()
                    }).collect_view()}</tr>
                }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
