//! The location step: the address with suggestions from the town's register (a combobox:
//! arrows, Enter, Escape), a map whose pin a click or the arrow keys set, the nearest
//! address of a pin, the town's outline (a place past it is refused), and the open
//! requests of the same category nearby before the citizen writes anything.

use civis_domain::wire::AddressHit;
use leptos::prelude::*;

use super::Form;
use crate::api;
use crate::components::FieldMsg;
use crate::i18n::{t, use_i18n};
use crate::map::{Layers, Map};

#[component]
pub fn LocationStep(form: Form) -> impl IntoView {
    let i = use_i18n();
    let geo_error = RwSignal::new(false);
    let locate = move |_| locate(form, geo_error);
    // A pin turns into the nearest address, unless the citizen wrote one themselves; an
    // address that came from the register or a pin follows the pin (none past ~300 m).
    Effect::new(move |_| {
        let (Some((lat, lng)), Some(town)) = (form.pin.get(), form.town.get_untracked()) else { return };
        if !form.address.with_untracked(|a| a.trim().is_empty()) && !form.auto_address.get_untracked() {
            return;
        }
        let sent = form.address.get_untracked();
        leptos::task::spawn_local(async move {
            let label = match api::address_nearest(town.id, lat, lng).await {
                Ok(hit) => hit.label,
                Err(e) if e.status == 404 => String::new(),
                Err(_) => return,
            };
            // A late answer for a pin moved since, or after the citizen wrote, cleared or
            // chose an address, changes nothing.
            let still = form.pin.try_get_untracked().flatten() == Some((lat, lng));
            if !still || form.address.try_with_untracked(|a| *a != sent).unwrap_or(true) {
                return;
            }
            form.address.try_set(label);
            form.auto_address.try_set(true);
        });
    });
    // Said at once when the pin moves out; once "Suivant" was refused, by the field's message.
    let outside = move || form.outside() && !form.err.with(|e| e.as_ref().is_some_and(|e| e.has_field("latitude")));
    let layers = Layers {
        pin: Some(form.pin),
        outline: Some(Signal::derive(move || {
            form.territory.with(|t| t.as_ref().map(|t| t.outline.clone()).unwrap_or_default())
        })),
        focus: Some(form.focus.into()),
        markers: Some(Signal::derive(move || nearby_markers(form, i.lang.get()))),
        ..Layers::default()
    };
    view! {
        <p class="hint">{t("wizard.location_hint")}</p>
        <AddressBox form/>
        <div class="map-tools">
            <button type="button" class="secondary" on:click=locate>{t("wizard.use_my_position")}</button>
            <Show when=move || form.pin.get().is_some()>
                <button type="button" class="secondary" on:click=move |_| form.pin.set(None)>{t("wizard.remove_pin")}</button>
            </Show>
            <span class="muted" aria-live="polite">{move || form.pin.get().map(|(a, b)| format!("{} {a:.5}, {b:.5}", i.t("wizard.pin_at"))).unwrap_or_default()}</span>
        </div>
        <Show when=move || geo_error.get()><p class="error" role="alert">{t("wizard.geo_failed")}</p></Show>
        <Show when=outside><p class="field-error" role="alert">{move || civis_domain::message("outside_territory", i.lang.get())}</p></Show>
        <FieldMsg err=form.err field="latitude" id="w-latitude-err"/>
        <Map layers label=Signal::derive(t("wizard.map_label"))/>
        {move || {
            let (Some(town), Some(node), Some((lat, lng))) = (form.town.get(), form.node(), form.pin.get()) else {
                return None;
            };
            Some(if form.staff {
                view! { <super::staff_nearby::StaffNearby town=town.id node=node.id lat lng/> }.into_any()
            } else {
                view! { <super::nearby::NearbyPanel form town=town.id node=node.id lat lng/> }.into_any()
            })
        }}
    }
}

/// The open requests of the same category near the pin, on the map: a public one with a
/// link to its page, a private one by its category and status only.
fn nearby_markers(form: Form, lang: civis_domain::Lang) -> Vec<crate::map::Marker> {
    if form.pin.with(Option::is_none) {
        return vec![];
    }
    let slug = form.town.with(|t| t.as_ref().map(|t| t.slug.clone()).unwrap_or_default());
    let name = |node: i64| super::nearby::node_name(form, node, lang);
    form.nearby.with(|all| {
        all.iter()
            .map(|r| crate::map::Marker {
                lat: r.latitude,
                lng: r.longitude,
                label: r.number.clone().unwrap_or_else(|| name(r.node_id)),
                lines: vec![r.status.citizen_label(lang).to_string(), format!("{:.0} m", r.distance_m)],
                href: if r.public { format!("/t/{slug}/publiques/{}", r.id) } else { String::new() },
                color: "#a35200",
            })
            .collect()
    })
}

fn locate(form: Form, geo_error: RwSignal<bool>) {
    use wasm_bindgen::prelude::*;
    let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        geo_error.set(true);
        return;
    };
    let ok = Closure::once_into_js(move |pos: web_sys::Position| {
        let c = pos.coords();
        form.pin.set(Some((c.latitude(), c.longitude())));
    });
    let fail = Closure::once_into_js(move |_: JsValue| geo_error.set(true));
    if geo.get_current_position_with_error_callback(ok.unchecked_ref(), Some(fail.unchecked_ref())).is_err() {
        geo_error.set(true);
    }
}

