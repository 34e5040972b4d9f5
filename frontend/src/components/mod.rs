//! Small pieces shared by the pages: loading, empty and error states, field errors,
//! labels of the product's words.

mod answer;
mod article_body;
mod attachments;
mod errors;
mod followups;
mod help_item;
mod wizard;

pub use answer::answer_words;
pub use article_body::ArticleBody;
pub use attachments::{AttachmentTab, FilePicker, Thumb};
pub use errors::{ErrorBox, FieldMsg, FormError};
pub use followups::{Dates, DueWhy, Followups};
pub use help_item::HelpItem;
pub use wizard::Wizard;

use civis_domain::{Priority, Status};
use leptos::prelude::*;

use crate::api::{Problem, Res};
use crate::i18n::{t, use_i18n};

/// A write as an `Action`: `send` makes the call, a failure goes to `err` (shown by the
/// form's `FormError`), a success to `done` (a form that closes, a list that reloads).
pub fn write_action<I, O, Fut>(
    err: RwSignal<Option<Problem>>,
    done: impl Fn(O) + 'static,
    send: impl Fn(&I) -> Fut + 'static,
) -> Action<I, Res<O>>
where
    I: 'static,
    O: Clone + 'static,
    Fut: std::future::Future<Output = Res<O>> + 'static,
{
    let action = Action::new_local(send);
    Effect::new(move |_| match action.value().get() {
        Some(Ok(v)) => {
            err.set(None);
            done(v);
        }
        Some(Err(e)) => err.set(Some(e)),
        None => {}
    });
    action
}

/// The loading, error or loaded view of something fetched.
pub fn loaded<T>(state: Option<Res<T>>, ok: impl FnOnce(T) -> AnyView) -> AnyView {
    match state {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox err=e/> }.into_any(),
        Some(Ok(v)) => ok(v),
    }
}

/// The loading, error, empty or loaded view of a fetched list (`empty`: translation key).
pub fn listed<T>(state: Option<Res<Vec<T>>>, empty: &'static str, ok: impl FnOnce(Vec<T>) -> AnyView) -> AnyView {
    match state {
        Some(Ok(list)) if list.is_empty() => view! { <Empty text=Signal::derive(t(empty))/> }.into_any(),
        other => loaded(other, ok),
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status" aria-live="polite">{t("state.loading")}</p> }
}

/// A load that failed and can be tried again (a part of the app that did not come).
#[component]
pub fn Failed(err: Problem, retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <ErrorBox err/>
        <button type="button" class="secondary" on:click=move |_| retry()>{t("common.retry")}</button>
    }
}

#[component]
pub fn Empty(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! { <p class="empty">{move || text.get()}</p> }
}

/// A labelled text input with its field's error under it (`field` as the API names it).
#[component]
pub fn TextField(
    value: RwSignal<String>,
    id: &'static str,
    /// Translation key of the label.
    label: &'static str,
    err: RwSignal<Option<Problem>>,
    #[prop(default = "")] field: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
) -> impl IntoView {
    let err_id = format!("{id}-err");
    // Marked invalid while the API (or the step's check) names this field.
    let invalid = move || err.with(|e| e.as_ref().is_some_and(|e| !field.is_empty() && e.has_field(field))).to_string();
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <input id=id type=kind autocomplete=autocomplete bind:value=value aria-describedby=err_id.clone() aria-invalid=invalid/>
            <FieldMsg err field=field id=err_id/>
        </div>
    }
}

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let i = use_i18n();
    let class = format!("badge status-{}", status.as_str());
    view! { <span class=class>{move || status.label(i.lang.get())}</span> }
}

/// A status in the citizen's words (the portal: Reçue, En traitement, Traitée, Refusée).
#[component]
pub fn CitizenStatus(status: Status) -> impl IntoView {
    let i = use_i18n();
    let class = format!("badge status-{}", status.as_str());
    view! { <span class=class>{move || status.citizen_label(i.lang.get())}</span> }
}

#[component]
pub fn PriorityLabel(priority: Priority) -> impl IntoView {
    let i = use_i18n();
    let class = format!("prio prio-{}", priority.as_str());
    view! { <span class=class>{move || priority.label(i.lang.get())}</span> }
}

/// A text in the reader's language: the English one when it is asked for and written, the
/// French one otherwise (French is the town's language of record).
pub fn in_lang(lang: civis_domain::Lang, fr: &str, en: &str) -> String {
    if lang == civis_domain::Lang::En && !en.is_empty() { en.to_string() } else { fr.to_string() }
}

/// A date, formatted in the reader's locale.
pub fn day(d: Option<chrono::NaiveDate>) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let i = use_i18n();
    move || d.map(|d| crate::format::day(&d, i.locale())).unwrap_or_else(|| "—".into())
}

pub fn moment(at: chrono::DateTime<chrono::Utc>) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let i = use_i18n();
    move || crate::format::date_time(&at, i.locale())
}

/// Moves the keyboard focus to an element, once it is drawn.
pub fn focus(id: &str) {
    let id = id.to_string();
    leptos::task::spawn_local(async move {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// The tab pattern's keys on a `role="tablist"`: arrows move to the previous or next tab
/// (wrapping), Home and End to the first and last; the tab is selected and focused.
pub fn tab_keys(ev: leptos::ev::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let Some(list) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    let Ok(nodes) = list.query_selector_all("[role=tab]") else { return };
    let tabs: Vec<web_sys::HtmlElement> =
        (0..nodes.length()).filter_map(|n| nodes.item(n)).filter_map(|n| n.dyn_into().ok()).collect();
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let Some(at) = tabs.iter().position(|t| active.as_ref().is_some_and(|a| a == t.as_ref() as &web_sys::Element))
    else {
        return;
    };
    let last = tabs.len().saturating_sub(1);
    let to = match ev.key().as_str() {
        "ArrowRight" | "ArrowDown" => {
            if at == last {
                0
            } else {
                at + 1
            }
        }
        "ArrowLeft" | "ArrowUp" => {
            if at == 0 {
                last
            } else {
                at - 1
            }
        }
        "Home" => 0,
        "End" => last,
        _ => return,
    };
    ev.prevent_default();
    if let Some(tab) = tabs.get(to) {
        tab.click();
        let _ = tab.focus();
    }
}

/// "Première réponse aujourd'hui" or "Première réponse en retard": a first answer promised
/// to the citizen and not yet given (nothing while it is promised for a later day).
#[component]
pub fn FirstAnswerBadge(state: Option<civis_domain::FirstAnswer>) -> impl IntoView {
    state.and_then(|s| match s {
        civis_domain::FirstAnswer::Today => {
            Some(view! { <span class="badge late-soon">{t("first_answer.today")}</span> })
        }
        civis_domain::FirstAnswer::Late => {
            Some(view! { <span class="badge late-overdue">{t("first_answer.late")}</span> })
        }
        civis_domain::FirstAnswer::Promised => None,
    })
}
