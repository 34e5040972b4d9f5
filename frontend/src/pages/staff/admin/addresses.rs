//! The town's address register: what it holds, and the import of a new one (a CSV file;
//! a file with errors changes nothing and its errors are listed by line).

use civis_domain::wire::Territory;
use leptos::prelude::*;

use crate::api::{self, Problem};
use crate::components::{ErrorBox, loaded};
use crate::i18n::{t, use_i18n};

#[component]
pub fn Register(town: i64) -> impl IntoView {
    let i = use_i18n();
    let land = LocalResource::new(move || api::territory(town));
    let file = RwSignal::new_local(None::<web_sys::File>);
    let send = Action::new_local(move |f: &web_sys::File| api::import_addresses(town, f.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = send.value().get() {
            land.refetch();
        }
    });
    let result = send.value();
    let busy = send.pending();
    let import = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(f) = file.get_untracked() {
            send.dispatch_local(f);
        }
    };
    view! {
        <section aria-labelledby="register-title">
            <h2 id="register-title">{t("admin.register.title")}</h2>
            <Transition fallback=crate::components::Loading>
                {move || land.get().map(|r| loaded(Some(r), |l: Territory| view! { <Summary l/> }.into_any()))}
            </Transition>
            <p class="help">{t("admin.register.format")}</p>
            <form class="admin-form" on:submit=import>
                <div class="field">
                    <label for="register-file">{t("admin.register.file")}</label>
                    <input id="register-file" type="file" accept=".csv,text/csv"
                        on:change=move |ev| {
                            let input: web_sys::HtmlInputElement = event_target(&ev);
                            file.set(input.files().and_then(|l| l.get(0)));
                            result.set(None);
                        }/>
                </div>
                <button type="submit" class="primary" disabled=move || busy.get() || file.with(Option::is_none)>
                    {move || i.t(if busy.get() { "admin.register.importing" } else { "admin.register.import" })}
                </button>
            </form>
            {move || result.get().map(|r| match r {
                Ok(done) => view! {
                    <p class="success" role="status">{move || format!("{} {} · {} {}", done.addresses, i.t("admin.register.addresses"), done.streets, i.t("admin.register.streets"))}</p>
                }.into_any(),
                Err(e) => view! { <Errors e/> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn Summary(l: Territory) -> impl IntoView {
    let i = use_i18n();
    if l.addresses == 0 {
        return view! { <p class="muted">{t("admin.register.none")}</p> }.into_any();
    }
    let when = l.imported_at.map(crate::components::moment);
    view! {
        <p>{move || format!("{} {} · {} {} · {} {}", l.addresses, i.t("admin.register.addresses"), l.streets,
            i.t("admin.register.streets"), i.t("admin.register.imported"), when.map(|w| w()).unwrap_or_default())}</p>
    }
    .into_any()
}

/// The file's errors, one per line of the file: "Ligne 7 — Latitude invalide…".
#[component]
fn Errors(e: Problem) -> impl IntoView {
    let i = use_i18n();
    if e.errors.is_empty() {
        return view! { <ErrorBox err=e/> }.into_any();
    }
    view! {
        <div class="error-summary" role="alert">
            <p><strong>{t("admin.register.refused")}</strong></p>
            <ul>
                {e.errors.into_iter().map(|f| {
                    let line = f.field.split('.').nth(1).unwrap_or_default().to_string();
                    let msg = if i.lang.get_untracked() == civis_domain::Lang::Fr { f.message_fr } else { f.message_en };
                    view! { <li>{move || format!("{} {line} — ", i.t("admin.register.line"))}{msg}</li> }
                }).collect_view()}
            </ul>
        </div>
    }
    .into_any()
}
