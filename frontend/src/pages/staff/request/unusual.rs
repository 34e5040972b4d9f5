//! Flagging a request unusual ("inusitée") with a short reason: the reports list such
//! requests by number, category and reason.

use leptos::prelude::*;

use crate::api::{self, Problem};
use crate::components::{FieldMsg, FormError};
use crate::i18n::t;

#[component]
pub fn Unusual(town: i64, id: i64, current: Option<String>, reload: RwSignal<u32>) -> impl IntoView {
    let flagged = current.is_some();
    let reason = RwSignal::new(current.unwrap_or_default());
    let err = RwSignal::new(None::<Problem>);
    let save = Action::new_local(move |value: &Option<String>| {
        let value = value.clone();
        async move {
            let r = api::set_unusual(town, id, value).await;
            if r.is_ok() {
                reload.update(|n| *n += 1);
            }
            r
        }
    });
    Effect::new(move |_| err.set(save.value().get().and_then(Result::err)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(Some(reason.get_untracked().trim().to_string()));
    };
    view! {
        <details class="options unusual" open=flagged>
            <summary>{t("request.unusual")}</summary>
            <form on:submit=submit novalidate>
                <FormError err/>
                <div class="field">
                    <label for="u-reason">{t("request.unusual_reason")}</label>
                    <input id="u-reason" maxlength="300" bind:value=reason aria-describedby="u-reason-err"/>
                    <FieldMsg err field="reason" id="u-reason-err"/>
                </div>
                <button type="submit" disabled=move || save.pending().get()>{t("request.unusual_save")}</button>
                {flagged.then(|| view! { " "<button type="button" on:click=move |_| { save.dispatch(None); }>{t("request.unusual_clear")}</button> })}
            </form>
        </details>
    }
}
