//! Integrations: the API keys the town issues to integrators' apps (Open311). A key's
//! secret is shown once, when issued; the list shows each key's name, limit, last use and
//! whether it is revoked (revoking asks first).

use civis_domain::wire::{ApiKey, ApiKeyInput, IssuedApiKey};
use leptos::prelude::*;

use crate::api::{self, Problem};
use crate::components::{FormError, TextField, loaded, moment, write_action};
use crate::i18n::{t, use_i18n};

#[component]
pub fn Integrations(town: i64) -> impl IntoView {
    let list = LocalResource::new(move || api::api_keys(town));
    let issued = RwSignal::new(None::<IssuedApiKey>);
    view! {
        <p class="help">{t("keys.intro")}</p>
        <IssueForm town on_issued=Callback::new(move |k| { issued.set(Some(k)); list.refetch() })/>
        {move || issued.get().map(|k| view! {
            <div class="notice" role="status">
                <p><strong>{t("keys.secret_once")}</strong></p>
                <p><code class="secret">{k.secret.clone()}</code></p>
            </div>
        })}
        {move || loaded(list.get(), move |keys: Vec<ApiKey>| view! {
            <KeyTable town keys on_revoked=Callback::new(move |_| list.refetch())/>
        }.into_any())}
    }
}

#[component]
fn IssueForm(town: i64, on_issued: Callback<IssuedApiKey>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let rate = RwSignal::new("1000".to_string());
    let err = RwSignal::new(None::<Problem>);
    let send = write_action(
        err,
        move |k: IssuedApiKey| {
            name.set(String::new());
            _ = on_issued.try_run(k);
        },
        move |body: &ApiKeyInput| {
            let body = body.clone();
            async move { api::issue_api_key(town, &body).await }
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let rate_per_hour = match rate.get_untracked().trim().parse::<i32>() {
            Ok(r) => Some(r),
            Err(_) if rate.get_untracked().trim().is_empty() => None,
            Err(_) => {
                err.set(Some(Problem::fields(vec![("rate_per_hour".into(), "range")])));
                return;
            }
        };
        send.dispatch(ApiKeyInput { name: name.get_untracked().trim().into(), rate_per_hour });
    };
    view! {
        <form class="narrow admin-form" on:submit=submit novalidate>
            <FormError err/>
            <TextField value=name id="k-name" label="keys.name" err field="name"/>
            <TextField value=rate id="k-rate" label="keys.rate" err field="rate_per_hour" kind="number"/>
            <button type="submit" class="primary">{t("keys.issue")}</button>
        </form>
    }
}

#[component]
fn KeyTable(town: i64, keys: Vec<ApiKey>, on_revoked: Callback<()>) -> impl IntoView {
    if keys.is_empty() {
        return view! { <p>{t("keys.none")}</p> }.into_any();
    }
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t("keys.title")>
        <table class="history">
            <thead><tr>
                <th scope="col">{t("keys.name")}</th><th scope="col">{t("keys.prefix")}</th>
                <th scope="col">{t("keys.rate")}</th><th scope="col">{t("keys.created")}</th>
                <th scope="col">{t("keys.last_used")}</th><th scope="col">{t("keys.state")}</th>
            </tr></thead>
            <tbody>
                {keys.into_iter().map(|k| view! { <KeyRow town k on_revoked/> }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}

#[component]
fn KeyRow(town: i64, k: ApiKey, on_revoked: Callback<()>) -> impl IntoView {
    let i = use_i18n();
    let err = RwSignal::new(None::<Problem>);
    let confirming = RwSignal::new(false);
    let id = k.id;
    let revoke =
        write_action(err, move |_: ApiKey| _ = on_revoked.try_run(()), move |_: &()| api::revoke_api_key(town, id));
    let (name, revoked) = (k.name.clone(), k.revoked_at);
    view! {
        <tr>
            <td>{k.name.clone()}</td>
            <td><code>{k.prefix.clone()}"…"</code></td>
            <td>{k.rate_per_hour}</td>
            <td>{moment(k.created_at)}</td>
            <td>{k.last_used_at.map(|at| moment(at)()).unwrap_or_else(|| "—".into())}</td>
            <td>
                {match revoked {
                    Some(at) => view! { <span>{t("keys.revoked")}" "{moment(at)}</span> }.into_any(),
                    None => view! {
                        <Show when=move || !confirming.get() fallback=move || {
                            let name = name.clone();
                            view! {
                                <div class="confirm" role="group">
                                    <p>{move || i.t("keys.revoke_confirm").replace("{name}", &name)}</p>
                                    <button type="button" class="danger" on:click=move |_| { confirming.set(false); revoke.dispatch(()); }>{t("keys.revoke_yes")}</button>
                                    <button type="button" class="secondary" on:click=move |_| confirming.set(false)>{t("admin.cancel")}</button>
                                </div>
                            }
                        }>
                            <span>{t("keys.active")}" "</span>
                            <button type="button" class="link" on:click=move |_| confirming.set(true)>{t("keys.revoke")}</button>
                        </Show>
                    }.into_any(),
                }}
                <FormError err/>
            </td>
        </tr>
    }
}
