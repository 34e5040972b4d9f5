//! The citizen portal: choose a town, file a request (with the nearby-duplicates check),
//! public requests as a list and on a map, tracking without an account, the account.

mod account;
mod follow;
mod help;
mod links;
mod mine;
mod public;
mod survey;

pub use account::{AccountPage, TrackPage};
pub use help::HelpPage;
pub use links::{ConfirmEmailPage, DepartmentEmailPage, FollowConfirmPage, UnsubscribePage};
pub use mine::{MyRequest, MyRequests};
pub use public::{PublicDetail, PublicList};
pub use survey::SurveyPage;

use crate::router::use_params_map;
use civis_domain::wire::{CreatedRequest, TownPublic};
use leptos::prelude::*;

use crate::components::{CitizenStatus, Empty, ErrorBox, Loading, Wizard, loaded};
use crate::i18n::{t, use_i18n};
use crate::towns::use_towns;

#[component]
pub fn Home() -> impl IntoView {
    let towns = use_towns();
    view! {
        <h1>{t("portal.title")}</h1>
        <p class="lead">{t("portal.lead")}</p>
        <h2>{t("portal.choose_town")}</h2>
        {move || loaded(towns.0.get(), |list| {
            if list.is_empty() {
                return view! { <Empty text=Signal::derive(t("portal.no_towns"))/> }.into_any();
            }
            view! {
                <ul class="cards">
                    {list.into_iter().map(|town| view! {
                        <li><a href=format!("/t/{}", town.slug)>{town.name}</a></li>
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}

/// The town named in the address, once the towns are loaded.
pub fn with_town(render: impl Fn(TownPublic) -> AnyView + Send + Sync + 'static) -> impl IntoView {
    let towns = use_towns();
    let params = use_params_map();
    move || {
        let slug = params.read().get("slug").unwrap_or_default();
        match towns.0.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox err=e/> }.into_any(),
            Some(Ok(_)) => match towns.by_slug(&slug) {
                Some(town) => render(town),
                None => view! { <Empty text=Signal::derive(t("portal.unknown_town"))/> }.into_any(),
            },
        }
    }
}

#[component]
pub fn TownHome() -> impl IntoView {
    with_town(|town| {
        view! {
            <h1>{town.name.clone()}</h1>
            <ul class="cards actions">
                <li><a href=format!("/t/{}/nouvelle", town.slug)>{t("portal.file")}</a></li>
                <li><a href=format!("/t/{}/publiques", town.slug)>{t("portal.public")}</a></li>
                <li><a href=format!("/t/{}/suivi", town.slug)>{t("portal.track")}</a></li>
                <li><a href=format!("/t/{}/aide", town.slug)>{t("help.title")}</a></li>
            </ul>
        }
        .into_any()
    })
}

#[component]
pub fn FilePage() -> impl IntoView {
    let done = RwSignal::new(None::<(CreatedRequest, Vec<String>)>);
    with_town(move |town| {
        let slug = town.slug.clone();
        view! {
            <h1>{t("portal.file")}" — "{town.name.clone()}</h1>
            {move || match done.get() {
                Some((created, failed)) => view! { <Confirmation created failed slug=slug.clone()/> }.into_any(),
                None => view! {
                    <Wizard towns=vec![town.clone()] staff=false on_done=Callback::new(move |(_, c, failed)| done.set(Some((c, failed))))/>
                }.into_any(),
            }}
        }
        .into_any()
    })
}

#[component]
fn Confirmation(created: CreatedRequest, failed: Vec<String>, slug: String) -> impl IntoView {
    let i = use_i18n();
    let due = crate::components::day(created.due_date);
    let has_due = created.due_date.is_some();
    view! {
        <section class="confirmation" role="status" aria-live="polite">
            <h2>{t("portal.thanks")}</h2>
            <p>{t("portal.your_number")}" "<strong class="number">{created.number.clone()}</strong></p>
            <p><CitizenStatus status=created.status/></p>
            <Show when=move || has_due>
                <p>{move || format!("{} {}", i.t("portal.expected_by"), due())}
                    <crate::components::DueWhy e=created.due_explanation.clone()/></p>
            </Show>
            <p>{t("portal.keep_number")}</p>
            {(!failed.is_empty()).then(|| view! {
                <p class="error" role="alert">{move || format!("{} {}", i.t("portal.photos_failed"), failed.join(", "))}</p>
            })}
            // The tracking link carries the number: only the email is left to type.
            <p><a href=format!("/t/{slug}/suivi?numero={}", created.number)>{t("portal.track")}</a></p>
        </section>
    }
}
