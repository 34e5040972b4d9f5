//! "Suivre cette requête" on a public request's page: a signed-in citizen follows with their
//! account, a visitor with an email; both then get its external follow-ups and closure.

use leptos::prelude::*;

use crate::api::{self, Problem};
use crate::components::{FieldMsg, FormError};
use crate::i18n::{t, use_i18n};
use crate::session::use_auth;

#[component]
pub fn FollowBox(town: i64, id: i64, number: String) -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let email = RwSignal::new(String::new());
    let err = RwSignal::new(None::<Problem>);
    // Following now (an account), or a link to follow first (an address).
    let done = RwSignal::new(None::<bool>);
    let signed_in = move || auth.session.with(Option::is_some);
    let send = crate::components::write_action(
        err,
        move |now| done.set(Some(now)),
        move |mail: &Option<String>| api::follow(town, id, mail.clone(), i.lang.get_untracked()),
    );
    let follow = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch((!signed_in()).then(|| email.get_untracked().trim().to_string()));
    };
    view! {
        <form class="follow narrow" on:submit=follow>
            <h2>{t("follow.title")}</h2>
            <p class="help">{t("follow.lead")}</p>
            <FormError err/>
            <Show when=move || !signed_in()>
                <div class="field">
                    <label for="f-email">{t("nearby.email")}</label>
                    <input id="f-email" type="email" autocomplete="email" bind:value=email aria-describedby="f-email-err"/>
                    <FieldMsg err field="email" id="f-email-err"/>
                </div>
            </Show>
            <button type="submit" class="primary">{t("nearby.follow")}</button>
            {move || done.get().map(|now| {
                let key = if now { "nearby.following" } else { "follow.check_email" };
                let n = number.clone();
                view! { <p class="success" role="status">{move || format!("{} {n}", i.t(key))}</p> }
            })}
        </form>
    }
}
