//! The towns of the platform, loaded once by the app's frame and read by every page.

use civis_domain::wire::TownPublic;
use leptos::prelude::*;

use crate::api::Res;

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
