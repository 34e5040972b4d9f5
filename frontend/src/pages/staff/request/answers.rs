//! A request's answers in the reader's words: the question's wording when answered, and
//! the value as an option's label, yes or no, a date or a number — never a raw code.

use civis_domain::Lang;
use civis_domain::wire::{AnswerView, Question};
use leptos::prelude::*;

use super::Names;
use crate::components::Empty;
use crate::components::answer_words as words;
use crate::i18n::{t, use_i18n};

/// The question an answer belongs to, from the town's taxonomy (it may since be retired).
fn question(names: &Names, id: i64) -> Option<&Question> {
    names.nodes.iter().flat_map(|n| n.questions.iter()).find(|q| q.id == id)
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
