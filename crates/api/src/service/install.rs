//! A production install: the first platform administrator made from the command line, and
//! the check that keeps a production server from starting while demo accounts still open
//! with the password printed in the README.

use civis_domain::Lang;
use diesel::prelude::*;

use crate::auth::password;
use crate::db::users;
use crate::error::ApiError;
use crate::seed;

/// A new platform administrator (a staff account with every town in reach). The password
/// follows the policy; an address already used by a staff account is refused.
pub fn create_platform_admin(
    conn: &mut PgConnection,
    email: &str,
    name: (&str, &str),
    language: Lang,
    pw: &str,
) -> Result<i64, ApiError> {
    let email = email.trim().to_lowercase();
    if !validator::ValidateEmail::validate_email(&email) {
        return Err(ApiError::field("email", "email"));
    }
    password::policy("password", pw, &email)?;
    let hash = password::hash(pw)?;
    conn.transaction(|conn| crate::service::users::new_staff(conn, &email, &hash, (name.0, name.1, language), true))
}

/// The demo accounts that still open with the demo password.
pub fn demo_passwords_left(conn: &mut PgConnection) -> Result<Vec<String>, ApiError> {
    let mut left = Vec::new();
    for (email, _) in seed::DEMO_ACCOUNTS.iter().chain(seed::saint_exemple::ACCOUNTS) {
        for kind in ["staff", "citizen"] {
            if let Some(u) = users::find_by_email(conn, email, kind)?
                && u.active
                && password::verify(seed::DEMO_PASSWORD, &u.password_hash)
            {
                left.push((*email).to_string());
            }
        }
    }
    Ok(left)
}
