//! For staff taking a call: the town's open requests of the same category near the point,
//! private ones included, each a link to open it in a new tab instead of filing again.

use civis_domain::wire::PublicRequest;
use leptos::prelude::*;

use crate::api;
use crate::components::{ErrorBox, Loading, StatusBadge};
use crate::i18n::t;

#[component]
pub fn StaffNearby(town: i64, node: i64, lat: f64, lng: f64) -> impl IntoView {
    let found = LocalResource::new(move || api::staff_nearby(town, node, lat, lng));
    view! {
        <section class="nearby" aria-labelledby="staff-nearby-title">
            <h3 id="staff-nearby-title">{t("nearby.staff_title")}</h3>
            <Suspense fallback=Loading>
                {move || found.get().map(|res| match res {
                    Err(e) => view! { <ErrorBox err=e/> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <p class="muted">{t("nearby.none")}</p> }.into_any(),
                    Ok(items) => view! {
                        <p>{t("nearby.staff_lead")}</p>
                        <ul class="nearby-list">{items.into_iter().map(|r| view! { <Item town r/> }).collect_view()}</ul>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Item(town: i64, r: PublicRequest) -> impl IntoView {
    let dist = r.distance_m.map(|d| format!("{d:.0} m")).unwrap_or_default();
    view! {
        <li>
            <a href=format!("/staff/{town}/requetes/{}", r.id) target="_blank" rel="noopener"><strong>{r.number.clone()}</strong></a>" "
            <StatusBadge status=r.status/>" "<span class="muted">{dist}</span>
            <p>{r.description.clone()}</p>
        </li>
    }
}
