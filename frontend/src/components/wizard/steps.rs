//! The wizard's first steps, in the frame: town and category drill-down (the description
//! and attachments are in the part loaded on demand: `text_steps`).

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
