//! One public answer as citizens read it: its title opens it (the text is fetched then),
//! its documents can be downloaded, and "Cette réponse a répondu à ma question" counts a
//! question resolved without a request.

use civis_domain::wire::{Article, ArticleHit};
use leptos::prelude::*;

use crate::api;
use crate::components::{ArticleBody, ErrorBox, in_lang};
use crate::i18n::{t, use_i18n};

#[component]
pub fn HelpItem(
    town: i64,
    h: ArticleHit,
    #[prop(into)] node: Signal<Option<i64>>,
    answered: RwSignal<bool>,
) -> impl IntoView {
    let i = use_i18n();
    let id = h.id;
    let open = RwSignal::new(false);
    let body = LocalResource::new(move || async move {
        if !open.get() {
            return None;
        }
        api::help_article(town, id).await.ok()
    });
    let mark = Action::new_local(move |_: &()| async move {
        let r = api::help_answered(town, id, node.get_untracked()).await;
        if r.is_ok() {
            answered.set(true);
        }
        r
    });
    let title = move || in_lang(i.lang.get(), &h.title_fr, &h.title_en);
    view! {
        <details class="help-item" on:toggle=move |_| open.set(true)>
            <summary>{title}</summary>
            <Suspense fallback=|| ()>
                {move || body.get().flatten().map(|a| view! { <Text town a/> })}
            </Suspense>
            <button type="button" on:click=move |_| { mark.dispatch(()); } disabled=move || answered.get()>
                {t("help.answered")}
            </button>
            {move || mark.value().get().and_then(Result::err).map(|e| view! { <ErrorBox err=e/> })}
        </details>
    }
}

#[component]
fn Text(town: i64, a: Article) -> impl IntoView {
    let i = use_i18n();
    let (fr, en) = (a.content.body_fr.clone(), a.content.body_en.clone());
    let id = a.id;
    view! {
        {move || view! { <ArticleBody text=in_lang(i.lang.get(), &fr, &en)/> }}
        {(!a.documents.is_empty()).then(|| view! {
            <ul class="documents">
                {a.documents.into_iter().map(|d| view! {
                    <li><a href=format!("/api/v1/towns/{town}/public/help/{id}/documents/{}", d.id) download=d.filename.clone()>{d.filename.clone()}</a></li>
                }).collect_view()}
            </ul>
        })}
    }
}
