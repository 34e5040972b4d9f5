//! The tabs of a request: Informations and Suivis (the Historique tab is `timeline.rs`).

use civis_domain::RequestKind;
use civis_domain::wire::{ActorKind, FollowupKind, NewFollowup, RequestDetail};
use leptos::prelude::*;

use super::Names;
use crate::api::{self, Problem};
use crate::components::Followups;
use crate::components::{DueWhy, FieldMsg, FormError, PriorityLabel, day, moment};
use crate::i18n::{t, use_i18n};

#[component]
pub fn Info(d: RequestDetail, names: RwSignal<Names>) -> impl IntoView {
    let i = use_i18n();
    let created = moment(d.created_at);
    let due = day(d.due_date);
    let node = d.node_id;
    let dep = d.department_id;
    let kind = d.kind;
    let channel = d.channel;
    let app = d.application.clone().map(|a| format!(" — {a}")).unwrap_or_default();
    view! {
        <dl class="summary">
            <dt>{t("request.kind")}</dt><dd>{move || kind.label(i.lang.get())}</dd>
            <dt>{t("request.category")}</dt><dd>{move || names.with(|n| n.node(node, i.lang.get()))}</dd>
            <dt>{t("request.department")}</dt><dd>{move || names.with(|n| n.department(dep, i.lang.get()))}</dd>
            <dt>{t("request.assignee")}</dt><dd>{d.assignee.as_ref().map(|a| a.name.clone()).unwrap_or_else(|| "—".into())}</dd>
            <dt>{t("request.priority")}</dt><dd><PriorityLabel priority=d.priority/></dd>
            <dt>{t("request.channel")}</dt><dd>{move || channel.label(i.lang.get())}{app}</dd>
            <dt>{t("request.created")}</dt><dd>{created}</dd>
            <dt>{t("request.due")}</dt><dd>{due}<DueWhy e=d.due_explanation.clone()/></dd>
            {d.first_answer.clone().map(|f| view! { <dt>{t("first_answer.title")}</dt><dd><FirstAnswerLine f/></dd> })}
            <dt>{t("wizard.address")}</dt><dd>{d.address.clone()}</dd>
            <dt>{t("request.description")}</dt><dd class="pre">{d.description.clone()}</dd>
        </dl>
        {d.latitude.zip(d.longitude).map(|(lat, lng)| view! { <crate::map::Place lat lng address=d.address.clone()/> })}
        <h2>{t("request.answers")}</h2>
        <super::answers::Answers answers=d.answers.clone() names/>
        <h2>{t("request.requester")}</h2>
        <Show when=move || kind == RequestKind::Complaint>
            <p class="hint">{t("request.complaint_confidential")}</p>
        </Show>
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
        {d.employee_concerned.clone().map(|e| view! {
            <dl class="summary"><dt>{t("request.employee_concerned")}</dt><dd>{e}</dd></dl>
        })}
        {d.closure.map(|c| view! {
            <h2>{t("request.closure")}</h2>
            <super::closure::ClosureFields c/>
        })}
    }
}

/// "Promise d'ici la fin du mardi 8 décembre 2026 · donnée le 7 déc. 2026 14:02", or the
/// promise with where it stands while none was given.
#[component]
fn FirstAnswerLine(f: civis_domain::wire::PromisedAnswer) -> impl IntoView {
    let i = use_i18n();
    let due = f.due;
    let promised =
        move || i.t("first_answer.promised").replace("{day}", &civis_domain::due::long_day(due, i.lang.get()));
    let given = f.answered_at.map(|at| {
        let at = moment(at);
        view! { " · "{move || i.t("first_answer.given").replace("{at}", &at())} }
    });
    view! { {promised}{given}" "<crate::components::FirstAnswerBadge state=f.state/> }
}

#[component]
pub fn FollowupsTab(town: i64, id: i64, reload: RwSignal<u32>, can_write: Signal<bool>) -> impl IntoView {
    let list = LocalResource::new(move || api::followups(town, id));
    let body = RwSignal::new(String::new());
    let external = RwSignal::new(false);
    let err = RwSignal::new(None::<Problem>);
    let send = crate::components::write_action(
        err,
        move |_| {
            body.set(String::new());
            // Back to internal: the next note must not reach the citizen by mistake.
            external.set(false);
            list.refetch();
            // A follow-up changes the request (its version, and the first one its status).
            reload.update(|n| *n += 1);
        },
        move |input: &NewFollowup| {
            let input = input.clone();
            async move { api::add_followup(town, id, &input).await }
        },
    );
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
        send.dispatch(input);
    };
    view! {
        {move || crate::components::loaded(list.get(), |items| view! { <StaffFollowups items/> }.into_any())}
        <Show when=move || can_write.get()>
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
        </Show>
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
                    <span class="muted">{when}" · "<Actor name=f.author.clone().map(civis_domain::privacy::Shown::into_inner) kind=f.author_kind/></span>
                    <p class="pre">{f.body}</p>
                </li> }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// Who acted: a name where the API gives one, otherwise "Demandeur" or "Système".
#[component]
pub(super) fn Actor(name: Option<String>, kind: ActorKind) -> impl IntoView {
    let i = use_i18n();
    match (name, kind) {
        (Some(n), _) => n.into_any(),
        (None, ActorKind::Requester) => (move || i.t("history.requester")).into_any(),
        (None, ActorKind::System) => (move || i.t("history.system")).into_any(),
        (None, ActorKind::Staff) => "—".into_any(),
    }
}
