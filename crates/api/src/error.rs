//! The API's one error type and its one mapping to HTTP: RFC 9457 problem details with a
//! French and an English message, and field errors for validation failures.
//!
//! Which layer returns what: extractors and handlers return 400 (malformed body, bad path
//! or query), 401 (no or bad token), 413 (body too large); use-cases return 403 (role not
//! allowed), 404 (absent, or of another town: the two are never told apart), 409 (unique
//! conflict, illegal state), 412 (stale version), 422 (rule or field validation), 429
//! (slowed-down sign-in); the database helper returns 503 with Retry-After. 500 bodies say
//! nothing about the cause, which goes to the log.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use civis_domain::{FieldIssue, Lang, message};
use serde::Serialize;
use utoipa::ToSchema;

/// One invalid field of a request body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldError {
    /// Dotted path of the field: `answers.12`, `settings.reminder_lead_days`.
    pub field: String,
    /// Stable code the UI translates: `required`, `email`, `complaint_too_late`…
    pub code: String,
    pub message_fr: String,
    pub message_en: String,
}

/// RFC 9457 problem details, as every error of this API is answered.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:civis:problem:<code>`.
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    /// Stable machine-readable code.
    pub code: String,
    pub detail: String,
    pub message_fr: String,
    pub message_en: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("bad request: {code}")]
    BadRequest { code: &'static str, detail: String },
    #[error("unauthorized")]
    Unauthorized(&'static str),
    #[error("forbidden")]
    Forbidden,
    /// Forbidden for a reason the caller can act on (its code says which).
    #[error("forbidden: {0}")]
    ForbiddenBecause(&'static str),
    #[error("not found")]
    NotFound,
    /// The path exists with other methods (the `Allow` header lists them).
    #[error("method not allowed")]
    MethodNotAllowed(String),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("precondition failed")]
    PreconditionFailed,
    #[error("precondition required")]
    PreconditionRequired,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("validation failed")]
    Validation(Vec<FieldIssue>),
    #[error("rule broken: {0}")]
    Rule(&'static str),
    #[error("too many attempts")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("database unavailable")]
    Unavailable,
    /// A failure of the server itself: what it was doing, and the error that stopped it (kept
    /// for the log; the caller reads "internal" only).
    #[error("internal error: {context}")]
    Internal {
        context: String,
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
}

impl ApiError {
    /// An internal error with no cause to keep (a broken invariant).
    pub fn internal(context: impl Into<String>) -> Self {
        Self::Internal { context: context.into(), source: None }
    }

    /// An internal error: what the server was doing, and the error that stopped it.
    pub fn caused(context: impl Into<String>, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Internal { context: context.into(), source: Some(source.into()) }
    }

    /// A single invalid field.
    pub fn field(field: &str, code: &str) -> Self {
        Self::Validation(vec![FieldIssue::new(field, code)])
    }

    fn code(&self) -> &'static str {
        match self {
            Self::BadRequest { code, .. } => code,
            Self::Unauthorized(code) => code,
            Self::Forbidden => "forbidden",
            Self::ForbiddenBecause(code) => code,
            Self::NotFound => "not_found",
            Self::MethodNotAllowed(_) => "method_not_allowed",
            Self::Conflict(code) => code,
            Self::PreconditionFailed => "version_conflict",
            Self::PreconditionRequired => "precondition_required",
            Self::PayloadTooLarge => "payload_too_large",
            Self::Validation(_) => "validation",
            Self::Rule(code) => code,
            Self::TooManyRequests { .. } => "too_many_attempts",
            Self::Unavailable => "unavailable",
            Self::Internal { .. } => "internal",
        }
    }

    /// The problem body of this error.
    pub fn problem(&self) -> Problem {
        let code = self.code();
        let status = self.status_code();
        let errors = match self {
            Self::Validation(issues) => issues
                .iter()
                .map(|i| FieldError {
                    field: i.field.clone(),
                    code: i.code.clone(),
                    message_fr: message(&i.code, Lang::Fr),
                    message_en: message(&i.code, Lang::En),
                })
                .collect(),
            _ => Vec::new(),
        };
        let detail = match self {
            Self::BadRequest { detail, .. } => detail.clone(),
            _ => message(code, Lang::En),
        };
        let (mut message_fr, mut message_en) = (message(code, Lang::Fr), message(code, Lang::En));
        if let Self::TooManyRequests { retry_after_secs } = self {
            let (fr, en) = wait_words(*retry_after_secs);
            message_fr = format!("{message_fr} Réessayez dans {fr}.");
            message_en = format!("{message_en} Try again in {en}.");
        }
        Problem {
            type_: format!("urn:civis:problem:{code}"),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            code: code.to_string(),
            detail,
            message_fr,
            message_en,
            errors,
        }
    }
}

/// How long to wait, in words (what `Retry-After` says in seconds): a person at a kiosk
/// knows whether to wait a minute or come back later.
fn wait_words(secs: u64) -> (String, String) {
    let minutes = secs.div_ceil(60).max(1);
    match minutes {
        1 => ("une minute".into(), "a minute".into()),
        2..=90 => (format!("{minutes} minutes"), format!("{minutes} minutes")),
        _ => {
            let hours = minutes.div_ceil(60);
            (format!("environ {hours} heures"), format!("about {hours} hours"))
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::ForbiddenBecause(_) => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Validation(_) | Self::Rule(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal { context, source } = self {
            let mut chain = context.clone();
            let mut cause = source.as_deref().map(|s| s as &(dyn std::error::Error + 'static));
            while let Some(c) = cause {
                chain.push_str(": ");
                chain.push_str(&c.to_string());
                cause = c.source();
            }
            tracing::error!(detail = %civis_domain::privacy::redact_contacts(&chain), "internal error");
        }
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json")));
        match self {
            Self::TooManyRequests { retry_after_secs } => {
                res.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            Self::Unavailable => {
                res.insert_header((header::RETRY_AFTER, "5"));
            }
            Self::Unauthorized(_) => {
                res.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            Self::MethodNotAllowed(allow) => {
                res.insert_header((header::ALLOW, allow.clone()));
            }
            _ => {}
        }
        res.json(self.problem())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as K, Error as E};
        match e {
            E::NotFound => Self::NotFound,
            E::DatabaseError(K::UniqueViolation, _) => Self::Conflict("conflict"),
            E::DatabaseError(K::ForeignKeyViolation, _) => Self::Rule("invalid_reference"),
            E::DatabaseError(K::CheckViolation, info) => {
                tracing::info!(constraint = ?info.constraint_name(), "check violation");
                Self::Rule("invalid_value")
            }
            // The database went away (a failover under way): 503 with Retry-After, the
            // client tries again. (A write on a read-only connection is a bug: a `Db::read`
            // that writes; it stays a 500.)
            E::DatabaseError(K::ClosedConnection | K::UnableToSendCommand, _) | E::BrokenTransactionManager => {
                Self::Unavailable
            }
            E::DatabaseError(K::SerializationFailure, _) => Self::Conflict("conflict"),
            other => Self::caused("database", other),
        }
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut issues = Vec::new();
        collect_issues("", &errors, &mut issues);
        issues.sort_by(|a, b| a.field.cmp(&b.field));
        Self::Validation(issues)
    }
}

/// The field issues of broken validator rules.
pub fn issues_of(errors: &validator::ValidationErrors) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    collect_issues("", errors, &mut issues);
    issues
}

fn collect_issues(prefix: &str, errors: &validator::ValidationErrors, out: &mut Vec<FieldIssue>) {
    use validator::ValidationErrorsKind as K;
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            // The first broken rule of a field (an empty name is not also said to be blank).
            K::Field(list) => out.extend(list.first().map(|e| FieldIssue::new(path.clone(), e.code.to_string()))),
            K::Struct(inner) => collect_issues(&path, inner, out),
            K::List(items) => {
                for (i, inner) in items {
                    collect_issues(&format!("{path}.{i}"), inner, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::ApiError;

    #[test]
    fn an_internal_error_keeps_its_cause_and_says_only_internal() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "s3 down");
        let e = ApiError::caused("storage get photo.jpg", io);
        assert_eq!(e.to_string(), "internal error: storage get photo.jpg");
        assert_eq!(e.source().map(ToString::to_string).as_deref(), Some("s3 down"));
        let problem = e.problem();
        assert_eq!(problem.code, "internal");
        assert!(!problem.detail.contains("s3"), "the cause stays in the log: {}", problem.detail);
        let db: ApiError = diesel::result::Error::QueryBuilderError("bad".into()).into();
        assert!(db.source().is_some(), "a database error keeps its cause");
    }
}
