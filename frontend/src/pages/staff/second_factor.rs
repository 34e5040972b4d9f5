//! Adding an authenticator to a staff account (TOTP): the QR code and its key to type, a
//! first code to confirm, then the ten recovery codes, shown once. An account whose role
//! asks for a second factor lands here after signing in, and every staff page shows this
//! one until it is done.

use civis_domain::wire::{RecoveryCodes, SecondFactorEnrolment};
use leptos::prelude::*;

use super::{SignIn, staff_home};
use crate::api::{self, Problem};
use crate::components::{FieldMsg, FormError, focus, write_action};
use crate::i18n::t;
use crate::router::use_navigate;
use crate::session::{Session, use_auth};

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let auth = use_auth();
    let session = move || auth.session.get().filter(Session::is_staff);
    let codes = RwSignal::new(None::<Vec<String>>);
    view! {
        <h1>{t("second_factor.title")}</h1>
        {move || match (session(), codes.get()) {
            (None, _) => view! { <SignIn inline=true/> }.into_any(),
            (Some(_), Some(list)) => view! { <Codes list/> }.into_any(),
            (Some(s), None) if s.user.second_factor.enrolled => view! {
                <p>{t("second_factor.already")}</p>
            }.into_any(),
            (Some(s), None) => view! { <Enrol required=s.user.second_factor.required codes/> }.into_any(),
        }}
    }
}

/// The start, then the QR code and the form for the first code.
#[component]
fn Enrol(required: bool, codes: RwSignal<Option<Vec<String>>>) -> impl IntoView {
    let err = RwSignal::new(None::<Problem>);
    let enrolment = RwSignal::new(None::<SecondFactorEnrolment>);
    let code = RwSignal::new(String::new());
    let start = write_action(
        err,
        move |e: SecondFactorEnrolment| {
            enrolment.set(Some(e));
            focus("f-code");
        },
        |_: &()| api::enrol_second_factor(),
    );
    let confirm = write_action(
        err,
        move |r: RecoveryCodes| {
            codes.set(Some(r.codes));
            focus("f-codes");
        },
        |c: &String| {
            let c = c.clone();
            async move { api::confirm_second_factor(&c).await }
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        err.set(None);
        confirm.dispatch(code.get_untracked());
    };
    view! {
        <p>{t(if required { "second_factor.required" } else { "second_factor.optional" })}</p>
        <FormError err/>
        {move || match enrolment.get() {
            None => view! {
                <p>{t("second_factor.apps")}</p>
                <button type="button" class="primary" disabled=move || start.pending().get()
                    on:click=move |_| { start.dispatch(()); }>{t("second_factor.start")}</button>
            }.into_any(),
            Some(e) => view! {
                <ol class="steps">
                    <li>
                        <p>{t("second_factor.scan")}</p>
                        <img class="qr" src=e.qr_png alt=t("second_factor.qr_alt") width="200" height="200"/>
                        <p>{t("second_factor.or_type")}" "<code class="secret" id="f-secret">{e.secret}</code></p>
                    </li>
                    <li>
                        <form class="narrow" on:submit=submit novalidate>
                            <div class="field">
                                <label for="f-code">{t("second_factor.first_code")}</label>
                                <input id="f-code" type="text" inputmode="numeric" autocomplete="one-time-code"
                                    bind:value=code aria-describedby="f-code-err"/>
                                <FieldMsg err field="code" id="f-code-err"/>
                            </div>
                            <button type="submit" class="primary" disabled=move || confirm.pending().get()>
                                {t("second_factor.confirm")}
                            </button>
                        </form>
                    </li>
                </ol>
            }.into_any(),
        }}
    }
}

/// The recovery codes, once; then on to the staff member's home.
#[component]
fn Codes(list: Vec<String>) -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let go_on = move |_| {
        let Some(mut s) = auth.session.get_untracked() else { return };
        s.user.second_factor.enrolled = true;
        let home = staff_home(&s);
        auth.set(Some(s));
        // Last: leaving the page disposes its signals.
        navigate(&home, Default::default());
    };
    view! {
        <h2 id="f-codes" tabindex="-1">{t("second_factor.codes_title")}</h2>
        <p>{t("second_factor.codes_help")}</p>
        <ul class="recovery-codes" aria-labelledby="f-codes">
            {list.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
        </ul>
        <button type="button" class="primary" on:click=go_on>{t("second_factor.codes_done")}</button>
    }
}
