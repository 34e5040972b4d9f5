//! The web app: the citizen portal and the staff dashboard, served by the API at `/`. One
//! library, two entry points (`src/bin`): a citizen's phone loads the portal's pages only;
//! the staff's pages come with the staff entry, which the server sends under `/staff`.
//! It talks to the server only through the public REST API (`api`).

mod api;
mod app;
mod components;
mod format;
mod i18n;
mod map;
mod pages;
mod router;
mod session;
mod storage;
mod towns;

/// Starts the citizen portal.
pub fn start_portal() {
    start(app::Portal);
}

/// Starts the staff dashboard (with the portal's pages).
pub fn start_staff() {
    start(app::Staff);
}

fn start<V: leptos::IntoView + 'static>(app: fn() -> V) {
    console_error_panic_hook::set_once();
    // The page drawn by index.html while the app loaded gives way to the app.
    if let Some(shell) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("shell")) {
        shell.remove();
    }
    leptos::mount::mount_to_body(app);
}
