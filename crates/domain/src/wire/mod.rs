//! Wire types shared with the SPA: what the REST API reads and writes.
//!
//! Validation rules carry a `code` (see [`crate::messages`]) so that the UI can show the
//! same French or English message as the API.

mod accounts;
mod addresses;
mod anonymization;
mod attachments;
mod config;
mod integrations;
mod journal;
mod knowledge;
mod list_query;
mod open311;
mod person;
mod public;
mod reports;
mod requests;
mod second_factor;
mod staff_list;
mod taxonomy;
mod timeline;

pub use accounts::*;
pub use addresses::*;
pub use anonymization::*;
pub use attachments::*;
pub use config::*;
pub use integrations::*;
pub use journal::*;
pub use knowledge::*;
pub use list_query::*;
pub use open311::*;
pub use person::*;
pub use public::*;
pub use reports::*;
pub use requests::*;
pub use second_factor::*;
pub use staff_list::*;
pub use taxonomy::*;
pub use timeline::*;
