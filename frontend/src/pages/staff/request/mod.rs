//! A request as staff work it: status, visibility, number, favorite; Options (make public
//! or private, transfer, put in progress, close with the closure form, reopen with a
//! reason); priority and department; tabs Informations, Suivis, Photos (n), Fichiers (n),
//! Historique (the timeline of every change and follow-up); for the director, Journal
//! d'accès (who read the requester's contact).

mod answers;
mod assign;
mod closure;
mod journal;
pub use journal::JournalTable;
mod options;
mod tabs;
mod timeline;
mod unusual;
mod waiting;
mod wording;

use crate::router::use_params_map;
use civis_domain::wire::{AttachmentKind, RequestDetail, RequestPatch, TransitionInput};
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
        let town = town.id;
        // The town's names first: without them the page cannot say a department or category
        // (a failure is the page's, with a retry).
        let names = LocalResource::new(move || Names::load(town));
        view! {
            // A `Transition`: the request's and its tabs' loads must not bring the fallback back.
            <Transition fallback=Loading>
                {move || names.get().map(|n| n.map(|n| view! { <Request town id names=RwSignal::new(n)/> }))}
            </Transition>
        }
        .into_any()
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

/// A change to the request, sent with the version it applies to.
#[derive(Clone)]
enum Change {
    Patch(RequestPatch),
    Assign(Option<i64>),
    Act(TransitionInput),
}

/// Sends a change; answers whether it was a status change, and the request as it now is.
async fn send(town: i64, id: i64, version: i32, change: Change) -> (bool, Result<RequestDetail, Problem>) {
    match change {
        Change::Patch(p) => (false, api::update(town, id, version, &p).await),
        Change::Assign(user_id) => {
            let body = civis_domain::wire::AssignInput { user_id, reason: None };
            (false, api::assign(town, id, version, &body).await)
        }
        Change::Act(input) => (true, api::transition(town, id, version, &input).await),
    }
}

#[component]
fn Request(town: i64, id: i64, names: RwSignal<Names>) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let detail = LocalResource::new(move || {
        reload.track();
        api::request(town, id)
    });
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
    let change = Action::new_local(move |(version, c): &(i32, Change)| send(town, id, *version, c.clone()));
    answered(change, detail, reload, err, options);
    let dispatch = move |c: Change| {
        if let Some(Ok(d)) = detail.get_untracked() {
            change.dispatch((d.version, c));
        }
    };
    let (patch, assign) = (move |p| dispatch(Change::Patch(p)), move |user| dispatch(Change::Assign(user)));
    let act = move |input: TransitionInput| dispatch(Change::Act(input));
    let head = move || {
        match detail.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox err=e/> }.into_any(),
        Some(Ok(d)) => view! {
            <RequestHead d=d.clone() reload err/>
            {works().then(|| view! { <Options d=d.clone() patch act assign names state=options err/> })}
            <waiting::Waiting d=d.clone() works=works() reload/>
            {works().then(|| view! { <unusual::Unusual town id current=d.unusual_reason.clone() reload/> })}
            {(works() && !d.kind.is_confidential()).then(|| view! { <wording::PublicWording d=d.clone() patch=Callback::new(patch)/> })}
            <RequestTabs d tab journal=roles.with_value(|r| r.can_see_confidential())/>
        }
        .into_any(),
    }
    };
    // The tabs' content lives apart from the header, so reloading the request after a
    // change does not wipe what is being typed in a tab.
    view! {
        <p><a href=format!("/staff/{town}")>{t("request.back")}</a></p>
        {head}
        {move || err.get().map(|e| view! { <ErrorBox err=e/> })}
        <Show when=move || matches!(detail.get(), Some(Ok(_)))>
            <div role="tabpanel" id="request-panel" aria-labelledby=move || tab_id(tab.get())>
            {move || match tab.get() {
                Tab::Info => (move || match detail.get() {
                    Some(Ok(d)) => view! { <Info d names/> }.into_any(),
                    _ => ().into_any(),
                }).into_any(),
                Tab::Followups => view! { <FollowupsTab town id reload can_write=Signal::derive(works)/> }.into_any(),
                Tab::Photos => view! { <Attachments town id kind=AttachmentKind::Photo can_add=works() reload/> }.into_any(),
                Tab::Files => view! { <Attachments town id kind=AttachmentKind::File can_add=works() reload/> }.into_any(),
                Tab::History => view! { <Timeline town id names reload/> }.into_any(),
                Tab::Journal => view! { <journal::AccessJournal town id/> }.into_any(),
            }}
            </div>
        </Show>
    }
}

