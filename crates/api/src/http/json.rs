//! JSON request bodies read as the API document defines them.
//!
//! The document is OpenAPI 3.1, whose schemas are JSON Schema 2020-12: there, `2.0` is an
//! integer (a number whose fraction is zero), and a generated client or a spreadsheet macro
//! may well write it so. `serde_json` refuses `2.0` for an `i64`, so a body is read as a JSON
//! value first, integral numbers written with a fraction become integers, and the value is
//! then read into its type. A U+0000 in a string, which PostgreSQL text cannot hold, becomes
//! U+FFFD, the replacement character (lengths stay the same); a body must be an object. Size limit and error answers stay those of `web::JsonConfig`.

use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde_json::{Number, Value};

use crate::error::ApiError;

/// A JSON body of type `T` (in place of `web::Json<T>`).
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let value = web::Json::<Value>::from_request(req, payload);
        Box::pin(async move {
            let mut value = value.await?.into_inner();
            if !value.is_object() {
                // serde would read a struct from an array of its fields: every body is an object.
                let detail = "the body must be a JSON object".to_string();
                return Err(ApiError::BadRequest { code: "invalid_value", detail }.into());
            }
            normalise(&mut value);
            serde_json::from_value(value)
                .map(Json)
                .map_err(|e| ApiError::BadRequest { code: "invalid_value", detail: e.to_string() }.into())
        })
    }
}

/// Integers written with a zero fraction (`2.0`, `-1e3`) become integers, within `i64`;
/// U+0000, which PostgreSQL cannot store in text, becomes U+FFFD (lengths stay the same).
fn normalise(value: &mut Value) {
    match value {
        Value::String(s) if s.contains('\0') => *s = s.replace('\0', "\u{fffd}"),
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64())
                && f.fract() == 0.0
                && (-9.223_372_036_854_775e18..9.223_372_036_854_775e18).contains(&f)
            {
                #[allow(clippy::cast_possible_truncation)]
                let i = f as i64;
                *n = Number::from(i);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalise),
        Value::Object(fields) => fields.values_mut().for_each(normalise),
        Value::Null | Value::Bool(_) | Value::String(_) => {}
    }
}
