//! The advanced filter: departments, categories, keywords (each added with Enter),
//! internal only, favorites only, priorities, created and due date ranges. Applying it
//! saves it for the user (restored at the next sign-in); clearing it deletes it.

use civis_domain::wire::RequestFilter;
use civis_domain::{Lang, Priority};
use leptos::prelude::*;

use super::names::Names;
use crate::i18n::{t, use_i18n};

fn date_in(value: RwSignal<Option<chrono::NaiveDate>>, id: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <label for=id>{t(label)}</label>
        <input id=id type="date"
            prop:value=move || value.get().map(|d| d.to_string()).unwrap_or_default()
            on:change=move |ev| value.set(event_target_value(&ev).parse().ok())/>
    }
}

/// Active nodes in tree order (each followed by its children), with their depth.
pub(super) fn tree_order(nodes: &[civis_domain::wire::TaxonomyNode]) -> Vec<(civis_domain::wire::TaxonomyNode, usize)> {
    fn walk(
        nodes: &[civis_domain::wire::TaxonomyNode],
        parent: Option<i64>,
        depth: usize,
        out: &mut Vec<(civis_domain::wire::TaxonomyNode, usize)>,
    ) {
        for n in nodes.iter().filter(|n| n.parent_id == parent && n.active) {
            out.push((n.clone(), depth));
            if depth < 3 {
                walk(nodes, Some(n.id), depth + 1, out);
            }
        }
    }
    let mut out = vec![];
    walk(nodes, None, 0, &mut out);
    out
}

/// A choice of one category (any level, indented under its parent), or none.
#[component]
pub fn NodeSelect(
    tree: LocalResource<crate::api::Res<Vec<civis_domain::wire::TaxonomyNode>>>,
    value: RwSignal<Option<i64>>,
    id: &'static str,
    /// Translation key of the label.
    label: &'static str,
    /// Translation key of the empty choice.
    #[prop(default = "console.no_subject")]
    none: &'static str,
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev).parse().ok())>
                <option value="">{t(none)}</option>
                {move || tree.get().and_then(Result::ok).map(|nodes| tree_order(&nodes).into_iter().map(|(n, depth)| {
                    let name = format!("{}{}", "\u{a0}\u{a0}".repeat(depth), n.name(i.lang.get()));
                    view! { <option value=n.id.to_string() selected=move || value.get() == Some(n.id)>{name}</option> }
                }).collect_view())}
            </select>
        </div>
    }
}

#[component]
pub fn FilterPanel(
    current: RequestFilter,
    names: RwSignal<Names>,
    /// Kept by the dashboard, so that the panel stays open while the list changes.
    open: RwSignal<bool>,
    on_apply: Callback<RequestFilter>,
    on_clear: Callback<civis_domain::wire::SortKey>,
) -> impl IntoView {
    let departments = RwSignal::new(current.departments.clone());
    let categories = RwSignal::new(current.categories.clone());
    let keywords = RwSignal::new(current.keywords.clone());
    let keyword = RwSignal::new(String::new());
    let internal_only = RwSignal::new(current.internal_only);
    let favorites_only = RwSignal::new(current.favorites_only);
    let overdue_only = RwSignal::new(current.overdue_only);
    let after_hours_only = RwSignal::new(current.after_hours_only);
    let first_answer = RwSignal::new(current.first_answer_awaited);
    let assigned_to_me = RwSignal::new(current.assigned_to_me);
    let priorities = RwSignal::new(current.priorities.clone());
    let created_from = RwSignal::new(current.created_from);
    let created_to = RwSignal::new(current.created_to);
    let due_from = RwSignal::new(current.due_from);
    let due_to = RwSignal::new(current.due_to);
    let sort = current.sort;
    let active = current != RequestFilter { sort, ..Default::default() };

    let collect = move || RequestFilter {
        departments: departments.get_untracked(),
        categories: categories.get_untracked(),
        keywords: keywords.get_untracked(),
        internal_only: internal_only.get_untracked(),
        favorites_only: favorites_only.get_untracked(),
        overdue_only: overdue_only.get_untracked(),
        after_hours_only: after_hours_only.get_untracked(),
        first_answer_awaited: first_answer.get_untracked(),
        assigned_to_me: assigned_to_me.get_untracked(),
        priorities: priorities.get_untracked(),
        created_from: created_from.get_untracked(),
        created_to: created_to.get_untracked(),
        due_from: due_from.get_untracked(),
        due_to: due_to.get_untracked(),
        sort,
    };
    // A keyword typed but not yet added with Enter counts too; at most 10, no repeats.
    let take_keyword = move || {
        let k = keyword.get_untracked().trim().to_string();
        if !k.is_empty() && keywords.with_untracked(|ks| ks.len() < 10 && !ks.contains(&k)) {
            keywords.update(|ks| ks.push(k));
        }
        keyword.set(String::new());
    };
    let apply = move |_| {
        take_keyword();
        on_apply.run(collect());
    };
    let clear = move |_| on_clear.run(sort);
    let add_keyword = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            take_keyword();
        }
    };
    view! {
        <section class="filter">
            <button type="button" class="secondary" aria-expanded=move || open.get().to_string() aria-controls="filter-body"
                on:click=move |_| open.update(|o| *o = !*o)>
                {t("filter.title")}{active.then(|| view! { <span class="tag">{t("filter.active")}</span> })}
            </button>
            <div id="filter-body" class="filter-body" hidden=move || !open.get()>
                <KeywordChips keywords keyword add_keyword/>
                <FilterChoices names departments categories priorities/>
                {dates_and_flags([created_from, created_to, due_from, due_to], [internal_only, favorites_only, overdue_only, after_hours_only, first_answer, assigned_to_me])}
                <div class="wizard-nav">
                    <button type="button" class="primary" on:click=apply>{t("filter.apply")}</button>
                    <button type="button" class="secondary" on:click=clear>{t("filter.clear")}</button>
                </div>
            </div>
        </section>
    }
}

