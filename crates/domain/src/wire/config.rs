//! Towns and their configuration: departments, taxonomy, questions, staff.

use chrono::{NaiveDate, NaiveTime};
use civis_schema_rules::schema_rules;
use serde::{Deserialize, Serialize};
use validator::Validate;

use super::Grant;
use crate::{Lang, Role};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// A town as the public sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TownPublic {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub allow_anonymous: bool,
    /// The number citizens call (empty when the town gave none).
    #[serde(default)]
    pub phone: String,
}

/// A public holiday of a town (no business is done that day).
#[schema_rules]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Holiday {
    pub day: NaiveDate,
    #[validate(length(max = 200, code = "length"))]
    #[serde(default)]
    pub name: String,
}

/// A weekday's own hours, when they differ from the town's usual ones (the offices close at
/// noon on Fridays).
#[schema_rules]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DayHours {
    /// ISO weekday (1 = Monday … 7 = Sunday), one of the open days.
    #[validate(range(min = 1, max = 7, code = "range"))]
    pub weekday: i32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$", example = "08:30:00"))]
    pub opens: NaiveTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$", example = "12:00:00"))]
    pub closes: NaiveTime,
}

/// What a town requires on closing, beyond the resolution (always) and the message to a
/// requester who can be reached (always). Prévost requires the code and the performed date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ClosureRules {
    /// The intervention code (e.g. `238 – Demande complétée`).
    #[serde(default)]
    pub intervention_code: bool,
    #[serde(default)]
    pub planned_date: bool,
    #[serde(default)]
    pub performed_date: bool,
}

/// A town's options, set by its administrator.
#[schema_rules]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TownSettings {
    /// Whether citizens may file without giving their identity.
    pub allow_anonymous: bool,
    /// What closing a request requires besides the resolution and the message to a
    /// requester who can be reached.
    #[serde(default)]
    pub closure_requires: ClosureRules,
    /// Days before the due date when the department gets a reminder.
    #[validate(range(min = 0, max = 60, code = "range"))]
    pub reminder_lead_days: i32,
    /// How near (in metres) an open request of the same category must be to be offered
    /// as a possible duplicate while filing.
    #[serde(default = "default_duplicate_radius")]
    #[validate(range(min = 10, max = 2000, code = "range"))]
    pub duplicate_radius_m: i32,
    /// Months after a request closes (or a call is logged) before the worker anonymizes
    /// its contact (Loi 25: kept only as long as needed); none keeps contacts until a
    /// person asks. Reports keep their numbers.
    #[serde(default)]
    #[validate(range(min = 1, max = 600, code = "range"))]
    pub retention_months: Option<i32>,
    /// The delay of an urgent request, in working days, when sooner than its category's
    /// (none: urgent requests keep their category's delay).
    #[serde(default)]
    #[validate(range(min = 0, max = 365, code = "range"))]
    pub urgent_delay_days: Option<i32>,
    /// Days a request may wait on the citizen before the dashboard proposes closing it.
    /// Always given when read; left out of a change, it stays as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = 1, max = 365, code = "range"))]
    pub hold_limit_days: Option<i32>,
    /// Digits of the sequence in request numbers (`2026-00042` has 5).
    #[validate(range(min = 3, max = 9, code = "range"))]
    pub number_padding: i32,
    /// ISO weekdays open for business (1 = Monday … 7 = Sunday).
    #[validate(length(min = 1, max = 7, code = "length"), custom(function = "crate::rules::weekdays"))]
    pub business_days: Vec<i32>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$", example = "08:30:00"))]
    pub opens_at: NaiveTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$", example = "16:30:00"))]
    pub closes_at: NaiveTime,
    /// The open weekdays whose hours differ from `opens_at`–`closes_at`. Always given when
    /// read; left out of a change, they stay as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(nested, length(max = 7, code = "length"))]
    pub weekday_hours: Option<Vec<DayHours>>,
    #[validate(length(max = 200, code = "length"))]
    pub sender_name: String,
    /// Address that town emails come from; empty for the platform's default.
    #[validate(length(max = 254, code = "email"), custom(function = "crate::rules::empty_or_email"))]
    pub sender_email: String,
    #[validate(nested)]
    pub holidays: Vec<Holiday>,
    /// Who must sign in with a second factor: `privileged` (administrators and the
    /// director) or `all` staff; `off` only stays where it is (the demo). Always given
    /// when read; left out of a change, it stays as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_factor: Option<crate::wire::SecondFactorPolicy>,
    /// The number citizens call, shown on the portal ("" for none). Always given when
    /// read; left out of a change, it stays as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 40, code = "length"))]
    pub phone: Option<String>,
}

fn default_duplicate_radius() -> i32 {
    150
}

/// A town as its administrators and the platform administrator see it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Town {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub active: bool,
    pub settings: TownSettings,
}

/// A new town, created by the platform administrator.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewTown {
    /// Lower-case letters, digits and dashes: `mont-saint-hilaire`.
    #[validate(length(min = 2, max = 63, code = "length"), custom(function = "crate::rules::town_slug"))]
    pub slug: String,
    #[validate(length(min = 1, max = 200, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub name: String,
}

