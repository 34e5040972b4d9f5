//! The taxonomy: categories, events and sub-events as a tree; a node's settings (what its
//! children inherit when unset), retire and restore; its questions.

use civis_domain::wire::{Department, EffectiveNode, Question, QuestionInput, TaxonomyNode};
use civis_domain::{Lang, QuestionType};
use leptos::prelude::*;

use super::check;
use crate::api::{self, Problem};
use crate::components::{Empty, FormError, TextField, loaded};
use crate::i18n::{t, use_i18n};

mod node_form;
use node_form::NodeForm;

#[derive(Clone, Default)]
struct Data {
    nodes: Vec<TaxonomyNode>,
    departments: Vec<Department>,
}

#[component]
pub fn Taxonomy(town: i64) -> impl IntoView {
    let i = use_i18n();
    let data = LocalResource::new(move || async move {
        Ok::<_, Problem>(Data {
            nodes: api::admin_taxonomy(town).await?,
            departments: api::admin_departments(town).await?,
        })
    });
    let selected = RwSignal::new(None::<i64>);
    let adding_under = RwSignal::new(None::<Option<i64>>);
    let reload = move || data.refetch();
    let on_saved = Callback::new(move |id: i64| {
        adding_under.set(None);
        selected.set(Some(id));
        reload();
    });
    view! {
        <div class="split">
            <div>
                <button type="button" class="primary" on:click=move |_| { selected.set(None); adding_under.set(Some(None)) }>{t("admin.add_category")}</button>
                {move || loaded(data.get(), move |d: Data| {
                    fn branch(nodes: &[TaxonomyNode], parent: Option<i64>, lang: Lang, selected: RwSignal<Option<i64>>, adding: RwSignal<Option<Option<i64>>>) -> AnyView {
                        let mut children: Vec<&TaxonomyNode> = nodes.iter().filter(|n| n.parent_id == parent).collect();
                        children.sort_by_key(|n| (n.position, n.name_fr.clone()));
                        if children.is_empty() {
                            return ().into_any();
                        }
                        view! { <ul class="tree">
                            {children.into_iter().map(|n| {
                                let id = n.id;
                                let name = if lang == Lang::Fr { n.name_fr.clone() } else { n.name_en.clone() };
                                let cls = if n.active { "" } else { "retired" };
                                view! { <li>
                                    <button type="button" class=format!("link {cls}") aria-current=move || (selected.get() == Some(id)).then_some("true")
                                        on:click=move |_| { adding.set(None); selected.set(Some(id)) }>{name}
                                        {(!n.active).then(|| view! { " "<span class="badge">{t("admin.retired")}</span> })}</button>
                                    {branch(nodes, Some(id), lang, selected, adding)}
                                </li> }
                            }).collect_view()}
                        </ul> }.into_any()
                    }
                    branch(&d.nodes, None, i.lang.get(), selected, adding_under)
                })}
            </div>
            <div>
                {move || {
                    let Some(Ok(d)) = data.get() else { return ().into_any() };
                    let effective_of = |id: Option<i64>| id.and_then(|id| d.nodes.iter().find(|n| n.id == id)).map(|n| n.effective.clone());
                    if let Some(parent) = adding_under.get() {
                        let inherited = effective_of(parent);
                        return view! { <NodeForm town parent current=None departments=d.departments.clone() inherited on_saved/> }.into_any();
                    }
                    match selected.get().and_then(|id| d.nodes.iter().find(|n| n.id == id).cloned()) {
                        Some(node) => {
                            let inherited = effective_of(node.parent_id);
                            view! { <NodeDetail town node departments=d.departments.clone() inherited on_saved adding_under/> }.into_any()
                        }
                        None => view! { <Empty text=Signal::derive(t("admin.pick_node"))/> }.into_any(),
                    }
                }}
            </div>
        </div>
    }
}

#[component]
fn NodeDetail(
    town: i64,
    node: TaxonomyNode,
    departments: Vec<Department>,
    inherited: Option<EffectiveNode>,
    on_saved: Callback<i64>,
    adding_under: RwSignal<Option<Option<i64>>>,
) -> impl IntoView {
    let i = use_i18n();
    let id = node.id;
    let active = node.active;
    let err = RwSignal::new(None::<Problem>);
    let deep = node.level == civis_domain::NodeLevel::SubEvent;
    let confirming = RwSignal::new(false);
    let set_active = crate::components::write_action(
        err,
        move |n: TaxonomyNode| _ = on_saved.try_run(n.id),
        move |on: &bool| api::set_node_active(town, id, *on),
    );
    // Retiring asks first (citizens stop seeing it); restoring does not.
    let toggle = move |_| {
        if active {
            confirming.set(true);
        } else {
            set_active.dispatch(true);
        }
    };
    let name = node.name_fr.clone();
    view! {
        {(!active).then(|| view! { <p class="notice" role="status">{t("admin.retired_notice")}</p> })}
        <NodeForm town parent=node.parent_id current=Some(node.clone()) departments inherited on_saved/>
        <FormError err/>
        <Show when=move || confirming.get()>
            <div class="confirm" role="group" aria-labelledby="retire-q">
                <p id="retire-q">{let name = name.clone(); move || i.t("admin.retire_confirm").replace("{name}", &name)}</p>
                <button type="button" class="danger" on:click=move |_| { confirming.set(false); set_active.dispatch(false); }>{t("admin.retire_yes")}</button>
                <button type="button" class="secondary" on:click=move |_| confirming.set(false)>{t("admin.cancel")}</button>
            </div>
        </Show>
        <div class="toolbar">
            <button type="button" class="secondary" on:click=toggle>{t(if active { "admin.retire" } else { "admin.restore" })}</button>
            <Show when=move || !deep>
                <button type="button" class="secondary" on:click=move |_| adding_under.set(Some(Some(id)))>{t("admin.add_child")}</button>
            </Show>
        </div>
        <h3>{t("wizard.step.questions")}</h3>
        <Questions town node=id questions=node.questions on_saved/>
    }
}

