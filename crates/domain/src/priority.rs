//! Priorities of a request.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// How urgent a request is; `Important` unless the taxonomy or staff say otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Urgent,
    VeryImportant,
    #[default]
    Important,
    Minor,
}

crate::wire_enum!(Priority { Urgent => "urgent", VeryImportant => "very_important", Important => "important", Minor => "minor" });

impl Priority {
    /// 1 (urgent) to 4 (minor): the stored sort key.
    pub fn rank(self) -> i16 {
        match self {
            Self::Urgent => 1,
            Self::VeryImportant => 2,
            Self::Important => 3,
            Self::Minor => 4,
        }
    }

    pub fn from_rank(rank: i16) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.rank() == rank)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Urgent, Lang::Fr) => "Urgent",
            (Self::Urgent, Lang::En) => "Urgent",
            (Self::VeryImportant, Lang::Fr) => "Très important",
            (Self::VeryImportant, Lang::En) => "Very important",
            (Self::Important, Lang::Fr) => "Important",
            (Self::Important, Lang::En) => "Important",
            (Self::Minor, Lang::Fr) => "Mineur",
            (Self::Minor, Lang::En) => "Minor",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_order_by_urgency_and_round_trip() {
        let ranks: Vec<i16> = Priority::ALL.iter().map(|p| p.rank()).collect();
        assert_eq!(ranks, [1, 2, 3, 4]);
        for p in Priority::ALL {
            assert_eq!(Priority::from_rank(p.rank()), Some(p));
        }
        assert_eq!(Priority::from_rank(9), None);
        assert_eq!(Priority::default(), Priority::Important);
    }
}
