//! The new-request wizard, shared by the citizen portal and the staff dashboard: town
//! (staff with several towns), category → event → sub-event, its questions, location
//! (map pin and address; the address alone is enough), description, photos and files,
//! requester, review and submit. Each step checks what the API would refuse, with the
//! API's own messages (the domain crate's), and an answer of the API that names a field
//! brings the reader back to that field's step.

mod form;
mod help;
mod later;
mod location;
mod nearby;
mod questions;
mod requester;
mod review;
mod staff_nearby;
mod steps;
mod text_steps;

pub use form::Form;

use civis_domain::wire::{CreatedRequest, Interaction, TownPublic};
use leptos::prelude::*;

use crate::api::{self, Problem};
use crate::components::FormError;
use crate::i18n::{t, use_i18n};
use later::Piece;

/// The steps, in order; `Town` only for staff who serve several towns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Town,
    Category,
    Questions,
    Location,
    Description,
    Attachments,
    Requester,
    Review,
}

impl Step {
    fn key(self) -> &'static str {
        match self {
            Self::Town => "wizard.step.town",
            Self::Category => "wizard.step.category",
            Self::Questions => "wizard.step.questions",
            Self::Location => "wizard.step.location",
            Self::Description => "wizard.step.description",
            Self::Attachments => "wizard.step.attachments",
            Self::Requester => "wizard.step.requester",
            Self::Review => "wizard.step.review",
        }
    }

    /// The step where a field named by the API is entered.
    fn of_field(field: &str) -> Step {
        let f = field.split('.').next().unwrap_or(field);
        match f {
            "node_id" => Self::Category,
            "answers" => Self::Questions,
            "address" | "latitude" | "longitude" | "location" => Self::Location,
            "description" | "date_of_facts" | "attested" | "safety_concern" | "employee_concerned" => Self::Description,
            "public" | "priority" => Self::Review,
            _ => Self::Requester,
        }
    }
}

/// The steps for these towns: the town first when there is a choice.
fn steps_for(towns: &[TownPublic], form: Form) -> Vec<Step> {
    let mut steps = vec![];
    if towns.len() > 1 {
        steps.push(Step::Town);
    } else {
        form.town.set(towns.first().cloned());
    }
    steps.extend([
        Step::Category,
        Step::Questions,
        Step::Location,
        Step::Description,
        Step::Attachments,
        Step::Requester,
        Step::Review,
    ]);
    steps
}

/// Files the request, then its photos and files; a refused one is named on the
/// confirmation (the request is filed: it is not lost for a bad photo).
async fn file(form: Form, town: i64, body: civis_domain::wire::NewRequest) -> Result<Filed, Problem> {
    let created = api::file_request(town, &body).await?;
    let mut failed = vec![];
    let token = created.upload_token.clone();
    for (list, kind) in [(form.photos, "photo"), (form.files, "file")] {
        for f in list.try_get_untracked().unwrap_or_default() {
            let kind = form.staff.then_some(kind);
            if api::upload(town, created.id, &f, kind, token.as_deref()).await.is_err() {
                failed.push(f.name());
            }
        }
    }
    Ok((town, created, failed))
}

/// A filed request: its town, the API's answer, the attachments refused.
type Filed = (i64, CreatedRequest, Vec<String>);

/// The wizard. `towns` are the towns one may file in (one for the portal); `on_done`
/// receives the filed request.
#[component]
pub fn Wizard(
    towns: Vec<TownPublic>,
    staff: bool,
    on_done: Callback<Filed>,
    /// The contact an agent turns into a request: its category, caller, note and channel
    /// are filled in already.
    #[prop(default = None)]
    from_call: Option<Interaction>,
) -> impl IntoView {
    let i = use_i18n();
    let form = Form::new(staff);
    let node = from_call.as_ref().and_then(|c| c.node_id);
    if let Some(call) = from_call {
        form.fill_from_call(call);
    }
    let steps = StoredValue::new(steps_for(&towns, form));
    let at = RwSignal::new(0usize);
    let current = move || steps.with_value(|s| s[at.get()]);
    load_town(form, node);
    let go = move |to: usize| {
        later::load(form);
        form.err.set(None);
        at.set(to);
        // Keyboard and screen-reader users follow to the new step.
        crate::components::focus("wizard-step-title");
    };
    let step_of = move |s: Step| steps.try_with_value(|all| all.iter().position(|x| *x == s)).flatten();
    // "Modifier" on the review goes straight to that step.
    let edit = Callback::new(move |step: Step| {
        if let Some(idx) = step_of(step) {
            go(idx);
        }
    });
    let submit =
        Action::new_local(move |(town, body): &(i64, civis_domain::wire::NewRequest)| file(form, *town, body.clone()));
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(filed)) => _ = on_done.try_run(filed),
        // An answer that names a field brings the reader back to that field's step.
        Some(Err(e)) => {
            if let Some(idx) = e.errors.first().and_then(|f| step_of(Step::of_field(&f.field))) {
                at.set(idx);
            }
            form.err.set(Some(e));
        }
        None => {}
    });
    let busy = submit.pending();
    let send = move |_| {
        if let (Some(town), Some(body)) = (form.town.get_untracked(), form.body(i.lang.get_untracked())) {
            submit.dispatch((town.id, body));
        }
    };
    let followed = move || form.followed.with(Option::is_some).then(|| later::show(form, Piece::Followed));
    view! {
        {followed}
        <section class="wizard" aria-labelledby="wizard-step-title" hidden=move || form.followed.with(Option::is_some)>
            <StepList steps at/>
            <h2 id="wizard-step-title" tabindex="-1">{move || i.t(current().key())}</h2>
            <FormError err=form.err/>
            <TooMany form/>
            {move || match current() {
                Step::Town => view! { <steps::TownStep form towns=towns.clone()/> }.into_any(),
                Step::Category => view! { <steps::CategoryStep form/> }.into_any(),
                step => later::show(form, Piece::Step(step, edit)),
            }}
            {wizard_nav(form, steps, at, go, send, busy)}
        </section>
    }
}

