//! The address register: a town administrator imports it whole (a file with any error
//! changes nothing); citizens and staff search it as they type, turn a pin into the
//! nearest address, and are told when a place is outside the town.

use std::collections::HashMap;

use civis_domain::address::{self, Query};
use civis_domain::territory::{self, Outline};
use civis_domain::wire::{AddressHit, LatLng, RegisterImported, Territory};
use diesel::prelude::*;

use crate::db::addresses::{self as db, Hit, NewAddress, NewStreet};
use crate::db::towns;
use crate::error::ApiError;

/// Replaces the town's register with the file's addresses.
pub fn import(conn: &mut PgConnection, town: i64, csv: &str) -> Result<RegisterImported, ApiError> {
    let lines = address::parse(csv).map_err(ApiError::Validation)?;
    let mut streets: Vec<NewStreet> = vec![];
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut sums: Vec<(f64, f64, f64)> = vec![];
    let mut rows = Vec::with_capacity(lines.len());
    for l in &lines {
        let key = address::street_key(&l.street);
        let street = *index.entry(key.clone()).or_insert_with(|| {
            streets.push(NewStreet { name: l.street.clone(), key, latitude: 0.0, longitude: 0.0 });
            sums.push((0.0, 0.0, 0.0));
            streets.len() - 1
        });
        let s = &mut sums[street];
        *s = (s.0 + l.latitude, s.1 + l.longitude, s.2 + 1.0);
        rows.push(NewAddress {
            street,
            civic: l.civic.clone(),
            postal_code: l.postal_code.clone(),
            latitude: l.latitude,
            longitude: l.longitude,
            cell: address::cell(l.latitude, l.longitude),
        });
    }
    for (s, (lat, lng, n)) in streets.iter_mut().zip(sums) {
        (s.latitude, s.longitude) = (lat / n, lng / n);
    }
    let points: Vec<(f64, f64)> = lines.iter().map(|l| (l.latitude, l.longitude)).collect();
    let outline =
        serde_json::to_value(territory::hull(&points)).map_err(|e| ApiError::caused("register outline", e))?;
    conn.transaction(|conn| {
        towns::find(conn, town)?.ok_or(ApiError::NotFound)?;
        db::replace(conn, town, &streets, &rows, outline)?;
        Ok::<_, ApiError>(())
    })?;
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    Ok(RegisterImported { addresses: count(rows.len()), streets: count(streets.len()) })
}

fn hit(h: Hit) -> AddressHit {
    AddressHit {
        label: h.civic_number.as_deref().map_or_else(|| h.street.clone(), |c| address::label(c, &h.street)),
        civic_number: h.civic_number,
        street: h.street,
        postal_code: h.postal_code,
        latitude: h.latitude,
        longitude: h.longitude,
        distance_m: None,
    }
}

/// Autocomplete: addresses when the text begins with a civic number, streets otherwise
/// (and when no address has that number).
pub fn search(conn: &mut PgConnection, town: i64, text: &str, limit: i64) -> Result<Vec<AddressHit>, ApiError> {
    let q = Query::parse(text);
    if q.is_empty() {
        return Ok(vec![]);
    }
    let mut found = match &q.civic {
        Some(civic) => db::civic(conn, town, civic, &q.words, limit)?,
        None => vec![],
    };
    if found.is_empty() && !q.words.is_empty() {
        found = db::streets(conn, town, &q.words, limit)?;
    }
    Ok(found.into_iter().map(hit).collect())
}

/// The address nearest a point, within about 300 m (none past that, or without a register).
pub fn nearest(conn: &mut PgConnection, town: i64, lat: f64, lng: f64) -> Result<Option<AddressHit>, ApiError> {
    for rings in [1, 3] {
        if let Some(h) = db::nearest(conn, town, lat, lng, &address::cells_around(lat, lng, rings))? {
            let mut out = hit(h);
            out.distance_m = Some(territory::metres((lat, lng), (out.latitude, out.longitude)).round());
            return Ok(Some(out));
        }
    }
    Ok(None)
}

/// The town's outline, map centre and duplicate radius (an empty outline without register).
pub fn territory(conn: &mut PgConnection, town: i64) -> Result<Territory, ApiError> {
    let row = towns::find(conn, town)?.filter(|t| t.active).ok_or(ApiError::NotFound)?;
    let reg = db::register(conn, town)?;
    let outline = match &reg {
        Some(r) => outline_of(r)?,
        None => Outline(vec![]),
    };
    let center = outline.center().map(|(lat, lng)| LatLng { lat, lng });
    Ok(Territory {
        outline: outline.0.into_iter().map(|(lat, lng)| LatLng { lat, lng }).collect(),
        center,
        margin_m: territory::MARGIN_M,
        duplicate_radius_m: row.duplicate_radius_m,
        addresses: reg.as_ref().map_or(0, |r| r.addresses),
        streets: reg.as_ref().map_or(0, |r| r.streets),
        imported_at: reg.map(|r| r.imported_at),
    })
}

/// Whether a place is the town's (any place is while it has no register).
pub fn is_inside(conn: &mut PgConnection, town: i64, lat: f64, lng: f64) -> Result<bool, ApiError> {
    let Some(reg) = db::register(conn, town)? else { return Ok(true) };
    Ok(outline_of(&reg)?.contains((lat, lng), territory::MARGIN_M))
}

/// The outline stored with a register.
fn outline_of(reg: &db::Register) -> Result<Outline, ApiError> {
    serde_json::from_value(reg.outline.clone()).map(Outline).map_err(|e| ApiError::caused("stored register outline", e))
}
