//! The taxonomy of a town (category > event > sub-event) and the questions asked when
//! filing under its nodes.

use civis_schema_rules::schema_rules;
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::due::DelayUnit;
use crate::{Lang, NodeLevel, Priority, QuestionType, RequestKind};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The settings a taxonomy node inherits down to its children, as they apply to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EffectiveNode {
    pub department_id: Option<i64>,
    pub priority: Priority,
    pub delay_days: Option<i32>,
    /// Whether the delay counts working or calendar days.
    #[serde(default = "calendar_days")]
    pub delay_unit: DelayUnit,
    pub public_allowed: bool,
    pub kind: RequestKind,
    /// Where what is filed outside the town's business hours goes (none: the department).
    #[serde(default)]
    pub after_hours_department_id: Option<i64>,
    /// A first answer to the citizen is promised by the next working day after filing.
    #[serde(default)]
    pub first_answer_next_day: bool,
}

fn calendar_days() -> DelayUnit {
    DelayUnit::CalendarDays
}

/// A node of the taxonomy (category > event > sub-event).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TaxonomyNode {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub level: NodeLevel,
    pub name_fr: String,
    pub name_en: String,
    /// Set on this node; `None` inherits from the parent.
    pub kind: Option<RequestKind>,
    pub department_id: Option<i64>,
    pub default_priority: Option<Priority>,
    pub delay_days: Option<i32>,
    /// Set on this node; `None` inherits.
    #[serde(default)]
    pub delay_unit: Option<DelayUnit>,
    pub public_allowed: Option<bool>,
    /// Set on this node; `None` inherits.
    #[serde(default)]
    pub after_hours_department_id: Option<i64>,
    /// Set on this node; `None` inherits.
    #[serde(default)]
    pub first_answer_next_day: Option<bool>,
    pub active: bool,
    pub position: i32,
    /// The values after inheritance.
    pub effective: EffectiveNode,
    pub questions: Vec<Question>,
}

impl TaxonomyNode {
    /// The node's name in a language.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.name_fr,
            Lang::En => &self.name_en,
        }
    }
}

/// A taxonomy node to create (with `parent_id`) or replace (same parent).
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"parent_id": 1, "name_fr": "Lampadaire défectueux", "name_en": "Broken street light", "department_id": 1, "default_priority": "important", "delay_days": 10, "position": 3})))]
pub struct NodeInput {
    /// `None` creates a category.
    pub parent_id: Option<i64>,
    #[validate(length(min = 1, max = 200, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub name_fr: String,
    #[validate(length(min = 1, max = 200, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub name_en: String,
    pub kind: Option<RequestKind>,
    pub department_id: Option<i64>,
    pub default_priority: Option<Priority>,
    #[validate(range(min = 0, max = 3650, code = "range"))]
    pub delay_days: Option<i32>,
    /// Whether the delay counts working or calendar days; `None` inherits.
    #[serde(default)]
    pub delay_unit: Option<DelayUnit>,
    pub public_allowed: Option<bool>,
    /// The department that takes what is filed outside the town's business hours (the
    /// operator's 24/7 centre, a public works on-call team); `None` inherits.
    #[serde(default)]
    pub after_hours_department_id: Option<i64>,
    /// Promise a first answer to the citizen by the next working day after filing
    /// (Mont-Saint-Hilaire's rule); `false` stops an inherited promise, `None` inherits.
    #[serde(default)]
    pub first_answer_next_day: Option<bool>,
    #[serde(default)]
    pub position: i32,
}

/// A choice of a single- or multiple-choice question.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct QuestionOption {
    pub id: i64,
    pub code: String,
    pub label_fr: String,
    pub label_en: String,
    pub position: i32,
    pub active: bool,
}

/// A choice to create or replace.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OptionInput {
    #[validate(length(min = 1, max = 40, code = "length"), custom(function = "crate::rules::code"))]
    pub code: String,
    #[validate(length(min = 1, max = 200, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub label_fr: String,
    #[validate(length(min = 1, max = 200, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub label_en: String,
    #[serde(default)]
    pub position: i32,
    #[serde(default = "super::config::yes")]
    pub active: bool,
}

/// A question asked when filing under a taxonomy node.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Question {
    pub id: i64,
    pub node_id: i64,
    pub qtype: QuestionType,
    pub label_fr: String,
    pub label_en: String,
    pub help_fr: String,
    pub help_en: String,
    pub required: bool,
    pub position: i32,
    pub active: bool,
    pub options: Vec<QuestionOption>,
}

/// A question to create (with its options) or replace (options are managed apart).
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct QuestionInput {
    pub qtype: QuestionType,
    #[validate(length(min = 1, max = 500, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub label_fr: String,
    #[validate(length(min = 1, max = 500, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub label_en: String,
    #[serde(default)]
    #[validate(length(max = 2000, code = "length"))]
    pub help_fr: String,
    #[serde(default)]
    #[validate(length(max = 2000, code = "length"))]
    pub help_en: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub position: i32,
    #[serde(default = "super::config::yes")]
    pub active: bool,
    #[serde(default)]
    #[validate(nested)]
    pub options: Vec<OptionInput>,
}
