//! Options of a request: visibility, transfer, start, close (with the closure form),
//! reopen (with a reason), priority and department.

use civis_domain::wire::{Closure, RequestDetail, RequestPatch, TransitionInput};
use civis_domain::{Action, Lang, Priority, RequestKind, Status};
use leptos::prelude::*;

use super::Names;
use crate::i18n::{t, use_i18n};

/// What is being typed in Options (the close form, the reopening reason). It lives with
/// the page, not with Options, which is drawn again each time the request reloads.
#[derive(Clone, Copy)]
pub struct OptionsState {
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
    pub fn new() -> Self {
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

#[component]
pub fn Options(
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
                // A complaint is never public: no switch to offer.
                <Show when=move || kind != RequestKind::Complaint>
                    <button type="button" class="secondary" on:click=move |_| patch(RequestPatch { public: Some(!public), ..Default::default() })>
                        {move || i.t(if public { "request.make_private" } else { "request.make_public" })}
                    </button>
                </Show>
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
