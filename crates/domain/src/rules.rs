//! Field rules that `validator` has no built-in for, as `custom` functions.
//!
//! `#[schema_rules]` (crate `civis-schema-rules`) knows each function here by name and
//! writes its JSON-schema form into the API document: a pattern, or the schema of a list's
//! items. The tests below hold each function to that form, so the two cannot drift.

use validator::ValidationError;

/// The longest keyword of an article.
pub const KEYWORD_MAX_CHARS: usize = 60;

/// A text that must say something: not only spaces (code `required`, like an empty one).
/// Pattern: a character outside Unicode White_Space.
pub fn not_blank(s: &str) -> Result<(), ValidationError> {
    if s.trim().is_empty() { Err(ValidationError::new("required")) } else { Ok(()) }
}

/// A code chosen by a town (a department's, a choice's): lower-case letters, digits, `_`
/// and `-` (`travaux-publics`). Pattern `^[a-z0-9_-]+$`.
pub fn code(s: &str) -> Result<(), ValidationError> {
    let ok = !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok { Ok(()) } else { Err(ValidationError::new("slug")) }
}

/// A town's name in addresses: lower-case letters, digits and dashes, not starting with a
/// dash (`mont-saint-hilaire`). Pattern `^[a-z0-9][a-z0-9-]*$`.
pub fn town_slug(s: &str) -> Result<(), ValidationError> {
    let mut chars = s.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok { Ok(()) } else { Err(ValidationError::new("slug")) }
}

/// Empty (the platform's default applies), or an email address.
pub fn empty_or_email(s: &str) -> Result<(), ValidationError> {
    if s.is_empty() || validator::ValidateEmail::validate_email(&s) {
        Ok(())
    } else {
        Err(ValidationError::new("email"))
    }
}

/// Each keyword has a letter or sign that is not a space, and at most
/// [`KEYWORD_MAX_CHARS`] characters.
pub fn keywords(list: &[String]) -> Result<(), ValidationError> {
    let ok = list.iter().all(|k| !k.trim().is_empty() && k.chars().count() <= KEYWORD_MAX_CHARS);
    if ok { Ok(()) } else { Err(ValidationError::new("keyword_invalid")) }
}

/// ISO weekdays: 1 (Monday) to 7 (Sunday).
pub fn weekdays(days: &[i32]) -> Result<(), ValidationError> {
    if days.iter().all(|d| (1..=7).contains(d)) { Ok(()) } else { Err(ValidationError::new("range")) }
}

/// The document's form of a keyword (`#[schema_rules]` names it for `keywords`).
#[cfg(feature = "openapi")]
pub struct Keyword;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Keyword {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(KEYWORD_MAX_CHARS))
            .pattern(Some(civis_schema_rules::pattern!(not_blank)))
            .description(Some("A word or a few, with something other than spaces."))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Keyword {}

/// The document's form of an ISO weekday (`#[schema_rules]` names it for `weekdays`).
#[cfg(feature = "openapi")]
pub struct IsoWeekday;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for IsoWeekday {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int32)))
            .minimum(Some(1))
            .maximum(Some(7))
            .description(Some("1 = Monday … 7 = Sunday."))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for IsoWeekday {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings near every rule's edges.
    const SAMPLES: &[&str] = &[
        "",
        "a",
        "-",
        "_",
        "a-b",
        "a_b",
        "-ab",
        "ab-",
        "A",
        "é",
        "12",
        "a b",
        "a.b",
        "x\u{0}",
        "travaux-publics",
        "mont-saint-hilaire",
        "a@b.ca",
        "jean.tremblay@ville.qc.ca",
        "a@b",
        "@b.ca",
        "a@",
        "a b@c.ca",
        "a@-b.ca",
        "a@b-.ca",
        "a@b..ca",
        "\u{e9}@b.ca",
        "a@\u{e9}.ca",
        "a+tag@b.ca",
        " ",
        "\u{a0}",
        "\t\n",
        " x ",
        "\u{3000}",
        "\u{85}",
        "\u{feff}",
    ];

    fn matches(pattern: &str, s: &str) -> bool {
        regex::Regex::new(pattern).expect("pattern").is_match(s)
    }

    #[test]
    fn each_rule_accepts_what_its_pattern_accepts() {
        for s in SAMPLES {
            assert_eq!(code(s).is_ok(), matches(civis_schema_rules::pattern!(code), s), "code {s:?}");
            assert_eq!(not_blank(s).is_ok(), matches(civis_schema_rules::pattern!(not_blank), s), "not_blank {s:?}");
            assert_eq!(town_slug(s).is_ok(), matches(civis_schema_rules::pattern!(town_slug), s), "town_slug {s:?}");
            // Internationalised domains are left out of the pattern: the pattern may be narrower.
            if matches(civis_schema_rules::pattern!(empty_or_email), s) {
                assert!(empty_or_email(s).is_ok(), "empty_or_email {s:?}");
            }
        }
        assert!(empty_or_email("").is_ok() && empty_or_email("jean@ville.qc.ca").is_ok());
        assert!(empty_or_email("jean").is_err());
    }

    #[test]
    fn list_rules_check_each_item() {
        assert!(keywords(&["déneigement".into(), "x".repeat(60)]).is_ok());
        assert!(keywords(&["  ".into()]).is_err() && keywords(&["x".repeat(61)]).is_err());
        assert!(weekdays(&[1, 7]).is_ok() && weekdays(&[0]).is_err() && weekdays(&[8]).is_err());
    }
}
