//! For a citizen who has picked a category: the town's public answers about it, offered
//! before the request is written ("Ces réponses pourraient vous aider").

use civis_domain::wire::ArticleHit;
use leptos::prelude::*;

use super::Form;
use crate::api;
use crate::components::HelpItem;
use crate::i18n::t;

#[component]
pub fn Suggestions(form: Form) -> impl IntoView {
    let town = move || form.town.with(|t| t.as_ref().map(|t| t.id));
    let node = Signal::derive(move || form.path.with(|p| p.last().copied()));
    let hits = LocalResource::new(move || {
        let picked = town().zip(node.get());
        async move {
            match picked {
                Some((town, node)) => api::help_search(town, String::new(), Some(node)).await.unwrap_or_default(),
                None => vec![],
            }
        }
    });
    let list = move || -> Vec<ArticleHit> { hits.get().unwrap_or_default().into_iter().take(3).collect() };
    let answered = RwSignal::new(false);
    let slug = move || form.town.with(|t| t.as_ref().map(|t| t.slug.clone())).unwrap_or_default();
    view! {
        <Show when=move || !list().is_empty()>
            <section class="help-suggestions" aria-labelledby="help-title">
                <h3 id="help-title">{t("help.suggestions")}</h3>
                <p class="help">{t("help.suggestions_help")}</p>
                <Show when=move || answered.get()>
                    <p class="success" role="status">{t("help.glad")}" "<a href=move || format!("/t/{}", slug())>{t("help.back_home")}</a></p>
                </Show>
                // Keyed: an answer open stays open while the choice is refined below it.
                <For each=list key=|h| h.id let:h>
                    <HelpItem town=town().unwrap_or_default() h node answered/>
                </For>
            </section>
        </Show>
    }
}
