//! The app's own router: the address as a signal, a table of routes matched segment by
//! segment, links followed in place, the browser's back and forward.
//!
//! Why not `leptos_router`: its typed nested routes are instantiated once per route and
//! weigh 47 kB of compressed wasm even for a one-route app (docs/PERFORMANCE.md, "The web
//! app's weight"); the app needs flat routes with `:name` segments, the query, and
//! navigation, which this module gives in a few kilobytes. Links are plain `<a href>`: a
//! click on one is followed in place when the entry has a route for its address, and left
//! to the browser otherwise (the portal's entry lets a staff page load the staff entry).

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::api::Problem;
use crate::components::{Failed, loaded};

/// A route: a path pattern (`/t/:slug/publiques/:id`), the translation key of its page's
/// title (the document's title, WCAG 2.4.2), and the page it shows.
#[derive(Clone, Copy)]
pub struct Route {
    pub path: &'static str,
    pub title: &'static str,
    pub view: View,
}

/// A page's code: in the entry, or in a part of it loaded when first shown.
#[derive(Clone, Copy)]
pub enum View {
    Now(fn() -> AnyView),
    /// The `n`th page of a part loaded on demand (named, its loader).
    Later(&'static str, Part, usize),
}

/// Loads a part of the entry (a split-off wasm module) and gives its pages.
pub type Part = fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = PartResult>>>;
pub type PartResult = Result<Pages, leptos::wasm_split::SplitLoaderError>;
pub type Pages = &'static [fn() -> AnyView];

/// A route for a component: `route!("/compte", "nav.account", portal::AccountPage)`, or
/// for the `n`th page of a part: `route!("/compte", "nav.account", portal_pages, 9)`.
#[macro_export]
macro_rules! route {
    ($path:literal, $title:literal, $($page:ident)::+) => {
        $crate::router::Route { path: $path, title: $title, view: $crate::router::View::Now(|| leptos::prelude::IntoAny::into_any(leptos::prelude::view! { <$($page)::+/> })) }
    };
    ($path:literal, $title:literal, $part:expr, $n:literal) => {
        $crate::router::Route { path: $path, title: $title, view: $crate::router::View::Later(stringify!($part), || Box::pin($part()), $n) }
    };
}

/// Names and values from a path's `:name` segments or a query string.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    fn query(search: &str) -> Self {
        let pairs = search.trim_start_matches('?').split('&').filter(|p| !p.is_empty());
        Self(
            pairs
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (decode(&k.replace('+', " ")), decode(&v.replace('+', " ")))
                })
                .collect(),
        )
    }
}

fn decode(s: &str) -> String {
    js_sys::decode_uri_component(s).map(String::from).unwrap_or_else(|_| s.to_string())
}

/// The address the app shows (path, query and fragment).
#[derive(Clone, Debug, Default, PartialEq)]
struct Url {
    path: String,
    search: String,
    hash: String,
}

impl Url {
    fn current() -> Self {
        let Some(l) = web_sys::window().map(|w| w.location()) else { return Self::default() };
        Self {
            path: l.pathname().unwrap_or_default(),
            search: l.search().unwrap_or_default(),
            hash: l.hash().unwrap_or_default(),
        }
    }

    /// An address within this origin (`/a/b?c#d`, or absolute on the same origin).
    fn parse(href: &str) -> Option<Self> {
        let window = web_sys::window()?;
        let base = window.location().href().ok()?;
        let url = web_sys::Url::new_with_base(href, &base).ok()?;
        (url.origin() == window.location().origin().ok()?).then(|| Self {
            path: url.pathname(),
            search: url.search(),
            hash: url.hash(),
        })
    }

    fn full(&self) -> String {
        format!("{}{}{}", self.path, self.search, self.hash)
    }
}

/// How to navigate: replace the current history entry, scroll to the top.
#[derive(Clone, Copy, Debug)]
pub struct NavigateOptions {
    pub replace: bool,
    pub scroll: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        Self { replace: false, scroll: true }
    }
}

