//! An elected official's home: the monthly lists their email brings, on screen — the
//! requests not completed and those completed last month, complaints only as counts.

use civis_domain::Lang;
use civis_domain::wire::{MonthlyItem, MonthlyLists};
use leptos::prelude::*;

use crate::api;
use crate::components::{Empty, ErrorBox, Loading, StatusBadge, day};
use crate::i18n::{t, use_i18n};

#[component]
pub fn MonthlyPanel(town: i64) -> impl IntoView {
    let i = use_i18n();
    let lists = LocalResource::new(move || api::monthly_lists(town));
    view! {
        <section class="monthly" aria-labelledby="monthly-title">
            <h2 id="monthly-title">{t("monthly.title")}</h2>
            <Suspense fallback=Loading>
                {move || lists.get().map(|res| match res {
                    Err(e) => view! { <ErrorBox err=e/> }.into_any(),
                    Ok(MonthlyLists { last_month, open, done, complaints_open, complaints_done }) => {
                        let (n_open, n_done) = (open.len(), done.len());
                        // "novembre 2026" rather than "2026-11".
                        let month = chrono::NaiveDate::parse_from_str(&format!("{last_month}-01"), "%Y-%m-%d").ok();
                        let last_month = move || month.map_or_else(|| last_month.clone(), |m| crate::format::month(&m, i.locale()));
                        view! {
                        <h3 id="monthly-open">{move || format!("{} ({n_open})", i.t("monthly.open"))}</h3>
                        <Items items=open labelled="monthly-open"/>
                        <h3 id="monthly-done">{move || format!("{} {} ({n_done})", i.t("monthly.done"), last_month())}</h3>
                        <Items items=done labelled="monthly-done"/>
                        <p class="muted">{move || i.t("monthly.complaints")
                            .replace("{open}", &complaints_open).replace("{done}", &complaints_done)}</p>
                    }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Rows shown at once; the rest a page at a time.
const PAGE: usize = 25;

#[component]
fn Items(items: Vec<MonthlyItem>, labelled: &'static str) -> impl IntoView {
    let i = use_i18n();
    if items.is_empty() {
        return view! { <Empty text=Signal::derive(t("monthly.none"))/> }.into_any();
    }
    let total = items.len();
    let items = StoredValue::new(items);
    let page = RwSignal::new(0usize);
    let pages = total.div_ceil(PAGE);
    let rows = move || {
        let start = page.get() * PAGE;
        items.with_value(|all| all.iter().skip(start).take(PAGE).cloned().collect::<Vec<_>>())
    };
    let shown = move || {
        let start = page.get() * PAGE;
        i.t("monthly.shown")
            .replace("{from}", &(start + 1).to_string())
            .replace("{to}", &(start + PAGE).min(total).to_string())
            .replace("{total}", &total.to_string())
    };
    view! {
        <table class="requests" aria-labelledby=labelled>
            <thead><tr>
                <th scope="col">{t("request.number")}</th><th scope="col">{t("request.category")}</th>
                <th scope="col">{t("request.department")}</th><th scope="col">{t("request.status")}</th>
                <th scope="col">{t("request.due")}</th>
            </tr></thead>
            <tbody>
                {move || rows().into_iter().map(|x| {
                    let (fr, en) = (x.category_fr.clone(), x.category_en.clone());
                    view! { <tr>
                        <td class="nowrap">{x.number.clone()}</td>
                        <td data-label=move || i.t("request.category")>{move || if i.lang.get() == Lang::Fr { fr.clone() } else { en.clone() }}</td>
                        <td data-label=move || i.t("request.department")>{x.department.clone()}</td>
                        <td data-label=move || i.t("request.status")><StatusBadge status=x.status/></td>
                        <td class="nowrap" data-label=move || i.t("request.due")>{day(x.due_date)}</td>
                    </tr> }
                }).collect_view()}
            </tbody>
        </table>
        {(pages > 1).then(|| view! {
            <nav class="pager" aria-labelledby=labelled>
                <button type="button" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p -= 1)>{t("monthly.previous")}</button>
                <span role="status">{shown}</span>
                <button type="button" disabled=move || { page.get() + 1 >= pages } on:click=move |_| page.update(|p| *p += 1)>{t("monthly.next")}</button>
            </nav>
        })}
    }
    .into_any()
}
