//! The one integration-test binary: the real API over a real PostgreSQL.

mod accounts;
mod addresses;
mod admin;
mod attachments;
mod auth;
mod bad_input;
mod health;
mod helpers;
mod inbound;
mod isolation;
mod jobs;
mod kb_documents;
mod knowledge;
mod leak_walk;
mod mail;
mod notifications;
mod openapi;
mod privacy;
mod reports;
mod requests_access;
mod requests_life;
mod requests_list;
mod requests_rules;
mod schema;
mod synthetic;
mod web;
