//! An answer in the reader's words: an option's label, yes or no, a date or a number —
//! never a raw code. Used on the request page and in the wizard's review.

use civis_domain::Lang;
use civis_domain::wire::Question;
use serde_json::Value;

use crate::i18n::{locale_of, tr};

/// One value in words.
pub fn answer_words(q: Option<&Question>, value: &Value, lang: Lang) -> String {
    let option = |code: &str| {
        q.and_then(|q| q.options.iter().find(|o| o.code == code))
            .map(|o| if lang == Lang::Fr { o.label_fr.clone() } else { o.label_en.clone() })
            .unwrap_or_else(|| code.to_string())
    };
    match value {
        Value::Bool(b) => tr(lang, if *b { "common.yes" } else { "common.no" }),
        Value::String(s) => match s.parse::<chrono::NaiveDate>() {
            Ok(d) if q.is_some_and(|q| q.qtype == civis_domain::QuestionType::Date) => {
                crate::format::day(&d, locale_of(lang))
            }
            _ if q.is_some_and(|q| !q.options.is_empty()) => option(s),
            _ => s.clone(),
        },
        Value::Array(items) => {
            items.iter().map(|v| v.as_str().map(option).unwrap_or_default()).collect::<Vec<_>>().join(", ")
        }
        Value::Number(n) => crate::format::number(n.as_f64().unwrap_or_default(), locale_of(lang)),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}
