//! The production check: no demo account still opens with the README's password.

use civis_domain::wire::UserKind;
use diesel::PgConnection;

use super::{DEMO_ACCOUNTS, DEMO_PASSWORD, saint_exemple};
use crate::auth::password;
use crate::db::users;
use crate::error::ApiError;

/// The demo accounts that still open with the demo password (a production server refuses
/// to start while any does).
pub fn demo_passwords_left(conn: &mut PgConnection) -> Result<Vec<String>, ApiError> {
    let mut left = Vec::new();
    for (email, _) in DEMO_ACCOUNTS.iter().chain(saint_exemple::ACCOUNTS) {
        for kind in UserKind::ALL {
            if let Some(u) = users::find_by_email(conn, email, kind.as_str())?
                && u.active
                && password::verify(DEMO_PASSWORD, &u.password_hash)
            {
                left.push((*email).to_string());
            }
        }
    }
    Ok(left)
}
