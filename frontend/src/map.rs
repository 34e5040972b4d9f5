//! The map: Leaflet, vendored from npm and served by the app, through `static/map.js`.
//! Every page that has a map also works without it (address only), and a map whose
//! background cannot load still shows a scale, the town's outline, the markers and the
//! pin, which the arrow keys move.

use civis_domain::wire::LatLng;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::i18n::{t, use_i18n};

#[wasm_bindgen]
extern "C" {
    /// Loads Leaflet and `map.js` once, when the first map opens (`static/boot.js`): a
    /// page without a map does not download them.
    #[wasm_bindgen(js_name = civisLoadMap)]
    fn load_map() -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = civisMap, js_name = create, catch)]
    fn create(el: &web_sys::HtmlElement, lat: f64, lng: f64, zoom: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = civisMap, js_name = onTilesFailed)]
    fn on_tiles_failed(map: &JsValue, cb: &Closure<dyn Fn()>);
    #[wasm_bindgen(js_namespace = civisMap, js_name = onClick)]
    fn on_click(map: &JsValue, cb: &Closure<dyn Fn(f64, f64)>);
    #[wasm_bindgen(js_namespace = civisMap, js_name = pinKeys)]
    fn pin_keys(map: &JsValue, cb: &Closure<dyn Fn(f64, f64)>);
    #[wasm_bindgen(js_namespace = civisMap, js_name = setPin)]
    fn set_pin(map: &JsValue, lat: f64, lng: f64, title: &str);
    #[wasm_bindgen(js_namespace = civisMap, js_name = clearPin)]
    fn clear_pin(map: &JsValue);
    #[wasm_bindgen(js_namespace = civisMap, js_name = flyTo)]
    fn fly_to(map: &JsValue, lat: f64, lng: f64, zoom: u32);
    #[wasm_bindgen(js_namespace = civisMap, js_name = setOutline)]
    fn set_outline(map: &JsValue, points: JsValue);
    #[wasm_bindgen(js_namespace = civisMap, js_name = setMarkers)]
    fn set_markers(map: &JsValue, items: JsValue, cluster_word: &str);
}

/// A marker with a link and a few lines (category, status) in its popup.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub lat: f64,
    pub lng: f64,
    pub label: String,
    pub lines: Vec<String>,
    pub href: String,
    pub color: &'static str,
}

fn set(o: &js_sys::Object, k: &str, v: &JsValue) {
    let _ = js_sys::Reflect::set(o, &k.into(), v);
}

fn markers_js(items: &[Marker]) -> JsValue {
    let arr = js_sys::Array::new();
    for m in items {
        let o = js_sys::Object::new();
        set(&o, "lat", &m.lat.into());
        set(&o, "lng", &m.lng.into());
        set(&o, "label", &m.label.as_str().into());
        set(&o, "href", &m.href.as_str().into());
        set(&o, "color", &m.color.into());
        let lines = js_sys::Array::new();
        for l in &m.lines {
            lines.push(&l.as_str().into());
        }
        set(&o, "lines", &lines);
        arr.push(&o);
    }
    arr.into()
}

fn points_js(points: &[LatLng]) -> JsValue {
    let arr = js_sys::Array::new();
    for p in points {
        arr.push(&js_sys::Array::of2(&p.lat.into(), &p.lng.into()));
    }
    arr.into()
}

/// What a map shows besides its background.
#[derive(Clone, Copy, Default)]
pub struct Layers {
    /// A point the reader sets (click, arrow keys); the map follows the signal.
    pub pin: Option<RwSignal<Option<(f64, f64)>>>,
    /// Requests, each with its popup.
    pub markers: Option<Signal<Vec<Marker>>>,
    /// Group close markers into numbered clusters.
    pub cluster: bool,
    /// The town's outline.
    pub outline: Option<Signal<Vec<LatLng>>>,
    /// Where to look (an address chosen from a list): the map centres there.
    pub focus: Option<Signal<Option<(f64, f64)>>>,
}

