//! The browser's local storage (the session's user and the chosen language live there).

/// The page's local storage, when the browser gives one.
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}
