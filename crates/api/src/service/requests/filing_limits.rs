//! What a filing counts against, inside its own transaction (a refused or invalid filing
//! rolls its count back): a visitor's burst from one client address stops at once, a
//! kiosk's hundred people an hour do not, one email address files a few an hour; a
//! signed-in citizen counts by account, wherever they are; staff filing for callers are
//! not counted (no statement).

use civis_domain::wire::NewRequest;
use diesel::PgConnection;

use super::Filer;
use crate::error::ApiError;
use crate::limits::{FILING_ACCOUNT, FILING_CLIENT, FILING_CLIENT_BURST, FILING_EMAIL, Limit, Limiter};

pub(super) fn count(
    conn: &mut PgConnection,
    (limits, client): (&Limiter, &str),
    filer: &Filer,
    input: &NewRequest,
) -> Result<(), ApiError> {
    match filer {
        Filer::Visitor => {
            limits.hit(conn, &FILING_CLIENT_BURST, client)?;
            limits.hit(conn, &FILING_CLIENT, client)?;
            let email = input.requester.as_ref().and_then(|r| r.email.as_deref());
            if let Some(email) = email.map(str::trim).filter(|e| !e.is_empty()) {
                limits.hit(conn, &FILING_EMAIL, email)?;
            }
            Ok(())
        }
        Filer::Citizen(p) => limits.hit(conn, &FILING_ACCOUNT, &p.id.to_string()),
        Filer::Application(key) => {
            let limit = Limit { bucket: "api_key", max: key.rate_per_hour, window_secs: 3600 };
            limits.hit(conn, &limit, &key.id.to_string())
        }
        Filer::Staff(..) => Ok(()),
    }
}
