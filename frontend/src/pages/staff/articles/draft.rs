//! An article's form fields, as signals, from and back to the API's input.

use civis_domain::knowledge::Audience;
use civis_domain::wire::ArticleInput;
use leptos::prelude::*;

/// The form's fields.
#[derive(Clone, Copy)]
pub(super) struct Draft {
    pub(super) title_fr: RwSignal<String>,
    pub(super) title_en: RwSignal<String>,
    pub(super) body_fr: RwSignal<String>,
    pub(super) body_en: RwSignal<String>,
    pub(super) keywords: RwSignal<String>,
    pub(super) nodes: RwSignal<Vec<i64>>,
    pub(super) department: RwSignal<Option<i64>>,
    pub(super) audience: RwSignal<Audience>,
    pub(super) verify_by: RwSignal<String>,
    pub(super) archived: RwSignal<bool>,
}

impl Draft {
    pub(super) fn from(c: &ArticleInput) -> Self {
        Self {
            title_fr: RwSignal::new(c.title_fr.clone()),
            title_en: RwSignal::new(c.title_en.clone()),
            body_fr: RwSignal::new(c.body_fr.clone()),
            body_en: RwSignal::new(c.body_en.clone()),
            keywords: RwSignal::new(c.keywords.join(", ")),
            nodes: RwSignal::new(c.node_ids.clone()),
            department: RwSignal::new(c.department_id),
            audience: RwSignal::new(c.audience),
            verify_by: RwSignal::new(c.verify_by.map(|d| d.to_string()).unwrap_or_default()),
            archived: RwSignal::new(c.archived),
        }
    }

    pub(super) fn input(&self) -> ArticleInput {
        ArticleInput {
            title_fr: self.title_fr.get_untracked(),
            title_en: self.title_en.get_untracked(),
            body_fr: self.body_fr.get_untracked(),
            body_en: self.body_en.get_untracked(),
            keywords: self
                .keywords
                .get_untracked()
                .split(',')
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty())
                .collect(),
            node_ids: self.nodes.get_untracked(),
            department_id: self.department.get_untracked(),
            audience: self.audience.get_untracked(),
            verify_by: self.verify_by.get_untracked().parse().ok(),
            archived: self.archived.get_untracked(),
        }
    }
}
