//! Who asks: a named requester (with follow-ups by email), anonymous (where the town
//! allows it), or internal (staff only: a task between departments). The same rules as
//! the API's, checked before sending.

use civis_domain::Channel;
use civis_domain::wire::RequesterMode;
use leptos::prelude::*;

use super::Form;
use crate::components::{FieldMsg, TextField};
use crate::i18n::{t, use_i18n};

pub fn check(form: &Form) -> Vec<(String, &'static str)> {
    let mut out = vec![];
    let blank = |s: RwSignal<String>| s.with_untracked(|v| v.trim().is_empty());
    match form.mode.get_untracked() {
        RequesterMode::Identified => {
            let signed_in_citizen = !form.staff && crate::session::load().is_some();
            let named = !blank(form.first_name) || !blank(form.last_name);
            let reachable =
                !blank(form.email) || !blank(form.phone1) || !blank(form.phone2) || !blank(form.postal_address);
            if !signed_in_citizen && !named && !reachable {
                out.push(("requester".into(), "requester_required"));
            }
            if !signed_in_citizen && form.wants_followups.get_untracked() && blank(form.email) {
                out.push(("requester.email".into(), "email_required_for_followups"));
            }
            let email = form.email.get_untracked();
            let email = email.trim();
            let plausible = email.contains('@') && email.rsplit('@').next().is_some_and(|d| d.contains('.'));
            if !email.is_empty() && !plausible {
                out.push(("requester.email".into(), "email"));
            }
        }
        RequesterMode::Anonymous => {
            if form.town.with_untracked(|t| t.as_ref().is_some_and(|t| !t.allow_anonymous)) {
                out.push(("requester_mode".into(), "anonymous_not_allowed"));
            }
        }
        RequesterMode::Internal => {
            if !form.staff {
                out.push(("requester_mode".into(), "internal_staff_only"));
            }
        }
    }
    out
}

#[component]
pub fn RequesterStep(form: Form, signed_in_citizen: Signal<bool>) -> impl IntoView {
    let i = use_i18n();
    let allow_anonymous = move || form.town.with(|t| t.as_ref().is_some_and(|t| t.allow_anonymous));
    let mode_radio = move |mode: RequesterMode, key: &'static str| {
        view! {
            <label>
                <input type="radio" name="w-mode" value=mode.as_str()
                    prop:checked=move || form.mode.get() == mode on:change=move |_| form.mode.set(mode)/>
                {t(key)}
            </label>
        }
    };
    let identified = move || form.mode.get() == RequesterMode::Identified;
    view! {
        <fieldset class="choices" aria-describedby="w-mode-err">
            <legend>{t(if form.staff { "wizard.requester_mode_staff" } else { "wizard.requester_mode" })}</legend>
            // Staff type someone else's request: the words speak of the requester.
            {mode_radio(RequesterMode::Identified, if form.staff { "wizard.mode.identified_staff" } else { "wizard.mode.identified" })}
            <Show when=allow_anonymous>{mode_radio(RequesterMode::Anonymous, "wizard.mode.anonymous")}</Show>
            <Show when=move || form.staff>{mode_radio(RequesterMode::Internal, "wizard.mode.internal")}</Show>
            <FieldMsg err=form.err field="requester_mode" id="w-mode-err"/>
        </fieldset>
        <Show when=move || form.staff>
            <div class="field">
                <label for="w-channel">{t("wizard.channel")}</label>
                <select id="w-channel" on:change=move |ev| {
                    if let Ok(c) = event_target_value(&ev).parse::<Channel>() { form.channel.set(c) }
                }>
                    {Channel::ALL.iter().filter(|c| **c != Channel::Application).map(|c| {
                        let c = *c;
                        view! { <option value=c.as_str() selected=move || form.channel.get() == c>{move || c.label(i.lang.get())}</option> }
                    }).collect_view()}
                </select>
            </div>
        </Show>
        <Show when=identified>
            <Show when=move || signed_in_citizen.get()>
                <p class="hint">{move || {
                    let who = crate::session::load().map(|s| format!("{} {} <{}>", s.user.first_name, s.user.last_name, s.user.email)).unwrap_or_default();
                    format!("{} {who}", i.t("wizard.filed_as"))
                }}</p>
            </Show>
            <Show when=move || !signed_in_citizen.get()>
                <FieldMsg err=form.err field="requester" id="w-requester-err"/>
                <div class="grid2">
                    <TextField err=form.err value=form.first_name id="w-first" label="wizard.first_name" field="requester.first_name" autocomplete="given-name"/>
                    <TextField err=form.err value=form.last_name id="w-last" label="wizard.last_name" field="requester.last_name" autocomplete="family-name"/>
                    <TextField err=form.err value=form.email id="w-email" label="wizard.email" field="requester.email" kind="email" autocomplete="email"/>
                    <TextField err=form.err value=form.phone1 id="w-phone1" label="wizard.phone1" field="requester.phone1" kind="tel" autocomplete="tel"/>
                    <TextField err=form.err value=form.phone2 id="w-phone2" label="wizard.phone2" field="requester.phone2" kind="tel"/>
                    <TextField err=form.err value=form.postal_address id="w-postal" label="wizard.postal_address" field="requester.postal_address" autocomplete="street-address"/>
                </div>
            </Show>
            <div class="field check">
                <label><input type="checkbox" bind:checked=form.wants_followups/>{t(if form.staff { "wizard.wants_followups_staff" } else { "wizard.wants_followups" })}</label>
                <FieldMsg err=form.err field="wants_followups" id="w-followups-err"/>
            </div>
        </Show>
        <Show when=move || form.mode.get() == RequesterMode::Anonymous>
            <p class="hint">{t(if form.staff { "wizard.anonymous_hint_staff" } else { "wizard.anonymous_hint" })}</p>
        </Show>
        <Show when=move || form.mode.get() == RequesterMode::Internal>
            <p class="hint">{t("wizard.internal_hint")}</p>
        </Show>
    }
}
