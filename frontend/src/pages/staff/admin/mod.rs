//! Town administration: departments, taxonomy nodes and their questions, town options,
//! the address register, users. For the town administrator (and the platform administrator); the API decides.

mod addresses;
mod departments;
mod hours;
mod integrations;
mod options;
mod settings;
mod taxonomy;
mod users;
mod webhooks;

use leptos::prelude::*;

use super::with_staff_town;
use crate::i18n::t;

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Departments,
    Taxonomy,
    Settings,
    Addresses,
    Users,
    Integrations,
}

#[component]
pub fn AdminPage() -> impl IntoView {
    with_staff_town(|town, _| {
        let tab = RwSignal::new(Tab::Departments);
        let id = town.id;
        let tab_btn = move |which: Tab, key: &'static str| {
            view! {
                <button type="button" role="tab" class="tab" id=tab_id(which) aria-controls="admin-panel"
                    aria-selected=move || (tab.get() == which).to_string()
                    tabindex=move || if tab.get() == which { "0" } else { "-1" }
                    on:click=move |_| tab.set(which)>{t(key)}</button>
            }
        };
        view! {
            <div class="toolbar">
                <h1>{t("admin.title")}" — "{town.name.clone()}</h1>
                <a class="button" href=format!("/staff/{}/articles", town.id)>{t("kb.title")}</a>
                <a class="button" href=format!("/staff/{}/rapports", town.id)>{t("reports.title")}</a>
            </div>
            <div role="tablist" class="tabs" on:keydown=crate::components::tab_keys>
                {tab_btn(Tab::Departments, "admin.tab.departments")}
                {tab_btn(Tab::Taxonomy, "admin.tab.taxonomy")}
                {tab_btn(Tab::Settings, "admin.tab.settings")}
                {tab_btn(Tab::Addresses, "admin.tab.addresses")}
                {tab_btn(Tab::Users, "admin.tab.users")}
                {tab_btn(Tab::Integrations, "admin.tab.integrations")}
            </div>
            <div role="tabpanel" id="admin-panel" aria-labelledby=move || tab_id(tab.get())>
                {move || match tab.get() {
                    Tab::Departments => view! { <departments::Departments town=id/> }.into_any(),
                    Tab::Taxonomy => view! { <taxonomy::Taxonomy town=id/> }.into_any(),
                    Tab::Settings => view! { <settings::Settings town=id/> }.into_any(),
                    Tab::Addresses => view! { <addresses::Register town=id/> }.into_any(),
                    Tab::Users => view! { <users::Users town=id/> }.into_any(),
                    Tab::Integrations => view! { <integrations::Integrations town=id/><webhooks::Webhooks town=id/> }.into_any(),
                }}
            </div>
        }
        .into_any()
    })
}

/// A tab's element id (its panel is labelled by the selected one).
fn tab_id(which: Tab) -> &'static str {
    match which {
        Tab::Departments => "admin-tab-departments",
        Tab::Taxonomy => "admin-tab-taxonomy",
        Tab::Settings => "admin-tab-settings",
        Tab::Addresses => "admin-tab-addresses",
        Tab::Users => "admin-tab-users",
        Tab::Integrations => "admin-tab-integrations",
    }
}

/// A checkbox bound to a signal, with its label.
pub fn check(value: RwSignal<bool>, key: &'static str) -> impl IntoView {
    view! { <label class="check"><input type="checkbox" bind:checked=value/>{t(key)}</label> }
}

/// The text of an optional input: `None` when blank.
pub fn opt(s: RwSignal<String>) -> Option<String> {
    Some(s.get_untracked().trim().to_string()).filter(|v| !v.is_empty())
}
