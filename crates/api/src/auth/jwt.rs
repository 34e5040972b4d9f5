//! Access tokens: HS256 JWTs validated explicitly (one algorithm, `exp`, `iss`, `aud`).

use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

pub const ISSUER: &str = "civis";
/// Audience of access tokens; other token purposes get their own audience.
pub const ACCESS_AUDIENCE: &str = "civis:access";

/// The claims of an access token. Roles are not in it: they are read from the database on
/// each request, so that a revoked grant takes effect at once.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

/// Signing and checking keys with their validation rules.
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

impl Keys {
    pub fn new(secret: &crate::secrets::Secret, ttl: Duration) -> Self {
        let key = secret.key(crate::secrets::Purpose::AccessToken);
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[ACCESS_AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(key.bytes()),
            decoding: DecodingKey::from_secret(key.bytes()),
            validation,
            ttl,
        }
    }

    pub fn ttl_secs(&self) -> i64 {
        i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX)
    }

    /// Issues an access token for a user.
    pub fn issue(&self, user_id: i64) -> Result<String, ApiError> {
        let now = crate::clock::unix();
        let claims = Claims {
            sub: user_id.to_string(),
            iss: ISSUER.into(),
            aud: ACCESS_AUDIENCE.into(),
            iat: now,
            exp: now + self.ttl_secs(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| ApiError::caused("jwt encode", e))
    }

    /// Checks a token and returns the user id it was issued to.
    pub fn verify(&self, token: &str) -> Result<i64, ApiError> {
        use jsonwebtoken::errors::ErrorKind;
        let data =
            jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => ApiError::Unauthorized("token_expired"),
                _ => ApiError::Unauthorized("unauthorized"),
            })?;
        data.claims.sub.parse().map_err(|_| ApiError::Unauthorized("unauthorized"))
    }
}
