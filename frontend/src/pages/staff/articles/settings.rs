//! An article's settings: owner department, verify-by date, audience, categories, archived.

use civis_domain::knowledge::Audience;
use leptos::prelude::*;

use super::draft::Draft;
use crate::api::{self, Problem};
use crate::components::{FieldMsg, in_lang};
use crate::i18n::{t, use_i18n};

/// Categories, owner department, audience, verify-by date, archived.
#[component]
pub fn Settings(town: i64, f: Draft, own: Option<i64>, err: RwSignal<Option<Problem>>) -> impl IntoView {
    let i = use_i18n();
    let deps = LocalResource::new(move || api::departments(town));
    let tree = LocalResource::new(move || api::taxonomy(town));
    view! {
        <div class="grid2">
            <div class="field">
                <label for="kb-department">{t("kb.department")}</label>
                <select id="kb-department" disabled=own.is_some() aria-describedby="kb-department-err"
                    on:change=move |ev| f.department.set(event_target_value(&ev).parse().ok())>
                    <option value="">{t("kb.no_department")}</option>
                    {move || deps.get().and_then(Result::ok).unwrap_or_default().into_iter().filter(|d| d.active).map(|d| {
                        let name = in_lang(i.lang.get(), &d.name_fr, &d.name_en);
                        view! { <option value=d.id.to_string() selected=move || f.department.get() == Some(d.id)>{name}</option> }
                    }).collect_view()}
                </select>
                <FieldMsg err field="department_id" id="kb-department-err"/>
            </div>
            <div class="field">
                <label for="kb-verify">{t("kb.verify_by")}</label>
                <input id="kb-verify" type="date" bind:value=f.verify_by/>
            </div>
        </div>
        <fieldset class="choices">
            <legend>{t("kb.audience")}</legend>
            {[Audience::Public, Audience::Internal].into_iter().map(|a| view! {
                <label><input type="radio" name="kb-audience" prop:checked=move || f.audience.get() == a on:change=move |_| f.audience.set(a)/>{move || a.label(i.lang.get())}</label>
            }).collect_view()}
        </fieldset>
        <fieldset class="tree kb-nodes">
            <legend>{t("kb.categories")}</legend>
            {move || tree.get().and_then(Result::ok).map(|nodes| super::super::filter::tree_order(&nodes).into_iter().map(|(n, depth)| {
                let id = n.id;
                let name = n.name(i.lang.get()).to_string();
                view! { <label class=format!("level-{depth}")><input type="checkbox" prop:checked=move || f.nodes.with(|v| v.contains(&id))
                    on:change=move |_| f.nodes.update(|v| if v.contains(&id) { v.retain(|x| *x != id) } else { v.push(id) })/>{name}</label> }
            }).collect_view())}
        </fieldset>
        <label class="inline"><input type="checkbox" bind:checked=f.archived/>{t("kb.archived")}</label>
    }
}
