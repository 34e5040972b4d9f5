//! Waiting on the citizen: a request on hold says since when and why (its delay is
//! suspended; past the town's limit, closing it is proposed) and can be resumed; one that may
//! wait offers the form that asks the citizen for what is missing.

use civis_domain::RequestKind;
use civis_domain::wire::{HoldInput, RequestDetail, RequesterMode};
use leptos::prelude::*;

use crate::api::{self, Problem};
use crate::components::{FieldMsg, FormError, day};
use crate::i18n::{t, use_i18n};

#[component]
pub fn Waiting(d: RequestDetail, works: bool, reload: RwSignal<u32>) -> impl IntoView {
    let i = use_i18n();
    let (town, id) = (d.municipality_id, d.id);
    let err = RwSignal::new(None::<Problem>);
    let resume = Action::new_local(move |_: &()| async move { api::resume(town, id).await });
    Effect::new(move |_| match resume.value().get() {
        Some(Ok(_)) => reload.update(|n| *n += 1),
        Some(Err(e)) => err.set(Some(e)),
        None => {}
    });
    if let Some(w) = d.waiting {
        let since = day(Some(w.since));
        let words = move || {
            i.t("waiting.since")
                .replace("{date}", &since())
                .replace("{days}", &w.days.to_string())
                .replace("{reason}", &w.reason)
        };
        return view! {
            <div class="waiting" role="status">
                <p><strong>{t("waiting.title")}</strong>" "{words}</p>
                {w.past_limit.then(|| view! { <p class="late-soon">{t("waiting.past_limit")}</p> })}
                <FormError err/>
                {works.then(|| view! {
                    <button type="button" disabled=move || resume.pending().get() on:click=move |_| { resume.dispatch(()); }>
                        {t("waiting.resume")}
                    </button>
                })}
            </div>
        }
        .into_any();
    }
    let may_wait = works
        && !d.status.is_closed()
        && d.requester_mode == RequesterMode::Identified
        && !matches!(d.kind, RequestKind::Complaint | RequestKind::AccessToInformation);
    may_wait.then(|| view! { <HoldForm town id reload/> }).into_any()
}

#[component]
fn HoldForm(town: i64, id: i64, reload: RwSignal<u32>) -> impl IntoView {
    let (reason, message) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let err = RwSignal::new(None::<Problem>);
    let hold = Action::new_local(move |body: &HoldInput| {
        let body = body.clone();
        async move { api::hold(town, id, &body).await }
    });
    Effect::new(move |_| match hold.value().get() {
        Some(Ok(_)) => reload.update(|n| *n += 1),
        Some(Err(e)) => err.set(Some(e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body =
            HoldInput { reason: reason.get_untracked().trim().into(), message: message.get_untracked().trim().into() };
        hold.dispatch(body);
    };
    view! {
        <details class="options hold">
            <summary>{t("waiting.hold")}</summary>
            <form on:submit=submit novalidate>
                <p class="help">{t("waiting.help")}</p>
                <FormError err/>
                <div class="field">
                    <label for="h-reason">{t("waiting.reason")}</label>
                    <input id="h-reason" maxlength="1000" bind:value=reason aria-describedby="h-reason-err"/>
                    <FieldMsg err field="reason" id="h-reason-err"/>
                </div>
                <div class="field">
                    <label for="h-message">{t("waiting.message")}</label>
                    <textarea id="h-message" rows="3" bind:value=message aria-describedby="h-message-err"></textarea>
                    <FieldMsg err field="message" id="h-message-err"/>
                </div>
                <button type="submit" disabled=move || hold.pending().get()>{t("waiting.submit")}</button>
            </form>
        </details>
    }
}
