//! Questions asked under a taxonomy node, and the validation of answers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{FieldIssue, Lang};

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    Text,
    YesNo,
    SingleChoice,
    MultipleChoice,
    Number,
    Date,
}

crate::wire_enum!(QuestionType {
    Text => "text",
    YesNo => "yes_no",
    SingleChoice => "single_choice",
    MultipleChoice => "multiple_choice",
    Number => "number",
    Date => "date",
});

impl QuestionType {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Text, Lang::Fr) => "Texte",
            (Self::Text, Lang::En) => "Text",
            (Self::YesNo, Lang::Fr) => "Oui/Non",
            (Self::YesNo, Lang::En) => "Yes/No",
            (Self::SingleChoice, Lang::Fr) => "Choix unique",
            (Self::SingleChoice, Lang::En) => "Single choice",
            (Self::MultipleChoice, Lang::Fr) => "Choix multiples",
            (Self::MultipleChoice, Lang::En) => "Multiple choice",
            (Self::Number, Lang::Fr) => "Nombre",
            (Self::Number, Lang::En) => "Number",
            (Self::Date, Lang::Fr) => "Date",
            (Self::Date, Lang::En) => "Date",
        }
    }
}

/// What answer validation needs to know of a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionSpec {
    pub id: i64,
    pub qtype: QuestionType,
    pub required: bool,
    /// The codes of the active options (choice questions).
    pub options: Vec<String>,
}

/// Longest text answer, in characters.
pub const MAX_TEXT_ANSWER: usize = 2000;

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// Validates one answer; returns its normalized value (`None` when an optional question
/// is left blank) or an error code.
pub fn validate_answer(spec: &QuestionSpec, value: Option<&Value>) -> Result<Option<Value>, &'static str> {
    let value = match value {
        Some(v) if !is_blank(v) => v,
        _ if spec.required => return Err("required"),
        _ => return Ok(None),
    };
    let normalized = match spec.qtype {
        QuestionType::Text => {
            let s = value.as_str().ok_or("expected_text")?.trim();
            if s.chars().count() > MAX_TEXT_ANSWER {
                return Err("too_long");
            }
            Value::String(s.to_string())
        }
        QuestionType::YesNo => Value::Bool(value.as_bool().ok_or("expected_bool")?),
        QuestionType::Number => {
            value.as_f64().filter(|n| n.is_finite()).ok_or("expected_number")?;
            value.clone()
        }
        QuestionType::Date => {
            let s = value.as_str().ok_or("expected_date")?.trim();
            let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| "expected_date")?;
            Value::String(d.format("%Y-%m-%d").to_string())
        }
        QuestionType::SingleChoice => {
            let code = value.as_str().ok_or("unknown_option")?;
            if !spec.options.iter().any(|o| o == code) {
                return Err("unknown_option");
            }
            Value::String(code.to_string())
        }
        QuestionType::MultipleChoice => {
            let items = value.as_array().ok_or("unknown_option")?;
            let mut codes: Vec<&str> = Vec::with_capacity(items.len());
            for item in items {
                let code = item.as_str().filter(|c| spec.options.iter().any(|o| o == c)).ok_or("unknown_option")?;
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
            Value::Array(codes.into_iter().map(|c| Value::String(c.into())).collect())
        }
    };
    Ok(Some(normalized))
}

