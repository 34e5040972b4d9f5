//! The citizen's account (sign in, sign up, my requests) and tracking by number and email
//! without an account.

use crate::router::use_navigate;
use civis_domain::wire::{SignUpRequest, TrackedRequest};
use leptos::prelude::*;

use super::with_town;
use crate::api::{self, Problem};
use crate::components::{CitizenStatus, Dates, Followups, FormError, TextField, moment};
use crate::i18n::{t, use_i18n};
use crate::pages::password::show_failure;
use crate::session::{Session, use_auth};

#[component]
pub fn AccountPage() -> impl IntoView {
    let i = use_i18n();
    let new_account = RwSignal::new(false);
    view! {
        <h1>{move || if new_account.get() { i.t("account.sign_up") } else { i.t("account.sign_in") }}</h1>
        <Show when=move || new_account.get() fallback=|| view! { <SignInForm/> }>
            <SignUpForm/>
        </Show>
        <p>
            <button type="button" class="link" on:click=move |_| new_account.update(|v| *v = !*v)>
                {move || if new_account.get() { i.t("account.have_one") } else { i.t("account.need_one") }}
            </button>
        </p>
    }
}

/// Sign-in of a citizen; an address not yet confirmed is told so (and gets a new link).
#[component]
fn SignInForm() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let err = RwSignal::new(None::<Problem>);
    let sign_in = Action::new_local(move |_: &String| {
        let (e, p) = (email.get_untracked(), password.get_untracked());
        async move { api::citizen_sign_in(e.trim(), &p).await }
    });
    show_failure(sign_in, err);
    Effect::new(move || {
        if let Some(Ok(pair)) = sign_in.value().get() {
            auth.set(Some(Session::from_pair(pair)));
            navigate("/compte/requetes", Default::default());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        err.set(None);
        sign_in.dispatch(String::new());
    };
    view! {
        <form class="narrow" on:submit=submit novalidate>
            <FormError err/>
            <TextField value=email id="a-email" label="account.email" kind="email" autocomplete="email" err field="email"/>
            <TextField value=password id="a-password" label="account.password" kind="password" autocomplete="current-password" err field="password"/>
            <button type="submit" class="primary" disabled=move || sign_in.pending().get()>{t("account.sign_in")}</button>
        </form>
        <p><a href="/mot-de-passe/oublie">{t("password.forgot")}</a></p>
    }
}

/// Sign-up: the account works once the address is confirmed by the emailed link.
#[component]
fn SignUpForm() -> impl IntoView {
    let i = use_i18n();
    let (email, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (first, last) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let err = RwSignal::new(None::<Problem>);
    let sign_up = Action::new_local(move |_: &String| {
        let body = SignUpRequest {
            email: email.get_untracked().trim().into(),
            password: password.get_untracked(),
            first_name: first.get_untracked().trim().into(),
            last_name: last.get_untracked().trim().into(),
            language: i.lang.get_untracked(),
            phone: None,
        };
        async move { api::citizen_sign_up(&body).await }
    });
    show_failure(sign_up, err);
    let sent = move || sign_up.value().with(|v| matches!(v, Some(Ok(()))));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        err.set(None);
        sign_up.dispatch(String::new());
    };
    view! {
        <Show when=move || !sent() fallback=move || view! {
            <p class="success" role="status">{move || format!("{} {}", i.t("account.link_sent"), email.get())}</p>
            <p class="help">{t("account.link_help")}</p>
        }>
            <form class="narrow" on:submit=submit novalidate>
                <FormError err/>
                <TextField value=first id="a-first" label="wizard.first_name" autocomplete="given-name" err field="first_name"/>
                <TextField value=last id="a-last" label="wizard.last_name" autocomplete="family-name" err field="last_name"/>
                <TextField value=email id="a-email" label="account.email" kind="email" autocomplete="email" err field="email"/>
                <TextField value=password id="a-password" label="account.password" kind="password" autocomplete="new-password" err field="password"/>
                <p class="help">{t("password.rule")}</p>
                <button type="submit" class="primary" disabled=move || sign_up.pending().get()>{t("account.create")}</button>
            </form>
        </Show>
    }
}

/// A request as its requester sees it: status, description, external follow-ups, the
/// closure message.
#[component]
pub fn TrackedView(
    r: TrackedRequest,
    /// The page's own subject ("Mes requêtes" → one request): its number is the page's h1.
    #[prop(default = false)]
    main: bool,
) -> impl IntoView {
    let i = crate::i18n::use_i18n();
    let when = moment(r.created_at);
    let (fr, en) = (r.category_fr.clone(), r.category_en.clone());
    let title = view! { {move || i.t("public.request")}" "{r.number.clone()}" "<CitizenStatus status=r.status/> };
    view! {
        <article class="tracked">
            {if main { view! { <h1>{title}</h1> }.into_any() } else { view! { <h2>{title}</h2> }.into_any() }}
            <p class="muted">{move || format!("{} {}", i.t("portal.received_on"), when())}</p>
            <p class="category">{move || if i.lang.get() == civis_domain::Lang::Fr { fr.clone() } else { en.clone() }}</p>
            <Dates status=r.status due=r.due_date closed=r.closed_at why=r.due_explanation.clone()/>
            {r.waiting_since.map(|since| {
                let since = crate::components::day(Some(since));
                view! { <p class="waiting" role="status">{move || i.t("waiting.tracked").replace("{date}", &since())}</p> }
            })}
            <p class="pre">{r.description.clone()}</p>
            <p>{r.address.clone()}</p>
            <Closures closures=r.closures message=r.message/>
            <h3>{t("public.followups")}</h3>
            <Followups items=r.followups/>
        </article>
    }
}

/// What the town said each time it closed the request (kept when it is reopened), newest
/// first; before closures were kept, the current message alone.
#[component]
fn Closures(closures: Vec<civis_domain::wire::ClosureTold>, message: Option<String>) -> impl IntoView {
    let i = crate::i18n::use_i18n();
    if closures.is_empty() {
        return message
            .map(|m| view! { <div class="closure"><h3>{t("track.message")}</h3><p class="pre">{m}</p></div> })
            .into_any();
    }
    closures
        .into_iter()
        .rev()
        .map(|c| {
            let when = moment(c.closed_at);
            let outcome = if c.refused { "close.refused" } else { "close.processed" };
            view! {
                <div class="closure">
                    <h3>{t("track.message")}</h3>
                    <p class="muted">{move || format!("{} {} · {}", i.t("track.closed_on"), when(), i.t(outcome))}</p>
                    {c.message.map(|m| view! { <p class="pre">{m}</p> })}
                </div>
            }
        })
        .collect_view()
        .into_any()
}

#[component]
pub fn TrackPage() -> impl IntoView {
    // The link in the town's emails names the number (`?numero=`); the email is typed.
    let query = crate::router::use_query_map();
    with_town(move |town| {
        let number = RwSignal::new(query.read_untracked().get("numero").unwrap_or_default());
        let email = RwSignal::new(String::new());
        let err = RwSignal::new(None::<Problem>);
        let found = RwSignal::new(None::<TrackedRequest>);
        let id = town.id;
        let submit = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            err.set(None);
            found.set(None);
            leptos::task::spawn_local(async move {
                match api::track(id, number.get_untracked().trim(), email.get_untracked().trim()).await {
                    Ok(r) => found.set(Some(r)),
                    // Not found: say what to check rather than "Introuvable".
                    Err(e) if e.status == 404 => err.set(Some(Problem::local("track_not_found"))),
                    Err(e) => err.set(Some(e)),
                }
            });
        };
        view! {
            <h1>{t("portal.track")}" — "{town.name.clone()}</h1>
            <form class="narrow" on:submit=submit>
                <FormError err/>
                <TextField value=number id="t-number" label="track.number" err field="number"/>
                <TextField value=email id="t-email" label="account.email" kind="email" autocomplete="email" err field="email"/>
                <button type="submit" class="primary">{t("track.go")}</button>
            </form>
            {move || found.get().map(|r| view! { <TrackedView r/> })}
        }
        .into_any()
    })
}
