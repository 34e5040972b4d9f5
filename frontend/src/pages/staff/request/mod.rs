//! A request as staff work it: status, visibility, number, favorite; Options (make public
//! or private, transfer, put in progress, close with the closure form, reopen with a
//! reason); priority and department; tabs Informations, Suivis, Photos (n), Fichiers (n),
//! Historique (the timeline of every change and follow-up); for the director, Journal
//! d'accès (who read the requester's contact).

mod answers;
mod assign;
mod journal;
pub use journal::JournalTable;
mod options;
mod tabs;
mod timeline;
mod unusual;
mod wording;

use crate::router::use_params_map;
use civis_domain::wire::{RequestDetail, RequestPatch, TransitionInput};
use leptos::prelude::*;

use self::options::{Options, OptionsState};
use self::tabs::{FollowupsTab, Info};
use self::timeline::Timeline;
use super::names::Names;
use super::with_staff_town;
use crate::api::{self, Problem};
use crate::components::{ErrorBox, Loading, StatusBadge};
use crate::i18n::{t, use_i18n};

#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    with_staff_town(move |town, _| {
        let id: i64 = params.read_untracked().get("id").and_then(|v| v.parse().ok()).unwrap_or_default();
        view! { <Request town=town.id id/> }.into_any()
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Info,
    Followups,
    Photos,
    Files,
    History,
    Journal,
}

