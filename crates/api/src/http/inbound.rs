//! Replies by email, as a mail provider's inbound webhook posts them.

use actix_web::{HttpRequest, HttpResponse, post, web};

use crate::error::{ApiError, Problem};
use crate::service::inbound::{self, Received};
use crate::state::State;

/// Largest message accepted (a reply with a few photos).
const MAX_MESSAGE: usize = 12 * 1024 * 1024;

/// Attaches a requester's email reply to its request as an incoming follow-up and
/// forwards it to the department. The body is the raw message (RFC 822); the caller
/// presents `INBOUND_TOKEN` as a bearer token. The reply address must be one this server
/// signed; quoted history is trimmed; the same message posted twice is attached once
/// (then 200 instead of 201).
#[utoipa::path(tag = "inbound", security(("bearer" = [])),
    request_body(content = String, content_type = "message/rfc822", description = "The raw email"),
    responses(
        (status = 201, description = "Attached", body = Received),
        (status = 200, description = "Already attached", body = Received),
        (status = 400, description = "Not an email message", body = Problem),
        (status = 401, description = "Missing or wrong token (checked before the body is read)", body = Problem),
        (status = 413, description = "Over 12 MB", body = Problem),
        (status = 429, description = "Too many replies to this reply address; see Retry-After", body = Problem),
        (status = 422, description = "Unknown or forged reply address, or an empty reply", body = Problem)))]
#[post("/inbound/email")]
pub async fn email(state: State, req: HttpRequest, payload: web::Payload) -> Result<HttpResponse, ApiError> {
    // The token is checked before a byte of the body is read.
    if !super::extract::presents(&req, state.settings.inbound_token.as_ref().map(crate::secrets::Hidden::as_str)) {
        return Err(ApiError::Unauthorized("unauthorized"));
    }
    let body = payload
        .to_bytes_limited(MAX_MESSAGE)
        .await
        .map_err(|_| ApiError::PayloadTooLarge)?
        .map_err(|e| ApiError::BadRequest { code: "invalid_value", detail: format!("reading the message: {e}") })?;
    let keys = state.settings.reply_keys().ok_or_else(|| ApiError::field("to", "reply_address_invalid"))?;
    let st = state.clone();
    let received = state.db.run(move |conn| inbound::receive(conn, &keys, &st.limits, &body)).await?;
    Ok(if received.duplicate { HttpResponse::Ok() } else { HttpResponse::Created() }.json(received))
}
