//! A town's public help (`/t/:slug/aide`): its public answers, searched like the agents'
//! (accents and a typo forgiven), read in place, with their documents; "this answered my
//! question" counts a question resolved without a request.

use leptos::prelude::*;

use super::with_town;
use crate::api;
use crate::components::{Empty, ErrorBox, HelpItem, Loading};
use crate::i18n::t;

#[component]
pub fn HelpPage() -> impl IntoView {
    with_town(|town| view! { <Help town=town.id slug=town.slug.clone() name=town.name.clone()/> }.into_any())
}

#[component]
fn Help(town: i64, slug: String, name: String) -> impl IntoView {
    let q = RwSignal::new(String::new());
    let hits = LocalResource::new(move || api::help_search(town, q.get(), None));
    let answered = RwSignal::new(false);
    view! {
        <h1>{t("help.title")}" — "{name}</h1>
        <div class="field">
            <label for="help-q">{t("help.search")}</label>
            <input id="help-q" type="search" autocomplete="off" bind:value=q/>
        </div>
        <Show when=move || answered.get()>
            <p class="success" role="status">{t("help.glad")}</p>
        </Show>
        <Transition fallback=Loading>
            {move || hits.get().and_then(Result::err).map(|e| view! { <ErrorBox err=e/> })}
            {move || hits.get().is_some_and(|r| r.as_ref().is_ok_and(Vec::is_empty)).then(|| view! { <Empty text=Signal::derive(t("help.none"))/> })}
            // Keyed: an answer the reader opened stays open while the list refreshes.
            <div class="help-list">
                <For each=move || hits.get().and_then(Result::ok).unwrap_or_default() key=|h| h.id let:h>
                    <HelpItem town h node=Signal::stored(None) answered/>
                </For>
            </div>
        </Transition>
        <p>{t("help.not_found")}" "<a href=format!("/t/{slug}/nouvelle")>{t("portal.file")}</a></p>
    }
}
