//! Translations. Every label of the app comes from `locales/fr.json` or `locales/en.json`
//! (flat key → text maps, embedded at build time); labels of the product's own words
//! (statuses, priorities, kinds, channels) and error messages come from the domain crate,
//! which the API shares. French is the default; the choice is remembered in the browser.

use std::collections::HashMap;
use std::sync::OnceLock;

use civis_domain::Lang;
use leptos::prelude::*;

static FR: &str = include_str!("../locales/fr.json");
static EN: &str = include_str!("../locales/en.json");
const STORAGE_KEY: &str = "civis.lang";

fn table(lang: Lang) -> &'static HashMap<String, String> {
    static TABLES: OnceLock<(HashMap<String, String>, HashMap<String, String>)> = OnceLock::new();
    let (fr, en) = TABLES
        .get_or_init(|| (serde_json::from_str(FR).unwrap_or_default(), serde_json::from_str(EN).unwrap_or_default()));
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// The text of `key` in `lang`; the key itself when missing (a test keeps both files whole).
pub fn tr(lang: Lang, key: &str) -> String {
    table(lang).get(key).cloned().unwrap_or_else(|| key.to_string())
}

/// The chosen language, shared through the context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// Reads the remembered choice; French unless English was chosen.
    pub fn new() -> Self {
        let stored = crate::storage::storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let lang = if stored.as_deref() == Some("en") { Lang::En } else { Lang::Fr };
        set_document_lang(lang);
        Self { lang: RwSignal::new(lang) }
    }

    pub fn set(&self, lang: Lang) {
        if let Some(s) = crate::storage::storage() {
            let _ = s.set_item(STORAGE_KEY, lang.as_str());
        }
        set_document_lang(lang);
        self.lang.set(lang);
    }

    /// The text of `key` in the current language (tracks the language).
    pub fn t(&self, key: &str) -> String {
        tr(self.lang.get(), key)
    }

    /// `fr-CA` or `en-CA`, for dates and numbers.
    pub fn locale(&self) -> &'static str {
        locale_of(self.lang.get())
    }
}

/// The locale of a language, for dates and numbers (the browser's `Intl`).
pub fn locale_of(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "fr-CA",
        Lang::En => "en-CA",
    }
}

fn set_document_lang(lang: Lang) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = el.set_attribute("lang", lang.as_str());
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A reactive text for `key`, to put in a view or an attribute.
pub fn t(key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let i = use_i18n();
    move || i.t(key)
}
