//! Every email as one typed value: the kind (the `outbox.kind` column, and the tag) with its
//! payload's type. A row is read back as `Mail`: a payload without a field its kind needs is
//! a permanent failure of that email, never a blank line in it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Kind;
use super::account_mail::AccountMail;
use super::first_contact::{CallbackMail, DocumentsMail};
use super::follow_mail::FollowMail;
use super::monthly_mail::MonthlyMail;
use super::report_mail::ReportMail;
use super::request_mail::RequestMail;

/// Declares `Mail`, one variant per `Kind` (same name), and `Mail::kind`.
macro_rules! mails {
    ($($kind:ident($payload:ty)),+ $(,)?) => {
        /// An email, its kind the tag of its payload.
        #[derive(Debug, Clone, Serialize, Deserialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        pub enum Mail {
            $($kind($payload)),+
        }

        impl Mail {
            pub fn kind(&self) -> Kind {
                match self {
                    $(Self::$kind(_) => Kind::$kind),+
                }
            }
        }
    };
}

mails! {
    Receipt(RequestMail),
    Started(RequestMail),
    ExternalFollowup(RequestMail),
    Closed(RequestMail),
    Assignment(RequestMail),
    Reassignment(RequestMail),
    InternalFollowup(RequestMail),
    Reminder(RequestMail),
    Overdue(RequestMail),
    FirstAnswer(RequestMail),
    IncomingReply(RequestMail),
    Reopened(RequestMail),
    DepartmentReopened(RequestMail),
    PersonalAssignment(RequestMail),
    MonthlyDepartment(MonthlyMail),
    MonthlyElected(MonthlyMail),
    ArticleDocuments(DocumentsMail),
    CallbackReminder(CallbackMail),
    CouncilReport(ReportMail),
    AccountConfirmation(AccountMail),
    AccountExists(AccountMail),
    PasswordReset(AccountMail),
    PasswordChanged(AccountMail),
    FollowConfirmation(FollowMail),
    SignInAttempts(AccountMail),
    SecondFactorReset(AccountMail),
    DepartmentEmail(AccountMail),
    WebhookDisabled(AccountMail),
}

/// A payload as stored. The payloads are plain structs of text, numbers and dates, which
/// always serialize.
pub fn payload_of<T: Serialize>(payload: &T) -> Value {
    serde_json::to_value(payload).unwrap_or(Value::Null)
}

impl Mail {
    /// A stored row read back: its kind column and its payload.
    pub fn read(kind: &str, payload: &Value) -> Result<Self, String> {
        let mut tagged = payload.clone();
        let object = tagged.as_object_mut().ok_or_else(|| format!("{kind} payload: not an object"))?;
        object.insert("kind".into(), Value::String(kind.into()));
        serde_json::from_value(tagged).map_err(|e| format!("{kind} payload: {e}"))
    }

    /// The email about one request, when it is one.
    pub fn request(&self) -> Option<&RequestMail> {
        match self {
            Self::Receipt(m)
            | Self::Started(m)
            | Self::ExternalFollowup(m)
            | Self::Closed(m)
            | Self::Assignment(m)
            | Self::Reassignment(m)
            | Self::InternalFollowup(m)
            | Self::Reminder(m)
            | Self::Overdue(m)
            | Self::FirstAnswer(m)
            | Self::IncomingReply(m)
            | Self::Reopened(m)
            | Self::DepartmentReopened(m)
            | Self::PersonalAssignment(m) => Some(m),
            _ => None,
        }
    }

    /// The town's sender (name, address); none for an account's email.
    pub fn sender(&self) -> Option<(&str, &str)> {
        match self {
            Self::MonthlyDepartment(m) | Self::MonthlyElected(m) => Some((&m.sender_name, &m.sender_email)),
            Self::ArticleDocuments(m) => Some((&m.sender_name, &m.sender_email)),
            Self::CallbackReminder(m) => Some((&m.sender_name, &m.sender_email)),
            Self::CouncilReport(m) => Some((&m.sender_name, &m.sender_email)),
            Self::FollowConfirmation(m) => Some((&m.sender_name, &m.sender_email)),
            Self::AccountConfirmation(_)
            | Self::AccountExists(_)
            | Self::PasswordReset(_)
            | Self::PasswordChanged(_)
            | Self::SignInAttempts(_)
            | Self::SecondFactorReset(_)
            | Self::DepartmentEmail(_)
            | Self::WebhookDisabled(_) => None,
            other => other.request().map(|m| (m.sender_name.as_str(), m.sender_email.as_str())),
        }
    }
}
