//! The staff dashboard: sign-in, the list with its tabs and advanced filter, a request's
//! page, the new-request wizard.

mod address;
mod admin;
mod anonymize;
mod articles;
mod console;
mod dashboard;
mod filter;
mod monthly;
mod names;
mod person;
mod reports;
mod request;
mod second_factor;

pub use admin::AdminPage;
pub use articles::ArticlesPage;
pub use console::ConsolePage;
pub use dashboard::Dashboard;
pub use person::PersonPage;
pub use reports::ReportsPage;
pub use request::RequestPage;
pub use second_factor::SecondFactorPage;

use crate::router::{use_navigate, use_params_map};
use civis_domain::wire::TownPublic;
use leptos::prelude::*;

use crate::api::{self, Problem};
use crate::components::{Empty, ErrorBox, FieldMsg, FormError, Loading, Wizard};
use crate::i18n::{t, use_i18n};
use crate::session::{Session, use_auth};
use crate::towns::use_towns;

/// Staff sign-in. At `/staff` it then goes to the person's home; `inline` (a page whose
/// session ended) it stays, and the page shows again.
#[component]
pub fn SignIn(#[prop(optional)] inline: bool) -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // Asked once the password was right for an account with a second factor: the first
    // time not an error but the next field (its label and hint say what to enter, the
    // focus goes there); sent again without a code, the message shows.
    let code = RwSignal::new(None::<String>);
    let err = RwSignal::new(None::<Problem>);
    Effect::new(move || {
        let asked = err.with(|e| e.as_ref().is_some_and(|p| p.code == "second_factor_required"));
        if asked && code.with_untracked(Option::is_none) {
            err.set(None);
            code.set(Some(String::new()));
            crate::components::focus("s-code");
        }
    });
    let go_home = {
        let navigate = navigate.clone();
        move |s: &Session| navigate(&staff_home(s), Default::default())
    };
    if !inline && let Some(s) = auth.session.get_untracked().filter(Session::is_staff) {
        go_home(&s);
    }
    let sign_in = crate::components::write_action(
        err,
        move |pair| {
            let s = Session::from_pair(pair);
            auth.set(Some(s.clone()));
            // Last: leaving the page disposes its signals.
            if !inline {
                go_home(&s);
            }
        },
        move |(e, p, c): &(String, String, Option<String>)| {
            let (e, p, c) = (e.clone(), p.clone(), c.clone());
            async move { api::staff_sign_in(e.trim(), &p, c).await }
        },
    );
    let busy = sign_in.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        err.set(None);
        let c = code.get_untracked().map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        sign_in.dispatch((email.get_untracked(), password.get_untracked(), c));
    };
    let code_value = Signal::derive(move || code.get().unwrap_or_default());
    view! {
        <h1>{t("staff.sign_in")}</h1>
        <form class="narrow" on:submit=submit novalidate>
            <FormError err/>
            <div class="field">
                <label for="s-email">{t("account.email")}</label>
                <input id="s-email" type="email" autocomplete="username" bind:value=email aria-describedby="s-email-err"/>
                <FieldMsg err field="email" id="s-email-err"/>
            </div>
            <div class="field">
                <label for="s-password">{t("account.password")}</label>
                <input id="s-password" type="password" autocomplete="current-password" bind:value=password aria-describedby="s-password-err"/>
                <FieldMsg err field="password" id="s-password-err"/>
            </div>
            <Show when=move || code.with(Option::is_some)>
                <div class="field">
                    <label for="s-code">{t("second_factor.code")}</label>
                    <p class="hint" id="s-code-hint">{t("second_factor.code_hint")}</p>
                    <input id="s-code" type="text" inputmode="text" autocomplete="one-time-code" spellcheck="false"
                        prop:value=code_value on:input=move |ev| code.set(Some(event_target_value(&ev)))
                        aria-describedby="s-code-hint s-code-err"/>
                    <FieldMsg err field="code" id="s-code-err"/>
                </div>
            </Show>
            <button type="submit" class="primary" disabled=move || busy.get()>{t("account.sign_in")}</button>
        </form>
        <p><a href="/mot-de-passe/oublie?type=personnel">{t("password.forgot")}</a></p>
    }
}

/// Where a staff member adds an authenticator (and must, first, when their role asks).
pub const SECOND_FACTOR_PAGE: &str = "/staff/double-authentification";

