//! The outbox rows a service writes (the delivery reads them back in `outbox`).

use serde_json::Value;

/// An outbox row as stored.
pub struct OutboxRow {
    pub kind: &'static str,
    pub recipient: String,
    pub language: String,
    pub payload: Value,
    pub dedup_key: String,
    pub message_id: String,
}
