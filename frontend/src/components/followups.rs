//! How a request's follow-ups and dates read to its requester and the public (the portal's
//! pages and the staff's view of what the requester sees).

use civis_domain::wire::Followup;
use leptos::prelude::*;

use super::{Empty, moment};
use crate::i18n::t;

/// Follow-ups as the requester or the public sees them.
#[component]
pub fn Followups(items: Vec<Followup>) -> impl IntoView {
    if items.is_empty() {
        return view! { <Empty text=Signal::derive(t("followups.none"))/> }.into_any();
    }
    view! {
        <ol class="followups">
            {items.into_iter().map(|f| {
                let when = moment(f.created_at);
                let cls = format!("followup {}", f.kind.as_str());
                view! { <li class=cls><span class="muted">{when}</span><p class="pre">{f.body}</p></li> }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// How a due date was counted, in the reader's language: "5 jours ouvrables à partir du
/// vendredi 18 décembre 2026, sans le 25 décembre (Noël) ni les fins de semaine".
#[component]
pub fn DueWhy(e: Option<civis_domain::due::DueExplanation>) -> impl IntoView {
    let i = crate::i18n::use_i18n();
    e.map(|e| view! { <span class="due-why">{move || e.text(i.lang.get())}</span> })
}

/// The expected date while open (the due date), the closing date once closed.
#[component]
pub fn Dates(
    status: civis_domain::Status,
    due: Option<chrono::NaiveDate>,
    closed: Option<chrono::DateTime<chrono::Utc>>,
    /// How the due date was counted, said under it.
    #[prop(default = None)]
    why: Option<civis_domain::due::DueExplanation>,
    /// Open past its due date (the town's day): said in the citizen's words.
    #[prop(default = false)]
    late: bool,
) -> impl IntoView {
    let i = crate::i18n::use_i18n();
    match (status.is_closed(), due, closed) {
        (false, Some(d), _) => {
            let when = crate::components::day(Some(d));
            view! {
                <p class:late=late>{move || format!("{} {}", i.t("portal.expected_by"), when())}
                    {late.then(|| view! { " — "<strong>{move || i.t("portal.late")}</strong>" : "{move || i.t("portal.late_words")} })}
                    <DueWhy e=why/>
                </p>
            }
            .into_any()
        }
        (true, _, Some(at)) => {
            let when = move || crate::format::day_of(&at, i.locale());
            view! { <p>{move || format!("{} {}", i.t("portal.closed_on"), when())}</p> }.into_any()
        }
        _ => ().into_any(),
    }
}
