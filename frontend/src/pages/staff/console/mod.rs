//! The agent console (`/staff/:town/premier-contact`): during a call, search the town's
//! knowledge base, read the answer, send its documents, and log the contact in a few
//! seconds; the callbacks still to make are listed beside it. An operator agent serving
//! several towns switches to the town of the call.

mod article;
mod callbacks;
mod log;
mod recent;
mod search;

use civis_domain::wire::{TaxonomyNode, TownPublic};
use leptos::prelude::*;

use super::with_staff_town;
use crate::api::{self, Res};
use crate::i18n::t;

/// What the console's parts share.
#[derive(Clone, Copy)]
pub struct Desk {
    pub town: i64,
    /// The article open beside the results.
    pub selected: RwSignal<Option<i64>>,
    /// Articles the answer came from: (id, title), logged with the contact.
    pub used: RwSignal<Vec<(i64, String)>>,
    /// The contact just logged (documents sent are logged on it).
    pub last_contact: RwSignal<Option<i64>>,
    /// Bumped to reload the callback queue.
    pub queue: RwSignal<u32>,
    pub tree: LocalResource<Res<Vec<TaxonomyNode>>>,
}

#[component]
pub fn ConsolePage() -> impl IntoView {
    with_staff_town(|town, mine| view! { <Console town=town.id mine/> }.into_any())
}

#[component]
fn Console(town: i64, mine: Vec<TownPublic>) -> impl IntoView {
    let desk = Desk {
        town,
        selected: RwSignal::new(None),
        used: RwSignal::new(vec![]),
        last_contact: RwSignal::new(None),
        queue: RwSignal::new(0),
        tree: LocalResource::new(move || api::taxonomy(town)),
    };
    view! {
        <div class="toolbar">
            <h1>{t("console.title")}</h1>
            <super::TownSwitch town mine label="console.town_of_call" page="/premier-contact"/>
            <a class="button" href=format!("/staff/{town}/articles")>{t("kb.title")}</a>
            <a class="button" href=format!("/staff/{town}")>{t("staff.dashboard")}</a>
        </div>
        <div class="console">
            <div class="console-kb">
                <search::SearchPanel desk/>
                <article::ArticlePanel desk/>
            </div>
            <div class="console-log">
                <log::LogForm desk/>
                <callbacks::CallbackQueue desk/>
                <recent::RecentContacts desk/>
            </div>
        </div>
    }
}
