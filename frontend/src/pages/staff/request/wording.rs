//! What the public reads of a request's description (Loi 25): the citizen's words with
//! contacts masked, or staff's own wording (a neighbour's name out, a clearer place); the
//! citizen's words stay for staff and the history keeps each change.

use civis_domain::wire::{RequestDetail, RequestPatch};
use leptos::prelude::*;

use crate::i18n::t;

#[component]
pub fn PublicWording(d: RequestDetail, patch: Callback<RequestPatch>) -> impl IntoView {
    let edited = d.public_wording.is_some();
    let text = RwSignal::new(d.public_wording.clone().unwrap_or_else(|| d.public_text.clone()));
    let reason = RwSignal::new(String::new());
    let send = move |wording: String| {
        let reason = Some(reason.get_untracked().trim().to_string()).filter(|r| !r.is_empty());
        patch.run(RequestPatch { public_wording: Some(wording), reason, ..Default::default() });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(text.get_untracked());
    };
    view! {
        <details class="options public-wording">
            <summary>{t("wording.title")}</summary>
            <p class="help">{t(if edited { "wording.edited" } else { "wording.citizen" })}</p>
            <p class="public-preview"><strong>{t("wording.preview")}</strong>" "{d.public_text.clone()}</p>
            <form on:submit=submit novalidate>
                <div class="field">
                    <label for="w-text">{t("wording.text")}</label>
                    <textarea id="w-text" rows="3" maxlength="5000" bind:value=text></textarea>
                </div>
                <div class="field">
                    <label for="w-reason">{t("wording.reason")}</label>
                    <input id="w-reason" maxlength="1000" bind:value=reason/>
                </div>
                <button type="submit">{t("wording.save")}</button>
                {edited.then(|| view! { " "<button type="button" on:click=move |_| send(String::new())>{t("wording.reset")}</button> })}
            </form>
        </details>
    }
}
