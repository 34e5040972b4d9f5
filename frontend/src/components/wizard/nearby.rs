//! For a citizen: the open requests of the same category near the point, before they
//! write anything, public or not. A public one shows its number and text and "Suivre"
//! follows it instead of filing (the wizard ends with a confirmation); a private one shows
//! only what it is, how far and where it stands, and "Signaler aussi" links the citizen's
//! own filing to it. They are drawn on the map too (`Form::nearby`).

use civis_domain::wire::NearbyRequest;
use leptos::prelude::*;

use super::Form;
use crate::api;
use crate::components::{CitizenStatus, ErrorBox, loaded};
use crate::i18n::{t, use_i18n};
use crate::session::use_auth;

#[component]
pub fn NearbyPanel(form: Form, town: i64, node: i64, lat: f64, lng: f64) -> impl IntoView {
    let auth = use_auth();
    let found = LocalResource::new(move || async move {
        let found = api::nearby(town, node, lat, lng).await;
        form.nearby.try_set(found.clone().unwrap_or_default());
        found
    });
    let email = RwSignal::new(form.email.get_untracked());
    let err = RwSignal::new(None);
    let signed_in = move || auth.session.with(Option::is_some);
    let lang = use_i18n().lang.get_untracked();
    let send = crate::components::write_action(
        err,
        move |(r, now)| form.followed.set(Some((r, now))),
        move |(r, mail): &(NearbyRequest, Option<String>)| {
            let (r, mail) = (r.clone(), mail.clone());
            async move { api::follow(town, r.id, mail, lang).await.map(|now| (r, now)) }
        },
    );
    let follow = move |r: NearbyRequest| {
        send.dispatch((r, (!signed_in()).then(|| email.get_untracked().trim().to_string())));
    };
    view! {
        <section class="nearby" aria-labelledby="nearby-title">
            <h3 id="nearby-title">{t("nearby.title")}</h3>
            {move || loaded(found.get(), move |items: Vec<NearbyRequest>| {
                if items.is_empty() {
                    return view! { <p class="muted">{t("nearby.none")}</p> }.into_any();
                }
                let any_public = items.iter().any(|r| r.public);
                view! {
                    <p>{t("nearby.lead")}</p>
                    <Show when=move || any_public && !signed_in()>
                        <div class="field">
                            <label for="nearby-email">{t("nearby.email")}</label>
                            <input id="nearby-email" type="email" autocomplete="email" bind:value=email/>
                        </div>
                    </Show>
                    <ul class="nearby-list">
                        {items.into_iter().map(|r| view! { <Item r form follow/> }).collect_view()}
                    </ul>
                }.into_any()
            })}
            {move || err.get().map(|e| view! { <ErrorBox err=e/> })}
        </section>
    }
}

#[component]
fn Item(r: NearbyRequest, form: Form, follow: impl Fn(NearbyRequest) + Copy + Send + Sync + 'static) -> impl IntoView {
    let i = use_i18n();
    let dist = format!("{:.0} m", r.distance_m);
    let late = r.late.then(|| view! { " "<span class="badge late-overdue">{t("portal.late")}</span> });
    let what = node_name(form, r.node_id, i.lang.get_untracked());
    if !r.public {
        let id = r.id;
        let linked = move || form.also_reports.with(|a| a.as_ref().is_some_and(|a| a.id == id));
        let pick = r.clone();
        let label = what.clone();
        return view! {
            <li class="private">
                <strong>{what.clone()}</strong>" "<CitizenStatus status=r.status/>{late}" "<span class="muted">{dist}</span>
                <p class="muted">{t("nearby.private")}</p>
                <Show when=linked fallback=move || {
                    let pick = pick.clone();
                    let label = label.clone();
                    view! { <button type="button" class="secondary" on:click=move |_| form.also_reports.set(Some(pick.clone()))
                        aria-label=move || format!("{} : {label}", i.t("nearby.also_report"))>{t("nearby.also_report")}</button> }
                }>
                    <p class="success" role="status">{t("nearby.will_link")}" "
                        <button type="button" class="link" on:click=move |_| form.also_reports.set(None)>{t("nearby.unlink")}</button></p>
                </Show>
            </li>
        }
        .into_any();
    }
    let number = r.number.clone().unwrap_or_default();
    let r2 = r.clone();
    view! {
        <li>
            <strong>{number.clone()}</strong>" "<CitizenStatus status=r.status/>{late}" "<span class="muted">{dist}</span>
            <p>{r.description.clone()}</p>
            <button type="button" class="primary" on:click=move |_| follow(r2.clone())
                aria-label=move || format!("{} {number}", i.t("nearby.follow"))>{t("nearby.follow")}</button>
        </li>
    }
    .into_any()
}

/// The name of a node of the town's tree, in `lang` (tracks the tree).
pub(super) fn node_name(form: Form, node: i64, lang: civis_domain::Lang) -> String {
    form.tree.with(|t| {
        t.as_ref()
            .and_then(|t| t.as_ref().ok())
            .and_then(|t| t.iter().find(|n| n.id == node))
            .map(|n| if lang == civis_domain::Lang::En { n.name_en.clone() } else { n.name_fr.clone() })
            .unwrap_or_default()
    })
}

/// The wizard's end when the citizen followed an existing request instead of filing
/// (`now`), or asked to by email and has a link to follow first.
#[component]
pub fn Followed(r: NearbyRequest, slug: String, now: bool) -> impl IntoView {
    let i = use_i18n();
    let number = r.number.clone().unwrap_or_default();
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
