//! Dates and numbers in the reader's locale (fr-CA or en-CA), through the browser's Intl.

use chrono::{DateTime, NaiveDate, Utc};
use wasm_bindgen::JsValue;

fn options(pairs: &[(&str, &str)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), &(*v).into());
    }
    o.into()
}

/// A moment, with the time, in the reader's time zone.
pub fn date_time(at: &DateTime<Utc>, locale: &str) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    String::from(d.to_locale_string(locale, &options(&[("dateStyle", "medium"), ("timeStyle", "short")])))
}

/// The day of a moment, in the reader's time zone (a list's column, where the time would
/// make the row wrap).
pub fn day_of(at: &DateTime<Utc>, locale: &str) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    String::from(d.to_locale_date_string(locale, &options(&[("dateStyle", "medium")])))
}

/// A calendar day.
pub fn day(d: &NaiveDate, locale: &str) -> String {
    let text = d.format("%Y-%m-%dT12:00:00").to_string();
    let js = js_sys::Date::new(&JsValue::from_str(&text));
    String::from(js.to_locale_date_string(locale, &options(&[("dateStyle", "medium")])))
}

/// A month and its year ("novembre 2026").
pub fn month(d: &NaiveDate, locale: &str) -> String {
    let text = d.format("%Y-%m-15T12:00:00").to_string();
    let js = js_sys::Date::new(&JsValue::from_str(&text));
    String::from(js.to_locale_date_string(locale, &options(&[("month", "long"), ("year", "numeric")])))
}

/// A number with the locale's grouping ("1 000" in French).
pub fn number(n: f64, locale: &str) -> String {
    String::from(js_sys::Number::from(n).to_locale_string(locale))
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
