//! The agent's latest contacts: what each was, how it ended, and the request it became
//! (a link to it), so a call and its request each point at the other.

use civis_domain::knowledge::Outcome;
use civis_domain::wire::Interaction;
use leptos::prelude::*;

use super::Desk;
use crate::api;
use crate::components::{Loading, listed, moment};
use crate::i18n::{t, use_i18n};

#[component]
pub fn RecentContacts(desk: Desk) -> impl IntoView {
    let recent = LocalResource::new(move || {
        desk.queue.track();
        api::interactions(desk.town, false)
    });
    view! {
        <section aria-labelledby="recent-title">
            <h2 id="recent-title">{t("console.recent")}</h2>
            <Transition fallback=Loading>
                {move || listed(recent.get(), "console.no_recent", |list| view! {
                    <ul class="rows recent">
                        {list.into_iter().take(10).map(|c| view! { <Contact c town=desk.town/> }).collect_view()}
                    </ul>
                }.into_any())}
            </Transition>
        </section>
    }
}

#[component]
fn Contact(c: Interaction, town: i64) -> impl IntoView {
    let i = use_i18n();
    let when = moment(c.occurred_at);
    let (channel, outcome) = (c.channel, c.outcome);
    let request = c.request_id.zip(c.request_number.clone()).map(|(id, number)| {
        view! { " · "<a href=format!("/staff/{town}/requetes/{id}")>{move || i.t("console.became")}" "{number.clone()}</a> }
    });
    // A contact to turn into a request that has none yet: open the wizard on it again.
    let pending = (outcome == Outcome::Request && c.request_id.is_none()).then(|| {
        let node = c.node_id.map(|n| format!("&node={n}")).unwrap_or_default();
        view! { " · "<a href=format!("/staff/{town}/nouvelle?contact={}{node}", c.id)>{move || i.t("console.file_request")}</a> }
    });
    view! {
        <li>
            <strong>{move || channel.label(i.lang.get())}</strong>" · "{move || outcome.label(i.lang.get())}
            " · "<span class="muted">{when}</span>{request}{pending}
            {(!c.note.is_empty()).then(|| view! { <p class="muted">{c.note.clone()}</p> })}
        </li>
    }
}
