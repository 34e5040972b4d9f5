//! The town's address register: autocomplete, reverse lookup, territory, import.

use civis_domain::wire::{AddressHit, RegisterImported, Territory};

use super::{Res, call, enc};

/// Addresses (or streets) matching what the citizen typed.
pub async fn address_search(town: i64, q: &str) -> Res<Vec<AddressHit>> {
    call("GET", format!("/towns/{town}/public/addresses?q={}", enc(q))).anonymous().send().await
}

/// The address nearest a point (an error when none is near).
pub async fn address_nearest(town: i64, lat: f64, lng: f64) -> Res<AddressHit> {
    call("GET", format!("/towns/{town}/public/addresses/nearest?lat={lat}&lng={lng}")).anonymous().send().await
}

/// The town's outline, map centre and duplicate radius.
pub async fn territory(town: i64) -> Res<Territory> {
    call("GET", format!("/towns/{town}/public/territory")).anonymous().send().await
}

/// Replaces the register with a CSV file (town administrator).
pub async fn import_addresses(town: i64, file: web_sys::File) -> Res<RegisterImported> {
    let mut c = call("PUT", format!("/admin/towns/{town}/addresses"));
    c.file = Some(file);
    c.send().await
}