/// The router's state, shared through the context.
#[derive(Clone, Copy)]
struct Nav {
    url: RwSignal<Url>,
    routes: &'static [Route],
}

impl Nav {
    /// Shows `url`: in place when a route takes it, from the server otherwise.
    fn go(&self, url: Url, options: NavigateOptions) {
        let Some(window) = web_sys::window() else { return };
        if find(self.routes, &url.path).is_none() {
            let _ = window.location().assign(&url.full());
            return;
        }
        if let Ok(history) = window.history() {
            let full = Some(url.full());
            let _ = if options.replace {
                history.replace_state_with_url(&JsValue::NULL, "", full.as_deref())
            } else {
                history.push_state_with_url(&JsValue::NULL, "", full.as_deref())
            };
        }
        self.url.set(url);
        if options.scroll {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }
}

/// Starts the router with the entry's routes: the address follows the browser's history,
/// and a click on a link the routes take is followed in place.
pub fn provide_router(routes: Vec<Route>) {
    let nav = Nav { url: RwSignal::new(Url::current()), routes: Vec::leak(routes) };
    provide_context(nav);
    let location = Location {
        pathname: Memo::new(move |_| nav.url.with(|u| u.path.clone())),
        search: Memo::new(move |_| nav.url.with(|u| u.search.clone())),
    };
    provide_context(location);
    provide_context(Query(Memo::new(move |_| Params::query(&location.search.get()))));
    let _ = window_event_listener(ev::popstate, move |_| nav.url.set(Url::current()));
    let _ = window_event_listener(ev::click, move |ev| follow_link(nav, &ev));
}

/// A click on a link of this origin that a route takes: shown in place.
fn follow_link(nav: Nav, ev: &web_sys::MouseEvent) {
    use wasm_bindgen::JsCast;
    if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key() {
        return;
    }
    let anchor = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    let Some(a) = anchor else { return };
    if a.has_attribute("download") || !matches!(a.target().as_str(), "" | "_self") || a.rel().contains("external") {
        return;
    }
    let Some(url) = Url::parse(&a.href()) else { return };
    let here = nav.url.get_untracked();
    // A link to a place on this page (`#main`, or `#` on a map's marker) is the browser's;
    // a page no route takes, the server's.
    let own = a.get_attribute("href").is_some_and(|h| h.starts_with('#'));
    let same_page = own || (url.path == here.path && url.search == here.search && !url.hash.is_empty());
    if same_page || find(nav.routes, &url.path).is_none() {
        return;
    }
    ev.prevent_default();
    nav.go(url, NavigateOptions::default());
}

/// The first route whose pattern takes `path`, with its `:name` values.
fn find(routes: &[Route], path: &str) -> Option<(usize, Params)> {
    routes.iter().enumerate().find_map(|(i, r)| matches(r.path, path).map(|p| (i, p)))
}

fn matches(pattern: &str, path: &str) -> Option<Params> {
    let mut want = pattern.split('/').filter(|s| !s.is_empty());
    let mut have = path.split('/').filter(|s| !s.is_empty());
    let mut params = Vec::new();
    loop {
        match (want.next(), have.next()) {
            (None, None) => return Some(Params(params)),
            (Some(w), Some(h)) => match w.strip_prefix(':') {
                Some(name) => params.push((name.to_string(), decode(h))),
                None if w == h => {}
                None => return None,
            },
            _ => return None,
        }
    }
}

/// The address's path and query, as signals.
#[derive(Clone, Copy)]
pub struct Location {
    pub pathname: Memo<String>,
    pub search: Memo<String>,
}

#[derive(Clone, Copy)]
struct Query(Memo<Params>);

#[derive(Clone, Copy)]
struct PathParams(Memo<Params>);

pub fn use_location() -> Location {
    expect_context::<Location>()
}

/// The query's names and values.
pub fn use_query_map() -> Memo<Params> {
    expect_context::<Query>().0
}

/// The current route's `:name` values.
pub fn use_params_map() -> Memo<Params> {
    expect_context::<PathParams>().0
}

/// Navigates to an address of this origin (`/t/demo?x=1`).
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone + 'static {
    let nav = expect_context::<Nav>();
    move |href: &str, options: NavigateOptions| {
        if let Some(url) = Url::parse(href) {
            nav.go(url, options);
        }
    }
}