/// A map; `label` names it for screen readers.
#[component]
pub fn Map(#[prop(optional)] layers: Layers, label: Signal<String>) -> impl IntoView {
    let i = use_i18n();
    let node = NodeRef::<Div>::new();
    let map = RwSignal::new_local(None::<JsValue>);
    let failed = RwSignal::new(false);
    let no_tiles = RwSignal::new(false);
    Effect::new(move |started: Option<bool>| {
        let Some(el) = node.get() else { return false };
        if started == Some(true) {
            return true;
        }
        leptos::task::spawn_local(async move {
            if wasm_bindgen_futures::JsFuture::from(load_map()).await.is_err() {
                failed.set(true);
                return;
            }
            let start = layers.pin.and_then(|p| p.get_untracked()).unwrap_or((f64::NAN, f64::NAN));
            let Ok(m) = create(&el, start.0, start.1, 14) else {
                failed.set(true);
                return;
            };
            let tiles = Closure::<dyn Fn()>::new(move || no_tiles.set(true));
            on_tiles_failed(&m, &tiles);
            tiles.forget();
            if let Some(pin) = layers.pin {
                let cb = Closure::<dyn Fn(f64, f64)>::new(move |lat: f64, lng: f64| {
                    pin.set(Some((round6(lat), round6(lng))))
                });
                on_click(&m, &cb);
                pin_keys(&m, &cb);
                cb.forget();
            }
            map.set(Some(m));
        });
        true
    });
    Effect::new(move |_| {
        let (Some(pin), Some(m)) = (layers.pin, map.get()) else { return };
        match pin.get() {
            Some((lat, lng)) => set_pin(&m, lat, lng, &i.t("wizard.pin")),
            None => clear_pin(&m),
        }
    });
    Effect::new(move |_| {
        let (Some(outline), Some(m)) = (layers.outline, map.get()) else { return };
        outline.with(|o| set_outline(&m, points_js(o)));
    });
    Effect::new(move |_| {
        let (Some(focus), Some(m)) = (layers.focus, map.get()) else { return };
        if let Some((lat, lng)) = focus.get() {
            fly_to(&m, lat, lng, 17);
        }
    });
    Effect::new(move |_| {
        let (Some(markers), Some(m)) = (layers.markers, map.get()) else { return };
        let word = if layers.cluster { i.t("map.requests") } else { String::new() };
        markers.with(|items| set_markers(&m, markers_js(items), &word));
    });
    let keys = layers.pin.is_some();
    view! {
        <Show when=move || failed.get()>
            <p class="muted" role="status">{t("map.unavailable")}</p>
        </Show>
        <Show when=move || no_tiles.get() && !failed.get()>
            <p class="notice" role="status">{t(if keys { "map.no_tiles_pin" } else { "map.no_tiles" })}</p>
        </Show>
        <div class="map" node_ref=node role="application" aria-label=move || label.get()
            aria-describedby=keys.then_some("map-keys-help")></div>
        {keys.then(|| view! { <p class="help" id="map-keys-help">{t("map.keys_help")}</p> })}
    }
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Where a request is: a marker on the map, with the address and coordinates in words.
#[component]
pub fn Place(lat: f64, lng: f64, address: Option<String>) -> impl IntoView {
    let i = use_i18n();
    let label = address.clone().unwrap_or_else(|| format!("{lat:.5}, {lng:.5}"));
    let marker = Marker { lat, lng, label: label.clone(), lines: vec![], href: "#".into(), color: "#a4161a" };
    let layers = Layers { markers: Some(Signal::derive(move || vec![marker.clone()])), ..Layers::default() };
    view! {
        <div class="location">
            <Map layers label=Signal::derive(move || format!("{} {label}", i.t("request.map_of")))/>
            <p class="muted">{address}" ("{format!("{lat:.5}, {lng:.5}")}")"</p>
        </div>
    }
}
