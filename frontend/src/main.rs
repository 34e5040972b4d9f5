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
    leptos::mount::mount_to_body(app::App);
}
