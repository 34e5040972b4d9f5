//! "Renseignements personnels" (`/staff/:town/renseignements`), the director's Loi 25 page:
//! a person's file found by email or phone — the requests they filed or follow, what was
//! written to and by them, their calls, files, survey answers and account — to read and
//! to download (JSON) for an access request. Each request read is journaled by the server.

use civis_domain::wire::{PersonFile, PersonQuery, PersonRole};
use leptos::prelude::*;

use super::anonymize::{AnonymizationRuns, AnonymizeForm, Outcome};
use super::with_staff_town;
use crate::api;
use crate::components::{Empty, ErrorBox, FieldMsg, FormError, moment};
use crate::i18n::{t, use_i18n};

#[component]
pub fn PersonPage() -> impl IntoView {
    with_staff_town(move |town, _| view! { <Person town=town.id/> }.into_any())
}

fn filled(s: String) -> Option<String> {
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

#[component]
fn Person(town: i64) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let search = Action::new_local(move |q: &PersonQuery| {
        let q = q.clone();
        async move { api::person_file(town, &q).await }
    });
    let err = RwSignal::new(None);
    Effect::new(move |_| err.set(search.value().get().and_then(Result::err)));
    let asked = RwSignal::new(None::<PersonQuery>);
    let outcome = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = PersonQuery { email: filled(email.get_untracked()), phone: filled(phone.get_untracked()) };
        outcome.set(None);
        asked.set(Some(q.clone()));
        search.dispatch(q);
    };
    // After an anonymization: its counts, the file read again (then empty), the record too.
    let runs = RwSignal::new(0u32);
    let anonymized = Callback::new(move |done| {
        outcome.set(Some(done));
        runs.update(|n| *n += 1);
        if let Some(q) = asked.get_untracked() {
            search.dispatch(q);
        }
    });
    view! {
        <p><a href=format!("/staff/{town}")>{t("request.back")}</a></p>
        <h1>{t("person.title")}</h1>
        <p class="help">{t("person.lead")}</p>
        <form class="narrow" on:submit=submit novalidate>
            <FormError err/>
            <div class="field">
                <label for="p-email">{t("account.email")}</label>
                <input id="p-email" type="email" bind:value=email aria-describedby="p-email-err"/>
                <FieldMsg err field="email" id="p-email-err"/>
            </div>
            <div class="field">
                <label for="p-phone">{t("person.phone")}</label>
                <input id="p-phone" type="tel" bind:value=phone aria-describedby="p-phone-err"/>
                <FieldMsg err field="phone" id="p-phone-err"/>
            </div>
            <button type="submit" class="primary" disabled=move || search.pending().get()>{t("person.search")}</button>
        </form>
        {move || outcome.get().map(|r| view! { <Outcome r/> })}
        {move || search.value().get().and_then(Result::ok).map(|file| {
            let query = file.query.clone();
            let found = !(file.requests.is_empty() && file.calls.is_empty() && file.account.is_none());
            view! {
                <File town file/>
                {found.then(|| view! { <AnonymizeForm town query done=anonymized/> })}
            }
        })}
        {crate::session::roles_in(town).can_see_confidential().then(|| view! { <AnonymizationRuns town version=runs/> })}
    }
}

