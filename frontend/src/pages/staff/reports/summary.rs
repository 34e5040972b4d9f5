//! The director's qualitative summary of the period ("résumé qualitatif des
//! apprentissages"): written here by the director, printed with the report, read by all.

use civis_domain::Role;
use civis_domain::report::Period;
use civis_domain::wire::SummaryInput;
use leptos::prelude::*;

use crate::api::{self, Problem};
use crate::components::{FieldMsg, FormError};
use crate::i18n::t;

#[component]
pub fn Summary(town: i64, period: Period, text: String) -> impl IntoView {
    let director = crate::session::roles_in(town).contains(Role::Director);
    view! {
        <section class="report-summary" aria-labelledby="r-summary-title">
            <h3 id="r-summary-title">{t("reports.summary")}</h3>
            {if director {
                view! { <Editor town period text/> }.into_any()
            } else if text.is_empty() {
                view! { <p class="muted">{t("reports.no_summary")}</p> }.into_any()
            } else {
                view! { <p class="pre">{text}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
fn Editor(town: i64, period: Period, text: String) -> impl IntoView {
    let body = RwSignal::new(text);
    let err = RwSignal::new(None::<Problem>);
    let save = Action::new_local(move |input: &SummaryInput| {
        let input = input.clone();
        async move { api::put_summary(town, &input).await }
    });
    Effect::new(move |_| err.set(save.value().get().and_then(Result::err)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SummaryInput { from: period.from, to: period.to, body: body.get_untracked() });
    };
    view! {
        <form on:submit=submit novalidate>
            <FormError err/>
            <div class="field">
                <label for="r-summary" class="sr-only">{t("reports.summary")}</label>
                <textarea id="r-summary" rows="5" maxlength="10000" bind:value=body aria-describedby="r-summary-err"></textarea>
                <FieldMsg err field="body" id="r-summary-err"/>
            </div>
            <p class="print-only pre">{move || body.get()}</p>
            <button type="submit" class="no-print" disabled=move || save.pending().get()>{t("reports.save_summary")}</button>
            {move || matches!(save.value().get(), Some(Ok(()))).then(|| view! { <span class="success no-print" role="status">{t("reports.saved")}</span> })}
        </form>
    }
}

/// The survey's comments of the period, each with its request's number (the director).
#[component]
pub fn Comments(town: i64, period: Period) -> impl IntoView {
    let list = LocalResource::new(move || api::survey_comments(town, period));
    view! {
        <section class="report-summary no-print" aria-labelledby="r-comments-title">
            <h3 id="r-comments-title">{t("reports.comments")}</h3>
            <Transition fallback=crate::components::Loading>
                {move || crate::components::listed(list.get(), "reports.no_comments", |items| view! {
                    <ul class="rows">{items.into_iter().map(|c| view! {
                        <li><strong class="number">{c.number}</strong>" — "{c.score}" / 5"<p class="pre">{c.comment}</p></li>
                    }).collect_view()}</ul>
                }.into_any())}
            </Transition>
        </section>
    }
}
