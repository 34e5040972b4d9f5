//! Who is behind a request or a change to it: the requester's mode and the kind of actor.
//! The privacy rules decide from these; the wire types carry them.

use serde::{Deserialize, Serialize};

/// Who asks: a named person, an anonymous one (only where the town allows), or nobody
/// (an internal task from one department to another, seen by staff only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequesterMode {
    #[default]
    Identified,
    Anonymous,
    Internal,
}

crate::wire_enum!(RequesterMode { Identified => "identified", Anonymous => "anonymous", Internal => "internal" });

/// Who did something to a request, whether or not the reader may know their name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A staff member or an operator agent (named to the town's staff).
    #[default]
    Staff,
    /// The requester ("Demandeur"): named only to those who may know who asked.
    Requester,
    /// Civis itself (jobs, automatic changes).
    System,
}
