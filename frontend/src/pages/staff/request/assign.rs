//! "Assignée à": a person of the request's department, or no one.

use civis_domain::wire::Assignee;
use leptos::prelude::*;

use crate::api;
use crate::i18n::t;

/// The choice of a person of the department; `on_pick` receives the chosen id (or none).
#[component]
pub fn AssignSelect(
    town: i64,
    department: Option<i64>,
    current: Option<Assignee>,
    on_pick: impl Fn(Option<i64>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let people = LocalResource::new(move || async move {
        match department {
            Some(d) => api::members(town, d).await,
            None => Ok(vec![]),
        }
    });
    let current_id = current.as_ref().map(|a| a.id);
    view! {
        <label class="inline" for="r-assignee">{t("request.assignee")}</label>
        <select id="r-assignee" on:change=move |ev| on_pick(event_target_value(&ev).parse::<i64>().ok())>
            <option value="" selected=current_id.is_none()>{t("request.nobody")}</option>
            {current.clone().map(|a| view! { <option value=a.id.to_string() selected=true>{a.name}</option> })}
            <Suspense fallback=|| ()>
                {move || people.get().map(|res| match res {
                    Ok(list) => list
                        .into_iter()
                        .filter(|p| Some(p.id) != current_id)
                        .map(|p| view! { <option value=p.id.to_string()>{p.name}</option> })
                        .collect_view()
                        .into_any(),
                    Err(_) => ().into_any(),
                })}
            </Suspense>
        </select>
    }
}
