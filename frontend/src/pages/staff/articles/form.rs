//! Writing an article: both languages, keywords, categories, owner department, audience,
//! verify-by date, archived; then its documents and its versions.

use civis_domain::knowledge::Audience;
use civis_domain::wire::{Article, ArticleInput};
use leptos::prelude::*;

use super::draft::Draft;
use crate::api::{self, Problem};
use crate::components::{ErrorBox, FieldMsg, FormError, Loading};
use crate::i18n::{t, use_i18n};

#[component]
pub fn ArticleForm(
    town: i64,
    id: Option<i64>,
    editing: RwSignal<Option<Option<i64>>>,
    saved: RwSignal<u32>,
) -> impl IntoView {
    let (_, own) = super::writer(town);
    let loaded = LocalResource::new(move || async move {
        match id {
            Some(id) => api::kb_article(town, id).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <Suspense fallback=Loading>
            {move || loaded.get().map(|res| match res {
                Err(e) => view! { <ErrorBox err=e/> }.into_any(),
                Ok(a) => view! { <Editor town a own editing saved/> }.into_any(),
            })}
        </Suspense>
    }
}

fn blank(own: Option<i64>) -> ArticleInput {
    ArticleInput {
        title_fr: String::new(),
        title_en: String::new(),
        body_fr: String::new(),
        body_en: String::new(),
        keywords: vec![],
        node_ids: vec![],
        department_id: own,
        audience: Audience::Public,
        verify_by: None,
        archived: false,
    }
}

#[component]
fn Editor(
    town: i64,
    a: Option<Article>,
    own: Option<i64>,
    editing: RwSignal<Option<Option<i64>>>,
    saved: RwSignal<u32>,
) -> impl IntoView {
    let c = a.as_ref().map(|a| a.content.clone()).unwrap_or_else(|| blank(own));
    let current = RwSignal::new(a.as_ref().map(|a| a.id));
    let documents = RwSignal::new(a.map(|a| a.documents).unwrap_or_default());
    let f = Draft::from(&c);
    let err = RwSignal::new(None::<Problem>);
    let save = Action::new_local(move |input: &ArticleInput| {
        let input = input.clone();
        async move { api::kb_save(town, current.get_untracked(), &input).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(a)) => {
            err.set(None);
            current.set(Some(a.id));
            saved.update(|n| *n += 1);
        }
        Some(Err(e)) => err.set(Some(e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(f.input());
    };
    view! {
        <form class="admin-form article-form" on:submit=submit novalidate>
            <FormError err/>
            <Texts f err/>
            <super::settings::Settings town f own err/>
            <div class="toolbar">
                <button type="submit" class="primary" disabled=move || save.pending().get()>{t("kb.save")}</button>
                <button type="button" on:click=move |_| editing.set(None)>{t("kb.close")}</button>
                {move || save.value().get().and_then(Result::ok).map(|a| view! {
                    <span class="success" role="status">{move || format!("{} {}", use_i18n().t("kb.saved"), a.version)}</span>
                })}
            </div>
        </form>
        {move || current.get().map(|id| view! {
            <super::history::Documents town id documents/>
            <super::history::History town id saved/>
        })}
    }
}

#[component]
fn Texts(f: Draft, err: RwSignal<Option<Problem>>) -> impl IntoView {
    let text = |id: &'static str,
                label: &'static str,
                field: &'static str,
                value: RwSignal<String>,
                rows: Option<&'static str>| {
        let err_id = format!("{id}-err");
        view! {
            <div class="field">
                <label for=id>{t(label)}</label>
                {match rows {
                    Some(r) => view! { <textarea id=id rows=r bind:value=value aria-describedby=err_id.clone()></textarea> }.into_any(),
                    None => view! { <input id=id bind:value=value aria-describedby=err_id.clone()/> }.into_any(),
                }}
                <FieldMsg err field=field id=err_id/>
            </div>
        }
    };
    view! {
        <div class="grid2">
            {text("kb-title-fr", "kb.title_fr", "title_fr", f.title_fr, None)}
            {text("kb-title-en", "kb.title_en", "title_en", f.title_en, None)}
            {text("kb-body-fr", "kb.body_fr", "body_fr", f.body_fr, Some("8"))}
            {text("kb-body-en", "kb.body_en", "body_en", f.body_en, Some("8"))}
        </div>
        <small class="help">{t("kb.body_help")}</small>
        {text("kb-keywords", "kb.keywords", "keywords", f.keywords, None)}
    }
}
