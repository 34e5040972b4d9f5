//! A town's public help (`/t/:slug/aide`): its public answers, searched like the agents'
//! (accents and a typo forgiven), read in place, with their documents; "this answered my
//! question" counts a question resolved without a request.

use leptos::prelude::*;
use leptos_router::components::A;

use super::with_town;
use crate::api;
use crate::components::{HelpItem, Loading, listed};
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
            {move || listed(hits.get(), "help.none", |list| view! {
                    <div class="help-list">
                        {list.into_iter().map(|h| view! { <HelpItem town h node=Signal::stored(None) answered/> }).collect_view()}
                    </div>
                }.into_any())}
        </Transition>
        <p>{t("help.not_found")}" "<A href=format!("/t/{slug}/nouvelle")>{t("portal.file")}</A></p>
    }
}
