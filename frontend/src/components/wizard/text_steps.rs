//! The description and attachments steps, drawn by the part loaded on demand (`later`).

use civis_domain::RequestKind;
use leptos::prelude::*;

use super::Form;
use crate::components::FieldMsg;
use crate::i18n::t;

#[component]
pub fn DescriptionStep(form: Form) -> impl IntoView {
    let complaint = move || form.kind() == Some(RequestKind::Complaint);
    view! {
        <div class="field">
            <label for="w-description">{t("wizard.description")}<span class="req" aria-hidden="true">" *"</span></label>
            <textarea id="w-description" rows="6" required bind:value=form.description aria-describedby="w-description-err"></textarea>
            <FieldMsg err=form.err field="description" id="w-description-err"/>
        </div>
        <Show when=complaint>
            <div class="field">
                <label for="w-facts">{t("wizard.date_of_facts")}<span class="req" aria-hidden="true">" *"</span></label>
                <input id="w-facts" type="date" bind:value=form.date_of_facts aria-describedby="w-facts-err"/>
                <small class="help">{t("wizard.complaint_window")}</small>
                <FieldMsg err=form.err field="date_of_facts" id="w-facts-err"/>
            </div>
            <div class="field check">
                <label><input type="checkbox" bind:checked=form.attested/>{t("wizard.attest")}</label>
                <FieldMsg err=form.err field="attested" id="w-attest-err"/>
            </div>
            <div class="field check">
                <label><input type="checkbox" bind:checked=form.safety_concern/>{t("wizard.safety_concern")}</label>
            </div>
            <div class="field">
                <label for="w-employee">{t("wizard.employee_concerned")}</label>
                <input id="w-employee" type="text" maxlength="200" bind:value=form.employee_concerned aria-describedby="w-employee-help w-employee-err"/>
                <small class="help" id="w-employee-help">{t("wizard.employee_concerned_help")}</small>
                <FieldMsg err=form.err field="employee_concerned" id="w-employee-err"/>
            </div>
        </Show>
    }
}

/// Photos (citizens send images only) and, for staff, files; sent once the request is filed.
#[component]
pub fn AttachmentsStep(form: Form) -> impl IntoView {
    view! {
        <p class="hint">{t("wizard.attachments_hint")}</p>
        <crate::components::FilePicker files=form.photos images_only=true id="w-photos" label="wizard.photos"/>
        <Show when=move || form.staff>
            <crate::components::FilePicker files=form.files images_only=false id="w-files" label="wizard.files"/>
        </Show>
    }
}
