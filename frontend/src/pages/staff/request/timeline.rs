//! The request's timeline: every change and follow-up in the order they happened, with who
//! (named where the privacy rule allows), when, what changed and why; filtered by kind.

use civis_domain::wire::{ClosureEntry, FollowupKind, HistoryEntry, TimelineItem};
use civis_domain::{Lang, Priority, Status};
use leptos::prelude::*;

use super::Names;
use super::tabs::Actor;
use crate::api;
use crate::components::{Empty, ErrorBox, Loading, moment};
use crate::i18n::{t, use_i18n};

/// What the timeline shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Show {
    All,
    Field(&'static str),
    Followups,
}

const FILTERS: [(Show, &str); 9] = [
    (Show::All, "timeline.all"),
    (Show::Field("status"), "timeline.status"),
    (Show::Field("priority"), "timeline.priority"),
    (Show::Field("department"), "timeline.department"),
    (Show::Field("assignee"), "timeline.assignee"),
    (Show::Field("due_date"), "timeline.due_date"),
    (Show::Field("waiting"), "timeline.waiting"),
    (Show::Field("visibility"), "timeline.visibility"),
    (Show::Followups, "timeline.followups"),
];

fn shown(show: Show, item: &TimelineItem) -> bool {
    match (show, item) {
        (Show::All, _) => true,
        (Show::Field(f), TimelineItem::Change(h)) => h.field == f,
        (Show::Field("status"), TimelineItem::Closure(_)) => true,
        (Show::Followups, TimelineItem::Followup(_)) => true,
        _ => false,
    }
}

#[component]
pub fn Timeline(town: i64, id: i64, names: RwSignal<Names>, reload: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let items = LocalResource::new(move || {
        reload.track();
        api::timeline(town, id)
    });
    let show = RwSignal::new(Show::All);
    view! {
        <div class="toolbar">
            <label class="inline" for="tl-filter">{t("timeline.show")}</label>
            <select id="tl-filter" on:change=move |ev| {
                let v = event_target_value(&ev);
                if let Some((s, _)) = FILTERS.iter().find(|(_, k)| *k == v) { show.set(*s) }
            }>
                {FILTERS.iter().map(|(s, k)| view! { <option value=*k selected=*s == Show::All>{move || i.t(k)}</option> }).collect_view()}
            </select>
        </div>
        <Suspense fallback=Loading>
            {move || items.get().map(|res| match res {
                Err(e) => view! { <ErrorBox err=e/> }.into_any(),
                Ok(all) => {
                    let list: Vec<TimelineItem> = all.into_iter().filter(|x| shown(show.get(), x)).collect();
                    if list.is_empty() {
                        return view! { <Empty text=Signal::derive(t("history.none"))/> }.into_any();
                    }
                    view! { <ol class="timeline">{list.into_iter().map(|x| view! { <Entry item=x names/> }).collect_view()}</ol> }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn Entry(item: TimelineItem, names: RwSignal<Names>) -> impl IntoView {
    let i = use_i18n();
    match item {
        TimelineItem::Change(h) => {
            let when = moment(h.at);
            let reason = h.reason.clone();
            let (who, kind) = (h.actor.clone().map(civis_domain::privacy::Shown::into_inner), h.actor_kind);
            let what = move || change_text(&h, names, i.lang.get());
            view! {
                <li class="change">
                    <span class="muted">{when}" · "<Actor name=who kind/></span>
                    <p>{what}</p>
                    {reason.map(|r| view! { <p class="reason">{move || i.t("timeline.reason")}" : "{move || reason_text(&r, i.lang.get())}</p> })}
                </li>
            }
            .into_any()
        }
        TimelineItem::Closure(c) => view! { <ClosureItem c/> }.into_any(),
        TimelineItem::Followup(f) => {
            let when = moment(f.created_at);
            let key = match f.kind {
                FollowupKind::Internal => "followup.internal",
                FollowupKind::External => "followup.external",
                FollowupKind::Incoming => "followup.incoming",
            };
            view! {
                <li class=format!("followup {}", f.kind.as_str())>
                    <span class="tag">{move || i.t(key)}</span>" "
                    <span class="muted">{when}" · "<Actor name=f.author.clone().map(civis_domain::privacy::Shown::into_inner) kind=f.author_kind/></span>
                    <p class="pre">{f.body.clone()}</p>
                </li>
            }
            .into_any()
        }
    }
}

/// A closure as it was written: kept in the timeline when the request is reopened.
#[component]
fn ClosureItem(c: ClosureEntry) -> impl IntoView {
    let i = use_i18n();
    let when = moment(c.at);
    let outcome = if c.refused { "close.refused" } else { "close.processed" };
    let who = c.actor.map(civis_domain::privacy::Shown::into_inner);
    view! {
        <li class="closure">
            <span class="tag">{move || i.t("request.closure")}" · "{move || i.t(outcome)}</span>" "
            <span class="muted">{when}" · "<Actor name=who kind=civis_domain::wire::ActorKind::Staff/></span>
            <super::closure::ClosureFields c=c.closure/>
        </li>
    }
}

/// A reason the server writes itself (a code), in words; a person's reason as written.
fn reason_text(reason: &str, lang: Lang) -> String {
    match reason {
        "citizen_reply" | "hold" | "priority" | "extension" | "staff" | "after_hours" => {
            crate::i18n::tr(lang, &format!("reason.{reason}"))
        }
        _ => reason.to_string(),
    }
}

/// "Statut : Transférée → En traitement", in the reader's language.
fn change_text(h: &HistoryEntry, names: RwSignal<Names>, lang: Lang) -> String {
    let value = |v: &Option<String>| -> String {
        let Some(v) = v else { return "—".into() };
        match h.field.as_str() {
            "status" => v.parse::<Status>().map(|s| s.label(lang).to_string()).unwrap_or_else(|_| v.clone()),
            "priority" => v.parse::<Priority>().map(|p| p.label(lang).to_string()).unwrap_or_else(|_| v.clone()),
            "department" => names.with(|n| n.department(v.parse().ok(), lang)),
            "visibility" => crate::i18n::tr(lang, &format!("timeline.{v}")),
            "contact" => v
                .parse::<civis_domain::knowledge::ContactChannel>()
                .map(|c| c.label(lang).to_string())
                .unwrap_or_else(|_| v.clone()),
            "due_date" | "waiting" => {
                v.parse().map(|d| crate::format::day(&d, crate::i18n::locale_of(lang))).unwrap_or_else(|_| v.clone())
            }
            _ => v.clone(),
        }
    };
    let label = crate::i18n::tr(lang, &format!("timeline.{}", h.field));
    match &h.old_value {
        None => format!("{label} : {}", value(&h.new_value)),
        Some(_) => format!("{label} : {} → {}", value(&h.old_value), value(&h.new_value)),
    }
}
