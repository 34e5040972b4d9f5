//! An article's documents (added here, opened with the session) and its saved versions.

use civis_domain::wire::ArticleDocument;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{self, Problem};
use crate::components::{ErrorBox, FieldMsg, Loading, in_lang, moment};
use crate::i18n::{t, use_i18n};

#[component]
pub fn Documents(town: i64, id: i64, documents: RwSignal<Vec<ArticleDocument>>) -> impl IntoView {
    let err = RwSignal::new(None::<Problem>);
    let send = crate::components::write_action(
        err,
        move |d| documents.update(|l| l.push(d)),
        move |file: &web_sys::File| {
            let file = file.clone();
            async move { api::kb_upload(town, id, &file).await }
        },
    );
    let upload = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            send.dispatch_local(file);
        }
    };
    view! {
        <section class="admin-form" aria-labelledby="kb-docs-title">
            <h2 id="kb-docs-title">{t("kb.documents")}</h2>
            <ul class="documents">{move || documents.get().into_iter().map(|d| view! { <li>{d.filename}</li> }).collect_view()}</ul>
            <div class="field">
                <label for="kb-doc-file">{t("kb.add_document")}</label>
                <input id="kb-doc-file" type="file" accept=".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png" on:change=upload aria-describedby="kb-doc-file-err"/>
                <FieldMsg err field="file" id="kb-doc-file-err"/>
            </div>
            {move || err.get().filter(|e| e.errors.is_empty()).map(|e| view! { <ErrorBox err=e/> })}
        </section>
    }
}

#[component]
pub fn History(town: i64, id: i64, saved: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let versions = LocalResource::new(move || {
        saved.track();
        api::kb_revisions(town, id)
    });
    view! {
        <section class="admin-form" aria-labelledby="kb-history-title">
            <h2 id="kb-history-title">{t("kb.history")}</h2>
            <Transition fallback=Loading>
                {move || versions.get().map(|res| match res {
                    Err(e) => view! { <ErrorBox err=e/> }.into_any(),
                    Ok(list) => view! { <ol class="timeline">{list.into_iter().map(|v| {
                        let when = moment(v.saved_at);
                        let (fr, en) = (v.content.title_fr.clone(), v.content.title_en.clone());
                        view! { <li>
                            <strong>{move || format!("{} {}", i.t("kb.version"), v.version)}</strong>" — "{when}" — "{v.saved_by.clone().unwrap_or_default()}
                            <details><summary>{move || in_lang(i.lang.get(), &fr, &en)}</summary><p class="pre">{v.content.body_fr.clone()}</p></details>
                        </li> }
                    }).collect_view()}</ol> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
