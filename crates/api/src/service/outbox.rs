//! A town administrator follows the delivery of the town's emails and sends a failed one
//! again. The administrator sees nothing of requests, so the list shows the state of
//! delivery in full but never who asked: a requester's or a follower's address is masked
//! (in the error too), and an email about a complaint names no request.

use civis_domain::privacy::mask_email;
use civis_domain::wire::{OutboxMessage, OutboxStatus};
use diesel::PgConnection;

use crate::db::outbox as db;
use crate::error::ApiError;
use crate::outbox::Kind;

/// A row as the administrator sees it.
fn message(r: db::Listed) -> OutboxMessage {
    // A kind this build does not know is masked like a requester's email.
    let to_requester = r.kind.parse::<Kind>().ok().is_none_or(Kind::to_requester);
    let (recipient, last_error) = if to_requester {
        let masked = mask_email(&r.recipient);
        (masked.clone(), r.last_error.map(|e| e.replace(&r.recipient, &masked)))
    } else {
        (r.recipient, r.last_error)
    };
    OutboxMessage {
        id: r.id,
        request_id: r.request_id.filter(|_| !r.confidential),
        kind: r.kind,
        recipient,
        to_requester,
        language: r.language,
        status: r.status,
        attempts: r.attempts,
        last_error,
        created_at: r.created_at,
        sent_at: r.sent_at,
    }
}

/// The town's emails in one status (`failed` by default), newest first, at most 200.
pub fn list(conn: &mut PgConnection, town: i64, status: OutboxStatus) -> Result<Vec<OutboxMessage>, ApiError> {
    Ok(db::list(conn, town, status.as_str())?.into_iter().map(message).collect())
}

/// Puts a failed email back in line, with its attempts counted afresh (same Message-ID).
pub fn retry(conn: &mut PgConnection, town: i64, id: i64) -> Result<OutboxMessage, ApiError> {
    match db::retry(conn, town, id)? {
        Some(r) => Ok(message(r)),
        None => {
            Err(if db::find(conn, town, id)?.is_some() { ApiError::Conflict("conflict") } else { ApiError::NotFound })
        }
    }
}
