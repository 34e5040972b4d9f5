//! The app's frame (contexts, the header with the language switch, the page's title) and its
//! two route sets: the portal's (`/`, `/t/:slug/...`, `/compte`) and the staff's (`/staff/...`).

use civis_domain::Lang;
use leptos::prelude::*;

use crate::api;
use crate::i18n::{I18n, t, use_i18n};
use crate::pages::{password, portal, staff};
use crate::route;
use crate::router::{Outlet, Route, provide_router, use_location, use_navigate};
use crate::session::{Auth, use_auth};
use crate::towns::Towns;

/// The portal's routes.
fn portal_routes() -> Vec<Route> {
    vec![
        route!("/", "portal.choose_town", portal::Home),
        route!("/t/:slug", "portal.title", portal::TownHome),
        route!("/t/:slug/nouvelle", "portal.file", portal::FilePage),
        route!("/t/:slug/publiques", "public.title", portal_pages, 0),
        route!("/t/:slug/publiques/:id", "title.public_request", portal_pages, 1),
        route!("/t/:slug/suivi", "portal.track", portal_pages, 2),
        route!("/t/:slug/aide", "help.title", portal_pages, 3),
        route!("/t/:slug/satisfaction", "survey.title", portal_pages, 4),
        route!("/t/:slug/suivre", "follow.confirm_title", portal_pages, 5),
        route!("/desabonnement", "unsubscribe.title", portal_pages, 6),
        route!("/mot-de-passe", "password.reset_title", portal_pages, 7),
        route!("/mot-de-passe/oublie", "password.forgot_title", portal_pages, 8),
        route!("/compte", "nav.account", portal_pages, 9),
        route!("/compte/confirmer", "confirm.title", portal_pages, 10),
        route!("/compte/mot-de-passe", "password.change_title", portal_pages, 11),
        route!("/compte/requetes", "nav.my_requests", portal_pages, 12),
        route!("/compte/requetes/:id", "request.title", portal_pages, 13),
        route!("/service/confirmer", "department_email.title", portal_pages, 14),
    ]
}

#[leptos::wasm_split::wasm_split(portal_pages, wasm_split_path = ::leptos::wasm_split, fallible)]
fn portal_pages() -> crate::router::PartResult {
    Ok(&[
        || view! { <portal::PublicList/> }.into_any(),
        || view! { <portal::PublicDetail/> }.into_any(),
        || view! { <portal::TrackPage/> }.into_any(),
        || view! { <portal::HelpPage/> }.into_any(),
        || view! { <portal::SurveyPage/> }.into_any(),
        || view! { <portal::FollowConfirmPage/> }.into_any(),
        || view! { <portal::UnsubscribePage/> }.into_any(),
        || view! { <password::ResetPage/> }.into_any(),
        || view! { <password::ForgotPage/> }.into_any(),
        || view! { <portal::AccountPage/> }.into_any(),
        || view! { <portal::ConfirmEmailPage/> }.into_any(),
        || view! { <password::ChangePage/> }.into_any(),
        || view! { <portal::MyRequests/> }.into_any(),
        || view! { <portal::MyRequest/> }.into_any(),
        || view! { <portal::DepartmentEmailPage/> }.into_any(),
    ])
}

/// The citizen portal: the portal's pages; a link to a staff page loads the staff entry
/// from the server (no route of this entry takes it).
#[component]
pub fn Portal() -> impl IntoView {
    view! { <Frame routes=portal_routes()/> }
}

/// The staff dashboard, with the portal's pages (a staff member changes a password there).
#[component]
pub fn Staff() -> impl IntoView {
    let mut routes = portal_routes();
    routes.extend([
        route!("/staff", "staff.sign_in", staff::SignIn),
        route!("/staff/double-authentification", "second_factor.title", staff::SecondFactorPage),
        route!("/staff/:town", "staff.dashboard", staff::Dashboard),
        route!("/staff/:town/nouvelle", "staff.new_request", staff::NewRequest),
        route!("/staff/:town/requetes/:id", "request.title", staff::RequestPage),
        route!("/staff/:town/admin", "admin.title", staff::AdminPage),
        route!("/staff/:town/premier-contact", "console.title", staff::ConsolePage),
        route!("/staff/:town/articles", "kb.title", staff::ArticlesPage),
        route!("/staff/:town/rapports", "reports.title", staff::ReportsPage),
        route!("/staff/:town/renseignements", "person.title", staff::PersonPage),
    ]);
    view! { <Frame routes/> }
}