/// The address field with the register's suggestions as the citizen types: a resource of
/// the text typed, so only the answer to the latest text is shown; a failed search says so
/// under the field (the address typed is kept and may be sent as it is).
#[component]
fn AddressBox(form: Form) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let found = LocalResource::new(move || {
        let (text, town) = (typed.get(), form.town.get_untracked());
        async move {
            match town {
                Some(town) if !text.trim().is_empty() => api::address_search(town.id, &text).await,
                _ => Ok(vec![]),
            }
        }
    });
    let hits = Signal::derive(move || found.get().and_then(Result::ok).unwrap_or_default());
    let failed = move || found.get().and_then(Result::err);
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let on_input = move |text: String| {
        form.address.set(text.clone());
        form.auto_address.set(false);
        active.set(None);
        open.set(true);
        typed.set(text);
    };
    let pick = move |hit: AddressHit| {
        form.address.set(hit.label.clone());
        // From the register: a pin moved later brings the address with it.
        form.auto_address.set(hit.civic_number.is_some());
        if hit.civic_number.is_some() {
            form.pin.set(Some((hit.latitude, hit.longitude)));
        }
        form.focus.set(Some((hit.latitude, hit.longitude)));
        open.set(false);
    };
    // A civic address typed in full that the register has pins it, as if it was picked
    // (the text stays as typed): its place, and so the requests near it, are known.
    Effect::new(move |_| {
        let text = typed.get();
        let named = hits.with(|h| {
            h.iter()
                .find(|h| h.civic_number.as_deref().is_some_and(|c| civis_domain::address::names(&text, c, &h.street)))
                .cloned()
        });
        if let Some(hit) = named
            && form.pin.get_untracked() != Some((hit.latitude, hit.longitude))
        {
            form.pin.set(Some((hit.latitude, hit.longitude)));
            form.focus.set(Some((hit.latitude, hit.longitude)));
            // Found: the suggestions step aside (they would cover the map's buttons).
            open.set(false);
        }
    });
    let shown = move || open.get() && !hits.with(Vec::is_empty);
    view! {
        <div class="field">
            <label for="w-address">{t("wizard.address")}</label>
            <div class="combo-box">
                <input id="w-address" type="text" autocomplete="off" role="combobox" aria-autocomplete="list"
                    aria-controls="w-address-list" aria-expanded=move || shown().to_string()
                    aria-activedescendant=move || active.get().map(option_id)
                    aria-describedby="w-address-help w-address-err"
                    prop:value=move || form.address.get()
                    on:input=move |ev| on_input(event_target_value(&ev))
                    on:keydown=move |ev| combo_keys(&ev, hits, open, active, pick)
                    on:blur=move |_| open.set(false)/>
                <ul id="w-address-list" role="listbox" class="suggestions" hidden=move || !shown() aria-label=t("wizard.address_suggestions")>
                    {move || hits.get().into_iter().enumerate().map(|(k, hit)| view! { <Suggestion k hit active pick/> }).collect_view()}
                </ul>
            </div>
            <small class="help" id="w-address-help">{t("wizard.address_help")}</small>
            {move || failed().map(|err| view! { <crate::components::ErrorBox err/> })}
            <FieldMsg err=form.err field="address" id="w-address-err"/>
        </div>
    }
}

fn option_id(k: usize) -> String {
    format!("w-address-opt-{k}")
}

/// One suggestion of the register.
#[component]
fn Suggestion(
    k: usize,
    hit: AddressHit,
    active: RwSignal<Option<usize>>,
    pick: impl Fn(AddressHit) + Copy + 'static,
) -> impl IntoView {
    let h = hit.clone();
    view! {
        <li id=option_id(k) role="option" aria-selected=move || (active.get() == Some(k)).to_string()
            on:mousedown=move |ev| { ev.prevent_default(); pick(h.clone()) }>
            {hit.label.clone()}
            {hit.postal_code.clone().map(|p| view! { <span class="muted">" "{p}</span> })}
        </li>
    }
}

/// The combobox's keys: arrows move among the suggestions, Enter picks, Escape closes.
fn combo_keys(
    ev: &web_sys::KeyboardEvent,
    hits: Signal<Vec<AddressHit>>,
    open: RwSignal<bool>,
    active: RwSignal<Option<usize>>,
    pick: impl Fn(AddressHit),
) {
    let n = hits.with_untracked(Vec::len);
    match ev.key().as_str() {
        "ArrowDown" | "ArrowUp" if n > 0 => {
            ev.prevent_default();
            open.set(true);
            let down = ev.key() == "ArrowDown";
            active.update(|a| {
                *a = Some(match (*a, down) {
                    (None, true) => 0,
                    (None, false) => n - 1,
                    (Some(k), true) => (k + 1) % n,
                    (Some(k), false) => (k + n - 1) % n,
                })
            });
        }
        "Enter" if open.get_untracked() => {
            if let Some(hit) = active.get_untracked().and_then(|k| hits.with_untracked(|h| h.get(k).cloned())) {
                ev.prevent_default();
                pick(hit);
            }
        }
        "Escape" => open.set(false),
        _ => {}
    }
}
