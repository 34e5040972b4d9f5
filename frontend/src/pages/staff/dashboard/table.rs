//! The list's rows: number, description with its category, department, priority, status,
//! dates and lateness; the star marks a favorite.

use civis_domain::wire::{RequestPage, RequestSummary};
use leptos::prelude::*;

use crate::api::{self, Problem, Res};
use crate::components::{Empty, PriorityLabel, StatusBadge, day};
use crate::format;
use crate::i18n::{t, use_i18n};
use crate::pages::staff::names::Names;

/// The list's rows as loaded (`list`: the first page with those "more" added); the star
/// marks a favorite (an `Action`: its failure is the list's error, `err`).
#[component]
pub fn RequestTable(
    town: i64,
    list: LocalResource<Res<RequestPage>>,
    names: RwSignal<Names>,
    err: RwSignal<Option<Problem>>,
) -> impl IntoView {
    let star = Action::new_local(move |&(id, on): &(i64, bool)| async move {
        api::set_favorite(town, id, on).await.map(|()| (id, on))
    });
    Effect::new(move |_| match star.value().get() {
        Some(Ok((id, on))) => {
            list.update(|page| {
                if let Some(Ok(page)) = page
                    && let Some(row) = page.items.iter_mut().find(|r| r.id == id)
                {
                    row.favorite = on;
                }
            });
            // The row is drawn again: give the focus back to its star.
            crate::components::focus(&format!("star-{id}"));
        }
        Some(Err(e)) => err.set(Some(e)),
        None => {}
    });
    let rows =
        move || list.with(|p| p.as_ref().and_then(|p| p.as_ref().ok()).map(|p| p.items.clone()).unwrap_or_default());
    let empty = Memo::new(move |_| list.with(|p| matches!(p, Some(Ok(p)) if p.items.is_empty())));
    move || {
        if empty.get() {
            return view! { <Empty text=Signal::derive(t("staff.empty"))/> }.into_any();
        }
        view! {
            <table class="requests">
                <thead><tr>
                    <th scope="col"><span class="sr-only">{t("staff.favorite")}</span></th>
                    <th scope="col">{t("request.number")}</th>
                    <th scope="col">{t("request.description")}</th>
                    <th scope="col">{t("request.department")}</th>
                    <th scope="col">{t("request.priority")}</th>
                    <th scope="col">{t("request.status")}</th>
                    <th scope="col">{t("request.created")}</th>
                    <th scope="col">{t("request.due")}</th>
                </tr></thead>
                <tbody>
                    <For each=rows key=|r| (r.id, r.favorite, r.status) let:r>
                        <RequestLine town r names star/>
                    </For>
                </tbody>
            </table>
        }
        .into_any()
    }
}

/// One request of the list.
#[component]
fn RequestLine(
    town: i64,
    r: RequestSummary,
    names: RwSignal<Names>,
    star: Action<(i64, bool), Result<(i64, bool), Problem>>,
) -> impl IntoView {
    let i = use_i18n();
    let (id, fav, at) = (r.id, r.favorite, r.created_at);
    let created = move || format::day_of(&at, i.locale());
    let due = day(r.due_date);
    let (dep, node, internal) = (r.department_id, r.node_id, r.internal);
    let (photos, files) = (r.photo_count > 0, r.file_count > 0);
    view! {
        <tr class:internal=r.internal>
            <td>
                <button type="button" class="star" id=format!("star-{id}") aria-pressed=fav.to_string()
                    aria-label=move || i.t(if fav { "staff.unstar" } else { "staff.star" })
                    on:click=move |_| { star.dispatch((id, !fav)); }>{if fav { "★" } else { "☆" }}</button>
            </td>
            <td class="nowrap"><a href=format!("/staff/{town}/requetes/{id}")>{r.number.clone()}</a>
                <Show when=move || internal><span class="tag internal-tag">{t("request.internal")}</span></Show></td>
            <td class="desc">
                <span class="muted">{move || names.with(|n| n.node(node, i.lang.get()))}</span>" "
                {r.description.chars().take(140).collect::<String>()}
                <Show when=move || photos><span class="icon" role="img" aria-label=t("request.has_photos")>"📷"</span></Show>
                <Show when=move || files><span class="icon" role="img" aria-label=t("request.has_files")>"📎"</span></Show>
            </td>
            // On a phone the rows are cards: each cell says what it is (`data-label`).
            <td data-label=move || i.t("request.department")>{move || names.with(|n| n.department(dep, i.lang.get()))}</td>
            <td data-label=move || i.t("request.priority")><PriorityLabel priority=r.priority/></td>
            <td data-label=move || i.t("request.status")><StatusBadge status=r.status/></td>
            <td class="nowrap" data-label=move || i.t("request.created")>{created}</td>
            <td class="nowrap" data-label=move || i.t("request.due")>{due}<br/><LateBadge lateness=r.lateness/><crate::components::FirstAnswerBadge state=r.first_answer/></td>
        </tr>
    }
}

/// "En retard" or "Échéance proche" beside a due date.
#[component]
pub fn LateBadge(lateness: Option<civis_domain::Lateness>) -> impl IntoView {
    lateness.map(|l| {
        let (class, key) = match l {
            civis_domain::Lateness::Overdue => ("badge late-overdue", "late.overdue"),
            civis_domain::Lateness::DueSoon => ("badge late-soon", "late.due_soon"),
        };
        view! { <span class=class>{t(key)}</span> }
    })
}
