//! The app's frame (contexts, the header with the language switch, the page's title) and its
//! two route sets: the portal's (`/`, `/t/:slug/...`, `/compte`) and the staff's (`/staff/...`).

use civis_domain::Lang;
use civis_domain::wire::TownPublic;
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;

use crate::api::{self, Res};
use crate::i18n::{I18n, t, use_i18n};
use crate::pages::{password, portal, staff};
use crate::session::{Auth, use_auth};

/// The towns of the platform, loaded once.
#[derive(Clone, Copy)]
pub struct Towns(pub RwSignal<Option<Res<Vec<TownPublic>>>>);

impl Towns {
    pub fn by_slug(&self, slug: &str) -> Option<TownPublic> {
        self.0
            .with(|t| t.as_ref().and_then(|t| t.as_ref().ok()).and_then(|t| t.iter().find(|t| t.slug == slug).cloned()))
    }

    pub fn by_id(&self, id: i64) -> Option<TownPublic> {
        self.0.with(|t| t.as_ref().and_then(|t| t.as_ref().ok()).and_then(|t| t.iter().find(|t| t.id == id).cloned()))
    }
}

pub fn use_towns() -> Towns {
    expect_context::<Towns>()
}

/// The routes: the portal's, then those given (the staff's). One list for both entries; a
/// macro, since the routes are the `Routes` component's typed children.
macro_rules! routes {
    ($fallback:expr, $($staff:tt)*) => {
        view! {
            <Routes fallback=$fallback>
                <Route path=path!("/") view=portal::Home/>
                <Route path=path!("/t/:slug") view=portal::TownHome/>
                <Route path=path!("/t/:slug/nouvelle") view=portal::FilePage/>
                <Route path=path!("/t/:slug/publiques") view=portal::PublicList/>
                <Route path=path!("/t/:slug/publiques/:id") view=portal::PublicDetail/>
                <Route path=path!("/t/:slug/suivi") view=portal::TrackPage/>
                <Route path=path!("/t/:slug/aide") view=portal::HelpPage/>
                <Route path=path!("/t/:slug/satisfaction") view=portal::SurveyPage/>
                <Route path=path!("/t/:slug/suivre") view=portal::FollowConfirmPage/>
                <Route path=path!("/desabonnement") view=portal::UnsubscribePage/>
                <Route path=path!("/mot-de-passe") view=password::ResetPage/>
                <Route path=path!("/mot-de-passe/oublie") view=password::ForgotPage/>
                <Route path=path!("/compte") view=portal::AccountPage/>
                <Route path=path!("/compte/confirmer") view=portal::ConfirmEmailPage/>
                <Route path=path!("/compte/mot-de-passe") view=password::ChangePage/>
                <Route path=path!("/compte/requetes") view=portal::MyRequests/>
                <Route path=path!("/compte/requetes/:id") view=portal::MyRequest/>
                $($staff)*
            </Routes>
        }
    };
}

/// The citizen portal: the portal's pages; a staff page loads the staff entry.
#[component]
pub fn Portal() -> impl IntoView {
    view! { <Frame>{routes!(Elsewhere,)}</Frame> }
}

/// The staff dashboard, with the portal's pages (a staff member changes a password there).
#[component]
pub fn Staff() -> impl IntoView {
    view! {
        <Frame>
            {routes!(|| view! { <NotFound/> },
                <Route path=path!("/staff") view=|| view! { <staff::SignIn/> }/>
                <Route path=path!("/staff/:town") view=staff::Dashboard/>
                <Route path=path!("/staff/:town/nouvelle") view=staff::NewRequest/>
                <Route path=path!("/staff/:town/requetes/:id") view=staff::RequestPage/>
                <Route path=path!("/staff/:town/admin") view=staff::AdminPage/>
                <Route path=path!("/staff/:town/premier-contact") view=staff::ConsolePage/>
                <Route path=path!("/staff/:town/articles") view=staff::ArticlesPage/>
                <Route path=path!("/staff/:town/rapports") view=staff::ReportsPage/>
            )}
        </Frame>
    }
}

