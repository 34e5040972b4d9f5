//! Options of a request: visibility, transfer, start, close (with the closure form),
//! reopen (with a reason), priority and department.

use civis_domain::wire::{Closure, ClosureRequirements, RequestDetail, RequestPatch, TransitionInput};
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
    /// After a status change went through: both forms close and forget what was typed.
    pub fn reset(&self) {
        self.closing.set(false);
        self.reopening.set(false);
        self.refused.set(false);
        for s in [
            self.reason,
            self.resolution,
            self.code,
            self.planned,
            self.performed,
            self.note,
            self.message,
            self.provision,
        ] {
            s.set(String::new());
        }
    }

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

/// A reopening refused for its reason brings the keyboard back to the reason.
fn focus_refused_reason(err: RwSignal<Option<crate::api::Problem>>, reopening: RwSignal<bool>) {
    Effect::new(move |_| {
        if err.with(|e| e.as_ref().is_some_and(|e| e.has_field("reason"))) && reopening.get_untracked() {
            crate::components::focus("r-reason");
        }
    });
}

#[component]
pub fn Options(
    d: RequestDetail,
    names: RwSignal<Names>,
    state: OptionsState,
    err: RwSignal<Option<crate::api::Problem>>,
    patch: impl Fn(RequestPatch) + Copy + Send + Sync + 'static,
    act: impl Fn(TransitionInput) + Copy + Send + Sync + 'static,
    assign: impl Fn(Option<i64>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i = use_i18n();
    let OptionsState { closing, reopening, reason, .. } = state;
    let (town, assignee) = (d.municipality_id, d.assignee.clone());
    let required = d.closure_requirements;
    let public = d.public;
    let status = d.status;
    let kind = d.kind;
    let dep = d.department_id;
    let prio = d.priority;
    let simple = move |action: Action| act(TransitionInput { action, reason: None, closure: None });
    // Another department chosen, waiting for its confirmation (the department is emailed).
    let moving = RwSignal::new(None::<i64>);
    // The call centre hands a request to the town; the town's own staff to its department.
    let roles = crate::session::roles_in(town);
    let to_town = roles.contains(civis_domain::Role::OperatorAgent)
        && !roles.contains(civis_domain::Role::Clerk)
        && !roles.contains(civis_domain::Role::Director);
    focus_refused_reason(err, reopening);
    view! {
        <section class="options" aria-label=t("request.options")>
            <div class="toolbar">
                <label class="inline" for="r-priority">{t("request.priority")}</label>
                <select id="r-priority" on:change=move |ev| {
                    if let Ok(p) = event_target_value(&ev).parse::<Priority>() { patch(RequestPatch { priority: Some(p), ..Default::default() }) }
                }>
                    {Priority::ALL.into_iter().map(|p| view! { <option value=p.as_str() selected=p == prio>{move || p.label(i.lang.get())}</option> }).collect_view()}
                </select>
                <DepartmentSelect dep names moving/>
                <super::assign::AssignSelect town department=dep current=assignee on_pick=assign/>
            </div>
            <MoveConfirm names moving patch/>
            <div class="toolbar">
                // A complaint is never public: no switch to offer.
                <Show when=move || kind != RequestKind::Complaint>
                    <button type="button" class="secondary" on:click=move |_| patch(RequestPatch { public: Some(!public), ..Default::default() })>
                        {move || i.t(if public { "request.make_private" } else { "request.make_public" })}
                    </button>
                </Show>
                <Show when=move || status == Status::NotTransferred>
                    <button type="button" class="secondary" on:click=move |_| simple(Action::Transfer)>
                        {t(if to_town { "request.transfer" } else { "request.transfer_department" })}
                    </button>
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
                <CloseForm kind required act state err/>
            </Show>
            <Show when=move || reopening.get()>
                <div class="field">
                    <label for="r-reason">{t("request.reopen_reason")}<span class="req" aria-hidden="true">" *"</span></label>
                    <textarea id="r-reason" rows="2" bind:value=reason aria-describedby="r-reason-err"
                        aria-invalid=move || err.with(|e| e.as_ref().is_some_and(|e| e.has_field("reason"))).to_string()></textarea>
                    <crate::components::FieldMsg err field="reason" id="r-reason-err"/>
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
    required: ClosureRequirements,
    act: impl Fn(TransitionInput) + Copy + Send + Sync + 'static,
    state: OptionsState,
    err: RwSignal<Option<crate::api::Problem>>,
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
    let field =
        move |name: &'static str, label: &'static str, value: RwSignal<String>, kind: &'static str, req: bool| {
            view! { <CloseField name label value kind required=req err/> }
        };
    view! {
        <form class="close-form" on:submit=|ev| ev.prevent_default()>
            <fieldset class="choices">
                <legend>{t("close.outcome")}</legend>
                <label><input type="radio" name="c-outcome" prop:checked=move || !refused.get() on:change=move |_| refused.set(false)/>{t("close.processed")}</label>
                <label><input type="radio" name="c-outcome" prop:checked=move || refused.get() on:change=move |_| refused.set(true)/>{t("close.refused")}</label>
            </fieldset>
            <p class="help">{t("close.required_hint")}</p>
            {field("resolution", "close.resolution", resolution, "textarea", required.resolution)}
            {field("intervention_code", "close.code", code, "text", required.intervention_code)}
            <div class="grid2">
                {field("planned_date", "close.planned", planned, "date", required.planned_date)}
                {field("performed_date", "close.performed", performed, "date", required.performed_date)}
            </div>
            {field("internal_note", "close.internal_note", note, "textarea", false)}
            {field("message_to_requester", "close.message", message, "textarea", required.message_to_requester)}
            <Show when=move || kind == RequestKind::AccessToInformation && refused.get()>
                {field("legal_provision", "close.legal_provision", provision, "text", true)}
            </Show>
            <button type="button" class="primary" on:click=submit>{t("close.confirm")}</button>
        </form>
    }
}

/// One field of the close form: its label (with a mark when required) and its error.
#[component]
fn CloseField(
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    kind: &'static str,
    required: bool,
    err: RwSignal<Option<crate::api::Problem>>,
) -> impl IntoView {
    let id = format!("c-{name}");
    let err_id = format!("c-{name}-err");
    let api_field = format!("closure.{name}");
    let invalid = {
        let f = api_field.clone();
        move || err.with(|e| e.as_ref().is_some_and(|e| e.has_field(&f))).to_string()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            {if kind == "textarea" {
                view! { <textarea id=id.clone() rows="3" bind:value=value required=required aria-describedby=err_id.clone() aria-invalid=invalid.clone()></textarea> }.into_any()
            } else {
                view! { <input id=id.clone() type=kind bind:value=value required=required aria-describedby=err_id.clone() aria-invalid=invalid/> }.into_any()
            }}
            <crate::components::FieldMsg err field=api_field id=err_id/>
        </div>
    }
}

/// The request's department; another one chosen waits in `moving` for its confirmation.
#[component]
fn DepartmentSelect(dep: Option<i64>, names: RwSignal<Names>, moving: RwSignal<Option<i64>>) -> impl IntoView {
    let i = use_i18n();
    view! {
        <label class="inline" for="r-department">{t("request.department")}</label>
        <select id="r-department"
            prop:value=move || moving.get().or(dep).map(|v| v.to_string()).unwrap_or_default()
            on:change=move |ev| moving.set(event_target_value(&ev).parse::<i64>().ok().filter(|v| Some(*v) != dep))>
            <option value="" selected=dep.is_none()>"—"</option>
            {move || names.get().departments.into_iter().filter(|x| x.active || Some(x.id) == dep).map(|x| {
                let label = if i.lang.get() == Lang::Fr { x.name_fr.clone() } else { x.name_en.clone() };
                view! { <option value=x.id.to_string() selected=Some(x.id) == dep>{label}</option> }
            }).collect_view()}
        </select>
    }
}

/// "Send this request to …?": the change of department (its department is emailed) is
/// saved only once confirmed; cancelling puts the select back.
#[component]
fn MoveConfirm(
    names: RwSignal<Names>,
    moving: RwSignal<Option<i64>>,
    patch: impl Fn(RequestPatch) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i = use_i18n();
    move || {
        moving.get().map(|to| {
            let name = names
                .get()
                .departments
                .into_iter()
                .find(|x| x.id == to)
                .map(|x| if i.lang.get() == Lang::Fr { x.name_fr } else { x.name_en })
                .unwrap_or_default();
            view! {
                <div class="toolbar confirm" role="group" aria-label=t("request.move_title")>
                    <span>{t("request.move_question")}" "<strong>{name}</strong>{t("request.move_question_end")}</span>
                    <button type="button" class="primary" on:click=move |_| {
                        moving.set(None);
                        patch(RequestPatch { department_id: Some(to), ..Default::default() });
                    }>{t("request.move_confirm")}</button>
                    <button type="button" class="link" on:click=move |_| moving.set(None)>{t("admin.cancel")}</button>
                </div>
            }
        })
    }
}
