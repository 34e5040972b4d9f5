//! The search box and its results: as the agent types, each word required, accents and a
//! typo forgiven, titles first; stale articles are flagged, internal ones marked.

use civis_domain::knowledge::Audience;
use civis_domain::wire::ArticleHit;
use leptos::prelude::*;

use super::Desk;
use crate::api;
use crate::components::{Loading, in_lang, listed};
use crate::i18n::{t, use_i18n};

#[component]
pub fn SearchPanel(desk: Desk) -> impl IntoView {
    let q = RwSignal::new(String::new());
    let node = RwSignal::new(None::<i64>);
    let hits = LocalResource::new(move || api::kb_search(desk.town, q.get(), node.get(), false, None));
    view! {
        <section aria-labelledby="kb-search-title">
            <h2 id="kb-search-title">{t("console.search")}</h2>
            <div class="field">
                <label for="kb-q">{t("console.search_label")}</label>
                <input id="kb-q" type="search" autocomplete="off" bind:value=q aria-describedby="kb-q-help"/>
                <small id="kb-q-help" class="help">{t("console.search_help")}</small>
            </div>
            <super::super::filter::NodeSelect tree=desk.tree value=node id="kb-node" label="console.category" none="console.all_categories"/>
            <Transition fallback=Loading>
                {move || listed(hits.get(), "console.no_hit", |list| view! {
                        <ul class="rows kb-hits" aria-live="polite">
                            {list.into_iter().map(|h| view! { <Hit desk h/> }).collect_view()}
                        </ul>
                    }.into_any())}
            </Transition>
        </section>
    }
}

#[component]
fn Hit(desk: Desk, h: ArticleHit) -> impl IntoView {
    let i = use_i18n();
    let id = h.id;
    let (title_fr, title_en) = (h.title_fr.clone(), h.title_en.clone());
    let title = move || in_lang(i.lang.get(), &title_fr, &title_en);
    let (ex_fr, ex_en) = (h.excerpt_fr.clone(), h.excerpt_en.clone());
    let excerpt = move || in_lang(i.lang.get(), &ex_fr, &ex_en);
    let current = move || desk.selected.get() == Some(id);
    view! {
        <li class:current=current>
            <button type="button" class="link hit-title" aria-current=move || current().then_some("true")
                on:click=move |_| desk.selected.set(Some(id))>{title}</button>
            {(h.audience == Audience::Internal).then(|| view! { <span class="badge internal-tag">{t("kb.internal")}</span> })}
            {h.stale.then(|| view! { <span class="badge late-soon">{t("kb.stale")}</span> })}
            {(h.documents > 0).then(|| view! { <span class="badge">{move || format!("{} {}", h.documents, i.t("kb.documents_short"))}</span> })}
            <p class="muted excerpt">{excerpt}</p>
        </li>
    }
}
