//! The choices of a new single- or multiple-choice question, edited as rows: a code, a
//! French label and an English label each, added and removed one at a time.

use civis_domain::wire::OptionInput;
use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// One row being typed.
#[derive(Clone, Copy)]
pub struct OptionRow {
    key: u32,
    code: RwSignal<String>,
    fr: RwSignal<String>,
    en: RwSignal<String>,
}

impl OptionRow {
    fn new(key: u32) -> Self {
        Self {
            key,
            code: RwSignal::new(String::new()),
            fr: RwSignal::new(String::new()),
            en: RwSignal::new(String::new()),
        }
    }
}

/// The rows as the API takes them: blank rows left out, positions in order, a missing
/// English label taken from the French one.
pub fn inputs(rows: &[OptionRow]) -> Vec<OptionInput> {
    rows.iter()
        .map(|r| {
            (
                r.code.get_untracked().trim().to_string(),
                r.fr.get_untracked().trim().to_string(),
                r.en.get_untracked().trim().to_string(),
            )
        })
        .filter(|(c, f, e)| !(c.is_empty() && f.is_empty() && e.is_empty()))
        .enumerate()
        .map(|(n, (code, fr, en))| OptionInput {
            label_en: if en.is_empty() { fr.clone() } else { en },
            label_fr: fr,
            code,
            position: n as i32 + 1,
            active: true,
        })
        .collect()
}

/// Two empty rows to start with.
pub fn start() -> RwSignal<Vec<OptionRow>> {
    RwSignal::new(vec![OptionRow::new(0), OptionRow::new(1)])
}

#[component]
pub fn OptionRows(rows: RwSignal<Vec<OptionRow>>) -> impl IntoView {
    let i = use_i18n();
    let next = StoredValue::new(2u32);
    let add = move |_| {
        let key = next.get_value();
        next.set_value(key + 1);
        rows.update(|r| r.push(OptionRow::new(key)));
    };
    let each = move || rows.get().into_iter().enumerate().collect::<Vec<(usize, OptionRow)>>();
    view! {
        <fieldset class="option-rows">
            <legend>{t("admin.options")}</legend>
            <For each=each key=|item: &(usize, OptionRow)| item.1.key let:item>
                {
                    let (n, r) = item;
                    let label = move |k: &'static str| format!("{} {}", i.t(k), n + 1);
                    view! {
                        <div class="option-row">
                            <input type="text" aria-label=move || label("admin.option_code") placeholder=t("admin.option_code") bind:value=r.code/>
                            <input type="text" aria-label=move || label("admin.label_fr") placeholder=t("admin.label_fr") bind:value=r.fr/>
                            <input type="text" aria-label=move || label("admin.label_en") placeholder=t("admin.label_en") bind:value=r.en/>
                            <button type="button" class="secondary" aria-label=move || label("admin.option_remove")
                                on:click=move |_| rows.update(|all| all.retain(|x| x.key != r.key))>"×"</button>
                        </div>
                    }
                }
            </For>
            <button type="button" class="secondary" on:click=add>{t("admin.option_add")}</button>
            <small class="help">{t("admin.options_help")}</small>
        </fieldset>
    }
}
