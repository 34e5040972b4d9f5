//! The questions of the chosen node, each rendered for its type, checked with the
//! domain's own answer rules.

use civis_domain::question::{QuestionSpec, validate_answer};
use civis_domain::wire::Question;
use civis_domain::{Lang, QuestionType};
use leptos::prelude::*;
use serde_json::Value;

use super::Form;
use crate::components::{Empty, FieldMsg};
use crate::i18n::{t, use_i18n};

fn spec(q: &Question) -> QuestionSpec {
    QuestionSpec {
        id: q.id,
        qtype: q.qtype,
        required: q.required,
        options: q.options.iter().filter(|o| o.active).map(|o| o.code.clone()).collect(),
    }
}

fn active(form: &Form) -> Vec<Question> {
    let mut qs: Vec<Question> = form.node().map(|n| n.questions).unwrap_or_default();
    qs.retain(|q| q.active);
    qs.sort_by_key(|q| q.position);
    qs
}

/// The answers' problems, as the API would name them (`answers.<id>`).
pub fn check(form: &Form) -> Vec<(String, &'static str)> {
    let answers = form.answers.get_untracked();
    active(form)
        .iter()
        .filter_map(|q| {
            validate_answer(&spec(q), answers.get(&q.id)).err().map(|code| (format!("answers.{}", q.id), code))
        })
        .collect()
}

#[component]
pub fn QuestionsStep(form: Form) -> impl IntoView {
    let questions = active(&form);
    if questions.is_empty() {
        return view! { <Empty text=Signal::derive(t("wizard.no_questions"))/> }.into_any();
    }
    questions.into_iter().map(|q| view! { <QuestionField form q/> }).collect_view().into_any()
}

#[component]
fn QuestionField(form: Form, q: Question) -> impl IntoView {
    let i = use_i18n();
    let id = q.id;
    let err_id = format!("q-{id}-err");
    let (label, help) = {
        let q = q.clone();
        let words = move |fr: &str, en: &str| if i.lang.get() == Lang::Fr { fr.to_string() } else { en.to_string() };
        let q2 = q.clone();
        (move || words(&q.label_fr, &q.label_en), move || words(&q2.help_fr, &q2.help_en))
    };
    let required = q.required;
    let mark = move || required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> });
    let grouped = matches!(q.qtype, QuestionType::YesNo | QuestionType::MultipleChoice);
    let input = view! { <QuestionInput form q/> };
    if grouped {
        return view! {
            <fieldset class="field">
                <legend>{label}{mark}</legend>
                {input}
                <small class="help">{help}</small>
                <FieldMsg err=form.err field=format!("answers.{id}") id=err_id/>
            </fieldset>
        }
        .into_any();
    }
    view! {
        <div class="field">
            <label for=format!("q-{id}")>{label}{mark}</label>
            {input}
            <small class="help">{help}</small>
            <FieldMsg err=form.err field=format!("answers.{id}") id=err_id/>
        </div>
    }
    .into_any()
}

/// The stored answer as an input's text, given to the input once: setting `.value` again
/// while someone types would rewrite what they type (a number 1 would come back as "1.0").
fn initial_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => {
            n.as_f64().map(|f| if f.fract() == 0.0 { format!("{f:.0}") } else { f.to_string() }).unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// The input of a question, for its type.
#[component]
fn QuestionInput(form: Form, q: Question) -> impl IntoView {
    let id = q.id;
    let (field_id, err_id) = (format!("q-{id}"), format!("q-{id}-err"));
    let set = move |v: Value| {
        form.answers.update(|a| {
            a.insert(id, v);
        })
    };
    let value = move || form.answers.with(|a| a.get(&id).cloned()).unwrap_or(Value::Null);
    let initial = initial_text(&value());
    match q.qtype {
        QuestionType::Text => view! {
            <textarea id=field_id rows="3" aria-describedby=err_id required=q.required
                prop:value=initial on:input=move |ev| set(Value::String(event_target_value(&ev)))></textarea>
        }
        .into_any(),
        QuestionType::Number => view! {
            <input id=field_id type="number" step="any" aria-describedby=err_id required=q.required
                prop:value=initial
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    set(v.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number).unwrap_or(Value::Null))
                }/>
        }
        .into_any(),
        QuestionType::Date => view! {
            <input id=field_id type="date" aria-describedby=err_id required=q.required
                prop:value=initial on:input=move |ev| set(Value::String(event_target_value(&ev)))/>
        }
        .into_any(),
        QuestionType::YesNo => {
            let name = field_id.clone();
            let is = move |b: bool| value() == Value::Bool(b);
            view! {
                <span class="choices" id=field_id aria-describedby=err_id>
                    <label><input type="radio" name=name.clone() prop:checked=move || is(true) on:change=move |_| set(Value::Bool(true))/>{t("common.yes")}</label>
                    <label><input type="radio" name=name prop:checked=move || is(false) on:change=move |_| set(Value::Bool(false))/>{t("common.no")}</label>
                </span>
            }
            .into_any()
        }
        QuestionType::SingleChoice => view! { <SingleChoice form q initial/> }.into_any(),
        QuestionType::MultipleChoice => view! { <MultipleChoice form q/> }.into_any(),
    }
}

fn option_label(o: &civis_domain::wire::QuestionOption, lang: Lang) -> String {
    if lang == Lang::Fr { o.label_fr.clone() } else { o.label_en.clone() }
}

/// One of the question's active options, or none.
#[component]
fn SingleChoice(form: Form, q: Question, initial: String) -> impl IntoView {
    let i = use_i18n();
    let id = q.id;
    let options = q.options.iter().filter(|o| o.active).cloned().collect::<Vec<_>>();
    view! {
        <select id=format!("q-{id}") aria-describedby=format!("q-{id}-err") required=q.required
            on:change=move |ev| {
                let v = event_target_value(&ev);
                form.answers.update(|a| {
                    a.insert(id, if v.is_empty() { Value::Null } else { Value::String(v) });
                })
            }>
            <option value="">{t("wizard.choose")}</option>
            {options.into_iter().map(|o| {
                let code = o.code.clone();
                let chosen = initial == code;
                view! { <option value=code selected=chosen>{move || option_label(&o, i.lang.get())}</option> }
            }).collect_view()}
        </select>
    }
}

/// Any of the question's active options.
#[component]
fn MultipleChoice(form: Form, q: Question) -> impl IntoView {
    let i = use_i18n();
    let id = q.id;
    let options = q.options.iter().filter(|o| o.active).cloned().collect::<Vec<_>>();
    let value = move || form.answers.with(|a| a.get(&id).cloned()).unwrap_or(Value::Null);
    view! {
        <span class="choices" id=format!("q-{id}") aria-describedby=format!("q-{id}-err")>
            {options.into_iter().map(|o| {
                let code = o.code.clone();
                let c2 = code.clone();
                let checked = move || value().as_array().is_some_and(|a| a.iter().any(|v| v.as_str() == Some(c2.as_str())));
                let toggle = move |ev: leptos::ev::Event| {
                    let on = event_target_checked(&ev);
                    form.answers.update(|a| {
                        let mut list: Vec<Value> = a.get(&id).and_then(|v| v.as_array().cloned()).unwrap_or_default();
                        list.retain(|v| v.as_str() != Some(code.as_str()));
                        if on {
                            list.push(Value::String(code.clone()));
                        }
                        a.insert(id, Value::Array(list));
                    });
                };
                view! {
                    <label><input type="checkbox" prop:checked=checked on:change=toggle/>
                        {move || option_label(&o, i.lang.get())}</label>
                }
            }).collect_view()}
        </span>
    }
}