/// The translation key of the title of the page at `path`, none when no route takes it.
pub fn title_of(path: &str) -> Option<&'static str> {
    let nav = expect_context::<Nav>();
    find(nav.routes, path).map(|(i, _)| nav.routes[i].title)
}

/// The page of the route that takes the address; `fallback` when none does. A new route
/// draws its page anew; the same route with other values keeps it (its `:name` values and
/// the query are signals).
#[component]
pub fn Outlet(fallback: fn() -> AnyView) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let found = Memo::new(move |_| nav.url.with(|u| find(nav.routes, &u.path)));
    provide_context(PathParams(Memo::new(move |_| {
        found.with(|f| f.as_ref().map(|(_, p)| p.clone()).unwrap_or_default())
    })));
    let index = Memo::new(move |_| found.with(|f| f.as_ref().map(|(i, _)| *i)));
    move || match index.get() {
        Some(i) => view! { <PageBoundary page=nav.routes[i].view/> }.into_any(),
        None => untrack(fallback),
    }
}

/// Every page in one `ErrorBoundary`: a load a page cannot do without renders its `Err`,
/// and the page gives way to the failure, said in the reader's language, and a button
/// that draws the page anew (its resources load again).
#[component]
fn PageBoundary(page: View) -> impl IntoView {
    let attempt = RwSignal::new(0u32);
    let fallback = move |errors: ArcRwSignal<leptos::error::Errors>| {
        let problems: Vec<Problem> = errors.with(|list| {
            list.iter()
                .map(|(_, e)| e.downcast_ref::<Problem>().cloned().unwrap_or_else(|| Problem::local("network")))
                .collect()
        });
        let retry = move || {
            errors.update(|list| *list = Default::default());
            attempt.update(|n| *n += 1);
        };
        view! {
            <div class="page-failed" role="alert">
                {problems.into_iter().map(|err| view! { <crate::components::ErrorBox err/> }).collect_view()}
                <button type="button" class="secondary" on:click=move |_| retry()>{crate::i18n::t("common.retry")}</button>
            </div>
        }
    };
    view! {
        <ErrorBoundary fallback>
            {move || {
                attempt.track();
                untrack(|| show(page))
            }}
        </ErrorBoundary>
    }
}

/// A page: at once when the entry has its code or its part came already; else "loading"
/// until its part has come, or the network's error with a button to try again.
fn show(view: View) -> AnyView {
    match view {
        View::Now(page) => page(),
        View::Later(name, part, n) => {
            if let Some(pages) = LOADED.with_borrow(|l| l.iter().find(|(p, _)| *p == name).map(|(_, v)| *v)) {
                return pages[n]();
            }
            let pages = LocalResource::new(move || async move {
                let pages = part().await.map_err(|_| Problem::local("network"))?;
                LOADED.with_borrow_mut(|l| l.push((name, pages)));
                Ok(pages)
            });
            (move || match pages.get() {
                Some(Err(e)) => view! { <Failed err=e retry=move || pages.refetch()/> }.into_any(),
                other => loaded(other, |p| untrack(p[n])),
            })
            .into_any()
        }
    }
}

thread_local! {
    /// The parts here already, by name.
    static LOADED: std::cell::RefCell<Vec<(&'static str, Pages)>> = const { std::cell::RefCell::new(Vec::new()) };
}