/// Changes to a town's name or activity.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TownPatch {
    #[validate(length(min = 1, max = 200, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub name: Option<String>,
    pub active: Option<bool>,
}

/// A department (service) of a town.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Department {
    pub id: i64,
    pub code: String,
    pub name_fr: String,
    pub name_en: String,
    pub responsible_user_id: Option<i64>,
    /// Where the department's notices go: an address someone there confirmed.
    pub notification_email: Option<String>,
    /// An address given and not confirmed yet: a link was sent to it (7 days); the notices
    /// keep going to `notification_email` until it is followed.
    #[serde(default)]
    pub notification_email_pending: Option<String>,
    pub active: bool,
}

/// An address confirmed for a department's notices.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DepartmentEmailConfirmed {
    pub town_name: String,
    pub name_fr: String,
    pub name_en: String,
    pub email: String,
}

/// A department to create or replace.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"code": "travaux-publics", "name_fr": "Travaux publics", "name_en": "Public Works", "responsible_user_id": 5, "notification_email": "travaux@ville.exemple.ca"})))]
pub struct DepartmentInput {
    /// Lower-case letters, digits, `_` and `-`: `travaux-publics`.
    #[validate(length(min = 1, max = 40, code = "length"), custom(function = "crate::rules::code"))]
    pub code: String,
    #[validate(length(min = 1, max = 200, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub name_fr: String,
    #[validate(length(min = 1, max = 200, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub name_en: String,
    pub responsible_user_id: Option<i64>,
    #[validate(email(code = "email"))]
    pub notification_email: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
}

pub(super) fn yes() -> bool {
    true
}

/// A staff account as a town administrator sees it: its roles in that town only.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StaffUser {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub language: Lang,
    pub active: bool,
    pub grants: Vec<Grant>,
    /// Whether the account signs in with a second factor (a town administrator can reset it).
    #[serde(default)]
    pub second_factor: bool,
}

/// A staff account to create, with its roles in the town.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "j.gagnon@ville.exemple.ca", "password": "long et unique comme une phrase", "first_name": "Julie", "last_name": "Gagnon", "language": "fr", "roles": ["department_responsible"], "department_id": 1})))]
pub struct NewStaffUser {
    #[validate(email(code = "email"), length(max = 254, code = "email"))]
    pub email: String,
    /// 12 to 128 characters; common passwords are refused.
    #[validate(custom(function = "crate::password::shape"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::password::schema))]
    pub password: String,
    #[validate(length(min = 1, max = 100, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub first_name: String,
    #[validate(length(min = 1, max = 100, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub last_name: String,
    #[serde(default)]
    pub language: Lang,
    #[validate(length(min = 1, code = "required"))]
    pub roles: Vec<Role>,
    /// Required with the `department_responsible` role.
    pub department_id: Option<i64>,
}

/// Changes to a staff account; `roles` replaces the account's roles in the town.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StaffUserPatch {
    #[validate(length(min = 1, max = 100, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub first_name: Option<String>,
    #[validate(length(min = 1, max = 100, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub last_name: Option<String>,
    pub active: Option<bool>,
    #[validate(length(min = 1, code = "required"))]
    pub roles: Option<Vec<Role>>,
    pub department_id: Option<i64>,
}

/// An operator agent (call centre) serving one or several towns.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NewOperator {
    #[validate(email(code = "email"), length(max = 254, code = "email"))]
    pub email: String,
    /// 12 to 128 characters; common passwords are refused.
    #[validate(custom(function = "crate::password::shape"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::password::schema))]
    pub password: String,
    #[validate(length(min = 1, max = 100, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub first_name: String,
    #[validate(length(min = 1, max = 100, code = "required"), custom(function = "crate::rules::not_blank"))]
    pub last_name: String,
    #[serde(default)]
    pub language: Lang,
    #[validate(length(min = 1, code = "required"))]
    pub town_ids: Vec<i64>,
}

/// Replaces the towns an operator agent serves.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OperatorTowns {
    #[validate(length(min = 1, code = "required"))]
    pub town_ids: Vec<i64>,
}

/// Where an email of the outbox stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    /// Waiting for its first or next attempt.
    Pending,
    Sent,
    /// Refused for good or out of attempts: a person must look.
    #[default]
    Failed,
}

impl OutboxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }
}

/// An email of the outbox, as a town administrator follows its delivery: the state of
/// delivery in full, but never who asked (the administrator sees nothing of requests).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OutboxMessage {
    pub id: i64,
    /// The request it is about; none for lists and for anything about a complaint.
    pub request_id: Option<i64>,
    /// `receipt`, `started`, `external_followup`, `closed`, `reopened` (to the requester
    /// or a follower); `assignment`, `reassignment`, `internal_followup`, `incoming_reply`,
    /// `department_reopened`, `reminder`, `overdue`, `first_answer`, `monthly_department`,
    /// `monthly_elected` (to staff).
    pub kind: String,
    /// Staff addresses in full; a requester's or a follower's masked (`j•••@example.com`).
    pub recipient: String,
    /// The email goes to a requester or a follower (its address is masked).
    pub to_requester: bool,
    pub language: String,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    pub attempts: i32,
    /// The last delivery error (a masked recipient's address is masked here too).
    pub last_error: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
}
