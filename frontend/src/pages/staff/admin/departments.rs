//! The town's departments: code, French and English names, notification email, active.

use civis_domain::wire::{Department, DepartmentInput};
use leptos::prelude::*;

use super::{check, opt};
use crate::api::{self, Problem};
use crate::components::{FormError, TextField, loaded, write_action};
use crate::i18n::t;

#[component]
pub fn Departments(town: i64) -> impl IntoView {
    let list = LocalResource::new(move || api::admin_departments(town));
    let editing = RwSignal::new(None::<Option<Department>>);
    let reload = move || list.refetch();
    view! {
        <button type="button" class="primary" on:click=move |_| editing.set(Some(None))>{t("admin.add_department")}</button>
        {move || editing.get().map(|d| view! {
            <DepartmentForm town current=d on_saved=Callback::new(move |_| { editing.set(None); reload() })/>
        })}
        {move || loaded(list.get(), move |deps: Vec<Department>| view! {
            <div class="table-scroll" tabindex="0" role="region" aria-label=t("admin.tab.departments")>
            <table class="history">
                <thead><tr>
                    <th scope="col">{t("admin.code")}</th><th scope="col">{t("admin.name_fr")}</th>
                    <th scope="col">{t("admin.name_en")}</th><th scope="col">{t("admin.notification_email")}</th>
                    <th scope="col">{t("admin.active")}</th><th scope="col"><span class="sr-only">{t("admin.edit")}</span></th>
                </tr></thead>
                <tbody>
                    {deps.into_iter().map(|d| {
                        let d2 = d.clone();
                        view! { <tr>
                            <td>{d.code.clone()}</td><td>{d.name_fr.clone()}</td><td>{d.name_en.clone()}</td>
                            <td>{d.notification_email.clone()}
                                {(d.notification_email.is_some() && d.notification_email_pending.is_some()).then(|| view! { <br/> })}
                                {d.notification_email_pending.clone().map(|p| view! {
                                    <span class="help">{t("admin.email_pending")}" "{p}</span>
                                })}
                            </td>
                            <td>{move || if d.active { t("common.yes")() } else { t("common.no")() }}</td>
                            <td><button type="button" class="link" on:click=move |_| editing.set(Some(Some(d2.clone())))>{t("admin.edit")}</button></td>
                        </tr> }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        }.into_any())}
    }
}

#[component]
fn DepartmentForm(town: i64, current: Option<Department>, on_saved: Callback<()>) -> impl IntoView {
    let id = current.as_ref().map(|d| d.id);
    let code = RwSignal::new(current.as_ref().map(|d| d.code.clone()).unwrap_or_default());
    let name_fr = RwSignal::new(current.as_ref().map(|d| d.name_fr.clone()).unwrap_or_default());
    let name_en = RwSignal::new(current.as_ref().map(|d| d.name_en.clone()).unwrap_or_default());
    // The address waiting for its confirmation, if any, is the one the administrator gave last.
    let email = RwSignal::new(
        current
            .as_ref()
            .and_then(|d| d.notification_email_pending.clone().or_else(|| d.notification_email.clone()))
            .unwrap_or_default(),
    );
    let active = RwSignal::new(current.as_ref().is_none_or(|d| d.active));
    let responsible = current.as_ref().and_then(|d| d.responsible_user_id);
    let err = RwSignal::new(None::<Problem>);
    let send = write_action(
        err,
        move |_| _ = on_saved.try_run(()),
        move |body: &DepartmentInput| {
            let body = body.clone();
            async move { api::save_department(town, id, &body).await }
        },
    );
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = DepartmentInput {
            code: code.get_untracked().trim().into(),
            name_fr: name_fr.get_untracked().trim().into(),
            name_en: name_en.get_untracked().trim().into(),
            responsible_user_id: responsible,
            notification_email: opt(email),
            active: active.get_untracked(),
        };
        send.dispatch(body);
    };
    view! {
        <form class="narrow admin-form" on:submit=save novalidate>
            <FormError err/>
            <TextField value=code id="d-code" label="admin.code" err field="code"/>
            <TextField value=name_fr id="d-name-fr" label="admin.name_fr" err field="name_fr"/>
            <TextField value=name_en id="d-name-en" label="admin.name_en" err field="name_en"/>
            <TextField value=email id="d-email" label="admin.notification_email" err field="notification_email" kind="email"/>
            <p class="help">{t("admin.email_confirm_help")}</p>
            {check(active, "admin.active")}
            <button type="submit" class="primary">{t("admin.save")}</button>
        </form>
    }
}
