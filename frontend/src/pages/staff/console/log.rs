//! Logging a contact in a few seconds: channel, subject, a short note, optional contact
//! details, the outcome (answered with the articles used, referred, a request — the wizard
//! opens prefilled and the two are linked —, or a callback, due by the end of the next
//! working day) and, for a voicemail or an email, when it came in.

use crate::router::use_navigate;
use chrono::{DateTime, Utc};
use civis_domain::knowledge::{ContactChannel, Outcome};
use civis_domain::wire::{ContactDetails, Department, Interaction, InteractionInput};
use leptos::prelude::*;

use super::Desk;
use crate::api::{self, Problem, Res};
use crate::components::{FieldMsg, FormError, moment};
use crate::i18n::{t, use_i18n};

/// The form's fields.
#[derive(Clone, Copy)]
struct Fields {
    channel: RwSignal<ContactChannel>,
    node: RwSignal<Option<i64>>,
    note: RwSignal<String>,
    name: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
    outcome: RwSignal<Outcome>,
    department: RwSignal<Option<i64>>,
    referred_to: RwSignal<String>,
    received: RwSignal<String>,
}

impl Fields {
    fn new() -> Self {
        Self {
            channel: RwSignal::new(ContactChannel::Phone),
            node: RwSignal::new(None),
            note: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            outcome: RwSignal::new(Outcome::Answered),
            department: RwSignal::new(None),
            referred_to: RwSignal::new(String::new()),
            received: RwSignal::new(String::new()),
        }
    }

    fn input(&self, used: Vec<i64>) -> InteractionInput {
        let text = |s: RwSignal<String>| Some(s.get_untracked().trim().to_string()).filter(|v| !v.is_empty());
        let contact = ContactDetails { name: text(self.name), email: text(self.email), phone: text(self.phone) };
        let any = contact.name.is_some() || contact.email.is_some() || contact.phone.is_some();
        let outcome = self.outcome.get_untracked();
        InteractionInput {
            channel: self.channel.get_untracked(),
            node_id: self.node.get_untracked(),
            note: self.note.get_untracked().trim().to_string(),
            contact: any.then_some(contact),
            outcome,
            article_ids: if outcome == Outcome::Answered { used } else { vec![] },
            referred_department_id: self.department.get_untracked(),
            referred_to: text(self.referred_to),
            occurred_at: local_moment(&self.received.get_untracked()),
        }
    }

    /// Ready for the next contact: the texts go, the channel and the outcome stay (the next
    /// call is most often like this one; the status line says what was logged).
    fn clear(&self) {
        for s in [self.note, self.name, self.email, self.phone, self.referred_to, self.received] {
            s.set(String::new());
        }
        self.node.set(None);
        self.department.set(None);
    }
}

/// A `datetime-local` value (the browser's time zone) as a moment.
fn local_moment(v: &str) -> Option<DateTime<Utc>> {
    if v.is_empty() {
        return None;
    }
    let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(v)).get_time();
    (!ms.is_nan()).then(|| DateTime::from_timestamp_millis(ms as i64)).flatten()
}