#[component]
fn Questions(town: i64, node: i64, questions: Vec<Question>, on_saved: Callback<i64>) -> impl IntoView {
    let i = use_i18n();
    let mut questions = questions;
    questions.sort_by_key(|q| q.position);
    let editing = RwSignal::new(None::<Option<Question>>);
    view! {
        <ul class="rows">
            {questions.into_iter().map(|q| {
                let q2 = q.clone();
                let label = move || if i.lang.get() == Lang::Fr { q.label_fr.clone() } else { q.label_en.clone() };
                let qtype = q.qtype;
                view! { <li class:retired=!q.active>
                    {label}" · "{move || qtype.label(i.lang.get())}{q.required.then_some(" *")}" "
                    <button type="button" class="link" on:click=move |_| editing.set(Some(Some(q2.clone())))>{t("admin.edit")}</button>
                </li> }
            }).collect_view()}
        </ul>
        <button type="button" class="secondary" on:click=move |_| editing.set(Some(None))>{t("admin.add_question")}</button>
        {move || editing.get().map(|q| view! { <QuestionForm town node current=q on_saved/> })}
    }
}

#[component]
fn QuestionForm(town: i64, node: i64, current: Option<Question>, on_saved: Callback<i64>) -> impl IntoView {
    let i = use_i18n();
    let id = current.as_ref().map(|q| q.id);
    let c = current.clone();
    let qtype = RwSignal::new(c.as_ref().map(|q| q.qtype).unwrap_or(QuestionType::Text));
    let label_fr = RwSignal::new(c.as_ref().map(|q| q.label_fr.clone()).unwrap_or_default());
    let label_en = RwSignal::new(c.as_ref().map(|q| q.label_en.clone()).unwrap_or_default());
    let required = RwSignal::new(c.as_ref().is_some_and(|q| q.required));
    let active = RwSignal::new(c.as_ref().is_none_or(|q| q.active));
    let position = RwSignal::new(c.as_ref().map(|q| q.position.to_string()).unwrap_or_else(|| "0".into()));
    let help_fr = RwSignal::new(c.as_ref().map(|q| q.help_fr.clone()).unwrap_or_default());
    let help_en = RwSignal::new(c.as_ref().map(|q| q.help_en.clone()).unwrap_or_default());
    // New choice questions: their options as rows.
    let options = super::options::start();
    let err = RwSignal::new(None::<Problem>);
    let send = crate::components::write_action(
        err,
        move |_| _ = on_saved.try_run(node),
        move |body: &QuestionInput| {
            let body = body.clone();
            async move {
                match id {
                    None => api::add_question(town, node, &body).await,
                    Some(id) => api::replace_question(town, id, &body).await,
                }
            }
        },
    );
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let opts = options.with_untracked(|rows| super::options::inputs(rows));
        let body = QuestionInput {
            qtype: qtype.get_untracked(),
            label_fr: label_fr.get_untracked().trim().into(),
            label_en: label_en.get_untracked().trim().into(),
            help_fr: help_fr.get_untracked().trim().into(),
            help_en: help_en.get_untracked().trim().into(),
            required: required.get_untracked(),
            position: position.get_untracked().trim().parse().unwrap_or(0),
            active: active.get_untracked(),
            options: if id.is_none() { opts } else { vec![] },
        };
        send.dispatch(body);
    };
    let choice = move || matches!(qtype.get(), QuestionType::SingleChoice | QuestionType::MultipleChoice);
    view! {
        <form class="admin-form" on:submit=save novalidate>
            <FormError err/>
            <div class="field">
                <label for="q-type">{t("admin.question_type")}</label>
                <select id="q-type" disabled=id.is_some() on:change=move |ev| if let Ok(v) = event_target_value(&ev).parse() { qtype.set(v) }>
                    {QuestionType::ALL.into_iter().map(|q| view! { <option value=q.as_str() selected=qtype.get_untracked() == q>{move || q.label(i.lang.get())}</option> }).collect_view()}
                </select>
            </div>
            <TextField value=label_fr id="q-label-fr" label="admin.label_fr" err field="label_fr"/>
            <TextField value=label_en id="q-label-en" label="admin.label_en" err field="label_en"/>
            <TextField value=help_fr id="q-help-fr" label="admin.help_fr" err field="help_fr"/>
            <TextField value=help_en id="q-help-en" label="admin.help_en" err field="help_en"/>
            <TextField value=position id="q-position" label="admin.position" err field="position" kind="number"/>
            {check(required, "admin.required")}
            {check(active, "admin.active")}
            <Show when=move || choice() && id.is_none()>
                <super::options::OptionRows rows=options/>
            </Show>
            <button type="submit" class="primary">{t("admin.save_question")}</button>
        </form>
    }
}
