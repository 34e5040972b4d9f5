//! The taxonomy (category > event > sub-event) and the inheritance of node settings.

use serde::{Deserialize, Serialize};

use crate::due::DelayUnit;
use crate::{Lang, Priority, RequestKind};

/// Depth of a taxonomy node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NodeLevel {
    Category,
    Event,
    SubEvent,
}

crate::wire_enum!(NodeLevel { Category => "category", Event => "event", SubEvent => "sub_event" });

impl NodeLevel {
    /// 1, 2 or 3.
    pub fn depth(self) -> u8 {
        match self {
            Self::Category => 1,
            Self::Event => 2,
            Self::SubEvent => 3,
        }
    }

    /// The level of this node's children; sub-events have none.
    pub fn child(self) -> Option<Self> {
        match self {
            Self::Category => Some(Self::Event),
            Self::Event => Some(Self::SubEvent),
            Self::SubEvent => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Category, Lang::Fr) => "Catégorie",
            (Self::Category, Lang::En) => "Category",
            (Self::Event, Lang::Fr) => "Évènement",
            (Self::Event, Lang::En) => "Event",
            (Self::SubEvent, Lang::Fr) => "Sous-évènement",
            (Self::SubEvent, Lang::En) => "Sub-event",
        }
    }
}

/// What a node sets itself; `None` inherits from its parent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeSettings {
    pub department_id: Option<i64>,
    pub default_priority: Option<Priority>,
    pub delay_days: Option<i32>,
    pub delay_unit: Option<DelayUnit>,
    pub public_allowed: Option<bool>,
    pub kind: Option<RequestKind>,
    pub after_hours_department_id: Option<i64>,
    pub first_answer_next_day: Option<bool>,
}

/// The settings that apply to a node after inheritance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectiveSettings {
    pub department_id: Option<i64>,
    pub priority: Priority,
    pub delay_days: Option<i32>,
    /// Working or calendar days (calendar days unless a node says otherwise).
    pub delay_unit: DelayUnit,
    pub public_allowed: bool,
    pub kind: RequestKind,
    /// Where what is filed outside business hours goes (none: the department, as by day).
    pub after_hours_department_id: Option<i64>,
    /// A first answer to the citizen is promised by the next working day.
    pub first_answer_next_day: bool,
}

/// Resolves a node's settings from the path root → node: each field comes from the nearest
/// node that sets it; defaults are priority *important*, private, kind *request*.
pub fn resolve(path_root_to_leaf: &[NodeSettings]) -> EffectiveSettings {
    fn nearest<T: Copy>(path: &[NodeSettings], f: impl Fn(&NodeSettings) -> Option<T>) -> Option<T> {
        path.iter().rev().find_map(f)
    }
    let p = path_root_to_leaf;
    EffectiveSettings {
        department_id: nearest(p, |n| n.department_id),
        priority: nearest(p, |n| n.default_priority).unwrap_or_default(),
        delay_days: nearest(p, |n| n.delay_days),
        delay_unit: nearest(p, |n| n.delay_unit).unwrap_or(DelayUnit::CalendarDays),
        public_allowed: nearest(p, |n| n.public_allowed).unwrap_or(false),
        kind: nearest(p, |n| n.kind).unwrap_or(RequestKind::Request),
        after_hours_department_id: nearest(p, |n| n.after_hours_department_id),
        first_answer_next_day: nearest(p, |n| n.first_answer_next_day).unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_setting_wins() {
        let category = NodeSettings {
            department_id: Some(1),
            delay_days: Some(10),
            public_allowed: Some(true),
            ..Default::default()
        };
        let event =
            NodeSettings { default_priority: Some(Priority::Urgent), delay_days: Some(3), ..Default::default() };
        let sub = NodeSettings { public_allowed: Some(false), ..Default::default() };
        let eff = resolve(&[category.clone(), event, sub]);
        assert_eq!(eff.department_id, Some(1));
        assert_eq!(eff.priority, Priority::Urgent);
        assert_eq!(eff.delay_days, Some(3));
        assert!(!eff.public_allowed);
        assert_eq!(eff.kind, RequestKind::Request);
        assert!(resolve(&[category]).public_allowed);
    }

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let eff = resolve(&[NodeSettings::default()]);
        assert_eq!(
            eff,
            EffectiveSettings {
                department_id: None,
                priority: Priority::Important,
                delay_days: None,
                delay_unit: DelayUnit::CalendarDays,
                public_allowed: false,
                kind: RequestKind::Request,
                after_hours_department_id: None,
                first_answer_next_day: false,
            }
        );
        assert_eq!(resolve(&[]).kind, RequestKind::Request);
    }

    #[test]
    fn a_delays_unit_is_inherited_apart_from_its_days() {
        let category =
            NodeSettings { delay_days: Some(10), delay_unit: Some(DelayUnit::WorkingDays), ..Default::default() };
        let event = NodeSettings { delay_days: Some(2), ..Default::default() };
        let eff = resolve(&[category, event]);
        assert_eq!((eff.delay_days, eff.delay_unit), (Some(2), DelayUnit::WorkingDays));
    }

    #[test]
    fn levels_stop_at_three() {
        assert_eq!(NodeLevel::Category.child(), Some(NodeLevel::Event));
        assert_eq!(NodeLevel::SubEvent.child(), None);
        assert_eq!(NodeLevel::SubEvent.depth(), 3);
    }
}
