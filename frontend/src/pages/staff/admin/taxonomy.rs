//! The taxonomy: categories, events and sub-events as a tree; a node's settings (what its
//! children inherit when unset), retire and restore; its questions.

use civis_domain::due::DelayUnit;
use civis_domain::wire::{Department, EffectiveNode, NodeInput, Question, QuestionInput, TaxonomyNode};
use civis_domain::{Lang, Priority, QuestionType, RequestKind};
use leptos::prelude::*;

use super::{check, opt};
use crate::api::{self, Problem};
use crate::components::{Empty, FormError, TextField, loaded};
use crate::i18n::{t, use_i18n};

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

/// A node's fields as edited: each empty choice inherits the parent's.
#[derive(Clone, Copy)]
struct NodeFields {
    name_fr: RwSignal<String>,
    name_en: RwSignal<String>,
    kind: RwSignal<Option<RequestKind>>,
    department: RwSignal<Option<i64>>,
    priority: RwSignal<Option<Priority>>,
    delay: RwSignal<String>,
    unit: RwSignal<Option<DelayUnit>>,
    public: RwSignal<Option<bool>>,
    position: RwSignal<String>,
}

impl NodeFields {
    fn of(c: Option<&TaxonomyNode>) -> Self {
        Self {
            name_fr: RwSignal::new(c.map(|n| n.name_fr.clone()).unwrap_or_default()),
            name_en: RwSignal::new(c.map(|n| n.name_en.clone()).unwrap_or_default()),
            kind: RwSignal::new(c.and_then(|n| n.kind)),
            department: RwSignal::new(c.and_then(|n| n.department_id)),
            priority: RwSignal::new(c.and_then(|n| n.default_priority)),
            delay: RwSignal::new(c.and_then(|n| n.delay_days).map(|d| d.to_string()).unwrap_or_default()),
            unit: RwSignal::new(c.and_then(|n| n.delay_unit)),
            public: RwSignal::new(c.and_then(|n| n.public_allowed)),
            position: RwSignal::new(c.map(|n| n.position.to_string()).unwrap_or_else(|| "0".into())),
        }
    }

    /// What is sent, or the field that cannot be.
    fn input(self, parent: Option<i64>) -> Result<NodeInput, Problem> {
        let delay_days = match opt(self.delay).map(|d| d.parse::<i32>()) {
            Some(Err(_)) => return Err(Problem::fields(vec![("delay_days".into(), "invalid_value")])),
            other => other.and_then(Result::ok),
        };
        Ok(NodeInput {
            parent_id: parent,
            name_fr: self.name_fr.get_untracked().trim().into(),
            name_en: self.name_en.get_untracked().trim().into(),
            kind: self.kind.get_untracked(),
            department_id: self.department.get_untracked(),
            default_priority: self.priority.get_untracked(),
            delay_days,
            delay_unit: self.unit.get_untracked(),
            public_allowed: self.public.get_untracked(),
            position: self.position.get_untracked().trim().parse().unwrap_or(0),
        })
    }
}

