//! A closure's record as staff read it (the current one on the request, each past one in
//! the timeline).

use civis_domain::wire::Closure;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// A closure's fields that were filled in, each with its label.
#[component]
pub fn ClosureFields(c: Closure) -> impl IntoView {
    let i = use_i18n();
    let day = move |d: chrono::NaiveDate| crate::format::day(&d, crate::i18n::locale_of(i.lang.get()));
    let texts = [
        ("close.resolution", c.resolution),
        ("close.code", c.intervention_code),
        ("close.legal_provision", c.legal_provision),
        ("close.internal_note", c.internal_note),
        ("close.message", c.message_to_requester),
    ];
    let dates = [("close.planned", c.planned_date), ("close.performed", c.performed_date)];
    view! {
        <dl class="summary">
            {texts.into_iter().filter_map(|(k, v)| v.map(|v| view! { <dt>{move || i.t(k)}</dt><dd class="pre">{v}</dd> })).collect_view()}
            {dates.into_iter().filter_map(|(k, v)| v.map(|d| view! { <dt>{move || i.t(k)}</dt><dd>{move || day(d)}</dd> })).collect_view()}
        </dl>
    }
}
