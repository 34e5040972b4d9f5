//! The knowledge base's articles (`/staff/:town/articles`): the list with its search and
//! the stale ones (past their verify-by date) for their department; a town administrator
//! writes any article, a department responsible those of their department; every save is
//! a version, listed with who saved it.

mod draft;
mod form;
mod history;
mod settings;

use civis_domain::Role;
use leptos::prelude::*;

use super::with_staff_town;
use crate::api;
use crate::components::{Loading, in_lang, listed};
use crate::i18n::{t, use_i18n};
use crate::session::use_auth;

#[component]
pub fn ArticlesPage() -> impl IntoView {
    with_staff_town(|town, _| view! { <Articles town=town.id/> }.into_any())
}

/// Whether the signed-in person writes articles in this town, and for which department.
pub(super) fn writer(town: i64) -> (bool, Option<i64>) {
    let auth = use_auth();
    auth.session.with_untracked(|s| {
        let Some(s) = s else { return (false, None) };
        let roles = s.roles_in(town);
        let dep = s.department_in(town).filter(|_| roles.contains(Role::DepartmentResponsible));
        (roles.can_edit_any_article() || dep.is_some(), dep.filter(|_| !roles.can_edit_any_article()))
    })
}

#[component]
fn Articles(town: i64) -> impl IntoView {
    let i = use_i18n();
    let q = RwSignal::new(String::new());
    let stale = RwSignal::new(false);
    let editing = RwSignal::new(None::<Option<i64>>);
    let saved = RwSignal::new(0u32);
    let (can_write, own) = writer(town);
    // A department responsible starts on their department's articles.
    let mine = RwSignal::new(own.is_some());
    let hits = LocalResource::new(move || {
        saved.track();
        api::kb_search(town, q.get(), None, stale.get(), own.filter(|_| mine.get()))
    });
    view! {
        <div class="toolbar">
            <h1>{t("kb.title")}</h1>
            <a class="button" href=format!("/staff/{town}/premier-contact")>{t("console.title")}</a>
            {can_write.then(|| view! { <button type="button" class="primary" on:click=move |_| editing.set(Some(None))>{t("kb.new")}</button> })}
        </div>
        {move || editing.get().map(|id| view! { <form::ArticleForm town id editing saved/> })}
        <div class="toolbar">
            <label class="inline" for="kb-list-q">{t("console.search_label")}</label>
            <input id="kb-list-q" type="search" bind:value=q/>
            <label class="inline"><input type="checkbox" bind:checked=stale/>{t("kb.stale_only")}</label>
            {own.is_some().then(|| view! { <label class="inline"><input type="checkbox" bind:checked=mine/>{t("kb.mine_only")}</label> })}
        </div>
        <Transition fallback=Loading>
            {move || listed(hits.get(), "console.no_hit", |list| view! {
                    <table class="requests">
                        <thead><tr><th scope="col">{t("kb.article_title")}</th><th scope="col">{t("kb.audience")}</th><th scope="col">{t("kb.state")}</th><th scope="col"><span class="sr-only">{t("kb.edit")}</span></th></tr></thead>
                        <tbody>{list.into_iter().map(|h| {
                            let (fr, en) = (h.title_fr.clone(), h.title_en.clone());
                            let (fr2, en2) = (fr.clone(), en.clone());
                            let audience = h.audience;
                            view! { <tr>
                                <td>{move || in_lang(i.lang.get(), &fr, &en)}</td>
                                <td>{move || audience.label(i.lang.get())}</td>
                                <td>{h.stale.then(|| view! { <span class="badge late-soon">{t("kb.stale")}</span> })}</td>
                                <td><button type="button" class="link" on:click=move |_| editing.set(Some(Some(h.id)))>
                                    {t("kb.open")}<span class="sr-only">" — "{move || in_lang(i.lang.get(), &fr2, &en2)}</span>
                                </button></td>
                            </tr> }
                        }).collect_view()}</tbody>
                    </table>
                }.into_any())}
        </Transition>
    }
}