#[component]
fn NodeForm(
    town: i64,
    parent: Option<i64>,
    current: Option<TaxonomyNode>,
    departments: Vec<Department>,
    /// What an empty choice inherits: the parent's settings (none for a category).
    inherited: Option<EffectiveNode>,
    on_saved: Callback<i64>,
) -> impl IntoView {
    let i = use_i18n();
    let id = current.as_ref().map(|n| n.id);
    let fields = NodeFields::of(current.as_ref());
    let err = RwSignal::new(None::<Problem>);
    let save = Action::new_local(move |body: &NodeInput| {
        let body = body.clone();
        async move { api::save_node(town, id, &body).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(n)) => _ = on_saved.try_run(n.id),
        Some(Err(e)) => err.set(Some(e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match fields.input(parent) {
            Ok(body) => {
                save.dispatch(body);
            }
            Err(e) => err.set(Some(e)),
        }
    };
    view! {
        <form class="admin-form" on:submit=submit novalidate>
            <h3>{move || i.t(if id.is_some() { "admin.edit_node" } else { "admin.new_node" })}</h3>
            <FormError err/>
            <TextField value=fields.name_fr id="n-name-fr" label="admin.name_fr" err field="name_fr"/>
            <TextField value=fields.name_en id="n-name-en" label="admin.name_en" err field="name_en"/>
            <NodeChoices fields departments inherited/>
            <div class="grid2">
                <TextField value=fields.delay id="n-delay" label="admin.delay_days" err field="delay_days" kind="number"/>
                <TextField value=fields.position id="n-position" label="admin.position" err field="position" kind="number"/>
            </div>
            <button type="submit" class="primary" disabled=move || save.pending().get()>{t("admin.save_node")}</button>
        </form>
    }
}

/// The kind, department, priority and public choices, each of which may inherit.
#[component]
fn NodeChoices(fields: NodeFields, departments: Vec<Department>, inherited: Option<EffectiveNode>) -> impl IntoView {
    let i = use_i18n();
    let NodeFields { kind, department, priority, public, unit, .. } = fields;
    // "Hérité : Travaux publics", the parent's own setting; a category's, the default.
    let from = inherited.clone();
    let names = departments.clone();
    let inherit = move |what: &'static str| {
        let lang = i.lang.get();
        let value = match (&from, what) {
            (None, _) => return i.t("admin.default"),
            (Some(e), "kind") => e.kind.label(lang).to_string(),
            (Some(e), "priority") => e.priority.label(lang).to_string(),
            (Some(e), "public") => i.t(if e.public_allowed { "common.yes" } else { "common.no" }),
            (Some(e), "unit") => e.delay_unit.label(lang).to_string(),
            (Some(e), _) => e
                .department_id
                .and_then(|d| names.iter().find(|x| x.id == d))
                .map(|d| if lang == Lang::Fr { d.name_fr.clone() } else { d.name_en.clone() })
                .unwrap_or_else(|| i.t("admin.no_department")),
        };
        i.t("admin.inherit").replace("{value}", &value)
    };
    let inherit = StoredValue::new(inherit);
    let inherit = move |what: &'static str| move || inherit.with_value(|f| f(what));
    view! {
        <div class="field">
            <label for="n-kind">{t("request.kind")}</label>
            <select id="n-kind" on:change=move |ev| kind.set(event_target_value(&ev).parse::<RequestKind>().ok())>
                <option value="" selected=kind.get_untracked().is_none()>{inherit("kind")}</option>
                {RequestKind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected=kind.get_untracked() == Some(k)>{move || k.label(i.lang.get())}</option> }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="n-department">{t("request.department")}</label>
            <select id="n-department" on:change=move |ev| department.set(event_target_value(&ev).parse().ok())>
                <option value="" selected=department.get_untracked().is_none()>{inherit("department")}</option>
                {departments.into_iter().filter(|d| d.active).map(|d| {
                    let label = move || if i.lang.get() == Lang::Fr { d.name_fr.clone() } else { d.name_en.clone() };
                    view! { <option value=d.id.to_string() selected=department.get_untracked() == Some(d.id)>{label}</option> }
                }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="n-priority">{t("request.priority")}</label>
            <select id="n-priority" on:change=move |ev| priority.set(event_target_value(&ev).parse::<Priority>().ok())>
                <option value="" selected=priority.get_untracked().is_none()>{inherit("priority")}</option>
                {Priority::ALL.into_iter().map(|p| view! { <option value=p.as_str() selected=priority.get_untracked() == Some(p)>{move || p.label(i.lang.get())}</option> }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="n-unit">{t("admin.delay_unit")}</label>
            <select id="n-unit" on:change=move |ev| unit.set(event_target_value(&ev).parse::<DelayUnit>().ok())>
                <option value="" selected=unit.get_untracked().is_none()>{inherit("unit")}</option>
                {DelayUnit::ALL.into_iter().map(|u| view! { <option value=u.as_str() selected=unit.get_untracked() == Some(u)>{move || u.label(i.lang.get())}</option> }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="n-public">{t("admin.public_allowed")}</label>
            <select id="n-public" on:change=move |ev| public.set(match event_target_value(&ev).as_str() { "yes" => Some(true), "no" => Some(false), _ => None })>
                <option value="" selected=public.get_untracked().is_none()>{inherit("public")}</option>
                <option value="yes" selected=public.get_untracked() == Some(true)>{t("common.yes")}</option>
                <option value="no" selected=public.get_untracked() == Some(false)>{t("common.no")}</option>
            </select>
        </div>
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
