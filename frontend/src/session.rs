//! The signed-in account. The access token lives in memory only; the refresh token in an
//! HttpOnly cookie the page cannot read (`X-Civis-Session: cookie`). The browser's local
//! storage keeps who is signed in (name, grants: no token), so a reload draws the right
//! screens at once; the first call then renews the access token with the cookie, one
//! renewal at a time.

use std::cell::RefCell;

use civis_domain::wire::{Me, TokenPair, UserKind};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::storage::storage;

const KEY: &str = "civis.session";

/// What is known of a sign-in; only `user` is stored.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Session {
    #[serde(skip)]
    pub access_token: String,
    /// When the access token expires, in ms since the epoch.
    #[serde(skip)]
    pub expires_at: f64,
    pub user: Me,
}

impl Session {
    pub fn from_pair(pair: TokenPair) -> Self {
        Self {
            expires_at: crate::format::now_ms() + pair.expires_in as f64 * 1000.0,
            access_token: pair.access_token,
            user: pair.user,
        }
    }

    pub fn is_staff(&self) -> bool {
        self.user.kind == UserKind::Staff
    }

    /// The roles held in a town: what the screens offer follows the domain's predicates.
    pub fn roles_in(&self, town: i64) -> civis_domain::RoleSet {
        civis_domain::RoleSet::new(self.user.grants.iter().filter(|g| g.municipality_id == town).map(|g| g.role))
    }

    /// The department a department responsible answers for in a town.
    pub fn department_in(&self, town: i64) -> Option<i64> {
        self.user
            .grants
            .iter()
            .find(|g| g.municipality_id == town && g.role == civis_domain::Role::DepartmentResponsible)
            .and_then(|g| g.department_id)
    }
}

pub fn load() -> Option<Session> {
    let raw = storage()?.get_item(KEY).ok().flatten()?;
    serde_json::from_str(&raw).ok()
}

pub fn save(session: Option<&Session>) {
    TOKEN.with(|t| *t.borrow_mut() = session.map(|s| (s.access_token.clone(), s.expires_at)));
    let Some(s) = storage() else { return };
    match session.and_then(|v| serde_json::to_string(v).ok()) {
        Some(json) => {
            let _ = s.set_item(KEY, &json);
        }
        None => {
            let _ = s.remove_item(KEY);
        }
    }
}

/// The session as the app sees it; `None` when signed out.
#[derive(Clone, Copy)]
pub struct Auth {
    pub session: RwSignal<Option<Session>>,
}

impl Auth {
    pub fn new() -> Self {
        Self { session: RwSignal::new(load()) }
    }

    pub fn set(&self, session: Option<Session>) {
        save(session.as_ref());
        self.session.set(session);
    }
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

thread_local! {
    /// The access token and when it expires: in memory only.
    static TOKEN: RefCell<Option<(String, f64)>> = const { RefCell::new(None) };
    static SIGNED_OUT: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// What to do when the server no longer accepts the session (set once by the app).
pub fn on_signed_out(f: impl Fn() + 'static) {
    SIGNED_OUT.with(|s| *s.borrow_mut() = Some(Box::new(f)));
}

pub fn signed_out() {
    save(None);
    SIGNED_OUT.with(|s| {
        if let Some(f) = s.borrow().as_ref() {
            f()
        }
    });
}

/// The access token held in memory and when it expires (ms since the epoch), if any.
pub fn held_token() -> Option<(String, f64)> {
    TOKEN.with(|t| t.borrow().clone())
}

/// The signed-in person's roles in a town (none when signed out).
pub fn roles_in(town: i64) -> civis_domain::RoleSet {
    use_auth().session.with_untracked(|s| s.as_ref().map(|s| s.roles_in(town)).unwrap_or_default())
}
