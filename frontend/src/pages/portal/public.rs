//! Public requests of a town: a list and a map, and one request with its external
//! follow-ups. Never who asked.

use crate::router::use_params_map;
use civis_domain::Status;
use civis_domain::wire::PublicRequest;
use leptos::prelude::*;

use super::with_town;
use crate::api;
use crate::components::{CitizenStatus, Empty, Followups, loaded, moment};
use crate::i18n::t;
use crate::map::{Layers, Map, Marker};

#[component]
pub fn PublicList() -> impl IntoView {
    with_town(|town| view! { <TownPublicList town/> }.into_any())
}

/// The list and the map of a town's public requests, by status; "more" adds the next page
/// to both (an action whose failure is shown under the list).
#[component]
fn TownPublicList(town: civis_domain::wire::TownPublic) -> impl IntoView {
    let status = RwSignal::new(None::<Status>);
    let id = town.id;
    let page = LocalResource::new(move || {
        let s = status.get();
        async move { api::public_requests(id, s, None).await }
    });
    let more = Action::new_local(move |after: &String| {
        let (s, after) = (status.get_untracked(), after.clone());
        async move { api::public_requests(id, s, Some(&after)).await.map(|next| (after, next)) }
    });
    // The next page joins the list when it continues the one shown (the status may have changed).
    Effect::new(move |_| {
        if let Some(Ok((after, next))) = more.value().get() {
            page.update(|p| {
                if let Some(Ok(p)) = p
                    && p.next_cursor.as_deref() == Some(after.as_str())
                {
                    p.items.extend(next.items);
                    p.next_cursor = next.next_cursor;
                }
            });
        }
    });
    let next = move || page.with(|p| p.as_ref().and_then(|p| p.as_ref().ok()).and_then(|p| p.next_cursor.clone()));
    let slug = town.slug.clone();
    view! {
        <h1>{t("public.title")}" — "{town.name.clone()}</h1>
        <StatusFilter status/>
        <div class="split">
            <PublicMap town=id slug=slug.clone() page/>
            <div>
                {move || loaded(page.get(), |p| {
                    if p.items.is_empty() {
                        return view! { <Empty text=Signal::derive(t("public.none"))/> }.into_any();
                    }
                    let slug = slug.clone();
                    view! {
                        <ul class="rows">
                            {p.items.into_iter().map(|r| view! { <PublicRow r slug=slug.clone()/> }).collect_view()}
                        </ul>
                    }.into_any()
                })}
                {move || more.value().get().and_then(Result::err).map(|err| view! { <crate::components::ErrorBox err/> })}
                {move || next().filter(|_| !more.pending().get()).map(|after| view! {
                    <button type="button" class="secondary more" on:click=move |_| { more.dispatch(after.clone()); }>{t("staff.more")}</button>
                })}
            </div>
        </div>
    }
}

