//! The product's words and rules: request kinds, statuses and their transitions, roles and
//! permissions, the taxonomy and its inheritance, questions and answers, business days,
//! bilingual messages, and the wire types shared by the API and the web app.
//!
//! No I/O: this crate compiles for `wasm32-unknown-unknown`.

#[macro_use]
mod macros;

pub mod address;
pub mod calendar;
pub mod channel;
pub mod closure;
pub mod contacts;
pub mod csv;
pub mod due;
pub mod holidays;
pub mod hours;
pub mod issue;
pub mod kind;
pub mod knowledge;
pub mod lang;
pub mod late;
pub mod messages;
pub mod password;
pub mod people;
pub mod priority;
pub mod privacy;
pub mod question;
pub mod report;
pub mod report_tables;
pub mod role;
pub mod rules;
pub mod status;
pub mod taxonomy;
pub mod territory;
pub mod text;
pub mod wire;

pub use channel::Channel;
pub use issue::{DomainError, FieldIssue, UnknownValue};
pub use kind::{KindInput, RequestKind, check_kind_rules};
pub use lang::Lang;
pub use late::{FirstAnswer, Horizon, Lateness};
pub use messages::message;
pub use priority::Priority;
pub use privacy::{About, Disclosure, Reader, disclosure, disclosure_of};
pub use question::{QuestionSpec, QuestionType, validate_answer, validate_answers};
pub use role::{ComplaintScope, Role, RoleSet};
pub use status::{Action, Status, Tab, TransitionError, transition};
pub use taxonomy::{EffectiveSettings, NodeLevel, NodeSettings, resolve};
