//! The open article: its text in the reader's language, its documents (downloaded with the
//! session, or sent to the caller by email in one action), and "use in the contact".

use civis_domain::wire::{Article, SendDocuments};
use leptos::prelude::*;

use super::Desk;
use crate::api::{self, Problem};
use crate::components::{ArticleBody, ErrorBox, FieldMsg, FormError, Loading, in_lang};
use crate::i18n::{t, use_i18n};

#[component]
pub fn ArticlePanel(desk: Desk) -> impl IntoView {
    let article = LocalResource::new(move || async move {
        match desk.selected.get() {
            Some(id) => Some(api::kb_article(desk.town, id).await),
            None => None,
        }
    });
    view! {
        <Transition fallback=Loading>
            {move || article.get().flatten().map(|res| match res {
                Err(e) => view! { <ErrorBox err=e/> }.into_any(),
                Ok(a) => view! { <Open desk a/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Open(desk: Desk, a: Article) -> impl IntoView {
    let i = use_i18n();
    let c = a.content.clone();
    let title = move || in_lang(i.lang.get(), &c.title_fr, &c.title_en);
    let c = a.content.clone();
    let body = move || in_lang(i.lang.get(), &c.body_fr, &c.body_en);
    let (id, plain) = (a.id, a.content.title_fr.clone());
    let in_use = move || desk.used.with(|u| u.iter().any(|(x, _)| *x == id));
    let has_docs = !a.documents.is_empty();
    view! {
        <article class="kb-article" aria-labelledby="kb-article-title">
            <h2 id="kb-article-title">{title}</h2>
            {a.stale.then(|| view! { <p class="notice">{t("kb.stale_notice")}</p> })}
            {move || view! { <ArticleBody text=body()/> }}
            <button type="button" disabled=in_use
                on:click=move |_| desk.used.update(|u| u.push((id, plain.clone())))>{t("console.use")}</button>
            {has_docs.then(|| view! { <Documents desk a=a.clone()/> })}
        </article>
    }
}

#[component]
fn Documents(desk: Desk, a: Article) -> impl IntoView {
    let id = a.id;
    let open = move |doc: i64| {
        leptos::task::spawn_local(async move {
            if let (Ok(url), Some(w)) = (api::kb_document_url(desk.town, id, doc).await, web_sys::window()) {
                let _ = w.open_with_url_and_target(&url, "_blank");
            }
        });
    };
    view! {
        <h3>{t("kb.documents")}</h3>
        <ul class="documents">
            {a.documents.into_iter().map(|d| view! {
                <li><button type="button" class="link" on:click=move |_| open(d.id)>{d.filename.clone()}</button></li>
            }).collect_view()}
        </ul>
        <SendForm desk id/>
    }
}

/// Sends every document of the article to the caller's email.
#[component]
fn SendForm(desk: Desk, id: i64) -> impl IntoView {
    let i = use_i18n();
    let email = RwSignal::new(String::new());
    let err = RwSignal::new(None::<Problem>);
    let send = Action::new_local(move |body: &SendDocuments| {
        let body = body.clone();
        async move { api::kb_send(desk.town, id, &body).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Err(e)) => err.set(Some(e)),
        Some(Ok(_)) => err.set(None),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = SendDocuments {
            email: email.get_untracked().trim().to_string(),
            language: i.lang.get_untracked(),
            interaction_id: desk.last_contact.get_untracked(),
            note: String::new(),
        };
        send.dispatch(body);
    };
    view! {
        <form class="send-docs" on:submit=submit novalidate>
            <FormError err/>
            <div class="field">
                <label for="kb-send-email">{t("console.send_to")}</label>
                <input id="kb-send-email" type="email" bind:value=email aria-describedby="kb-send-email-err"/>
                <FieldMsg err field="email" id="kb-send-email-err"/>
            </div>
            <button type="submit" disabled=move || send.pending().get()>{t("console.send")}</button>
            {move || matches!(send.value().get(), Some(Ok(_))).then(|| view! { <p class="success" role="status">{t("console.sent")}</p> })}
        </form>
    }
}
