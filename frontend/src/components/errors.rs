//! Error answers on screen: a box for a failed load, and for forms a summary that names and
//! links each field in error (WCAG 3.3.1, the GOV.UK pattern) plus the message under each field.
//!
//! A field's message (`FieldMsg`) carries `data-field` with the API's name of the field; the
//! input it describes points at it with `aria-describedby`. From that one link the summary finds
//! the input (to focus it) and its label (to name it), and the input gets `aria-invalid`, so no
//! page has to repeat either.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::Problem;
use crate::i18n::use_i18n;

/// An error answer, in the reader's language.
#[component]
pub fn ErrorBox(err: Problem) -> impl IntoView {
    let i = use_i18n();
    view! { <p class="error" role="alert">{move || err.message(i.lang.get()).to_string()}</p> }
}

/// One line of a summary: the message, and when the page shows the field, its label and the
/// id of the control that takes the focus.
#[derive(Clone, PartialEq)]
struct Line {
    message: String,
    label: Option<String>,
    target: Option<String>,
}

/// An error answer held in a signal (forms): nothing when there is none.
#[component]
pub fn FormError(err: RwSignal<Option<Problem>>) -> impl IntoView {
    let i = use_i18n();
    let lines = RwSignal::new(Vec::<Line>::new());
    Effect::new(move |_| {
        let Some(e) = err.get() else { return lines.set(vec![]) };
        let lang = i.lang.get();
        let mut plain: Vec<(String, String)> = vec![];
        for f in &e.errors {
            let m = if lang == civis_domain::Lang::Fr { &f.message_fr } else { &f.message_en };
            if !plain.iter().any(|(field, msg)| msg == m && field == &f.field) {
                plain.push((f.field.clone(), m.clone()));
            }
        }
        let at_once = plain.iter().map(|(_, m)| Line { message: m.clone(), label: None, target: None }).collect();
        lines.set(at_once);
        // The fields' messages are drawn in the same turn; read the page once they are.
        request_animation_frame(move || lines.set(plain.into_iter().map(|(f, m)| resolve(&f, m)).collect()));
    });
    move || {
        err.get().map(|e| {
            let general = e.message(i.lang.get()).to_string();
            view! {
                <div class="error error-summary" role="alert">
                    <p>{general}</p>
                    <ul>{move || lines.get().into_iter().map(|l| line(l, i.lang.get())).collect_view()}</ul>
                </div>
            }
        })
    }
}

fn line(l: Line, lang: civis_domain::Lang) -> impl IntoView {
    // French typography puts a space before the colon.
    let colon = if lang == civis_domain::Lang::Fr { " : " } else { ": " };
    match (l.label, l.target) {
        (Some(label), Some(target)) => {
            let href = format!("#{target}");
            let go = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                super::focus(&target);
            };
            view! { <li><a href=href on:click=go>{label}</a>{colon}{l.message}</li> }.into_any()
        }
        _ => view! { <li>{l.message}</li> }.into_any(),
    }
}

/// Finds on the page the control described by a field's message, and its label.
fn resolve(field: &str, message: String) -> Line {
    let none = Line { message: message.clone(), label: None, target: None };
    if field.is_empty() || field.contains(['"', '\\']) {
        return none;
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return none };
    let Some(msg_id) = doc.query_selector(&format!("[data-field=\"{field}\"]")).ok().flatten().map(|m| m.id()) else {
        return none;
    };
    let Some(control) = doc.query_selector(&format!("[aria-describedby~=\"{msg_id}\"]")).ok().flatten() else {
        return none;
    };
    Line { message, label: label_of(&doc, &control), target: focus_target(&control) }
}

/// The text of the control's `<label for>`, or its group's legend, without the required mark.
fn label_of(doc: &web_sys::Document, control: &web_sys::Element) -> Option<String> {
    let by_for = (!control.id().is_empty())
        .then(|| doc.query_selector(&format!("label[for=\"{}\"]", control.id())).ok().flatten())
        .flatten();
    let legend = || control.closest("fieldset").ok().flatten().and_then(|f| f.query_selector("legend").ok().flatten());
    let text = by_for.or_else(legend)?.text_content()?;
    let text = text.trim().trim_end_matches('*').trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// The id of what takes the focus: the control itself, or the first input of a group.
fn focus_target(control: &web_sys::Element) -> Option<String> {
    let el = if is_control(control) {
        Some(control.clone())
    } else {
        control.query_selector("input, select, textarea").ok().flatten()
    }?;
    (!el.id().is_empty()).then(|| el.id())
}

/// The message of one field under its input, from the last error answer; the input that
/// names this message in `aria-describedby` is marked `aria-invalid` meanwhile.
#[component]
pub fn FieldMsg(
    err: RwSignal<Option<Problem>>,
    #[prop(into)] field: String,
    #[prop(into)] id: String,
) -> impl IntoView {
    let i = use_i18n();
    let f = field.clone();
    let msg_id = id.clone();
    let has = Memo::new(move |_| err.with(|e| e.as_ref().is_some_and(|e| e.has_field(&f))));
    Effect::new(move |_| mark_invalid(&msg_id, has.get()));
    let f = field.clone();
    move || {
        err.with(|e| e.as_ref().and_then(|e| e.field(&f, i.lang.get())))
            .map(|m| view! { <span class="field-error" id=id.clone() data-field=field.clone() role="alert">{m}</span> })
    }
}

fn mark_invalid(msg_id: &str, invalid: bool) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(list) = doc.query_selector_all(&format!("[aria-describedby~=\"{msg_id}\"]")) else { return };
    let value = if invalid { "true" } else { "false" };
    for n in 0..list.length() {
        let Some(el) = list.item(n).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
        // On the controls themselves: a group (fieldset, span of choices) passes it to its inputs.
        if is_control(&el) {
            let _ = el.set_attribute("aria-invalid", value);
        } else if let Ok(inner) = el.query_selector_all("input, select, textarea") {
            for k in 0..inner.length() {
                if let Some(c) = inner.item(k).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                    let _ = c.set_attribute("aria-invalid", value);
                }
            }
        }
    }
}

fn is_control(el: &web_sys::Element) -> bool {
    matches!(el.tag_name().to_ascii_lowercase().as_str(), "input" | "select" | "textarea")
}
