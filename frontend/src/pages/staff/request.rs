//! A request as staff work it: status, visibility, number, favorite; Options (make public
//! or private, transfer, put in progress, close with the closure form, reopen with a
//! reason); priority and department; tabs Informations, Suivis, Photos (n), Fichiers (n),
//! Historique (priority and department: who, when).

use civis_domain::wire::{Closure, FollowupKind, NewFollowup, RequestDetail, RequestPatch, TransitionInput};
use civis_domain::{Action, Lang, Priority, RequestKind, Status};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::dashboard::Names;
use super::with_staff_town;
use crate::api::{self, Problem};
use crate::components::{Empty, ErrorBox, FieldMsg, FormError, Loading, PriorityLabel, StatusBadge, day, moment};
use crate::i18n::{t, use_i18n};
use crate::pages::portal::Followups;

#[component]
pub fn RequestPage() -> impl IntoView {
    let params = use_params_map();
    with_staff_town(move |town, _| {
        let id: i64 = params.read_untracked().get("id").and_then(|v| v.parse().ok()).unwrap_or_default();
        view! { <Request town=town.id id/> }.into_any()
    })
}

/// What is being typed in Options (the close form, the reopening reason). It lives with
/// the page, not with Options, which is drawn again each time the request reloads.
#[derive(Clone, Copy)]
struct OptionsState {
    closing: RwSignal<bool>,
    reopening: RwSignal<bool>,
    reason: RwSignal<String>,
    refused: RwSignal<bool>,
    resolution: RwSignal<String>,
    code: RwSignal<String>,
    planned: RwSignal<String>,
    performed: RwSignal<String>,
    note: RwSignal<String>,
    message: RwSignal<String>,
    provision: RwSignal<String>,
}