/// A checkbox's change adds `id` to the list or takes it out.
fn toggle(list: RwSignal<Vec<i64>>, id: i64) -> impl Fn(leptos::ev::Event) {
    move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        list.update(|l| {
            l.retain(|x| *x != id);
            if on {
                l.push(id);
            }
        })
    }
}

/// The keywords as chips (each removable) and the field that adds one with Enter.
#[component]
fn KeywordChips(
    keywords: RwSignal<Vec<String>>,
    keyword: RwSignal<String>,
    add_keyword: impl Fn(leptos::ev::KeyboardEvent) + 'static,
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <fieldset>
            <legend>{t("filter.keywords")}</legend>
            <ul class="chips">
                {move || keywords.get().into_iter().map(|k| {
                    let k2 = k.clone();
                    view! { <li>{k.clone()}<button type="button" class="chip-x"
                        aria-label=move || format!("{} {}", i.t("filter.remove"), k2)
                        on:click={ let k = k.clone(); move |_| keywords.update(|ks| ks.retain(|x| *x != k)) }>"×"</button></li> }
                }).collect_view()}
            </ul>
            <label for="f-keyword" class="sr-only">{t("filter.keyword")}</label>
            <input id="f-keyword" type="search" placeholder=t("filter.keyword_hint") bind:value=keyword on:keydown=add_keyword/>
        </fieldset>
    }
}

/// Departments, categories (each under its parent) and priorities, as checkboxes.
#[component]
fn FilterChoices(
    names: RwSignal<Names>,
    departments: RwSignal<Vec<i64>>,
    categories: RwSignal<Vec<i64>>,
    priorities: RwSignal<Vec<Priority>>,
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <fieldset>
            <legend>{t("filter.departments")}</legend>
            {move || names.get().departments.into_iter().filter(|d| d.active).map(|d| {
                let checked = departments.with_untracked(|l| l.contains(&d.id));
                let label = if i.lang.get() == Lang::Fr { d.name_fr.clone() } else { d.name_en.clone() };
                view! { <label><input type="checkbox" checked=checked on:change=toggle(departments, d.id)/>{label}</label> }
            }).collect_view()}
        </fieldset>
        <fieldset class="tree">
            <legend>{t("filter.categories")}</legend>
            // Every level, each under its parent (a category includes what is below it).
            {move || tree_order(&names.get().nodes).into_iter().map(|(n, depth)| {
                let checked = categories.with_untracked(|l| l.contains(&n.id));
                let label = if i.lang.get() == Lang::Fr { n.name_fr.clone() } else { n.name_en.clone() };
                view! { <label class=format!("level-{depth}")><input type="checkbox" checked=checked on:change=toggle(categories, n.id)/>{label}</label> }
            }).collect_view()}
        </fieldset>
        <fieldset>
            <legend>{t("filter.priorities")}</legend>
            {Priority::ALL.into_iter().map(|p| {
                let checked = priorities.with_untracked(|l| l.contains(&p));
                view! { <label><input type="checkbox" checked=checked on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    priorities.update(|l| { l.retain(|x| *x != p); if on { l.push(p) } })
                }/>{move || p.label(i.lang.get())}</label> }
            }).collect_view()}
        </fieldset>
    }
}

/// The date ranges (created from, to; due from, to) and the flags (internal only,
/// favorites only, overdue only, overnight, first answer awaited, assigned to me).
fn dates_and_flags(dates: [RwSignal<Option<chrono::NaiveDate>>; 4], flags: [RwSignal<bool>; 6]) -> impl IntoView {
    let [created_from, created_to, due_from, due_to] = dates;
    let flag = |on: RwSignal<bool>, label: &'static str| {
        view! { <label><input type="checkbox" bind:checked=on/>{t(label)}</label> }
    };
    let [internal, favorites, overdue, overnight, answer, mine] = flags;
    view! {
        <fieldset class="dates">
            <legend>{t("filter.dates")}</legend>
            {date_in(created_from, "f-created-from", "filter.created_from")}
            {date_in(created_to, "f-created-to", "filter.created_to")}
            {date_in(due_from, "f-due-from", "filter.due_from")}
            {date_in(due_to, "f-due-to", "filter.due_to")}
        </fieldset>
        <div class="checks">
            {flag(internal, "filter.internal_only")}
            {flag(favorites, "filter.favorites_only")}
            {flag(overdue, "filter.overdue_only")}
            {flag(overnight, "filter.after_hours_only")}
            {flag(answer, "filter.first_answer_awaited")}
            {flag(mine, "filter.assigned_to_me")}
        </div>
    }
}
