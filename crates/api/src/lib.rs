//! Civis API: the REST API of the citizen-request platform, its worker and its commands.
//!
//! Layers: [`http`] (handlers only) → [`service`] (use-cases, one transaction each) →
//! [`db`] (queries over `&mut PgConnection`). [`auth`] holds tokens and typed extractors,
//! [`error`] the one error type and its mapping to HTTP.

pub mod app;
pub mod auth;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod hooks;
pub mod http;
pub mod jobs;
pub mod limits;
pub mod media;
pub mod metrics;
pub mod outbox;
pub mod reply;
pub mod secrets;
pub mod seed;
pub mod service;
pub mod state;
pub mod storage;
pub mod web;
pub mod worker;
