//! The director's "Journal d'accès" tab (Loi 25): who read the requester's contact, or the
//! contact of a call linked to the request, and when — staff and records, never the person.

use civis_domain::wire::{AccessEntry, AccessKind};
use leptos::prelude::*;

use crate::api;
use crate::components::{Empty, ErrorBox, Loading, moment};
use crate::i18n::{t, use_i18n};

#[component]
pub fn AccessJournal(town: i64, id: i64) -> impl IntoView {
    let read = LocalResource::new(move || api::access_journal(town, id));
    view! {
        <section class="journal" aria-labelledby="journal-title">
            <h2 id="journal-title">{t("journal.title")}</h2>
            <p class="help">{t("journal.lead")}</p>
            <JournalTable read numbers=false/>
        </section>
    }
}

/// A journal as it loads: who read, when, what (and which request, with `numbers`).
#[component]
pub fn JournalTable(read: LocalResource<Result<Vec<AccessEntry>, api::Problem>>, numbers: bool) -> impl IntoView {
    let i = use_i18n();
    view! {
        <Suspense fallback=Loading>
            {move || read.get().map(|res| match res {
                Err(e) => view! { <ErrorBox err=e/> }.into_any(),
                Ok(items) if items.is_empty() => view! { <Empty text=Signal::derive(move || i.t("journal.none"))/> }.into_any(),
                Ok(items) => view! {
                    <table class="journal-table">
                        <caption class="sr-only">{t("journal.title")}</caption>
                        <thead><tr>
                            <th scope="col">{t("journal.at")}</th>
                            <th scope="col">{t("journal.who")}</th>
                            <th scope="col">{t("journal.what")}</th>
                            {numbers.then(|| view! { <th scope="col">{t("journal.request")}</th> })}
                        </tr></thead>
                        <tbody>{items.into_iter().map(|e| view! { <Row e numbers/> }).collect_view()}</tbody>
                    </table>
                }.into_any(),
            })}
        </Suspense>
    }
}

/// The label key of a journal entry's kind.
pub fn journal_kind(what: AccessKind) -> &'static str {
    match what {
        AccessKind::RequestContact => "journal.request_contact",
        AccessKind::CallContact => "journal.call_contact",
        AccessKind::PersonFile => "journal.person_file",
    }
}

#[component]
fn Row(e: AccessEntry, numbers: bool) -> impl IntoView {
    let what = journal_kind(e.what);
    view! {
        <tr>
            <td>{moment(e.at)}</td>
            <td>{e.user_name}</td>
            <td>{t(what)}</td>
            {numbers.then(|| view! { <td>{e.request_number.unwrap_or_default()}</td> })}
        </tr>
    }
}
