//! The callbacks still to make, soonest due first; overdue ones stand out.

use civis_domain::wire::Interaction;
use leptos::prelude::*;

use super::Desk;
use crate::api;
use crate::components::{ErrorBox, Loading, listed, moment};
use crate::i18n::{t, use_i18n};

#[component]
pub fn CallbackQueue(desk: Desk) -> impl IntoView {
    let queue = LocalResource::new(move || {
        desk.queue.track();
        api::interactions(desk.town, true)
    });
    let done = Action::new_local(move |id: &i64| {
        let id = *id;
        async move {
            let r = api::callback_done(desk.town, id).await;
            desk.queue.update(|n| *n += 1);
            r
        }
    });
    view! {
        <section aria-labelledby="queue-title">
            <h2 id="queue-title">{t("console.callbacks")}</h2>
            {move || done.value().get().and_then(Result::err).map(|e| view! { <ErrorBox err=e/> })}
            <Transition fallback=Loading>
                {move || listed(queue.get(), "console.no_callback", |list| view! {
                        <ul class="rows callbacks">
                            {list.into_iter().map(|c| view! { <Callback c done=move |id| { done.dispatch(id); }/> }).collect_view()}
                        </ul>
                    }.into_any())}
            </Transition>
        </section>
    }
}

#[component]
fn Callback(c: Interaction, done: impl Fn(i64) + Copy + Send + Sync + 'static) -> impl IntoView {
    let i = use_i18n();
    let due = c.callback_due_at.map(moment);
    let who = c.contact.as_ref().map(|k| {
        [k.name.clone(), k.phone.clone(), k.email.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")
    });
    let id = c.id;
    let channel = c.channel;
    view! {
        <li class:overdue=c.overdue>
            <strong>{move || channel.label(i.lang.get())}</strong>" "
            {c.overdue.then(|| view! { <span class="badge late-overdue">{t("console.overdue")}</span> })}
            " "<span>{move || i.t("console.due")}" "{due.map(|d| d())}</span>
            {who.map(|w| view! { <p>{w}</p> })}
            {(!c.note.is_empty()).then(|| view! { <p class="muted">{c.note.clone()}</p> })}
            <button type="button" on:click=move |_| done(id)>{t("console.called_back")}</button>
        </li>
    }
}
