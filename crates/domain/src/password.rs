//! The password policy's rules that need no list (ASVS 4.0.3 V2.1): length only, no
//! composition rules. The server also refuses common passwords (a list it ships).

use validator::ValidationError;

/// Fewest characters (ASVS 2.1.1).
pub const MIN_CHARS: usize = 12;
/// Most characters (ASVS 2.1.2 asks that at least 64 be allowed).
pub const MAX_CHARS: usize = 128;

/// The length rule, as a `validator` function: `password_too_short` / `password_too_long`.
pub fn shape(password: &str) -> Result<(), ValidationError> {
    let n = password.chars().count();
    if n < MIN_CHARS {
        return Err(ValidationError::new("password_too_short"));
    }
    if n > MAX_CHARS {
        return Err(ValidationError::new("password_too_long"));
    }
    Ok(())
}

/// The length rule in the API document (a password field's schema).
#[cfg(feature = "openapi")]
pub fn schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(MIN_CHARS))
        .max_length(Some(MAX_CHARS))
        .description(Some(format!("{MIN_CHARS} to {MAX_CHARS} characters; common passwords are refused.")))
        .build()
}

/// Whether the password repeats the address it protects (its part before `@`, 4 letters
/// or more, or the whole address).
pub fn like_email(password: &str, email: &str) -> bool {
    let password = password.to_lowercase();
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default();
    password.contains(&email) || (local.chars().count() >= 4 && password.contains(local))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_the_only_shape_rule() {
        assert_eq!(shape("short-pass1").map_err(|e| e.code.to_string()), Err("password_too_short".into()));
        assert!(shape("sans chiffres ni majuscules").is_ok());
        assert!(shape(&"é".repeat(12)).is_ok(), "characters, not bytes");
        assert_eq!(shape(&"a".repeat(129)).map_err(|e| e.code.to_string()), Err("password_too_long".into()));
    }

    #[test]
    fn repeating_the_email_is_refused() {
        assert!(like_email("marie.tremblay2026", "Marie.Tremblay@example.org"));
        assert!(!like_email("une phrase de passe", "jo@example.org"));
    }
}