/// Validates all answers against a node's questions; returns the normalized answers in
/// question order (blank optional ones left out), or every problem at once.
pub fn validate_answers(
    specs: &[QuestionSpec],
    answers: &[(i64, Value)],
) -> Result<Vec<(i64, Value)>, Vec<FieldIssue>> {
    let mut issues: Vec<FieldIssue> = answers
        .iter()
        .filter(|(id, _)| !specs.iter().any(|s| s.id == *id))
        .map(|(id, _)| FieldIssue::new(format!("answers.{id}"), "unknown_question"))
        .collect();
    let mut out = Vec::new();
    for spec in specs {
        let given = answers.iter().find(|(id, _)| *id == spec.id).map(|(_, v)| v);
        match validate_answer(spec, given) {
            Ok(Some(v)) => out.push((spec.id, v)),
            Ok(None) => {}
            Err(code) => issues.push(FieldIssue::new(format!("answers.{}", spec.id), code)),
        }
    }
    if issues.is_empty() { Ok(out) } else { Err(issues) }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::*;

    fn spec(qtype: QuestionType, required: bool) -> QuestionSpec {
        QuestionSpec { id: 1, qtype, required, options: vec!["petit".into(), "grand".into()] }
    }

    fn check(qtype: QuestionType, v: Value) -> Result<Option<Value>, &'static str> {
        validate_answer(&spec(qtype, true), Some(&v))
    }

    #[test]
    fn each_type_accepts_its_own_values() {
        assert_eq!(check(QuestionType::Text, json!("  trou profond ")), Ok(Some(json!("trou profond"))));
        assert_eq!(check(QuestionType::YesNo, json!(false)), Ok(Some(json!(false))));
        assert_eq!(check(QuestionType::Number, json!(42.5)), Ok(Some(json!(42.5))));
        assert_eq!(check(QuestionType::Date, json!("2026-11-22")), Ok(Some(json!("2026-11-22"))));
        assert_eq!(check(QuestionType::SingleChoice, json!("grand")), Ok(Some(json!("grand"))));
        assert_eq!(
            check(QuestionType::MultipleChoice, json!(["grand", "petit", "grand"])),
            Ok(Some(json!(["grand", "petit"])))
        );
    }

    #[test]
    fn each_type_refuses_others() {
        assert_eq!(check(QuestionType::Text, json!(3)), Err("expected_text"));
        assert_eq!(check(QuestionType::Text, json!("x".repeat(MAX_TEXT_ANSWER + 1))), Err("too_long"));
        assert_eq!(check(QuestionType::YesNo, json!("oui")), Err("expected_bool"));
        assert_eq!(check(QuestionType::Number, json!("12")), Err("expected_number"));
        assert_eq!(check(QuestionType::Date, json!("2026-02-30")), Err("expected_date"));
        assert_eq!(check(QuestionType::Date, json!("22/11/2026")), Err("expected_date"));
        assert_eq!(check(QuestionType::SingleChoice, json!("moyen")), Err("unknown_option"));
        assert_eq!(check(QuestionType::MultipleChoice, json!(["petit", "moyen"])), Err("unknown_option"));
        assert_eq!(check(QuestionType::MultipleChoice, json!("petit")), Err("unknown_option"));
    }

    #[test]
    fn blank_is_missing() {
        for blank in [json!(null), json!(""), json!("   "), json!([])] {
            assert_eq!(validate_answer(&spec(QuestionType::Text, true), Some(&blank)), Err("required"));
            assert_eq!(validate_answer(&spec(QuestionType::MultipleChoice, false), Some(&blank)), Ok(None));
        }
        assert_eq!(validate_answer(&spec(QuestionType::YesNo, true), None), Err("required"));
    }

    #[test]
    fn all_answers_at_once() {
        let specs = vec![
            QuestionSpec { id: 1, qtype: QuestionType::SingleChoice, required: true, options: vec!["a".into()] },
            QuestionSpec { id: 2, qtype: QuestionType::Text, required: false, options: vec![] },
            QuestionSpec { id: 3, qtype: QuestionType::Number, required: true, options: vec![] },
        ];
        let ok = validate_answers(&specs, &[(3, json!(7)), (1, json!("a")), (2, json!(""))]).unwrap();
        assert_eq!(ok, vec![(1, json!("a")), (3, json!(7))]);
        let err = validate_answers(&specs, &[(9, json!("x")), (1, json!("b"))]).unwrap_err();
        let got: Vec<(String, String)> = err.into_iter().map(|i| (i.field, i.code)).collect();
        assert_eq!(
            got,
            vec![
                ("answers.9".into(), "unknown_question".into()),
                ("answers.1".into(), "unknown_option".into()),
                ("answers.3".into(), "required".into()),
            ]
        );
    }
}
