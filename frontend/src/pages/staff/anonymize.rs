//! Anonymization on the director's Loi 25 page: under a person's file, the form that
//! removes them (a reason, and a box saying it cannot be undone), its result in counts,
//! and the town's record of every run (who or the retention job, when, why, how much).

use civis_domain::wire::{Anonymization, AnonymizationCause, AnonymizeInput, PersonQuery};
use leptos::prelude::*;

use crate::api;
use crate::components::{Empty, ErrorBox, FieldMsg, FormError, Loading, moment};
use crate::i18n::{t, use_i18n};

/// The form, for the person `query` found; `done` gets the run after a success (the page
/// shows it and searches again: the file is then empty).
#[component]
pub fn AnonymizeForm(town: i64, query: PersonQuery, done: Callback<Anonymization>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let understood = RwSignal::new(false);
    let run = Action::new_local(move |input: &AnonymizeInput| {
        let input = input.clone();
        async move { api::anonymize(town, &input).await }
    });
    let err = RwSignal::new(None);
    Effect::new(move |_| match run.value().get() {
        Some(Ok(r)) => {
            err.set(None);
            done.run(r);
        }
        Some(Err(e)) => err.set(Some(e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run.dispatch(AnonymizeInput {
            email: query.email.clone(),
            phone: query.phone.clone(),
            reason: reason.get_untracked().trim().to_string(),
            irreversible: understood.get_untracked(),
        });
    };
    view! {
        <section class="anonymize" aria-labelledby="an-title">
            <h2 id="an-title">{t("anonymize.title")}</h2>
            <p class="warning" role="note">{t("anonymize.warning")}</p>
            <form class="narrow" on:submit=submit novalidate>
                <FormError err/>
                <div class="field">
                    <label for="an-reason">{t("anonymize.reason")}</label>
                    <textarea id="an-reason" rows="2" bind:value=reason aria-describedby="an-reason-err"></textarea>
                    <FieldMsg err field="reason" id="an-reason-err"/>
                </div>
                <div class="field">
                    <label><input type="checkbox" id="an-understood" bind:checked=understood aria-describedby="an-understood-err"/>
                        " "{t("anonymize.understood")}</label>
                    <FieldMsg err field="irreversible" id="an-understood-err"/>
                </div>
                <button type="submit" class="danger" disabled=move || run.pending().get()>{t("anonymize.submit")}</button>
            </form>
        </section>
    }
}

#[component]
pub fn Outcome(r: Anonymization) -> impl IntoView {
    let i = use_i18n();
    let text = move || {
        i.t("anonymize.done")
            .replace("{requests}", &r.requests.to_string())
            .replace("{calls}", &r.calls.to_string())
            .replace("{texts}", &r.texts.to_string())
            .replace("{files}", &r.files.to_string())
    };
    view! {
        <p class="notice" role="status">{text}" "
            {r.account_closed.then(|| view! { {t("anonymize.account_closed")} })}</p>
    }
}

/// The town's record of anonymizations; `version` changes after each run to read it again.
#[component]
pub fn AnonymizationRuns(town: i64, version: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let runs = LocalResource::new(move || {
        version.track();
        api::anonymizations(town)
    });
    view! {
        <section class="anonymizations" aria-labelledby="runs-title">
            <h2 id="runs-title">{t("anonymize.runs")}</h2>
            <Transition fallback=Loading>
                {move || runs.get().map(|res| match res {
                    Err(e) => view! { <ErrorBox err=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <Empty text=Signal::derive(move || i.t("anonymize.no_runs"))/> }.into_any(),
                    Ok(list) => view! {
                        <table class="journal-table">
                            <caption class="sr-only">{t("anonymize.runs")}</caption>
                            <thead><tr>
                                <th scope="col">{t("journal.at")}</th>
                                <th scope="col">{t("journal.who")}</th>
                                <th scope="col">{t("anonymize.reason")}</th>
                                <th scope="col">{t("anonymize.counts")}</th>
                            </tr></thead>
                            <tbody>{list.into_iter().map(|r| view! { <RunRow r/> }).collect_view()}</tbody>
                        </table>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RunRow(r: Anonymization) -> impl IntoView {
    let i = use_i18n();
    let by = r.by.clone();
    let who = move || match (r.cause, by.clone()) {
        (AnonymizationCause::Retention, _) => i.t("anonymize.retention"),
        (_, Some(name)) => name,
        (_, None) => String::new(),
    };
    let counts = move || {
        i.t("anonymize.counts_row")
            .replace("{requests}", &r.requests.to_string())
            .replace("{calls}", &r.calls.to_string())
            .replace("{texts}", &r.texts.to_string())
            .replace("{files}", &r.files.to_string())
    };
    view! {
        <tr>
            <td>{moment(r.at)}</td>
            <td>{who}</td>
            <td>{r.reason.clone()}</td>
            <td>{counts}</td>
        </tr>
    }
}