#[component]
pub fn LogForm(desk: Desk) -> impl IntoView {
    let f = Fields::new();
    let err = RwSignal::new(None::<Problem>);
    let navigate = use_navigate();
    let log = Action::new_local(move |input: &InteractionInput| {
        let input = input.clone();
        async move { api::log_interaction(desk.town, &input).await }
    });
    Effect::new(move |_| {
        let Some(done) = log.value().get() else { return };
        match done {
            Ok(logged) => {
                err.set(None);
                desk.last_contact.set(Some(logged.id));
                desk.used.set(vec![]);
                desk.queue.update(|n| *n += 1);
                f.clear();
                // Last: leaving the page disposes its signals.
                if logged.outcome == Outcome::Request {
                    let node = logged.node_id.map(|n| format!("&node={n}")).unwrap_or_default();
                    navigate(&format!("/staff/{}/nouvelle?contact={}{node}", desk.town, logged.id), Default::default());
                }
            }
            Err(e) => err.set(Some(e)),
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        log.dispatch(f.input(desk.used.with_untracked(|u| u.iter().map(|(id, _)| *id).collect())));
    };
    view! {
        <section aria-labelledby="log-title">
            <h2 id="log-title">{t("console.log")}</h2>
            <form class="admin-form log-form" on:submit=submit novalidate>
                <FormError err/>
                <ChannelAndSubject desk f/>
                <div class="field">
                    <label for="log-note">{t("console.note")}</label>
                    <textarea id="log-note" rows="2" maxlength="2000" bind:value=f.note aria-describedby="log-note-err"></textarea>
                    <FieldMsg err field="note" id="log-note-err"/>
                </div>
                <ContactFields f err/>
                <OutcomeChoice desk f err/>
                <button type="submit" class="primary" disabled=move || log.pending().get()>{t("console.log_submit")}</button>
                {move || log.value().get().and_then(Result::ok).map(|l| view! { <Logged l/> })}
            </form>
        </section>
    }
}

#[component]
fn ChannelAndSubject(desk: Desk, f: Fields) -> impl IntoView {
    let i = use_i18n();
    let waiting =
        move || matches!(f.channel.get(), ContactChannel::Voicemail | ContactChannel::Email | ContactChannel::Mail);
    view! {
        <div class="grid2">
            <div class="field">
                <label for="log-channel">{t("console.channel")}</label>
                <select id="log-channel" on:change=move |ev| {
                    if let Ok(c) = event_target_value(&ev).parse() { f.channel.set(c) }
                }>
                    {ContactChannel::ALL.iter().map(|c| {
                        let c = *c;
                        view! { <option value=c.as_str() selected=move || f.channel.get() == c>{move || c.label(i.lang.get())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <super::super::filter::NodeSelect tree=desk.tree value=f.node id="log-node" label="console.subject"/>
        </div>
        <Show when=waiting>
            <div class="field">
                <label for="log-received">{t("console.received")}</label>
                <input id="log-received" type="datetime-local" bind:value=f.received aria-describedby="log-received-help log-received-err"/>
                <small id="log-received-help" class="help">{t("console.received_help")}</small>
                <FieldMsg err=RwSignal::new(None) field="occurred_at" id="log-received-err"/>
            </div>
        </Show>
    }
}

/// The caller's details: optional, except for a callback (a phone or an email), when the
/// section opens by itself.
#[component]
fn ContactFields(f: Fields, err: RwSignal<Option<Problem>>) -> impl IntoView {
    let i = use_i18n();
    let needed = move || f.outcome.get() == Outcome::Callback;
    let summary = move || i.t(if needed() { "console.contact_callback" } else { "console.contact" });
    view! {
        <details class="contact" prop:open=move || needed() || !f.name.get().is_empty() || !f.phone.get().is_empty()>
            <summary>{summary}</summary>
            <div class="grid2">
                <div class="field">
                    <label for="log-name">{t("console.contact_name")}</label>
                    <input id="log-name" autocomplete="off" bind:value=f.name/>
                </div>
                <div class="field">
                    <label for="log-phone">{t("console.contact_phone")}</label>
                    <input id="log-phone" type="tel" autocomplete="off" bind:value=f.phone aria-describedby="log-phone-err"/>
                    <FieldMsg err field="contact.phone" id="log-phone-err"/>
                </div>
            </div>
            <div class="field">
                <label for="log-email">{t("console.contact_email")}</label>
                <input id="log-email" type="email" autocomplete="off" bind:value=f.email aria-describedby="log-email-err"/>
                <FieldMsg err field="contact.email" id="log-email-err"/>
            </div>
        </details>
    }
}

#[component]
fn OutcomeChoice(desk: Desk, f: Fields, err: RwSignal<Option<Problem>>) -> impl IntoView {
    let i = use_i18n();
    let deps = LocalResource::new(move || api::departments(desk.town));
    view! {
        <fieldset class="choices">
            <legend>{t("console.outcome")}</legend>
            {Outcome::ALL.iter().map(|o| {
                let o = *o;
                view! { <label><input type="radio" name="log-outcome" prop:checked=move || f.outcome.get() == o
                    on:change=move |_| f.outcome.set(o)/>{move || o.label(i.lang.get())}</label> }
            }).collect_view()}
        </fieldset>
        <Show when=move || f.outcome.get() == Outcome::Answered>
            <UsedArticles desk/>
        </Show>
        <Show when=move || f.outcome.get() == Outcome::Referred>
            <div class="grid2">
                <DepartmentSelect deps value=f.department/>
                <div class="field">
                    <label for="log-referred">{t("console.referred_to")}</label>
                    <input id="log-referred" bind:value=f.referred_to aria-describedby="log-referred-err"/>
                    <FieldMsg err field="referred_to" id="log-referred-err"/>
                </div>
            </div>
        </Show>
    }
}

#[component]
fn DepartmentSelect(deps: LocalResource<Res<Vec<Department>>>, value: RwSignal<Option<i64>>) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="field">
            <label for="log-department">{t("console.referred_department")}</label>
            <select id="log-department" on:change=move |ev| value.set(event_target_value(&ev).parse().ok())>
                <option value="">{t("wizard.choose")}</option>
                {move || deps.get().and_then(Result::ok).unwrap_or_default().into_iter().filter(|d| d.active).map(|d| {
                    let name = if i.lang.get() == civis_domain::Lang::En { d.name_en.clone() } else { d.name_fr.clone() };
                    view! { <option value=d.id.to_string() selected=move || value.get() == Some(d.id)>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The articles the answer came from (added from the article's "Utiliser").
#[component]
fn UsedArticles(desk: Desk) -> impl IntoView {
    view! {
        <div class="field">
            <span>{t("console.used")}</span>
            {move || {
                let used = desk.used.get();
                if used.is_empty() {
                    return view! { <small class="help">{t("console.used_none")}</small> }.into_any();
                }
                view! { <ul class="chips">{used.into_iter().map(|(id, title)| view! {
                    <li>{title.clone()}<button type="button" class="chip-x" aria-label=move || format!("{} {title}", crate::i18n::use_i18n().t("console.remove"))
                        on:click=move |_| desk.used.update(|u| u.retain(|(x, _)| *x != id))>"×"</button></li>
                }).collect_view()}</ul> }.into_any()
            }}
        </div>
    }
}

/// What was logged: its channel and outcome, whom it concerns, and a callback's due time.
#[component]
fn Logged(l: Interaction) -> impl IntoView {
    let i = use_i18n();
    let due = l.callback_due_at.map(moment);
    let (channel, outcome) = (l.channel, l.outcome);
    let who = l.contact.map(civis_domain::privacy::Shown::into_inner).and_then(|c| c.name.or(c.phone).or(c.email));
    view! {
        <p class="success" role="status">
            {move || format!("{} {} · {}", i.t("console.logged"), channel.label(i.lang.get()), outcome.label(i.lang.get()))}
            {who.map(|w| format!(" · {w}"))}
            {due.map(|d| view! { " · "{move || i.t("console.callback_due")}" "<strong>{d}</strong> })}
        </p>
    }
}
