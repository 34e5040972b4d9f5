//! The last step: everything the request will say — place, category, every answer in
//! words, description, photos and files, requester and choices — each with "Modifier".

use civis_domain::wire::RequesterMode;
use civis_domain::{Lang, Priority, RequestKind};
use leptos::prelude::*;

use super::{Form, Step};
use crate::components::answer_words;
use crate::i18n::{t, use_i18n};

/// A row of the summary with its "Modifier" button.
#[component]
fn Row(label: &'static str, step: Step, edit: Callback<Step>, #[prop(into)] value: Signal<String>) -> impl IntoView {
    let i = use_i18n();
    view! {
        <dt>{t(label)}</dt>
        <dd class="pre">{move || value.get()}" "
            <button type="button" class="link" aria-label=move || format!("{} — {}", i.t("wizard.edit"), i.t(label))
                on:click=move |_| edit.run(step)>{t("wizard.edit")}</button>
        </dd>
    }
}

/// Every answer of the chosen node, in words.
fn answers(form: &Form, lang: Lang) -> String {
    let Some(node) = form.node() else { return String::new() };
    let given = form.answers.get();
    let lines: Vec<String> = node
        .questions
        .iter()
        .filter(|q| q.active)
        .filter_map(|q| {
            let v = given.get(&q.id).filter(|v| !v.is_null())?;
            let label = if lang == Lang::Fr { &q.label_fr } else { &q.label_en };
            Some(format!("{label} : {}", answer_words(Some(q), v, lang)))
        })
        .collect();
    if lines.is_empty() { "—".into() } else { lines.join("\n") }
}

/// Who asks, in the review's words.
fn requester(form: &Form, lang: Lang) -> String {
    let tr = |k: &str| crate::i18n::tr(lang, k);
    match form.mode.get() {
        RequesterMode::Anonymous => tr("wizard.mode.anonymous"),
        RequesterMode::Internal => tr("wizard.mode.internal"),
        RequesterMode::Identified => {
            let name = format!("{} {}", form.first_name.get().trim(), form.last_name.get().trim()).trim().to_string();
            let parts: Vec<String> =
                [name, form.email.get(), form.phone1.get(), form.phone2.get(), form.postal_address.get()]
                    .into_iter()
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect();
            let who = if parts.is_empty() { tr("wizard.filed_as_account") } else { parts.join(" · ") };
            let follow = if form.wants_followups.get() { tr("wizard.wants_followups_short") } else { String::new() };
            [who, follow].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("\n")
        }
    }
}

#[component]
pub fn ReviewStep(form: Form, edit: Callback<Step>) -> impl IntoView {
    let i = use_i18n();
    let node = form.node();
    // A complaint is never public: the choice is not even offered.
    let public_allowed =
        node.as_ref().is_some_and(|n| n.effective.public_allowed && n.effective.kind != RequestKind::Complaint);
    let node_name = node.as_ref().map(|n| (n.name_fr.clone(), n.name_en.clone()));
    let town = form.town.get_untracked();
    let place = move || {
        let pin = form.pin.get().map(|(a, b)| format!("{a:.5}, {b:.5}"));
        [Some(form.address.get()).filter(|a| !a.trim().is_empty()), pin]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n")
    };
    let files = move || {
        let mut names: Vec<String> = form.photos.get().iter().map(|f| f.name()).collect();
        names.extend(form.files.get().iter().map(|f| f.name()));
        if names.is_empty() { "—".into() } else { names.join(", ") }
    };
    let description = move || {
        let mut d = form.description.get();
        if form.kind() == Some(RequestKind::Complaint) {
            d.push_str(&format!("\n{} : {}", i.t("wizard.date_of_facts"), form.date_of_facts.get()));
            let e = form.employee_concerned.get();
            if !e.trim().is_empty() {
                d.push_str(&format!("\n{} : {e}", i.t("wizard.employee_concerned")));
            }
        }
        d
    };
    view! {
        <dl class="summary review">
            <dt>{t("wizard.town")}</dt><dd>{town.as_ref().map(|t| t.name.clone())}</dd>
            <Row label="wizard.step.category" step=Step::Category edit
                value=Signal::derive(move || node_name.clone().map(|(fr, en)| if i.lang.get() == Lang::Fr { fr } else { en }).unwrap_or_default())/>
            <Row label="wizard.step.questions" step=Step::Questions edit value=Signal::derive(move || answers(&form, i.lang.get()))/>
            <Row label="wizard.step.location" step=Step::Location edit value=Signal::derive(place)/>
            <Row label="wizard.description" step=Step::Description edit value=Signal::derive(description)/>
            <Row label="wizard.step.attachments" step=Step::Attachments edit value=Signal::derive(files)/>
            <Row label="wizard.step.requester" step=Step::Requester edit value=Signal::derive(move || requester(&form, i.lang.get()))/>
        </dl>
        <Show when=move || public_allowed && form.mode.get() != RequesterMode::Internal>
            <div class="field check">
                <label><input type="checkbox" bind:checked=form.public/>{t("wizard.make_public")}</label>
                <small class="help">{t(if form.staff { "wizard.public_help_staff" } else { "wizard.public_help" })}</small>
            </div>
        </Show>
        <Show when=move || form.staff>
            <div class="field">
                <label for="w-priority">{t("request.priority")}</label>
                <select id="w-priority" on:change=move |ev| form.priority.set(event_target_value(&ev).parse::<Priority>().ok())>
                    <option value="">{t("wizard.priority_default")}</option>
                    {Priority::ALL.iter().map(|p| {
                        let p = *p;
                        view! { <option value=p.as_str() selected=form.priority.get_untracked() == Some(p)>{move || p.label(i.lang.get())}</option> }
                    }).collect_view()}
                </select>
            </div>
        </Show>
    }
}
