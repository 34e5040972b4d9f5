//! The two languages of the product.

use serde::{Deserialize, Serialize};

/// French first, English second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

crate::wire_enum!(Lang { Fr => "fr", En => "en" });

impl Lang {
    /// The language's own name.
    pub fn label(self, _lang: Lang) -> &'static str {
        match self {
            Self::Fr => "Français",
            Self::En => "English",
        }
    }
}
