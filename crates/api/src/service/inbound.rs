//! A requester's email reply becomes an incoming follow-up on its request and is forwarded
//! to the department. The message arrives raw (RFC 822), from a mail provider's inbound
//! webhook or a mail server's pipe; its reply address must be one of ours, with a valid
//! signature. Quoted history is trimmed. The same message delivered twice is attached once.

use diesel::prelude::*;
use mail_parser::{HeaderValue, MessageParser};

use crate::db::inbound as db;
use crate::error::ApiError;
use crate::reply::ReplyKeys;
use crate::service::notify;

/// What became of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Received {
    pub request_id: i64,
    pub followup_id: i64,
    /// The same message was already attached (nothing was added or sent again).
    pub duplicate: bool,
}

/// The text before the quoted history: stops at a quote (`>`), an "On … wrote:" /
/// "Le … a écrit :" line, an "Original Message" separator, a forwarded header block or a
/// signature separator.
pub fn trim_quoted(text: &str) -> String {
    let mut kept: Vec<&str> = vec![];
    for line in text.lines() {
        let l = line.trim();
        let lower = l.to_lowercase();
        let stop = l.starts_with('>')
            || lower.ends_with("wrote:")
            || lower.ends_with("a écrit :")
            || lower.ends_with("a écrit:")
            || lower.contains("original message")
            || lower.contains("message d'origine")
            || l.starts_with("________________")
            || lower.starts_with("from:")
            || lower.starts_with("de :")
            || lower.starts_with("de:")
            || l == "--";
        if stop {
            break;
        }
        kept.push(line.trim_end());
    }
    kept.join("\n").trim().to_string()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Attaches one raw message to its request.
pub fn receive(
    conn: &mut PgConnection,
    keys: &ReplyKeys,
    limits: &crate::limits::Limiter,
    raw: &[u8],
) -> Result<Received, ApiError> {
    let message = MessageParser::default()
        .parse(raw)
        .filter(|m| m.from().is_some())
        .ok_or_else(|| ApiError::BadRequest { code: "invalid_value", detail: "not an email message".into() })?;
    let mut addresses: Vec<String> = vec![];
    for list in [message.to(), message.cc()].into_iter().flatten() {
        addresses.extend(list.iter().filter_map(|a| a.address()).map(str::to_string));
    }
    for name in ["Delivered-To", "X-Original-To"] {
        for h in message.header_values(name) {
            if let HeaderValue::Text(t) = h {
                addresses.push(t.to_string());
            } else if let HeaderValue::Address(a) = h {
                addresses.extend(a.iter().filter_map(|a| a.address()).map(str::to_string));
            }
        }
    }
    let request = addresses
        .iter()
        .find_map(|a| keys.request_of(a))
        .ok_or_else(|| ApiError::field("to", "reply_address_invalid"))?;
    // A reply address copied into a mailing loop or a flood stops being read for a while.
    limits.hit(conn, &crate::limits::INBOUND_ADDRESS, &request.to_string())?;
    let text = match message.body_text(0) {
        Some(t) => t.to_string(),
        None => message.body_html(0).map(|h| strip_tags(&h)).unwrap_or_default(),
    };
    let body = trim_quoted(&text);
    if body.is_empty() {
        return Err(ApiError::field("body", "required"));
    }
    let source = message.message_id().map(str::to_string);
    conn.transaction(|conn| {
        let town = db::reply_target(conn, request)?.ok_or_else(|| ApiError::field("to", "reply_address_invalid"))?;
        match db::add_reply(conn, town, request, &body, source.as_deref())? {
            Some(id) => {
                crate::service::requests::on_citizen_answer(conn, request)?;
                crate::db::request_edits::bump_version(conn, request)?;
                notify::incoming(conn, request, id, &body)?;
                Ok(Received { request_id: request, followup_id: id, duplicate: false })
            }
            None => {
                let existing = db::reply_of(conn, request, source.as_deref())?;
                Ok(Received { request_id: request, followup_id: existing, duplicate: true })
            }
        }
    })
}
