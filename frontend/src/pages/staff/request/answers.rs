//! A request's answers in the reader's words: the question's wording when answered, and
//! the value as an option's label, yes or no, a date or a number — never a raw code.

use civis_domain::Lang;
use civis_domain::wire::{AnswerView, Question};
use leptos::prelude::*;
use serde_json::Value;

use super::Names;
use crate::components::Empty;
use crate::i18n::{t, tr, use_i18n};

/// The question an answer belongs to, from the town's taxonomy (it may since be retired).
fn question(names: &Names, id: i64) -> Option<&Question> {
    names.nodes.iter().flat_map(|n| n.questions.iter()).find(|q| q.id == id)
}

/// One value in words.
fn words(q: Option<&Question>, value: &Value, lang: Lang) -> String {
    let option = |code: &str| {
        q.and_then(|q| q.options.iter().find(|o| o.code == code))
            .map(|o| if lang == Lang::Fr { o.label_fr.clone() } else { o.label_en.clone() })
            .unwrap_or_else(|| code.to_string())
    };
    match value {
        Value::Bool(b) => tr(lang, if *b { "common.yes" } else { "common.no" }),
        Value::String(s) => match s.parse::<chrono::NaiveDate>() {
            Ok(d) if q.is_some_and(|q| q.qtype == civis_domain::QuestionType::Date) => {
                crate::format::day(&d, if lang == Lang::Fr { "fr-CA" } else { "en-CA" })
            }
            _ if q.is_some_and(|q| !q.options.is_empty()) => option(s),
            _ => s.clone(),
        },
        Value::Array(items) => {
            items.iter().map(|v| v.as_str().map(option).unwrap_or_default()).collect::<Vec<_>>().join(", ")
        }
        Value::Number(n) => {
            crate::format::number(n.as_f64().unwrap_or_default(), if lang == Lang::Fr { "fr-CA" } else { "en-CA" })
        }
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}

#[component]
pub fn Answers(answers: Vec<AnswerView>, names: RwSignal<Names>) -> impl IntoView {
    let i = use_i18n();
    if answers.is_empty() {
        return view! { <Empty text=Signal::derive(t("wizard.no_questions"))/> }.into_any();
    }
    view! {
        <dl class="summary">
            {answers.into_iter().map(|a| {
                let (fr, en) = (a.label_fr.clone(), a.label_en.clone());
                let value = a.value.clone();
                let qid = a.question_id;
                view! {
                    <dt>{move || if i.lang.get() == Lang::Fr { fr.clone() } else { en.clone() }}</dt>
                    <dd>{move || names.with(|n| words(question(n, qid), &value, i.lang.get()))}</dd>
                }
            }).collect_view()}
        </dl>
    }
    .into_any()
}
