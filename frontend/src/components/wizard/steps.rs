//! The wizard's simpler steps: town, category drill-down, description, attachments.

use civis_domain::RequestKind;
use civis_domain::wire::{TaxonomyNode, TownPublic};
use leptos::prelude::*;

use super::Form;
use crate::components::{ErrorBox, FieldMsg, Loading};
use crate::i18n::{t, use_i18n};

#[component]
pub fn TownStep(form: Form, towns: Vec<TownPublic>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="w-town">{t("wizard.town")}</label>
            <select id="w-town" on:change=move |ev| {
                let id: i64 = event_target_value(&ev).parse().unwrap_or_default();
                form.town.set(towns.iter().find(|t| t.id == id).cloned());
            }>
                <option value="">{t("wizard.choose")}</option>
                {towns.clone().into_iter().map(|town| {
                    let selected = form.town.with_untracked(|t| t.as_ref().map(|t| t.id)) == Some(town.id);
                    view! { <option value=town.id.to_string() selected=selected>{town.name.clone()}</option> }
                }).collect_view()}
            </select>
            <FieldMsg err=form.err field="town" id="w-town-err"/>
        </div>
    }
}

/// Category, then event, then sub-event; then, for a citizen, the town's public answers
/// about the choice.
#[component]
pub fn CategoryStep(form: Form) -> impl IntoView {
    view! {
        {levels(form)}
        <Show when=move || !form.staff>
            {move || super::later::show_quietly(form, super::later::Piece::Suggestions)}
        </Show>
    }
}

/// Each level lists the active children of the choice above; a node without children ends
/// the choice.
fn levels(form: Form) -> impl IntoView {
    let i = use_i18n();
    move || {
        let tree = match form.tree.get() {
            None => return view! { <Loading/> }.into_any(),
            Some(Err(e)) => return view! { <ErrorBox err=e/> }.into_any(),
            Some(Ok(tree)) => tree,
        };
        let path = form.path.get();
        let mut levels: Vec<(Option<i64>, Option<i64>)> = vec![(None, path.first().copied())];
        for (depth, id) in path.iter().enumerate() {
            if tree.iter().any(|n| n.parent_id == Some(*id) && n.active) {
                levels.push((Some(*id), path.get(depth + 1).copied()));
            }
        }
        let lang = i.lang.get();
        let labels = ["wizard.category", "wizard.event", "wizard.subevent"];
        levels
            .into_iter()
            .enumerate()
            .map(|(depth, (parent, chosen))| {
                let mut children: Vec<TaxonomyNode> =
                    tree.iter().filter(|n| n.parent_id == parent && n.active).cloned().collect();
                children.sort_by_key(|n| (n.position, n.name_fr.clone()));
                let field_id = format!("w-level-{depth}");
                let label_key = labels.get(depth).copied().unwrap_or("wizard.subevent");
                view! {
                    <div class="field">
                        <label for=field_id.clone()>{t(label_key)}</label>
                        <select id=field_id aria-describedby="w-node-err" on:change=move |ev| {
                            let v: Option<i64> = event_target_value(&ev).parse().ok();
                            form.answers.update(|a| a.clear());
                            form.path.update(|p| {
                                p.truncate(depth);
                                if let Some(v) = v { p.push(v) }
                            });
                            crate::components::focus(&format!("w-level-{depth}"));
                        }>
                            <option value="" selected=chosen.is_none()>{t("wizard.choose")}</option>
                            {children.into_iter().map(|n| {
                                let sel = chosen == Some(n.id);
                                view! { <option value=n.id.to_string() selected=sel>{n.name(lang).to_string()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    }
}

#[component]
pub fn DescriptionStep(form: Form) -> impl IntoView {
    let complaint = move || form.kind() == Some(RequestKind::Complaint);
    view! {
        <div class="field">
            <label for="w-description">{t("wizard.description")}<span class="req" aria-hidden="true">" *"</span></label>
            <textarea id="w-description" rows="6" required bind:value=form.description aria-describedby="w-description-err"></textarea>
            <FieldMsg err=form.err field="description" id="w-description-err"/>
        </div>
        <Show when=complaint>
            <div class="field">
                <label for="w-facts">{t("wizard.date_of_facts")}<span class="req" aria-hidden="true">" *"</span></label>
                <input id="w-facts" type="date" bind:value=form.date_of_facts aria-describedby="w-facts-err"/>
                <small class="help">{t("wizard.complaint_window")}</small>
                <FieldMsg err=form.err field="date_of_facts" id="w-facts-err"/>
            </div>
            <div class="field check">
                <label><input type="checkbox" bind:checked=form.attested/>{t("wizard.attest")}</label>
                <FieldMsg err=form.err field="attested" id="w-attest-err"/>
            </div>
            <div class="field check">
                <label><input type="checkbox" bind:checked=form.safety_concern/>{t("wizard.safety_concern")}</label>
            </div>
            <div class="field">
                <label for="w-employee">{t("wizard.employee_concerned")}</label>
                <input id="w-employee" type="text" maxlength="200" bind:value=form.employee_concerned aria-describedby="w-employee-help w-employee-err"/>
                <small class="help" id="w-employee-help">{t("wizard.employee_concerned_help")}</small>
                <FieldMsg err=form.err field="employee_concerned" id="w-employee-err"/>
            </div>
        </Show>
    }
}

/// Photos (citizens send images only) and, for staff, files; sent once the request is filed.
#[component]
pub fn AttachmentsStep(form: Form) -> impl IntoView {
    view! {
        <p class="hint">{t("wizard.attachments_hint")}</p>
        <crate::components::FilePicker files=form.photos images_only=true id="w-photos" label="wizard.photos"/>
        <Show when=move || form.staff>
            <crate::components::FilePicker files=form.files images_only=false id="w-files" label="wizard.files"/>
        </Show>
    }
}

/// The ids from the top category down to `node` (empty when it is not in the tree).
pub(super) fn path_to(nodes: &[TaxonomyNode], node: i64) -> Vec<i64> {
    let mut path = vec![];
    let mut at = nodes.iter().find(|n| n.id == node && n.active);
    while let Some(n) = at.filter(|_| path.len() < 4) {
        path.insert(0, n.id);
        at = n.parent_id.and_then(|p| nodes.iter().find(|x| x.id == p));
    }
    path
}
