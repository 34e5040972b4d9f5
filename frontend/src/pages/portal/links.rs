//! The pages an emailed link opens: confirming a new account's address (and signing in),
//! confirming that an address follows a request, stopping a request's emails and confirming
//! a department's address for its notices (these two behind a button, so that a mail
//! scanner opening the link does nothing).

use leptos::prelude::*;

use crate::api::{self, Problem};
use crate::components::{ErrorBox, FormError, Loading};
use crate::i18n::t;
use crate::pages::password::{fragment, show_failure};
use crate::session::{Session, use_auth};

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let auth = use_auth();
    let confirm = Action::new_local(|token: &String| {
        let token = token.clone();
        async move { api::confirm_email(&token).await }
    });
    confirm.dispatch(fragment());
    view! {
        <h1>{t("confirm.title")}</h1>
        {move || match confirm.value().get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(pair)) => {
                auth.set(Some(Session::from_pair(pair)));
                view! {
                    <p class="success" role="status">{t("confirm.done")}</p>
                    <p><a href="/compte/requetes">{t("nav.my_requests")}</a></p>
                }.into_any()
            }
            Some(Err(e)) => view! { <ErrorBox err=e/><p><a href="/compte">{t("account.sign_in")}</a></p> }.into_any(),
        }}
    }
}

#[component]
pub fn FollowConfirmPage() -> impl IntoView {
    let confirm = Action::new_local(|token: &String| {
        let token = token.clone();
        async move { api::confirm_follow(&token).await }
    });
    confirm.dispatch(fragment());
    view! {
        <h1>{t("follow.confirm_title")}</h1>
        {move || match confirm.value().get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(())) => view! { <p class="success" role="status">{t("follow.confirmed")}</p> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox err=e/> }.into_any(),
        }}
    }
}

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let err = RwSignal::new(None::<Problem>);
    let stop = Action::new_local(|token: &String| {
        let token = token.clone();
        async move { api::unsubscribe(&token).await }
    });
    show_failure(stop, err);
    let done = move || stop.value().with(|v| matches!(v, Some(Ok(()))));
    view! {
        <h1>{t("unsubscribe.title")}</h1>
        <Show when=move || !done() fallback=|| view! { <p class="success" role="status">{t("unsubscribe.done")}</p> }>
            <p>{t("unsubscribe.lead")}</p>
            <FormError err/>
            <button type="button" class="primary" disabled=move || stop.pending().get()
                on:click=move |_| { err.set(None); stop.dispatch(fragment()); }>
                {t("unsubscribe.button")}
            </button>
        </Show>
    }
}

/// Confirms an address given for a department's notices (behind a button, like stopping
/// emails: a mail scanner opening the link confirms nothing).
#[component]
pub fn DepartmentEmailPage() -> impl IntoView {
    let i = crate::i18n::use_i18n();
    let err = RwSignal::new(None::<Problem>);
    let confirm = Action::new_local(|token: &String| {
        let token = token.clone();
        async move { api::confirm_department_email(&token).await }
    });
    show_failure(confirm, err);
    let done = move || confirm.value().get().and_then(Result::ok);
    view! {
        <h1>{t("department_email.title")}</h1>
        {move || match done() {
            Some(d) => {
                let name = if i.lang.get() == civis_domain::Lang::En { d.name_en } else { d.name_fr };
                view! {
                    <p class="success" role="status">
                        {t("department_email.done")}" "<strong>{d.email}</strong>" — "{name}", "{d.town_name}
                    </p>
                }.into_any()
            }
            None => view! {
                <p>{t("department_email.lead")}</p>
                <FormError err/>
                <button type="button" class="primary" disabled=move || confirm.pending().get()
                    on:click=move |_| { err.set(None); confirm.dispatch(fragment()); }>
                    {t("department_email.button")}
                </button>
            }.into_any(),
        }}
    }
}