/// What both entries share: the contexts (language, session, towns), the header with the
/// language switch, the page's title and focus.
#[component]
fn Frame(children: Children) -> impl IntoView {
    provide_context(I18n::new());
    let auth = Auth::new();
    provide_context(auth);
    let towns = Towns(RwSignal::new(None));
    provide_context(towns);
    leptos::task::spawn_local(async move { towns.0.set(Some(api::towns().await)) });
    crate::session::on_signed_out(move || auth.session.set(None));

    view! {
        <Router>
            <a class="skip" href="#main">{t("nav.skip")}</a>
            <Announcer/>
            <Header/>
            <main id="main" tabindex="-1">{children()}</main>
        </Router>
    }
}

/// A page the portal entry does not have: a staff page loads the staff entry from the
/// server (the router has not written the new address yet: it is asked for in full);
/// anything else is not found.
#[component]
fn Elsewhere() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    let staff = path == "/staff" || path.starts_with("/staff/");
    if staff && let Some(w) = web_sys::window() {
        let search = location.search.get_untracked();
        let search = search.trim_start_matches('?');
        let query = if search.is_empty() { String::new() } else { format!("?{search}") };
        let _ = w.location().assign(&format!("{path}{query}"));
    }
    view! { <Show when=move || !staff fallback=|| view! { <p class="loading" role="status">{t("state.loading")}</p> }><NotFound/></Show> }
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
            <A href="/" attr:class="brand">{t("app.name")}</A>
            <nav aria-label=t("nav.label")>
                {move || match auth.session.get() {
                    Some(s) if s.is_staff() => view! {
                        <A href=move || staff_home().unwrap_or_else(|| "/staff".into())>{t("nav.dashboard")}</A>
                        <span class="who">{format!("{} {}", s.user.first_name, s.user.last_name)}</span>
                    }.into_any(),
                    Some(s) => view! {
                        <A href="/compte/requetes">{t("nav.my_requests")}</A>
                        <span class="who">{format!("{} {}", s.user.first_name, s.user.last_name)}</span>
                    }.into_any(),
                    None => view! {
                        <A href="/compte">{t("nav.account")}</A>
                        <A href="/staff">{t("nav.staff")}</A>
                    }.into_any(),
                }}
                <Show when=move || auth.session.with(Option::is_some)>
                    <A href="/compte/mot-de-passe">{t("nav.password")}</A>
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
    let location = leptos_router::hooks::use_location();
    Effect::new(move |first: Option<bool>| {
        let path = location.pathname.get();
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            // Each page its own title (WCAG 2.4.2), then the product's name.
            doc.set_title(&format!("{} — {}", i.t(page_title(&path)), i.t("app.name")));
            if first.is_some() {
                crate::components::focus("main");
            }
        }
        false
    });
}

/// The translation key of a page's title, from its address (the routes of `App`).
fn page_title(path: &str) -> &'static str {
    let parts: Vec<&str> = path.trim_matches('/').split('/').filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [] => "portal.choose_town",
        ["t", _] => "portal.title",
        ["t", _, "nouvelle"] => "portal.file",
        ["t", _, "publiques"] => "public.title",
        ["t", _, "publiques", _] => "title.public_request",
        ["t", _, "suivi"] => "portal.track",
        ["t", _, "aide"] => "help.title",
        ["t", _, "satisfaction"] => "survey.title",
        ["t", _, "suivre"] => "follow.confirm_title",
        ["desabonnement"] => "unsubscribe.title",
        ["mot-de-passe"] => "password.reset_title",
        ["mot-de-passe", "oublie"] => "password.forgot_title",
        ["compte", "confirmer"] => "confirm.title",
        ["compte", "mot-de-passe"] => "password.change_title",
        ["compte"] => "nav.account",
        ["compte", "requetes"] => "nav.my_requests",
        ["compte", "requetes", _] => "request.title",
        ["staff"] => "staff.sign_in",
        ["staff", _] => "staff.dashboard",
        ["staff", _, "nouvelle"] => "staff.new_request",
        ["staff", _, "requetes", _] => "request.title",
        ["staff", _, "admin"] => "admin.title",
        ["staff", _, "premier-contact"] => "console.title",
        ["staff", _, "articles"] => "kb.title",
        ["staff", _, "rapports"] => "reports.title",
        _ => "notfound.title",
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <h1>{t("notfound.title")}</h1>
        <p><A href="/">{t("notfound.home")}</A></p>
    }
}
