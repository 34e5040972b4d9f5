//! Two-factor sign-in for staff: the town's policy, an account's state, enrolment and its
//! recovery codes.

use civis_schema_rules::schema_rules;
use serde::{Deserialize, Serialize};
use validator::Validate;

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Who must sign in with a second factor in a town.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SecondFactorPolicy {
    /// Nobody is required (the demo only: an administrator cannot choose it).
    Off,
    /// Town administrators and the director (the default).
    #[default]
    Privileged,
    /// Every staff account with a role in the town.
    All,
}

crate::wire_enum!(SecondFactorPolicy { Off => "off", Privileged => "privileged", All => "all" });

/// Where an account stands with its second factor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SecondFactorState {
    /// The account must use one (its roles, its towns' policy, or a platform administrator).
    pub required: bool,
    /// The account has one (sign-in then asks for a code).
    pub enrolled: bool,
}

impl SecondFactorState {
    /// Required and not there yet: the account can do nothing but enrol.
    pub fn must_enrol(self) -> bool {
        self.required && !self.enrolled
    }
}

/// A new authenticator to add: show the QR code (or type the secret), then confirm with
/// a code it shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SecondFactorEnrolment {
    /// The secret in base32, to type when the QR code cannot be read.
    pub secret: String,
    /// The `otpauth://totp/…` address the QR code holds.
    pub otpauth_url: String,
    /// The QR code as a `data:image/png;base64,…` address.
    pub qr_png: String,
}

/// A code from the authenticator (six digits).
#[schema_rules]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"code": "492039"})))]
pub struct SecondFactorCode {
    #[validate(length(min = 6, max = 12, code = "second_factor_invalid"))]
    pub code: String,
}

/// Ten single-use recovery codes, shown once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}
