//! Passwords, for staff and citizens alike: asking for a reset link (the answer is the
//! same whether the address has an account), choosing a new password from the emailed
//! link, and changing one's own (every other sign-in ends).

use crate::router::use_query_map;
use civis_domain::wire::UserKind;
use leptos::prelude::*;

use crate::api::{self, Problem, Res};
use crate::components::{FormError, TextField};
use crate::i18n::t;
use crate::session::{Session, use_auth};

/// The token after `#` in the page's address (emailed links keep it out of server logs).
pub fn fragment() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default().trim_start_matches('#').to_string()
}

/// Shows a failed action's problem in the form's error signal.
pub fn show_failure<T: Clone + Send + Sync + 'static>(action: Action<String, Res<T>>, err: RwSignal<Option<Problem>>) {
    Effect::new(move || {
        if let Some(Err(e)) = action.value().get() {
            err.set(Some(e));
        }
    });
}

fn succeeded<T: Clone + Send + Sync + 'static>(action: Action<String, Res<T>>) -> impl Fn() -> bool + Copy {
    move || action.value().with(|v| matches!(v, Some(Ok(_))))
}

#[component]
pub fn ForgotPage() -> impl IntoView {
    let staff = use_query_map().read_untracked().get("type").as_deref() == Some("personnel");
    let kind = if staff { UserKind::Staff } else { UserKind::Citizen };
    let email = RwSignal::new(String::new());
    let err = RwSignal::new(None::<Problem>);
    let send = Action::new_local(move |mail: &String| {
        let mail = mail.clone();
        async move { api::request_reset(&mail, kind).await }
    });
    show_failure(send, err);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        err.set(None);
        send.dispatch(email.get_untracked().trim().to_string());
    };
    view! {
        <h1>{t("password.forgot_title")}</h1>
        <p class="help">{t("password.forgot_lead")}</p>
        <form class="narrow" on:submit=submit novalidate>
            <FormError err/>
            <TextField value=email id="pw-email" label="account.email" kind="email" autocomplete="email" err field="email"/>
            <button type="submit" class="primary" disabled=move || send.pending().get()>{t("password.send_link")}</button>
        </form>
        <Show when=succeeded(send)>
            <p class="success" role="status">{t("password.link_sent")}</p>
        </Show>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let token = fragment();
    let password = RwSignal::new(String::new());
    let err = RwSignal::new(None::<Problem>);
    let save = Action::new_local(move |pw: &String| {
        let (pw, token) = (pw.clone(), token.clone());
        async move { api::complete_reset(&token, &pw).await }
    });
    show_failure(save, err);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        err.set(None);
        save.dispatch(password.get_untracked());
    };
    let sign_in = move || match save.value().get() {
        Some(Ok(done)) if done.kind == UserKind::Staff => Some("/staff"),
        Some(Ok(_)) => Some("/compte"),
        _ => None,
    };
    view! {
        <h1>{t("password.reset_title")}</h1>
        <Show when=move || sign_in().is_none() fallback=move || view! {
            <p class="success" role="status">{t("password.reset_done")}</p>
            <p><a href=move || sign_in().unwrap_or("/compte").to_string()>{t("account.sign_in")}</a></p>
        }>
            <form class="narrow" on:submit=submit novalidate>
                <FormError err/>
                <TextField value=password id="pw-new" label="password.new" kind="password" autocomplete="new-password" err field="password"/>
                <p class="help">{t("password.rule")}</p>
                <button type="submit" class="primary" disabled=move || save.pending().get()>{t("password.save")}</button>
            </form>
            <p><a href="/mot-de-passe/oublie">{t("password.ask_again")}</a></p>
        </Show>
    }
}

#[component]
pub fn ChangePage() -> impl IntoView {
    let auth = use_auth();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let err = RwSignal::new(None::<Problem>);
    let change = Action::new_local(move |_: &String| {
        let (c, n) = (current.get_untracked(), new.get_untracked());
        async move { api::change_password(&c, &n).await }
    });
    show_failure(change, err);
    Effect::new(move || {
        if let Some(Ok(pair)) = change.value().get() {
            auth.set(Some(Session::from_pair(pair)));
            current.set(String::new());
            new.set(String::new());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        err.set(None);
        change.dispatch(String::new());
    };
    view! {
        <h1>{t("password.change_title")}</h1>
        <Show when=move || auth.session.with(Option::is_some) fallback=|| view! {
            <p><a href="/compte">{t("account.sign_in")}</a></p>
        }>
            <form class="narrow" on:submit=submit novalidate>
                <FormError err/>
                <TextField value=current id="pw-current" label="password.current" kind="password" autocomplete="current-password" err field="current_password"/>
                <TextField value=new id="pw-next" label="password.new" kind="password" autocomplete="new-password" err field="new_password"/>
                <p class="help">{t("password.rule")}</p>
                <button type="submit" class="primary" disabled=move || change.pending().get()>{t("password.save")}</button>
            </form>
            <Show when=succeeded(change)>
                <p class="success" role="status">{t("password.changed")}</p>
            </Show>
        </Show>
    }
}
