//! Errors of the domain: invalid fields, unknown values, broken rules.

use serde::{Deserialize, Serialize};

/// One invalid field, with a message code (see [`crate::messages`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldIssue {
    pub field: String,
    pub code: String,
}

impl FieldIssue {
    pub fn new(field: impl Into<String>, code: impl Into<String>) -> Self {
        Self { field: field.into(), code: code.into() }
    }
}

/// A string that names no value of an enumeration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value: {0}")]
pub struct UnknownValue(pub String);

/// A broken domain rule, named by its message code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("rule broken: {0}")]
    Rule(&'static str),
}

impl DomainError {
    pub fn code(self) -> &'static str {
        match self {
            Self::Rule(code) => code,
        }
    }
}