/// Back, next (the step checked first) and, on the review, submit.
fn wizard_nav(
    form: Form,
    steps: StoredValue<Vec<Step>>,
    at: RwSignal<usize>,
    go: impl Fn(usize) + Copy + Send + Sync + 'static,
    send: impl Fn(leptos::ev::MouseEvent) + Copy + Send + Sync + 'static,
    busy: Memo<bool>,
) -> impl IntoView {
    let i = use_i18n();
    let current = move || steps.with_value(|s| s[at.get()]);
    let next = move |_: leptos::ev::MouseEvent| {
        let step = current();
        // A step whose part has not come cannot be checked: fetch it (again) instead.
        if !matches!(step, Step::Town | Step::Category) && !form.later.with_untracked(|l| matches!(l, Some(Ok(_)))) {
            later::load(form);
            return;
        }
        let issues = form.check(step);
        if issues.is_empty() {
            go(at.get_untracked() + 1);
        } else {
            form.err.set(Some(Problem::fields(issues)));
        }
    };
    let back = move |_: leptos::ev::MouseEvent| go(at.get_untracked().saturating_sub(1));
    view! {
    <div class="wizard-nav">
        <Show when=move || { at.get() > 0 }>
            <button type="button" class="secondary" on:click=back>{t("wizard.back")}</button>
        </Show>
        <Show
            when=move || current() == Step::Review
            fallback=move || view! { <button type="button" on:click=next>{t("wizard.next")}</button> }
        >
            <button type="button" class="primary" on:click=send disabled=move || busy.get()>
                {move || if busy.get() { i.t("wizard.submitting") } else { i.t("wizard.submit") }}
            </button>
        </Show>
    </div>
    }
}

/// The taxonomy and outline of the chosen town (and the path to a category chosen already).
fn load_town(form: Form, node: Option<i64>) {
    Effect::new(move |_| {
        if let Some(town) = form.town.get() {
            form.path.set(vec![]);
            form.tree.set(None);
            form.territory.set(None);
            leptos::task::spawn_local(async move {
                let tree = api::taxonomy(town.id).await;
                if let (Some(n), Ok(nodes)) = (node, &tree) {
                    form.path.try_set(steps::path_to(nodes, n));
                }
                form.tree.try_set(Some(tree));
                later::load(form);
                form.territory.try_set(api::territory(town.id).await.ok());
            });
        }
    });
}

/// The steps, the current one marked.
#[component]
fn StepList(steps: StoredValue<Vec<Step>>, at: RwSignal<usize>) -> impl IntoView {
    let i = use_i18n();
    view! {
        <ol class="steps">
            {move || steps.with_value(|all| all.iter().enumerate().map(|(n, s)| {
                let key = s.key();
                let cls = move || if n == at.get() { "current" } else if n < at.get() { "done" } else { "" };
                let aria = move || (n == at.get()).then_some("step");
                view! { <li class=cls aria-current=aria>{move || format!("{}. {}", n + 1, i.t(key))}</li> }
            }).collect_view())}
        </ol>
    }
}

/// After a refusal for too many filings from this place (a shared kiosk, a busy office):
/// what was typed stays, and the other ways in are offered.
#[component]
fn TooMany(form: form::Form) -> impl IntoView {
    let refused = move || !form.staff && form.err.with(|e| e.as_ref().is_some_and(|p| p.code == "too_many_attempts"));
    view! {
        <Show when=refused>
            <p class="help" id="wizard-too-many">
                {t("wizard.too_many")}" "<a href="/compte">{t("wizard.too_many_account")}</a>
                // Or the town's phone, when it gave one.
                {move || form.town.with(|t| t.as_ref().map(|t| t.phone.clone()).filter(|p| !p.is_empty())).map(|phone| {
                    let tel = format!("tel:{}", phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>());
                    view! { " "{t("wizard.too_many_phone")}" "<a href=tel>{phone}</a>"." }
                })}
            </p>
        </Show>
    }
}