/// The answer to a change is the request as it now is; a status change that went through
/// closes the close and reopen forms.
fn answered(
    change: Action<(i32, Change), (bool, Result<RequestDetail, Problem>)>,
    detail: LocalResource<Result<RequestDetail, Problem>>,
    reload: RwSignal<u32>,
    err: RwSignal<Option<Problem>>,
    options: OptionsState,
) {
    Effect::new(move |_| match change.value().get() {
        Some((transition, Ok(d))) => {
            err.set(None);
            if transition {
                options.reset();
            }
            detail.set(Some(Ok(d)));
        }
        Some((_, Err(e))) => {
            // Someone else changed it: show theirs, so the next try applies to it.
            if e.status == 412 {
                reload.update(|n| *n += 1);
            }
            // A refused change: the controls show the saved values again.
            detail.update(|_| {});
            err.set(Some(e))
        }
        None => {}
    });
}

/// The photos' or files' tab; one added reloads the request (its counts).
#[component]
fn Attachments(town: i64, id: i64, kind: AttachmentKind, can_add: bool, reload: RwSignal<u32>) -> impl IntoView {
    view! {
        <crate::components::AttachmentTab town id kind can_add on_added=Callback::new(move |_| reload.update(|n| *n += 1))/>
    }
}

/// The request's number, status, lateness, visibility and the star.
#[component]
fn RequestHead(d: RequestDetail, reload: RwSignal<u32>, err: RwSignal<Option<Problem>>) -> impl IntoView {
    let i = use_i18n();
    let (town, id, fav, public) = (d.municipality_id, d.id, d.favorite, d.public);
    let star = Action::new_local(move |on: &bool| api::set_favorite(town, id, *on));
    Effect::new(move |_| match star.value().get() {
        Some(Ok(())) => reload.update(|n| *n += 1),
        Some(Err(e)) => err.set(Some(e)),
        None => {}
    });
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
            {d.after_hours.then(|| view! { <span class="tag">{t("request.after_hours")}</span> })}
            <crate::components::FirstAnswerBadge state=d.first_answer.as_ref().and_then(|f| f.state)/>
            <button type="button" class="star" aria-pressed=fav.to_string()
                aria-label=move || i.t(if fav { "staff.unstar" } else { "staff.star" })
                on:click=move |_| { star.dispatch(!fav); }>{if fav { "★" } else { "☆" }}</button>
        </div>
    }
}

/// A tab's element id (its panel is labelled by the selected one).
fn tab_id(which: Tab) -> &'static str {
    match which {
        Tab::Info => "request-tab-info",
        Tab::Followups => "request-tab-followups",
        Tab::Photos => "request-tab-photos",
        Tab::Files => "request-tab-files",
        Tab::History => "request-tab-history",
        Tab::Journal => "request-tab-journal",
    }
}

/// The tabs' buttons (the journal's for those who read the confidential).
#[component]
fn RequestTabs(d: RequestDetail, tab: RwSignal<Tab>, journal: bool) -> impl IntoView {
    let i = use_i18n();
    let (photos, files) = (d.photo_count, d.file_count);
    let tab_btn = move |which: Tab, label: Signal<String>| {
        view! {
            <button type="button" role="tab" class="tab" id=tab_id(which) aria-controls="request-panel"
                aria-selected=move || (tab.get() == which).to_string()
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                on:click=move |_| tab.set(which)>{move || label.get()}</button>
        }
    };
    view! {
        <div role="tablist" class="tabs" on:keydown=crate::components::tab_keys>
            {tab_btn(Tab::Info, Signal::derive(t("request.tab.info")))}
            {tab_btn(Tab::Followups, Signal::derive(t("request.tab.followups")))}
            {tab_btn(Tab::Photos, Signal::derive(move || format!("{} ({photos})", i.t("request.tab.photos"))))}
            {tab_btn(Tab::Files, Signal::derive(move || format!("{} ({files})", i.t("request.tab.files"))))}
            {tab_btn(Tab::History, Signal::derive(t("request.tab.history")))}
            {journal.then(|| tab_btn(Tab::Journal, Signal::derive(t("request.tab.journal"))))}
        </div>
    }
}
