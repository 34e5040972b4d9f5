//! The web app: the staff dashboard and the citizen portal, one single-page app served
//! by the API at `/`. It talks to the server only through the public REST API (`api`).

mod api;
mod app;
mod components;
mod format;
mod i18n;
mod map;
mod pages;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    // The page drawn by index.html while the app loaded gives way to the app.
    if let Some(shell) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("shell")) {
        shell.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