#[component]
fn File(town: i64, file: PersonFile) -> impl IntoView {
    let i = use_i18n();
    let download = api::json_download_url(&file);
    let count = move |key: &'static str, n: usize| move || format!("{} ({n})", i.t(key));
    let PersonFile { requests, messages, calls, attachments, surveys, account, query, .. } = file;
    let (nr, nm, nc, na, ns) = (requests.len(), messages.len(), calls.len(), attachments.len(), surveys.len());
    view! {
        <section class="person-file" aria-labelledby="pf-title">
            <h2 id="pf-title">{t("person.file")}</h2>
            <p class="actions">
                {download.map(|href| view! { <a class="button" href=href download="dossier-renseignements.json">{t("person.download")}</a> })}
                " "<ArchiveButton town query=query.clone()/>
            </p>
            <h3>{count("person.requests", nr)}</h3>
            {if requests.is_empty() { view! { <Empty text=Signal::derive(move || i.t("person.none"))/> }.into_any() } else { view! {
                <ul class="person-list">{requests.into_iter().map(|r| {
                    let role = if r.role == PersonRole::Requester { "person.role_requester" } else { "person.role_follower" };
                    let contact = r.contact.map(civis_domain::privacy::Shown::into_inner).map(|c| [format!("{} {}", c.first_name, c.last_name).trim().to_string(),
                        c.email.unwrap_or_default(), c.phone1.unwrap_or_default(), c.postal_address.unwrap_or_default()]
                        .into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · "));
                    view! {
                        <li>
                            <a href=format!("/staff/{town}/requetes/{}", r.id)><strong>{r.number}</strong></a>" — "{t(role)}
                            " — "{moment(r.created_at)}
                            {contact.map(|c| view! { <p>{c}</p> })}
                            <p class="muted">{r.description}</p>
                        </li>
                    }
                }).collect_view()}</ul>
            }.into_any() }}
            <h3>{count("person.messages", nm)}</h3>
            <ul class="person-list">{messages.into_iter().map(|m| view! {
                <li><strong>{m.number}</strong>" — "{moment(m.created_at)}<p>{m.body}</p></li>
            }).collect_view()}</ul>
            <h3>{count("person.calls", nc)}</h3>
            <ul class="person-list">{calls.into_iter().map(|c| {
                let who = [c.name, c.email, c.phone].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                view! { <li>{moment(c.occurred_at)}" — "{who}{c.request_number.map(|n| format!(" — {n}"))}<p>{c.note}</p></li> }
            }).collect_view()}</ul>
            <h3>{count("person.attachments", na)}</h3>
            <ul class="person-list">{attachments.into_iter().map(|a| view! {
                <li><strong>{a.number}</strong>" — "{a.filename}" ("{a.content_type}", "{a.size_bytes}" o)"</li>
            }).collect_view()}</ul>
            <h3>{count("person.surveys", ns)}</h3>
            <ul class="person-list">{surveys.into_iter().map(|s| view! {
                <li><strong>{s.number}</strong>" — "{s.score}"/5 — "{s.comment}</li>
            }).collect_view()}</ul>
            <h3>{t("person.account")}</h3>
            {match account {
                Some(a) => view! { <p>{format!("{} {} · {}", a.first_name, a.last_name, a.email)}" — "{moment(a.created_at)}</p> }.into_any(),
                None => view! { <Empty text=Signal::derive(move || i.t("person.no_account"))/> }.into_any(),
            }}
            <PersonJournal town query/>
        </section>
    }
}

/// The archive (JSON and a readable summary in the page's language), made by the server.
#[component]
fn ArchiveButton(town: i64, query: PersonQuery) -> impl IntoView {
    let i = use_i18n();
    let fetch = Action::new_local(move |q: &PersonQuery| {
        let (q, lang) = (q.clone(), i.lang.get_untracked());
        async move {
            let url = api::person_archive(town, &q, lang.as_str()).await?;
            api::save_as(
                &url,
                if lang == civis_domain::Lang::Fr { "dossier-renseignements.zip" } else { "personal-file.zip" },
            );
            Ok::<(), api::Problem>(())
        }
    });
    view! {
        <button type="button" class="button" disabled=move || fetch.pending().get()
            on:click=move |_| { fetch.dispatch(query.clone()); }>{t("person.archive")}</button>
        {move || fetch.value().get().and_then(Result::err).map(|e| view! { <ErrorBox err=e/> })}
    }
}

/// Who read the person's contacts (the access journal of their requests and calls).
#[component]
fn PersonJournal(town: i64, query: PersonQuery) -> impl IntoView {
    let read = LocalResource::new(move || {
        let q = query.clone();
        async move { api::person_journal(town, &q).await }
    });
    view! {
        <h3>{t("journal.title")}</h3>
        <super::request::JournalTable read numbers=true/>
    }
}
