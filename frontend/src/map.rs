//! The map: Leaflet, vendored from npm and served by the app, through `static/map.js`.
//! Every page that has a map also works without it (address only).

use leptos::html::Div;
use leptos::prelude::*;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = civisMap, js_name = create, catch)]
    fn create(el: &web_sys::HtmlElement, lat: f64, lng: f64, zoom: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = civisMap, js_name = onClick)]
    fn on_click(map: &JsValue, cb: &Closure<dyn Fn(f64, f64)>);
    #[wasm_bindgen(js_namespace = civisMap, js_name = setPin)]
    fn set_pin(map: &JsValue, lat: f64, lng: f64);
    #[wasm_bindgen(js_namespace = civisMap, js_name = setMarkers)]
    fn set_markers(map: &JsValue, items: JsValue);
}

/// A marker with a link, for lists of requests on a map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Marker {
    pub lat: f64,
    pub lng: f64,
    pub label: String,
    pub href: String,
    pub color: &'static str,
}

fn markers_js(items: &[Marker]) -> JsValue {
    let arr = js_sys::Array::new();
    for m in items {
        let o = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&o, &"lat".into(), &m.lat.into());
        let _ = js_sys::Reflect::set(&o, &"lng".into(), &m.lng.into());
        let _ = js_sys::Reflect::set(&o, &"label".into(), &m.label.as_str().into());
        let _ = js_sys::Reflect::set(&o, &"href".into(), &m.href.as_str().into());
        let _ = js_sys::Reflect::set(&o, &"color".into(), &m.color.into());
        arr.push(&o);
    }
    arr.into()
}

/// A map. With `pin`, a click sets the point (and the pin follows the signal); with
/// `markers`, the listed requests are shown. `label` names the map for screen readers.
#[component]
pub fn Map(
    #[prop(optional)] pin: Option<RwSignal<Option<(f64, f64)>>>,
    #[prop(optional, into)] markers: Option<Signal<Vec<Marker>>>,
    label: Signal<String>,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let map = RwSignal::new_local(None::<JsValue>);
    let failed = RwSignal::new(false);
    Effect::new(move |_| {
        let Some(el) = node.get() else { return };
        if map.with_untracked(Option::is_some) {
            return;
        }
        let start = pin.and_then(|p| p.get_untracked()).unwrap_or((f64::NAN, f64::NAN));
        match create(&el, start.0, start.1, 14) {
            Ok(m) => {
                if let Some(pin) = pin {
                    let cb = Closure::<dyn Fn(f64, f64)>::new(move |lat: f64, lng: f64| {
                        pin.set(Some((round6(lat), round6(lng))))
                    });
                    on_click(&m, &cb);
                    cb.forget();
                }
                map.set(Some(m));
            }
            Err(_) => failed.set(true),
        }
    });
    Effect::new(move |_| {
        let point = pin.and_then(|p| p.get());
        if let (Some((lat, lng)), Some(m)) = (point, map.get()) {
            set_pin(&m, lat, lng);
        }
    });
    Effect::new(move |_| {
        let items = markers.map(|m| m.get()).unwrap_or_default();
        if let Some(m) = map.get() {
            set_markers(&m, markers_js(&items));
        }
    });
    view! {
        <div class="map" node_ref=node role="application" aria-label=move || label.get()></div>
        <Show when=move || failed.get()>
            <p class="muted">{crate::i18n::t("map.unavailable")}</p>
        </Show>
    }
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Where a request is: a marker on the map (over a grey background when tiles are
/// unavailable), with the address and coordinates in words.
#[component]
pub fn Place(lat: f64, lng: f64, address: Option<String>) -> impl IntoView {
    let i = crate::i18n::use_i18n();
    let label = address.clone().unwrap_or_else(|| format!("{lat:.5}, {lng:.5}"));
    let marker = Marker { lat, lng, label: label.clone(), href: "#".into(), color: "#a4161a" };
    view! {
        <div class="location">
            <Map markers=Signal::derive(move || vec![marker.clone()])
                label=Signal::derive(move || format!("{} {label}", i.t("request.map_of")))/>
            <p class="muted">{address}" ("{format!("{lat:.5}, {lng:.5}")}")"</p>
        </div>
    }
}
