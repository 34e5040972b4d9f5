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
    with_town(|town| {
        let i = crate::i18n::use_i18n();
        let status = RwSignal::new(None::<Status>);
        let page = RwSignal::new(None::<Result<civis_domain::wire::PublicPage, crate::api::Problem>>);
        let id = town.id;
        // Category names for the map's popups; the town's outline for its limits.
        let names = LocalResource::new(move || api::taxonomy(id));
        let land = LocalResource::new(move || api::territory(id));
        Effect::new(move |_| {
            let s = status.get();
            page.set(None);
            leptos::task::spawn_local(async move {
                page.try_set(Some(api::public_requests(id, s, None).await));
            });
        });
        // The next page is added to the list and the map.
        let more = move |_| {
            let Some(Ok(current)) = page.get_untracked() else { return };
            let Some(cursor) = current.next_cursor.clone() else { return };
            let s = status.get_untracked();
            leptos::task::spawn_local(async move {
                if let Ok(next) = api::public_requests(id, s, Some(&cursor)).await {
                    page.try_update(|p| {
                        if let Some(Ok(p)) = p {
                            p.items.extend(next.items);
                            p.next_cursor = next.next_cursor;
                        }
                    });
                }
            });
        };
        let has_more = move || page.with(|p| matches!(p, Some(Ok(p)) if p.next_cursor.is_some()));
        let slug = town.slug.clone();
        let markers = Signal::derive({
            let slug = slug.clone();
            move || {
                let lang = i.lang.get();
                let category = |id: i64| {
                    names.with(|n| match n {
                        Some(Ok(nodes)) => nodes.iter().find(|n| n.id == id).map(|n| n.name(lang).to_string()),
                        _ => None,
                    })
                };
                page.with(|p| match p {
                    Some(Ok(p)) => p
                        .items
                        .iter()
                        .filter_map(|r| {
                            Some(Marker {
                                lat: r.latitude?,
                                lng: r.longitude?,
                                label: r.number.clone(),
                                lines: category(r.category_id)
                                    .into_iter()
                                    .chain([r.status.citizen_label(lang).to_string()])
                                    .collect(),
                                href: format!("/t/{slug}/publiques/{}", r.id),
                                color: if r.status.is_closed() { "#5b6770" } else { "#1d4f91" },
                            })
                        })
                        .collect(),
                    _ => vec![],
                })
            }
        });
        view! {
            <h1>{t("public.title")}" — "{town.name.clone()}</h1>
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
            <div class="split">
                <Map layers=Layers {
                    markers: Some(markers),
                    cluster: true,
                    outline: Some(Signal::derive(move || land.with(|l| match l { Some(Ok(l)) => l.outline.clone(), _ => vec![] }))),
                    ..Layers::default()
                } label=Signal::derive(t("public.map_label"))/>
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
                    <Show when=has_more>
                        <button type="button" class="secondary more" on:click=more>{t("staff.more")}</button>
                    </Show>
                </div>
            </div>
        }
        .into_any()
    })
}

#[component]
fn PublicRow(r: PublicRequest, slug: String) -> impl IntoView {
    let when = moment(r.created_at);
    view! {
        <li>
            <a href=format!("/t/{slug}/publiques/{}", r.id)><strong>{r.number.clone()}</strong></a>
            " "<CitizenStatus status=r.status/>
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
        let found = RwSignal::new(None);
        let names = RwSignal::new(std::collections::HashMap::<i64, (String, String)>::new());
        let town_id = town.id;
        leptos::task::spawn_local(async move {
            found.set(Some(api::public_request(town_id, id).await));
            if let Ok(nodes) = api::taxonomy(town_id).await {
                names.set(nodes.into_iter().map(|n| (n.id, (n.name_fr, n.name_en))).collect());
            }
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
                    <crate::components::Dates status=r.status due=r.due_date closed=r.closed_at/>
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
    let list = RwSignal::new(Vec::<civis_domain::wire::Attachment>::new());
    leptos::task::spawn_local(async move {
        if let Ok(items) = api::attachments(town, id).await {
            list.try_set(items.into_iter().filter(|a| a.has_thumbnail).collect());
        }
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
