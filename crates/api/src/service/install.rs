//! A production install: the first platform administrator made from the command line (the
//! check that demo accounts no longer open with the README's password is `seed::demo_passwords_left`).

use civis_domain::Lang;
use diesel::prelude::*;

use crate::auth::password;
use crate::error::ApiError;

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
