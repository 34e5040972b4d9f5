//! Use-cases: each runs in one transaction and applies the domain's rules.

pub mod accounts;
pub mod addresses;
pub mod anonymize;
pub mod attachments;
pub mod auth;
pub mod departments;
pub mod filters;
pub mod inbound;
pub mod install;
pub mod interactions;
pub mod journal;
pub mod kb_documents;
pub mod knowledge;
pub mod monthly;
pub mod notify;
pub mod outbox;
pub mod person;
pub mod person_archive;
pub mod report_xlsx;
pub mod reports;
pub mod requests;
pub mod second_factor;
pub mod sessions;
pub mod taxonomy;
pub mod towns;
pub mod users;