/// The status filter, in the citizen's words.
#[component]
fn StatusFilter(status: RwSignal<Option<Status>>) -> impl IntoView {
    let i = crate::i18n::use_i18n();
    view! {
        <div class="field inline">
            <label for="p-status">{t("public.status_filter")}</label>
            <select id="p-status" on:change=move |ev| status.set(event_target_value(&ev).parse::<Status>().ok())>
                <option value="">{t("public.all")}</option>
                // The badges' words: one vocabulary for the citizen.
                {[Status::Transferred, Status::InProgress, Status::ClosedProcessed, Status::ClosedRefused].into_iter().map(|s| view! {
                    <option value=s.as_str()>{move || s.citizen_label(i.lang.get())}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// The page's requests on the map, in the town's outline; a popup names the category.
#[component]
fn PublicMap(
    town: i64,
    slug: String,
    page: LocalResource<crate::api::Res<civis_domain::wire::PublicPage>>,
) -> impl IntoView {
    let i = crate::i18n::use_i18n();
    // Category names for the map's popups; the town's outline for its limits.
    let names = LocalResource::new(move || api::taxonomy(town));
    let land = LocalResource::new(move || api::territory(town));
    let markers = Signal::derive(move || {
        let lang = i.lang.get();
        let category = |id: i64| {
            names.with(|n| match n {
                Some(Ok(nodes)) => nodes.iter().find(|n| n.id == id).map(|n| n.name(lang).to_string()),
                _ => None,
            })
        };
        let marker = |r: &PublicRequest| {
            Some(Marker {
                lat: r.latitude?,
                lng: r.longitude?,
                label: r.number.clone(),
                lines: category(r.category_id)
                    .into_iter()
                    .chain([r.status.citizen_label(lang).to_string()])
                    .chain(r.late.then(|| crate::i18n::tr(lang, "portal.late")))
                    .collect(),
                href: format!("/t/{slug}/publiques/{}", r.id),
                color: if r.status.is_closed() { "#5b6770" } else { "#1d4f91" },
            })
        };
        page.with(|p| match p {
            Some(Ok(p)) => p.items.iter().filter_map(marker).collect(),
            _ => vec![],
        })
    });
    view! {
        <Map layers=Layers {
            markers: Some(markers),
            cluster: true,
            outline: Some(Signal::derive(move || land.with(|l| match l { Some(Ok(l)) => l.outline.clone(), _ => vec![] }))),
            ..Layers::default()
        } label=Signal::derive(t("public.map_label"))/>
    }
}

#[component]
fn PublicRow(r: PublicRequest, slug: String) -> impl IntoView {
    let when = moment(r.created_at);
    view! {
        <li>
            <a href=format!("/t/{slug}/publiques/{}", r.id)><strong>{r.number.clone()}</strong></a>
            " "<CitizenStatus status=r.status/>
            {r.late.then(|| view! { " "<span class="badge late-overdue">{t("portal.late")}</span> })}
            <span class="muted">" "{when}</span>
            <p>{r.description.clone()}</p>
            <p class="muted">{r.address.clone()}</p>
        </li>
    }
}

#[component]
pub fn PublicDetail() -> impl IntoView {
    let params = use_params_map();
    with_town(move |town| {
        let id: i64 = params.read_untracked().get("id").and_then(|v| v.parse().ok()).unwrap_or_default();
        let town_id = town.id;
        let found = LocalResource::new(move || api::public_request(town_id, id));
        // The category's name; without it the page says the rest.
        let tree = LocalResource::new(move || api::taxonomy(town_id));
        let names = Signal::derive(move || {
            tree.get()
                .and_then(Result::ok)
                .map(|nodes| nodes.into_iter().map(|n| (n.id, (n.name_fr, n.name_en))).collect())
                .unwrap_or_else(std::collections::HashMap::<i64, (String, String)>::new)
        });
        let i = crate::i18n::use_i18n();
        let slug = town.slug.clone();
        view! {
            <p><a href=format!("/t/{slug}/publiques")>{t("public.back")}</a></p>
            {move || loaded(found.get(), |r: PublicRequest| {
                let node = r.node_id;
                let when = moment(r.created_at);
                view! {
                    <h1>{t("public.request")}" "{r.number.clone()}</h1>
                    <p><CitizenStatus status=r.status/>" "<span class="muted">{move || format!("{} {}", i.t("portal.received_on"), when())}</span></p>
                    // Its own reactive text: the taxonomy arriving later does not redraw the map.
                    <p class="category">{move || names.with(|n| n.get(&node).map(|(fr, en)| if i.lang.get() == civis_domain::Lang::Fr { fr.clone() } else { en.clone() }).unwrap_or_default())}</p>
                    <crate::components::Dates status=r.status due=r.due_date closed=r.closed_at late=r.late/>
                    <p class="pre">{r.description.clone()}</p>
                    {match r.latitude.zip(r.longitude) {
                        Some((lat, lng)) => view! { <crate::map::Place lat lng address=r.address.clone()/> }.into_any(),
                        None => view! { <p>{r.address.clone()}</p> }.into_any(),
                    }}
                    <PublicPhotos town=town_id id=r.id/>
                    {(!r.status.is_closed()).then(|| view! { <super::follow::FollowBox town=town_id id=r.id number=r.number.clone()/> })}
                    <h2>{t("public.followups")}</h2>
                    <Followups items=r.followups/>
                }.into_any()
            })}
        }
        .into_any()
    })
}

/// The photos of a public request (without their metadata), as anyone may see them.
#[component]
fn PublicPhotos(town: i64, id: i64) -> impl IntoView {
    let found = LocalResource::new(move || api::attachments(town, id));
    let list = Signal::derive(move || {
        found.get().and_then(Result::ok).unwrap_or_default().into_iter().filter(|a| a.has_thumbnail).collect::<Vec<_>>()
    });
    move || {
        (!list.with(Vec::is_empty)).then(|| {
            view! {
                <h2>{t("request.tab.photos")}</h2>
                <ul class="photos">
                    {list.get().into_iter().map(|a| {
                        let base = format!("/api/v1/towns/{town}/requests/{id}/attachments/{}", a.id);
                        view! { <li><a href=base.clone()><img src=format!("{base}/thumbnail") alt=a.filename.clone() width="160"/></a></li> }
                    }).collect_view()}
                </ul>
            }
        })
    }
}