/// What both entries share: the contexts (language, session, towns, the router), the
/// header with the language switch, the page's title and focus.
#[component]
fn Frame(routes: Vec<Route>) -> impl IntoView {
    provide_context(I18n::new());
    let auth = Auth::new();
    provide_context(auth);
    let towns = Towns(RwSignal::new(None));
    provide_context(towns);
    leptos::task::spawn_local(async move { towns.0.set(Some(api::towns().await)) });
    crate::session::on_signed_out(move || auth.session.set(None));
    provide_router(routes);

    view! {
        <a class="skip" href="#main">{t("nav.skip")}</a>
        <Announcer/>
        <Header/>
        <main id="main" tabindex="-1"><Outlet fallback=|| view! { <NotFound/> }.into_any()/></main>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let other = move || if i.lang.get() == Lang::Fr { Lang::En } else { Lang::Fr };
    let sign_out = move |_| {
        let was_staff = auth.session.with_untracked(|s| s.as_ref().is_some_and(|s| s.is_staff()));
        auth.set(None);
        leptos::task::spawn_local(async move {
            let _ = api::sign_out().await;
        });
        navigate(if was_staff { "/staff" } else { "/" }, Default::default());
    };
    let staff_home = move || auth.session.with(|s| s.as_ref().map(staff::staff_home));
    view! {
        <header class="top">
            <a href="/" class="brand">{t("app.name")}</a>
            <nav aria-label=t("nav.label")>
                {move || match auth.session.get() {
                    Some(s) if s.is_staff() => view! {
                        <a href=move || staff_home().unwrap_or_else(|| "/staff".into())>{t("nav.dashboard")}</a>
                        <a href=staff::SECOND_FACTOR_PAGE>{t("nav.second_factor")}</a>
                        <span class="who">{format!("{} {}", s.user.first_name, s.user.last_name)}</span>
                    }.into_any(),
                    Some(s) => view! {
                        <a href="/compte/requetes">{t("nav.my_requests")}</a>
                        <span class="who">{format!("{} {}", s.user.first_name, s.user.last_name)}</span>
                    }.into_any(),
                    None => view! {
                        <a href="/compte">{t("nav.account")}</a>
                        <a href="/staff">{t("nav.staff")}</a>
                    }.into_any(),
                }}
                <Show when=move || auth.session.with(Option::is_some)>
                    <a href="/compte/mot-de-passe">{t("nav.password")}</a>
                    <button type="button" class="link" on:click=sign_out.clone()>{t("nav.sign_out")}</button>
                </Show>
                <button type="button" class="lang" lang=move || other().as_str() on:click=move |_| i.set(other())>
                    {move || other().label(other())}
                </button>
            </nav>
        </header>
    }
}

/// On each change of page: the document's title in the reader's language, and the focus on
/// the main content (a screen reader then reads the new page, a keyboard starts there).
#[component]
fn Announcer() -> impl IntoView {
    let i = use_i18n();
    let location = use_location();
    Effect::new(move |first: Option<bool>| {
        let path = location.pathname.get();
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            // Each page its own title (WCAG 2.4.2), then the product's name.
            let title = crate::router::title_of(&path).unwrap_or("notfound.title");
            doc.set_title(&format!("{} — {}", i.t(title), i.t("app.name")));
            if first.is_some() {
                crate::components::focus("main");
            }
        }
        false
    });
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <h1>{t("notfound.title")}</h1>
        <p><a href="/">{t("notfound.home")}</a></p>
    }
}