#[component]
fn Request(town: i64, id: i64) -> impl IntoView {
    let i = use_i18n();
    let detail = RwSignal::new(None::<Result<RequestDetail, Problem>>);
    let names = RwSignal::new(Names::default());
    let reload = RwSignal::new(0u32);
    let err = RwSignal::new(None::<Problem>);
    let tab = RwSignal::new(Tab::Info);
    let options = OptionsState::new();
    // What the screens offer follows the domain's permission predicates: a role that may not
    // act sees no button (an elected official, an operator agent once it is the town's).
    let roles = StoredValue::new(crate::session::roles_in(town));
    let works = move || {
        detail.with(|d| match d {
            Some(Ok(d)) => roles.with_value(|r| r.can_work_requests() && r.may_work_at(d.status)),
            _ => false,
        })
    };
    Effect::new(move |_| {
        reload.track();
        leptos::task::spawn_local(async move { detail.set(Some(api::request(town, id).await)) });
    });
    leptos::task::spawn_local(async move {
        names.try_set(Names::load(town).await);
    });
    // A change that answers the new request view (PATCH, transitions); a status change
    // that went through closes the close and reopen forms.
    type Change = std::pin::Pin<Box<dyn std::future::Future<Output = Result<RequestDetail, Problem>>>>;
    let apply = move |fut: Change, transition: bool| {
        leptos::task::spawn_local(async move {
            match fut.await {
                Ok(d) => {
                    err.set(None);
                    if transition {
                        options.reset();
                    }
                    detail.set(Some(Ok(d)));
                }
                Err(e) => {
                    // Someone else changed it: show theirs, so the next try applies to it.
                    if e.status == 412 {
                        reload.update(|n| *n += 1);
                    }
                    // A refused change: the controls show the saved values again.
                    detail.update(|_| {});
                    err.set(Some(e))
                }
            }
        });
    };
    let patch = move |p: RequestPatch| {
        let Some(Ok(d)) = detail.get_untracked() else { return };
        apply(Box::pin(async move { api::update(town, id, d.version, &p).await }), false);
    };
    let assign = move |user_id: Option<i64>| {
        let Some(Ok(d)) = detail.get_untracked() else { return };
        let body = civis_domain::wire::AssignInput { user_id, reason: None };
        apply(Box::pin(async move { api::assign(town, id, d.version, &body).await }), false);
    };
    let act = move |input: TransitionInput| {
        let Some(Ok(d)) = detail.get_untracked() else { return };
        apply(Box::pin(async move { api::transition(town, id, d.version, &input).await }), true);
    };

    let ok = move || matches!(detail.get(), Some(Ok(_)));
    let head = move || match detail.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox err=e/> }.into_any(),
        Some(Ok(d)) => {
            let fav = d.favorite;
            let public = d.public;
            let photos = d.photo_count;
            let files = d.file_count;
            let tab_btn = move |which: Tab, label: Signal<String>| {
                view! {
                    <button type="button" role="tab" class="tab" aria-selected=move || (tab.get() == which).to_string()
                    tabindex=move || if tab.get() == which { "0" } else { "-1" }
                        on:click=move |_| tab.set(which)>{move || label.get()}</button>
                }
            };
            view! {
                <div class="request-head" class:internal=d.requester_mode == civis_domain::wire::RequesterMode::Internal>
                    <h1>{t("request.title")}" "<span class="number">{d.number.clone()}</span></h1>
                    <StatusBadge status=d.status/>
                    {d.days_late.map(|n| view! {
                        <span class="badge late-overdue">{move || i.t("late.days").replace("{n}", &n.to_string())}</span>
                    })}
                    {(d.lateness == Some(civis_domain::Lateness::DueSoon)).then(|| view! { <span class="badge late-soon">{t("late.due_soon")}</span> })}
                    <span class="tag">{move || i.t(if public { "request.public" } else { "request.private" })}</span>
                    {d.unusual_reason.is_some().then(|| view! { <span class="badge late-soon">{t("request.unusual")}</span> })}
                    <button type="button" class="star" aria-pressed=fav.to_string()
                        aria-label=move || i.t(if fav { "staff.unstar" } else { "staff.star" })
                        on:click=move |_| leptos::task::spawn_local(async move {
                            if api::set_favorite(town, id, !fav).await.is_ok() { reload.update(|n| *n += 1) }
                        })>{if fav { "★" } else { "☆" }}</button>
                </div>
                {works().then(|| view! { <Options d=d.clone() patch act assign names state=options err/> })}
                {works().then(|| view! { <unusual::Unusual town id current=d.unusual_reason.clone() reload/> })}
                {(works() && !d.kind.is_confidential()).then(|| view! { <wording::PublicWording d=d.clone() patch=Callback::new(patch)/> })}
                <div role="tablist" class="tabs" on:keydown=crate::components::tab_keys>
                    {tab_btn(Tab::Info, Signal::derive(t("request.tab.info")))}
                    {tab_btn(Tab::Followups, Signal::derive(t("request.tab.followups")))}
                    {tab_btn(Tab::Photos, Signal::derive(move || format!("{} ({photos})", i.t("request.tab.photos"))))}
                    {tab_btn(Tab::Files, Signal::derive(move || format!("{} ({files})", i.t("request.tab.files"))))}
                    {tab_btn(Tab::History, Signal::derive(t("request.tab.history")))}
                    {roles.with_value(|r| r.can_see_confidential()).then(|| tab_btn(Tab::Journal, Signal::derive(t("request.tab.journal"))))}
                </div>
            }
            .into_any()
        }
    };
    // The tabs' content lives apart from the header, so reloading the request after a
    // change does not wipe what is being typed in a tab.
    view! {
        <p><a href=format!("/staff/{town}")>{t("request.back")}</a></p>
        {head}
        {move || err.get().map(|e| view! { <ErrorBox err=e/> })}
        <Show when=ok>
            {move || match tab.get() {
                Tab::Info => (move || match detail.get() {
                    Some(Ok(d)) => view! { <Info d names/> }.into_any(),
                    _ => ().into_any(),
                }).into_any(),
                Tab::Followups => view! { <FollowupsTab town id reload can_write=Signal::derive(works)/> }.into_any(),
                Tab::Photos => view! {
                    <crate::components::AttachmentTab town id kind=civis_domain::wire::AttachmentKind::Photo can_add=works()
                        on_added=Callback::new(move |_| reload.update(|n| *n += 1))/>
                }.into_any(),
                Tab::Files => view! {
                    <crate::components::AttachmentTab town id kind=civis_domain::wire::AttachmentKind::File can_add=works()
                        on_added=Callback::new(move |_| reload.update(|n| *n += 1))/>
                }.into_any(),
                Tab::History => view! { <Timeline town id names reload/> }.into_any(),
                Tab::Journal => view! { <journal::AccessJournal town id/> }.into_any(),
            }}
        </Show>
    }
}
