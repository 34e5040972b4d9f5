//! The town's staff accounts: their roles here, active or not; a new account.

use civis_domain::Role;
use civis_domain::wire::{NewStaffUser, StaffUser, StaffUserPatch};
use leptos::prelude::*;

use crate::api::{self, Problem};
use crate::components::{ErrorBox, FormError, TextField, loaded};
use crate::i18n::{t, use_i18n};

/// The roles a town administrator grants (operator agents belong to the platform).
const GRANTABLE: [Role; 5] =
    [Role::Clerk, Role::DepartmentResponsible, Role::Director, Role::ElectedOfficial, Role::TownAdmin];

#[component]
pub fn Users(town: i64) -> impl IntoView {
    let i = use_i18n();
    let list = LocalResource::new(move || api::staff_users(town));
    let adding = RwSignal::new(false);
    let reload = move || list.refetch();
    let activate = Action::new_local(move |&(id, active): &(i64, bool)| async move {
        let patch = StaffUserPatch {
            first_name: None,
            last_name: None,
            active: Some(active),
            roles: None,
            department_id: None,
        };
        api::update_staff_user(town, id, &patch).await
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = activate.value().get() {
            reload();
        }
    });
    let set_active = move |id: i64, active: bool| {
        activate.dispatch((id, active));
    };
    let reset = Action::new_local(move |&id: &i64| async move { api::reset_second_factor(town, id).await });
    Effect::new(move |_| {
        if let Some(Ok(())) = reset.value().get() {
            reload();
        }
    });
    // The account whose reset waits for its confirmation.
    let confirming = RwSignal::new(None::<i64>);
    let err =
        move || activate.value().get().and_then(Result::err).or_else(|| reset.value().get().and_then(Result::err));
    view! {
        <button type="button" class="primary" on:click=move |_| adding.update(|a| *a = !*a)>{t("admin.add_user")}</button>
        <Show when=move || adding.get()>
            <UserForm town on_saved=Callback::new(move |_| { adding.set(false); reload() })/>
        </Show>
        {move || err().map(|e| view! { <ErrorBox err=e/> })}
        {move || loaded(list.get(), move |users: Vec<StaffUser>| view! {
            <div class="table-scroll" tabindex="0" role="region" aria-label=t("admin.tab.users")>
            <table class="history">
                <thead><tr>
                    <th scope="col">{t("wizard.last_name")}</th><th scope="col">{t("account.email")}</th>
                    <th scope="col">{t("admin.roles")}</th><th scope="col">{t("admin.active")}</th>
                    <th scope="col">{t("admin.second_factor_column")}</th>
                </tr></thead>
                <tbody>
                    {users.into_iter().map(|u| {
                        let roles: Vec<Role> = u.grants.iter().filter(|g| g.municipality_id == town).map(|g| g.role).collect();
                        let (id, active, enrolled) = (u.id, u.active, u.second_factor);
                        let name = format!("{} {}", u.first_name, u.last_name);
                        view! { <tr>
                            <td>{format!("{} {}", u.first_name, u.last_name)}</td>
                            <td>{u.email.clone()}</td>
                            <td>{move || roles.iter().map(|r| r.label(i.lang.get())).collect::<Vec<_>>().join(", ")}</td>
                            <td><label><input type="checkbox" checked=active on:change=move |ev| set_active(id, event_target_checked(&ev))/>
                                <span class="sr-only">{name.clone()}" — "{t("admin.active")}</span></label></td>
                            <td>{if enrolled {
                                view! { <SecondFactorCell id name=name.clone() confirming reset/> }.into_any()
                            } else {
                                view! { <span class="muted">{t("admin.second_factor_off")}</span> }.into_any()
                            }}</td>
                        </tr> }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        }.into_any())}
    }
}

#[component]
fn UserForm(town: i64, on_saved: Callback<()>) -> impl IntoView {
    let i = use_i18n();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let roles = RwSignal::new(Vec::<Role>::new());
    let department = RwSignal::new(None::<i64>);
    let departments = LocalResource::new(move || api::admin_departments(town));
    let err = RwSignal::new(None::<Problem>);
    let create = Action::new_local(move |body: &NewStaffUser| {
        let body = body.clone();
        async move { api::create_staff_user(town, &body).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => _ = on_saved.try_run(()),
        Some(Err(e)) => err.set(Some(e)),
        None => {}
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewStaffUser {
            email: email.get_untracked().trim().into(),
            password: password.get_untracked(),
            first_name: first.get_untracked().trim().into(),
            last_name: last.get_untracked().trim().into(),
            language: i.lang.get_untracked(),
            roles: roles.get_untracked(),
            department_id: department.get_untracked(),
        };
        create.dispatch(body);
    };
    view! {
        <form class="narrow admin-form" on:submit=save novalidate>
            <FormError err/>
            <TextField value=first id="u-first" label="wizard.first_name" err field="first_name"/>
            <TextField value=last id="u-last" label="wizard.last_name" err field="last_name"/>
            <TextField value=email id="u-email" label="account.email" err field="email" kind="email"/>
            <TextField value=password id="u-password" label="account.password" err field="password" kind="password" autocomplete="new-password"/>
            <fieldset>
                <legend>{t("admin.roles")}</legend>
                {GRANTABLE.into_iter().map(|r| view! {
                    <label><input type="checkbox" on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        roles.update(|l| { l.retain(|x| *x != r); if on { l.push(r) } })
                    }/>{move || r.label(i.lang.get())}</label>
                }).collect_view()}
            </fieldset>
            <Show when=move || roles.with(|l| l.contains(&Role::DepartmentResponsible))>
                <div class="field">
                    <label for="u-department">{t("request.department")}</label>
                    <select id="u-department" on:change=move |ev| department.set(event_target_value(&ev).parse().ok())>
                        <option value="">{t("wizard.choose")}</option>
                        {move || departments.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|d| {
                            let label = if i.lang.get() == civis_domain::Lang::Fr { d.name_fr.clone() } else { d.name_en.clone() };
                            view! { <option value=d.id.to_string()>{label}</option> }
                        }).collect_view()}
                    </select>
                    {move || departments.get().and_then(Result::err).map(|err| view! { <ErrorBox err/> })}
                </div>
            </Show>
            <button type="submit" class="primary" disabled=move || create.pending().get()>{t("admin.save")}</button>
        </form>
    }
}

/// An enrolled account's second factor: "on", and a reset that asks for confirmation
/// first (the member will enrol again at next sign-in).
#[component]
fn SecondFactorCell(
    id: i64,
    name: String,
    confirming: RwSignal<Option<i64>>,
    reset: Action<i64, Result<(), Problem>>,
) -> impl IntoView {
    view! {
        {t("admin.second_factor_on")}" "
        {move || if confirming.get() == Some(id) {
            view! {
                <span role="group" aria-label=name.clone()>
                    <button type="button" class="danger" on:click=move |_| { confirming.set(None); reset.dispatch(id); }>
                        {t("admin.second_factor_reset_confirm")}</button>" "
                    <button type="button" class="link" on:click=move |_| confirming.set(None)>{t("admin.cancel")}</button>
                </span>
            }.into_any()
        } else {
            view! {
                <button type="button" class="link" on:click=move |_| confirming.set(Some(id))>
                    {t("admin.second_factor_reset")}<span class="sr-only">" — "{name.clone()}</span>
                </button>
            }.into_any()
        }}
    }
}
