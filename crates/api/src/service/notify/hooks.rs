//! Webhook deliveries of a request's events, written in the transaction of the change (a
//! filing's in its one statement, `db::filing`; other changes' one statement each: one row
//! per live endpoint of the town that hears of the event). The
//! body says what happened and where the request stands, never who asked; a complaint is
//! never announced (it is the director's).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use civis_domain::Status;
use civis_domain::wire::{HookRequest, WebhookMessage, WebhookPayload};
use diesel::PgConnection;
use rand::RngCore;

use super::Context;
use crate::db::webhooks::HookMessage;
use crate::error::ApiError;

/// What happened to the request.
pub enum Happened {
    Filed,
    Status { from: Status },
    Followup(i64),
}

/// Writes the deliveries of what happened (a status that closes the request is two
/// events: the change and the closing).
pub fn announce(conn: &mut PgConnection, ctx: &Context, status: Status, what: Happened) -> Result<(), ApiError> {
    for m in messages(ctx, status, what)? {
        crate::db::webhooks::enqueue(conn, (ctx.municipality_id, ctx.id), &m)?;
    }
    Ok(())
}

/// The messages of what happened, each with its id and body (none for a complaint); a
/// filing writes them in its one statement (`db::filing`), other changes with `announce`.
pub fn messages(ctx: &Context, status: Status, what: Happened) -> Result<Vec<HookMessage>, ApiError> {
    if ctx.kind.is_confidential() {
        return Ok(vec![]);
    }
    let request = HookRequest {
        id: ctx.id,
        number: ctx.number.clone(),
        town: ctx.slug.clone(),
        kind: ctx.kind,
        status,
        public: ctx.is_public,
    };
    let messages = match what {
        Happened::Filed => vec![WebhookMessage::Created { request }],
        Happened::Followup(followup_id) => vec![WebhookMessage::FollowupAdded { request, followup_id }],
        Happened::Status { from } if status.is_closed() && !from.is_closed() => vec![
            WebhookMessage::StatusChanged { request: request.clone(), previous_status: from },
            WebhookMessage::Closed { request },
        ],
        Happened::Status { from } => vec![WebhookMessage::StatusChanged { request, previous_status: from }],
    };
    let timestamp = crate::clock::now();
    messages
        .into_iter()
        .map(|message| {
            let event = message.event().as_str().to_string();
            let payload = serde_json::to_value(WebhookPayload { timestamp, message })
                .map_err(|e| ApiError::caused("a webhook payload", e))?;
            let mut id = [0u8; 16];
            rand::rng().fill_bytes(&mut id);
            Ok(HookMessage { event, message_id: format!("msg_{}", URL_SAFE_NO_PAD.encode(id)), payload })
        })
        .collect()
}
