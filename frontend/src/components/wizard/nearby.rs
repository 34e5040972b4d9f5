//! For a citizen: the open public requests of the same category near the point, before
//! they write anything. "Suivre" follows one instead of filing a duplicate and ends the
//! wizard with a confirmation.

use civis_domain::wire::PublicRequest;
use leptos::prelude::*;

use super::Form;
use crate::api;
use crate::components::{CitizenStatus, ErrorBox, loaded};
use crate::i18n::{t, use_i18n};
use crate::session::use_auth;

#[component]
pub fn NearbyPanel(form: Form, town: i64, node: i64, lat: f64, lng: f64) -> impl IntoView {
    let auth = use_auth();
    let found = LocalResource::new(move || api::nearby(town, node, lat, lng));
    let email = RwSignal::new(form.email.get_untracked());
    let err = RwSignal::new(None);
    let signed_in = move || auth.session.with(Option::is_some);
    let lang = use_i18n().lang.get_untracked();
    let send = crate::components::write_action(
        err,
        move |(r, now)| form.followed.set(Some((r, now))),
        move |(r, mail): &(PublicRequest, Option<String>)| {
            let (r, mail) = (r.clone(), mail.clone());
            async move { api::follow(town, r.id, mail, lang).await.map(|now| (r, now)) }
        },
    );
    let follow = move |r: PublicRequest| {
        send.dispatch((r, (!signed_in()).then(|| email.get_untracked().trim().to_string())));
    };
    view! {
        <section class="nearby" aria-labelledby="nearby-title">
            <h3 id="nearby-title">{t("nearby.title")}</h3>
            {move || loaded(found.get(), move |items: Vec<PublicRequest>| {
                if items.is_empty() {
                    return view! { <p class="muted">{t("nearby.none")}</p> }.into_any();
                }
                view! {
                    <p>{t("nearby.lead")}</p>
                    <Show when=move || !signed_in()>
                        <div class="field">
                            <label for="nearby-email">{t("nearby.email")}</label>
                            <input id="nearby-email" type="email" autocomplete="email" bind:value=email/>
                        </div>
                    </Show>
                    <ul class="nearby-list">
                        {items.into_iter().map(|r| view! { <Item r follow/> }).collect_view()}
                    </ul>
                }.into_any()
            })}
            {move || err.get().map(|e| view! { <ErrorBox err=e/> })}
        </section>
    }
}

#[component]
fn Item(r: PublicRequest, follow: impl Fn(PublicRequest) + Copy + Send + Sync + 'static) -> impl IntoView {
    let i = use_i18n();
    let dist = r.distance_m.map(|d| format!("{d:.0} m")).unwrap_or_default();
    let r2 = r.clone();
    let number = r.number.clone();
    view! {
        <li>
            <strong>{r.number.clone()}</strong>" "<CitizenStatus status=r.status/>" "<span class="muted">{dist}</span>
            <p>{r.description.clone()}</p>
            <button type="button" class="primary" on:click=move |_| follow(r2.clone())
                aria-label=move || format!("{} {number}", i.t("nearby.follow"))>{t("nearby.follow")}</button>
        </li>
    }
}

/// The wizard's end when the citizen followed an existing request instead of filing
/// (`now`), or asked to by email and has a link to follow first.
#[component]
pub fn Followed(r: PublicRequest, slug: String, now: bool) -> impl IntoView {
    let i = use_i18n();
    let number = r.number.clone();
    let (title, lead) = if now {
        ("nearby.following", "nearby.following_lead")
    } else {
        ("follow.check_email", "follow.check_email_lead")
    };
    view! {
        <section class="confirmation" role="status" aria-live="polite">
            <h2>{move || format!("{} {number}", i.t(title))}</h2>
            <p>{t(lead)}</p>
            <p><a href=format!("/t/{slug}/publiques/{}", r.id)>{t("nearby.see_request")}</a></p>
        </section>
    }
}
