//! The access token a call presents: the one in memory, or a new one from the refresh
//! cookie when it is missing or about to expire (one renewal at a time).

use std::rc::Rc;

use super::Problem;
use crate::session;

thread_local! {
    static RENEWING: Rc<futures::lock::Mutex<()>> = Rc::new(futures::lock::Mutex::new(()));
}

/// A valid access token, renewed first (with the refresh cookie) when there is none in
/// memory or it expires within 30 seconds. Only the server's refusal of the refresh
/// cookie ends the session; a network failure does not.
pub async fn access_token() -> Result<String, Problem> {
    let lock = RENEWING.with(Rc::clone);
    let _guard = lock.lock().await;
    session::load().ok_or_else(|| Problem::local("session_expired"))?;
    let held = session::held_token();
    if let Some((token, expires_at)) = held.filter(|(t, e)| !t.is_empty() && e - crate::format::now_ms() > 30_000.0) {
        let _ = expires_at;
        return Ok(token);
    }
    match super::refresh().await {
        Ok(pair) => {
            let fresh = session::Session::from_pair(pair);
            session::save(Some(&fresh));
            Ok(fresh.access_token)
        }
        Err(e) if e.status == 401 || e.status == 400 => {
            session::signed_out();
            Err(Problem::local("session_expired"))
        }
        Err(e) => Err(e),
    }
}