/// Where a staff member lands: the dashboard of their first town, its administration for
/// someone who only configures it.
pub fn staff_home(s: &Session) -> String {
    if s.user.second_factor.must_enrol() {
        return SECOND_FACTOR_PAGE.into();
    }
    let Some(first) = s.user.grants.first() else { return "/".into() };
    let town = first.municipality_id;
    let roles: Vec<civis_domain::Role> =
        s.user.grants.iter().filter(|g| g.municipality_id == town).map(|g| g.role).collect();
    if roles.iter().all(|r| *r == civis_domain::Role::TownAdmin) {
        format!("/staff/{town}/admin")
    } else {
        format!("/staff/{town}")
    }
}

/// For staff of several towns: the town this page shows, switched in place (`page` is
/// the rest of the address after the town, e.g. `/premier-contact`).
#[component]
pub fn TownSwitch(
    town: i64,
    mine: Vec<TownPublic>,
    label: &'static str,
    #[prop(default = "")] page: &'static str,
) -> impl IntoView {
    let navigate = use_navigate();
    (mine.len() > 1).then(|| {
        view! {
            <label class="inline">{t(label)}" "
                <select on:change=move |ev| navigate(&format!("/staff/{}{page}", event_target_value(&ev)), Default::default())>
                    {mine.iter().map(|m| view! { <option value=m.id.to_string() selected=m.id == town>{m.name.clone()}</option> }).collect_view()}
                </select>
            </label>
        }
    })
}

/// The town in the address (`/staff/:town`) and the towns the staff member serves; a
/// town not among them shows nothing of it.
pub fn with_staff_town(
    render: impl Fn(TownPublic, Vec<TownPublic>) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let auth = use_auth();
    let towns = use_towns();
    let params = use_params_map();
    move || {
        let Some(session) = auth.session.get().filter(Session::is_staff) else {
            return view! { <SignIn inline=true/> }.into_any();
        };
        // An account whose role asks for a second factor adds one before anything else.
        if session.user.second_factor.must_enrol() {
            return view! { <SecondFactorPage/> }.into_any();
        }
        if towns.0.with(Option::is_none) {
            return view! { <Loading/> }.into_any();
        }
        let id: i64 = params.read().get("town").and_then(|v| v.parse().ok()).unwrap_or_default();
        let mut mine: Vec<TownPublic> = vec![];
        for g in &session.user.grants {
            if let Some(town) = towns.by_id(g.municipality_id)
                && !mine.iter().any(|t| t.id == town.id)
            {
                mine.push(town);
            }
        }
        match mine.iter().find(|t| t.id == id).cloned() {
            Some(town) => render(town, mine),
            None => view! { <Empty text=Signal::derive(t("staff.no_access"))/> }.into_any(),
        }
    }
}

/// The new-request wizard; from a logged contact (`?contact=…`) the category, the caller,
/// the note and the channel are filled in already, and the request, once filed, is linked
/// to the contact (its history says so, and the console shows the request's number).
#[component]
pub fn NewRequest() -> impl IntoView {
    let navigate = use_navigate();
    let i = use_i18n();
    let query = crate::router::use_query_map();
    let contact: Option<i64> = query.with_untracked(|q| q.get("contact").and_then(|v| v.parse().ok()));
    with_staff_town(move |town, mine| {
        let navigate = navigate.clone();
        let mut towns = vec![town.clone()];
        // A contact belongs to one town: its request is filed there.
        if contact.is_none() {
            towns.extend(mine.into_iter().filter(|t| t.id != town.id));
        }
        let done = Callback::new(move |(town, c, _failed): (i64, civis_domain::wire::CreatedRequest, Vec<String>)| {
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                if let Some(contact) = contact {
                    let _ = api::link_request(town, contact, c.id).await;
                }
                navigate(&format!("/staff/{town}/requetes/{}", c.id), Default::default())
            });
        });
        let title = view! { <h1>{move || i.t("staff.new_request")}</h1> };
        let Some(contact) = contact else {
            return view! { {title}<Wizard towns staff=true on_done=done/> }.into_any();
        };
        // From a contact: the wizard opens once the contact is read, filled in from it.
        let town_id = town.id;
        let call = LocalResource::new(move || api::interaction(town_id, contact));
        view! {
            {title}
            <Transition fallback=Loading>
                {move || call.get().map(|res| match res {
                    Err(e) => view! { <ErrorBox err=e/> }.into_any(),
                    Ok(from_call) => view! {
                        <p class="notice">{t("console.from_contact")}</p>
                        <Wizard towns=towns.clone() staff=true on_done=done from_call=Some(from_call)/>
                    }.into_any(),
                })}
            </Transition>
        }
        .into_any()
    })
}