impl OptionsState {
    fn new() -> Self {
        let text = || RwSignal::new(String::new());
        Self {
            closing: RwSignal::new(false),
            reopening: RwSignal::new(false),
            reason: text(),
            refused: RwSignal::new(false),
            resolution: text(),
            code: text(),
            planned: text(),
            performed: text(),
            note: text(),
            message: text(),
            provision: text(),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Info,
    Followups,
    Photos,
    Files,
    History,
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
    Effect::new(move |_| {
        reload.track();
        leptos::task::spawn_local(async move { detail.set(Some(api::request(town, id).await)) });
    });
    leptos::task::spawn_local(async move {
        let (deps, nodes) = (api::departments(town).await, api::taxonomy(town).await);
        names.set(Names { departments: deps.unwrap_or_default(), nodes: nodes.unwrap_or_default() });
    });
    // A change that answers the new request view (PATCH, transitions).
    let apply = move |fut: std::pin::Pin<Box<dyn std::future::Future<Output = Result<RequestDetail, Problem>>>>| {
        leptos::task::spawn_local(async move {
            match fut.await {
                Ok(d) => {
                    err.set(None);
                    detail.set(Some(Ok(d)));
                }
                Err(e) => {
                    // Someone else changed it: show theirs, so the next try applies to it.
                    if e.status == 412 {
                        reload.update(|n| *n += 1);
                    }
                    err.set(Some(e))
                }
            }
        });
    };
    let patch = move |p: RequestPatch| {
        let Some(Ok(d)) = detail.get_untracked() else { return };
        apply(Box::pin(async move { api::update(town, id, d.version, &p).await }));
    };
    let act = move |input: TransitionInput| {
        let Some(Ok(d)) = detail.get_untracked() else { return };
        apply(Box::pin(async move { api::transition(town, id, d.version, &input).await }));
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
                        on:click=move |_| tab.set(which)>{move || label.get()}</button>
                }
            };
            view! {
                <div class="request-head" class:internal=d.requester_mode == civis_domain::wire::RequesterMode::Internal>
                    <h1>{t("request.title")}" "<span class="number">{d.number.clone()}</span></h1>
                    <StatusBadge status=d.status/>
                    <span class="tag">{move || i.t(if public { "request.public" } else { "request.private" })}</span>
                    <button type="button" class="star" aria-pressed=fav.to_string()
                        aria-label=move || i.t(if fav { "staff.unstar" } else { "staff.star" })
                        on:click=move |_| leptos::task::spawn_local(async move {
                            if api::set_favorite(town, id, !fav).await.is_ok() { reload.update(|n| *n += 1) }
                        })>{if fav { "★" } else { "☆" }}</button>
                </div>
                <Options d=d.clone() patch act names state=options/>
                <div role="tablist" class="tabs">
                    {tab_btn(Tab::Info, Signal::derive(t("request.tab.info")))}
                    {tab_btn(Tab::Followups, Signal::derive(t("request.tab.followups")))}
                    {tab_btn(Tab::Photos, Signal::derive(move || format!("{} ({photos})", i.t("request.tab.photos"))))}
                    {tab_btn(Tab::Files, Signal::derive(move || format!("{} ({files})", i.t("request.tab.files"))))}
                    {tab_btn(Tab::History, Signal::derive(t("request.tab.history")))}
                </div>
            }
            .into_any()
        }
    };
    // The tabs' content lives apart from the header, so reloading the request after a
    // change does not wipe what is being typed in a tab.
    view! {
        <p><A href=format!("/staff/{town}")>{t("request.back")}</A></p>
        {head}
        {move || err.get().map(|e| view! { <ErrorBox err=e/> })}
        <Show when=ok>
            {move || match tab.get() {
                Tab::Info => (move || match detail.get() {
                    Some(Ok(d)) => view! { <Info d names/> }.into_any(),
                    _ => ().into_any(),
                }).into_any(),
                Tab::Followups => view! { <FollowupsTab town id reload/> }.into_any(),
                Tab::Photos => view! {
                    <crate::components::AttachmentTab town id kind=civis_domain::wire::AttachmentKind::Photo can_add=true
                        on_added=Callback::new(move |_| reload.update(|n| *n += 1))/>
                }.into_any(),
                Tab::Files => view! {
                    <crate::components::AttachmentTab town id kind=civis_domain::wire::AttachmentKind::File can_add=true
                        on_added=Callback::new(move |_| reload.update(|n| *n += 1))/>
                }.into_any(),
                Tab::History => view! { <History town id names reload/> }.into_any(),
            }}
        </Show>
    }
}

