//! Following a public request instead of filing a duplicate, and leaving a request's
//! emails. A signed-in citizen follows at once; an address follows once it confirmed by
//! the link emailed to it (double opt-in), so no one can subscribe someone else. Every
//! request email to a citizen carries a link that stops them.

use civis_domain::Lang;
use diesel::prelude::*;

use crate::auth::Principal;
use crate::db::{followers, requests as db, towns};
use crate::error::ApiError;
use crate::limits::{FOLLOW_CLIENT, FOLLOW_EMAIL};
use crate::outbox::follow_mail::FollowMail;
use crate::outbox::mail::payload_of;
use crate::reply;
use crate::service::notify::{Kind, Subject, enqueue};
use crate::state::AppState;

/// What following did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Followed {
    /// Following now (an account, or an address already confirmed).
    Now,
    /// A confirmation link went to the address.
    Confirming,
}

/// Who follows: a signed-in citizen, or an address in a language.
pub struct Follower<'a> {
    pub citizen: Option<&'a Principal>,
    pub email: Option<&'a str>,
    pub language: Lang,
    pub client: &'a str,
}

/// Follows an open public request.
pub fn follow(
    conn: &mut PgConnection,
    state: &AppState,
    town: i64,
    id: i64,
    who: &Follower,
) -> Result<Followed, ApiError> {
    let row = db::find(conn, town, id)?.filter(|r| r.is_public).ok_or(ApiError::NotFound)?;
    if row.status.is_closed() {
        return Err(ApiError::Conflict("request_closed"));
    }
    let email = who.email.map(str::trim).filter(|e| !e.is_empty()).map(str::to_lowercase);
    match (who.citizen, email) {
        (Some(p), _) => {
            followers::add_follower(conn, id, Some(p.id), None)?;
            Ok(Followed::Now)
        }
        (None, Some(e)) => {
            state.limits.hit(conn, &FOLLOW_CLIENT, who.client)?;
            state.limits.hit(conn, &FOLLOW_EMAIL, &e)?;
            conn.transaction(|conn| {
                let (follower, confirmed) = followers::add_follower(conn, id, None, Some(&e))?;
                if confirmed {
                    return Ok(Followed::Now);
                }
                let t = towns::find(conn, town)?.ok_or(ApiError::NotFound)?;
                let names = db::node_names_of(conn, &[row.node_id])?;
                let (fr, en) = names.get(&row.node_id).cloned().unwrap_or_default();
                let token = reply::follow_token(&state.settings.secret, follower);
                let payload = payload_of(&FollowMail {
                    link: format!("{}/t/{}/suivre#{token}", state.settings.public_url, t.slug),
                    town_name: t.name,
                    sender_name: t.sender_name,
                    sender_email: t.sender_email,
                    number: row.number,
                    category_fr: fr,
                    category_en: en,
                });
                // One confirmation an hour per address and request.
                let dedup = format!("{follower}:{}", crate::clock::now().format("%Y%m%d%H"));
                let about = Subject { town, request: Some(id) };
                enqueue(conn, about, Kind::FollowConfirmation, &e, who.language.as_str(), &payload, dedup)?;
                Ok(Followed::Confirming)
            })
        }
        (None, None) => Err(ApiError::field("email", "email_or_account")),
    }
}

/// Confirms a follower from its emailed link.
pub fn confirm_follow(conn: &mut PgConnection, state: &AppState, token: &str) -> Result<(), ApiError> {
    let follower = reply::follow_target(&state.settings.secret, token).ok_or(ApiError::Rule("link_invalid"))?;
    followers::confirm_follower(conn, follower)?.ok_or(ApiError::Rule("link_invalid")).map(drop)
}

/// Stops a request's emails to the address an unsubscribe link names.
pub fn unsubscribe(conn: &mut PgConnection, state: &AppState, token: &str) -> Result<(), ApiError> {
    let (request, email) =
        reply::unsubscribe_target(&state.settings.secret, token).ok_or(ApiError::Rule("link_invalid"))?;
    followers::unsubscribe(conn, request, &email)?;
    Ok(())
}
