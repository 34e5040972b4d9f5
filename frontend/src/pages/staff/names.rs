//! The names a staff page shows for ids: the town's departments and taxonomy nodes.

use civis_domain::Lang;
use civis_domain::wire::{Department, TaxonomyNode};

use crate::api;

/// Names the list needs: departments and taxonomy nodes of the town.
#[derive(Clone, Default)]
pub struct Names {
    pub departments: Vec<Department>,
    pub nodes: Vec<TaxonomyNode>,
}

impl Names {
    /// The town's departments and taxonomy (empty lists when they cannot be read).
    /// The town's departments and categories; a failure is the caller's to show.
    pub async fn load(town: i64) -> api::Res<Self> {
        Ok(Self { departments: api::departments(town).await?, nodes: api::taxonomy(town).await? })
    }

    pub fn department(&self, id: Option<i64>, lang: Lang) -> String {
        id.and_then(|id| self.departments.iter().find(|d| d.id == id))
            .map(|d| if lang == Lang::Fr { d.name_fr.clone() } else { d.name_en.clone() })
            .unwrap_or_else(|| "—".into())
    }

    pub fn node(&self, id: i64, lang: Lang) -> String {
        self.nodes
            .iter()
            .find(|n| n.id == id)
            .map(|n| if lang == Lang::Fr { n.name_fr.clone() } else { n.name_en.clone() })
            .unwrap_or_default()
    }
}