#[component]
fn Options(
    d: RequestDetail,
    names: RwSignal<Names>,
    state: OptionsState,
    patch: impl Fn(RequestPatch) + Copy + Send + Sync + 'static,
    act: impl Fn(TransitionInput) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i = use_i18n();
    let OptionsState { closing, reopening, reason, .. } = state;
    let public = d.public;
    let status = d.status;
    let kind = d.kind;
    let dep = d.department_id;
    let prio = d.priority;
    let simple = move |action: Action| act(TransitionInput { action, reason: None, closure: None });
    view! {
        <section class="options" aria-label=t("request.options")>
            <div class="toolbar">
                <label class="inline" for="r-priority">{t("request.priority")}</label>
                <select id="r-priority" on:change=move |ev| {
                    if let Ok(p) = event_target_value(&ev).parse::<Priority>() { patch(RequestPatch { priority: Some(p), ..Default::default() }) }
                }>
                    {Priority::ALL.into_iter().map(|p| view! { <option value=p.as_str() selected=p == prio>{move || p.label(i.lang.get())}</option> }).collect_view()}
                </select>
                <label class="inline" for="r-department">{t("request.department")}</label>
                <select id="r-department" on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<i64>() { patch(RequestPatch { department_id: Some(v), ..Default::default() }) }
                }>
                    <option value="" selected=dep.is_none()>"—"</option>
                    {move || names.get().departments.into_iter().filter(|x| x.active || Some(x.id) == dep).map(|x| {
                        let label = if i.lang.get() == Lang::Fr { x.name_fr.clone() } else { x.name_en.clone() };
                        view! { <option value=x.id.to_string() selected=Some(x.id) == dep>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="toolbar">
                <button type="button" class="secondary" on:click=move |_| patch(RequestPatch { public: Some(!public), ..Default::default() })>
                    {move || i.t(if public { "request.make_private" } else { "request.make_public" })}
                </button>
                <Show when=move || status == Status::NotTransferred>
                    <button type="button" class="secondary" on:click=move |_| simple(Action::Transfer)>{t("request.transfer")}</button>
                </Show>
                <Show when=move || status == Status::Transferred>
                    <button type="button" class="secondary" on:click=move |_| simple(Action::Start)>{t("request.start")}</button>
                </Show>
                <Show when=move || !status.is_closed()>
                    <button type="button" class="primary" aria-expanded=move || closing.get().to_string() on:click=move |_| closing.update(|c| *c = !*c)>{t("request.close")}</button>
                </Show>
                <Show when=move || status.is_closed()>
                    <button type="button" class="secondary" aria-expanded=move || reopening.get().to_string() on:click=move |_| reopening.update(|c| *c = !*c)>{t("request.reopen")}</button>
                </Show>
            </div>
            <Show when=move || closing.get()>
                <CloseForm kind act state/>
            </Show>
            <Show when=move || reopening.get()>
                <div class="field">
                    <label for="r-reason">{t("request.reopen_reason")}</label>
                    <textarea id="r-reason" rows="2" bind:value=reason></textarea>
                    <button type="button" class="primary" on:click=move |_| act(TransitionInput {
                        action: Action::Reopen, reason: Some(reason.get_untracked()).filter(|r| !r.trim().is_empty()), closure: None })>
                        {t("request.reopen")}</button>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn CloseForm(
    kind: RequestKind,
    act: impl Fn(TransitionInput) + Copy + Send + Sync + 'static,
    state: OptionsState,
) -> impl IntoView {
    let OptionsState { refused, resolution, code, planned, performed, note, message, provision, .. } = state;
    let opt = |s: RwSignal<String>| Some(s.get_untracked().trim().to_string()).filter(|v| !v.is_empty());
    let submit = move |_| {
        act(TransitionInput {
            action: if refused.get_untracked() { Action::CloseRefused } else { Action::CloseProcessed },
            reason: None,
            closure: Some(Closure {
                resolution: opt(resolution),
                intervention_code: opt(code),
                planned_date: opt(planned).and_then(|d| d.parse().ok()),
                performed_date: opt(performed).and_then(|d| d.parse().ok()),
                internal_note: opt(note),
                message_to_requester: opt(message),
                legal_provision: opt(provision),
            }),
        })
    };
    let field = |id: &'static str, label: &'static str, value: RwSignal<String>, kind: &'static str| {
        view! {
            <div class="field">
                <label for=id>{t(label)}</label>
                {if kind == "textarea" {
                    view! { <textarea id=id rows="3" bind:value=value></textarea> }.into_any()
                } else {
                    view! { <input id=id type=kind bind:value=value/> }.into_any()
                }}
            </div>
        }
    };
    view! {
        <form class="close-form" on:submit=|ev| ev.prevent_default()>
            <fieldset class="choices">
                <legend>{t("close.outcome")}</legend>
                <label><input type="radio" name="c-outcome" prop:checked=move || !refused.get() on:change=move |_| refused.set(false)/>{t("close.processed")}</label>
                <label><input type="radio" name="c-outcome" prop:checked=move || refused.get() on:change=move |_| refused.set(true)/>{t("close.refused")}</label>
            </fieldset>
            {field("c-resolution", "close.resolution", resolution, "textarea")}
            {field("c-code", "close.code", code, "text")}
            <div class="grid2">
                {field("c-planned", "close.planned", planned, "date")}
                {field("c-performed", "close.performed", performed, "date")}
            </div>
            {field("c-note", "close.internal_note", note, "textarea")}
            {field("c-message", "close.message", message, "textarea")}
            <Show when=move || kind == RequestKind::AccessToInformation && refused.get()>
                {field("c-provision", "close.legal_provision", provision, "text")}
            </Show>
            <button type="button" class="primary" on:click=submit>{t("close.confirm")}</button>
        </form>
    }
}

#[component]
fn Info(d: RequestDetail, names: RwSignal<Names>) -> impl IntoView {
    let i = use_i18n();
    let created = moment(d.created_at);
    let due = day(d.due_date);
    let node = d.node_id;
    let dep = d.department_id;
    let kind = d.kind;
    let channel = d.channel;
    view! {
        <dl class="summary">
            <dt>{t("request.kind")}</dt><dd>{move || kind.label(i.lang.get())}</dd>
            <dt>{t("request.category")}</dt><dd>{move || names.with(|n| n.node(node, i.lang.get()))}</dd>
            <dt>{t("request.department")}</dt><dd>{move || names.with(|n| n.department(dep, i.lang.get()))}</dd>
            <dt>{t("request.priority")}</dt><dd><PriorityLabel priority=d.priority/></dd>
            <dt>{t("request.channel")}</dt><dd>{move || channel.label(i.lang.get())}</dd>
            <dt>{t("request.created")}</dt><dd>{created}</dd>
            <dt>{t("request.due")}</dt><dd>{due}</dd>
            <dt>{t("wizard.address")}</dt><dd>{d.address.clone()}</dd>
            <dt>{t("request.description")}</dt><dd class="pre">{d.description.clone()}</dd>
        </dl>
        <h2>{t("request.answers")}</h2>
        {if d.answers.is_empty() {
            view! { <Empty text=Signal::derive(t("wizard.no_questions"))/> }.into_any()
        } else {
            view! { <dl class="summary">{d.answers.into_iter().map(|a| {
                let v = match &a.value { serde_json::Value::String(s) => s.clone(), other => other.to_string() };
                view! { <dt>{move || if i.lang.get() == Lang::Fr { a.label_fr.clone() } else { a.label_en.clone() }}</dt><dd>{v}</dd> }
            }).collect_view()}</dl> }.into_any()
        }}
        <h2>{t("request.requester")}</h2>
        {match d.requester {
            Some(r) => view! {
                <dl class="summary">
                    <dt>{t("wizard.last_name")}</dt><dd>{format!("{} {}", r.first_name, r.last_name)}</dd>
                    <dt>{t("wizard.email")}</dt><dd>{r.email.clone()}</dd>
                    <dt>{t("wizard.phone1")}</dt><dd>{r.phone1.clone()}</dd>
                    <dt>{t("wizard.postal_address")}</dt><dd>{r.postal_address.clone()}</dd>
                </dl>
            }.into_any(),
            None => view! { <p class="muted">{t("request.no_contact")}</p> }.into_any(),
        }}
        {d.closure.map(|c| view! {
            <h2>{t("request.closure")}</h2>
            <dl class="summary">
                <dt>{t("close.resolution")}</dt><dd>{c.resolution}</dd>
                <dt>{t("close.code")}</dt><dd>{c.intervention_code}</dd>
                <dt>{t("close.internal_note")}</dt><dd>{c.internal_note}</dd>
                <dt>{t("close.message")}</dt><dd>{c.message_to_requester}</dd>
            </dl>
        })}
    }
}

#[component]
fn FollowupsTab(town: i64, id: i64, reload: RwSignal<u32>) -> impl IntoView {
    let list = RwSignal::new(None);
    let body = RwSignal::new(String::new());
    let external = RwSignal::new(false);
    let err = RwSignal::new(None::<Problem>);
    let refresh = move || leptos::task::spawn_local(async move { list.set(Some(api::followups(town, id).await)) });
    refresh();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = NewFollowup {
            kind: if external.get_untracked() { FollowupKind::External } else { FollowupKind::Internal },
            body: body.get_untracked().trim().to_string(),
        };
        if input.body.is_empty() {
            err.set(Some(Problem::fields(vec![("body".into(), "required")])));
            return;
        }
        leptos::task::spawn_local(async move {
            match api::add_followup(town, id, &input).await {
                Ok(_) => {
                    body.set(String::new());
                    err.set(None);
                    refresh();
                    // A follow-up changes the request (its version, and the first one its status).
                    reload.update(|n| *n += 1);
                }
                Err(e) => err.set(Some(e)),
            }
        });
    };
    view! {
        {move || crate::components::loaded(list.get(), |items| view! { <StaffFollowups items/> }.into_any())}
        <form class="followup-form" on:submit=add>
            <FormError err/>
            <fieldset class="choices">
                <legend>{t("followup.kind")}</legend>
                <label><input type="radio" name="fu-kind" prop:checked=move || !external.get() on:change=move |_| external.set(false)/>{t("followup.internal")}</label>
                <label><input type="radio" name="fu-kind" prop:checked=move || external.get() on:change=move |_| external.set(true)/>{t("followup.external")}</label>
            </fieldset>
            <div class="field">
                <label for="fu-body">{t("followup.body")}</label>
                <textarea id="fu-body" rows="4" bind:value=body aria-describedby="fu-body-err"></textarea>
                <FieldMsg err field="body" id="fu-body-err"/>
            </div>
            <button type="submit" class="primary">{t("followup.add")}</button>
        </form>
    }
}

#[component]
fn StaffFollowups(items: Vec<civis_domain::wire::Followup>) -> impl IntoView {
    let i = use_i18n();
    if items.is_empty() {
        return view! { <Followups items/> }.into_any();
    }
    view! {
        <ol class="followups">
            {items.into_iter().map(|f| {
                let when = moment(f.created_at);
                let cls = format!("followup {}", f.kind.as_str());
                let kind_key = match f.kind { FollowupKind::Internal => "followup.internal", FollowupKind::External => "followup.external", FollowupKind::Incoming => "followup.incoming" };
                view! { <li class=cls>
                    <span class="tag">{move || i.t(kind_key)}</span>" "
                    <span class="muted">{when}" · "{f.author.clone().unwrap_or_default()}</span>
                    <p class="pre">{f.body}</p>
                </li> }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn History(town: i64, id: i64, names: RwSignal<Names>, reload: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let prio = RwSignal::new(None);
    let deps = RwSignal::new(None);
    Effect::new(move |_| {
        reload.track();
        leptos::task::spawn_local(async move {
            prio.set(Some(api::history(town, id, "priority").await));
            deps.set(Some(api::history(town, id, "department").await));
        });
    });
    let table = move |entries: Vec<civis_domain::wire::HistoryEntry>, dep: bool| {
        if entries.is_empty() {
            return view! { <Empty text=Signal::derive(t("history.none"))/> }.into_any();
        }
        let show = move |v: Option<String>| -> String {
            let v = v.unwrap_or_default();
            if dep {
                names.with(|n| n.department(v.parse().ok(), i.lang.get()))
            } else {
                v.parse::<Priority>().map(|p| p.label(i.lang.get()).to_string()).unwrap_or(v)
            }
        };
        view! {
            <table class="history"><thead><tr>
                <th scope="col">{t("history.when")}</th><th scope="col">{t("history.who")}</th>
                <th scope="col">{t("history.from")}</th><th scope="col">{t("history.to")}</th>
            </tr></thead><tbody>
            {entries.into_iter().map(|e| {
                let when = moment(e.at);
                let (old, new) = (e.old_value.clone(), e.new_value.clone());
                view! { <tr><td>{when}</td><td>{e.actor.clone()}</td><td>{move || show(old.clone())}</td><td>{move || show(new.clone())}</td></tr> }
            }).collect_view()}
            </tbody></table>
        }
        .into_any()
    };
    view! {
        <h2>{t("history.priority")}</h2>
        {move || crate::components::loaded(prio.get(), |e| table(e, false))}
        <h2>{t("history.department")}</h2>
        {move || crate::components::loaded(deps.get(), |e| table(e, true))}
    }
}
