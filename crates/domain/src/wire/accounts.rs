//! Accounts: sign-in, sign-up, tokens, the signed-in account and its grants.

use civis_schema_rules::schema_rules;
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::{Lang, Role};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Who an account belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserKind {
    /// Town staff, operator agents and platform administrators.
    Staff,
    /// A citizen with a portal account.
    Citizen,
}

crate::wire_enum!(UserKind { Staff => "staff", Citizen => "citizen" });

/// Sign-in with an email address and a password.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "clic@demo.civis.demo", "password": "demo-civis-2026"})))]
pub struct SignInRequest {
    #[validate(length(min = 3, max = 254, code = "email"))]
    pub email: String,
    #[validate(length(min = 1, max = 200, code = "required"))]
    pub password: String,
    /// For an account with a second factor: the authenticator's six digits or one of the
    /// recovery codes. Without it such an account answers 401 `second_factor_required`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 6, max = 20, code = "second_factor_invalid"))]
    pub code: Option<String>,
}

/// A citizen opens a portal account.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SignUpRequest {
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
    #[validate(length(max = 30, code = "length"))]
    pub phone: Option<String>,
}

/// A refresh token to rotate or revoke. The web app leaves it out: its refresh token
/// travels in an HttpOnly cookie scoped to the refresh route (`X-Civis-Session: cookie`).
#[schema_rules]
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 200, code = "required"), custom(function = "crate::rules::not_blank"))]
    #[serde(default)]
    pub refresh_token: Option<String>,
}

/// What sign-in and refresh return. The refresh token is single-use: each refresh
/// returns a new one and the old one stops working. Asked with `X-Civis-Session: cookie`,
/// the refresh token is set as an HttpOnly cookie instead and left empty here.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Lifetime of the access token, in seconds.
    pub expires_in: i64,
    pub user: Me,
}

/// One role held in one town.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Grant {
    pub municipality_id: i64,
    pub role: Role,
    /// The department of a department responsible.
    pub department_id: Option<i64>,
}

/// The signed-in account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub kind: UserKind,
    pub language: Lang,
    pub platform_admin: bool,
    pub grants: Vec<Grant>,
    /// Whether the account must use a second factor and has one; while it must and has
    /// none, every route but enrolment answers 403 `second_factor_enrolment_required`.
    #[serde(default)]
    pub second_factor: crate::wire::SecondFactorState,
}

/// The token of a link sent by email (after `#` in the link).
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LinkToken {
    #[validate(length(min = 1, max = 200, code = "link_invalid"))]
    pub token: String,
}

/// Asks for a password-reset link for the account of this kind at this address.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasswordResetRequest {
    #[validate(length(min = 3, max = 254, code = "email"))]
    pub email: String,
    pub kind: UserKind,
}

/// The new password of a reset link.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasswordResetCompletion {
    #[validate(length(min = 1, max = 200, code = "link_invalid"))]
    pub token: String,
    /// 12 to 128 characters; common passwords are refused.
    #[validate(custom(function = "crate::password::shape"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::password::schema))]
    pub password: String,
}

/// Which side to sign in on after a reset.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasswordResetDone {
    pub kind: UserKind,
}

/// The signed-in account changes its password.
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasswordChange {
    #[validate(length(min = 1, max = 200, code = "required"))]
    pub current_password: String,
    /// 12 to 128 characters; common passwords are refused.
    #[validate(custom(function = "crate::password::shape"))]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::password::schema))]
    pub new_password: String,
}
