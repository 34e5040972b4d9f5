//! A taxonomy node's form: its names, and the settings each of which may inherit from the
//! parent (kind, department, after-hours department, priority, delay and its unit, public).

use civis_domain::due::DelayUnit;
use civis_domain::wire::{Department, EffectiveNode, NodeInput, TaxonomyNode};
use civis_domain::{Lang, Priority, RequestKind};
use leptos::prelude::*;

use super::super::opt;
use crate::api::{self, Problem};
use crate::components::{FormError, TextField};
use crate::i18n::{t, use_i18n};

/// A node's fields as edited: each empty choice inherits the parent's.
#[derive(Clone, Copy)]
struct NodeFields {
    name_fr: RwSignal<String>,
    name_en: RwSignal<String>,
    kind: RwSignal<Option<RequestKind>>,
    department: RwSignal<Option<i64>>,
    after_hours: RwSignal<Option<i64>>,
    priority: RwSignal<Option<Priority>>,
    delay: RwSignal<String>,
    unit: RwSignal<Option<DelayUnit>>,
    public: RwSignal<Option<bool>>,
    first_answer: RwSignal<Option<bool>>,
    position: RwSignal<String>,
}

impl NodeFields {
    fn of(c: Option<&TaxonomyNode>) -> Self {
        Self {
            name_fr: RwSignal::new(c.map(|n| n.name_fr.clone()).unwrap_or_default()),
            name_en: RwSignal::new(c.map(|n| n.name_en.clone()).unwrap_or_default()),
            kind: RwSignal::new(c.and_then(|n| n.kind)),
            department: RwSignal::new(c.and_then(|n| n.department_id)),
            after_hours: RwSignal::new(c.and_then(|n| n.after_hours_department_id)),
            priority: RwSignal::new(c.and_then(|n| n.default_priority)),
            delay: RwSignal::new(c.and_then(|n| n.delay_days).map(|d| d.to_string()).unwrap_or_default()),
            unit: RwSignal::new(c.and_then(|n| n.delay_unit)),
            public: RwSignal::new(c.and_then(|n| n.public_allowed)),
            first_answer: RwSignal::new(c.and_then(|n| n.first_answer_next_day)),
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
            after_hours_department_id: self.after_hours.get_untracked(),
            first_answer_next_day: self.first_answer.get_untracked(),
            position: self.position.get_untracked().trim().parse().unwrap_or(0),
        })
    }
}

#[component]
pub(super) fn NodeForm(
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
    let NodeFields { kind, department, after_hours, priority, public, first_answer, unit, .. } = fields;
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
            (Some(e), "first_answer") => i.t(if e.first_answer_next_day { "common.yes" } else { "common.no" }),
            (Some(e), "unit") => e.delay_unit.label(lang).to_string(),
            (Some(e), "after_hours") => e
                .after_hours_department_id
                .and_then(|d| names.iter().find(|x| x.id == d))
                .map(|d| if lang == Lang::Fr { d.name_fr.clone() } else { d.name_en.clone() })
                .unwrap_or_else(|| i.t("admin.after_hours_none")),
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
            <select id="n-kind" prop:value=move || kind.get().map(|k| k.as_str().to_string()).unwrap_or_default() on:change=move |ev| kind.set(event_target_value(&ev).parse::<RequestKind>().ok())>
                <option value="" selected=kind.get_untracked().is_none()>{inherit("kind")}</option>
                {RequestKind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected=kind.get_untracked() == Some(k)>{move || k.label(i.lang.get())}</option> }).collect_view()}
            </select>
        </div>
        <DepartmentChoice id="n-department" label="request.department" value=department departments=departments.clone()
            inherited=Signal::derive(inherit("department"))/>
        <DepartmentChoice id="n-after-hours" label="admin.after_hours_department" value=after_hours departments
            inherited=Signal::derive(inherit("after_hours")) help="admin.after_hours_help"/>
        <div class="field">
            <label for="n-priority">{t("request.priority")}</label>
            <select id="n-priority" prop:value=move || priority.get().map(|p| p.as_str().to_string()).unwrap_or_default() on:change=move |ev| priority.set(event_target_value(&ev).parse::<Priority>().ok())>
                <option value="" selected=priority.get_untracked().is_none()>{inherit("priority")}</option>
                {Priority::ALL.into_iter().map(|p| view! { <option value=p.as_str() selected=priority.get_untracked() == Some(p)>{move || p.label(i.lang.get())}</option> }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="n-unit">{t("admin.delay_unit")}</label>
            <select id="n-unit" prop:value=move || unit.get().map(|u| u.as_str().to_string()).unwrap_or_default() on:change=move |ev| unit.set(event_target_value(&ev).parse::<DelayUnit>().ok())>
                <option value="" selected=unit.get_untracked().is_none()>{inherit("unit")}</option>
                {DelayUnit::ALL.into_iter().map(|u| view! { <option value=u.as_str() selected=unit.get_untracked() == Some(u)>{move || u.label(i.lang.get())}</option> }).collect_view()}
            </select>
        </div>
        <YesNo id="n-public" label="admin.public_allowed" value=public inherited=Signal::derive(inherit("public"))/>
        <YesNo id="n-first-answer" label="admin.first_answer_next_day" value=first_answer
            inherited=Signal::derive(inherit("first_answer")) help="admin.first_answer_help"/>
    }
}

/// Yes, no, or the parent's (`inherited` says which).
#[component]
fn YesNo(
    id: &'static str,
    label: &'static str,
    value: RwSignal<Option<bool>>,
    inherited: Signal<String>,
    #[prop(optional)] help: Option<&'static str>,
) -> impl IntoView {
    let help_id = format!("{id}-help");
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <select id=id aria-describedby=help.map(|_| help_id.clone())
                prop:value=move || match value.get() { Some(true) => "yes", Some(false) => "no", None => "" }
                on:change=move |ev| value.set(match event_target_value(&ev).as_str() { "yes" => Some(true), "no" => Some(false), _ => None })>
                <option value="" selected=value.get_untracked().is_none()>{move || inherited.get()}</option>
                <option value="yes" selected=value.get_untracked() == Some(true)>{t("common.yes")}</option>
                <option value="no" selected=value.get_untracked() == Some(false)>{t("common.no")}</option>
            </select>
            {help.map(|h| view! { <p class="help" id=help_id.clone()>{t(h)}</p> })}
        </div>
    }
}

/// A department to choose, or the parent's (`inherited` names it).
#[component]
fn DepartmentChoice(
    id: &'static str,
    label: &'static str,
    value: RwSignal<Option<i64>>,
    departments: Vec<Department>,
    inherited: Signal<String>,
    #[prop(optional)] help: Option<&'static str>,
) -> impl IntoView {
    let i = use_i18n();
    let help_id = format!("{id}-help");
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <select id=id aria-describedby=help.map(|_| help_id.clone())
                prop:value=move || value.get().map(|v| v.to_string()).unwrap_or_default() on:change=move |ev| value.set(event_target_value(&ev).parse().ok())>
                <option value="" selected=value.get_untracked().is_none()>{move || inherited.get()}</option>
                {departments.into_iter().filter(|d| d.active).map(|d| {
                    let name = move || if i.lang.get() == Lang::Fr { d.name_fr.clone() } else { d.name_en.clone() };
                    view! { <option value=d.id.to_string() selected=value.get_untracked() == Some(d.id)>{name}</option> }
                }).collect_view()}
            </select>
            {help.map(|h| view! { <p class="help" id=help_id>{t(h)}</p> })}
        </div>
    }
}
