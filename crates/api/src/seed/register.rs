//! Synthetic address registers: a grid of streets around a town's centre, every civic
//! number along each, written as the CSV a town would import (and imported through the
//! same path, so the demo exercises the import).

use std::fmt::Write;

use diesel::PgConnection;

use crate::service;

/// The demo's streets (the first ones are where the demo's requests say they are).
const NAMES: &[&str] = &[
    "rue des Érables",
    "rue Principale",
    "boulevard Curé-Labelle",
    "rue Saint-Jean",
    "chemin du Lac",
    "rue de la Caserne",
    "avenue des Pins",
    "rue de l'Église",
    "montée Sainte-Thérèse",
    "rue Notre-Dame",
    "rang du Ruisseau",
    "rue Côté",
    "boulevard du Séminaire",
    "rue Lévesque",
    "place du Marché",
    "rue Bélanger",
    "rue des Ormes",
    "rue des Bouleaux",
    "rue Sainte-Anne",
    "avenue du Parc",
];

const TYPES: &[&str] = &["rue", "avenue", "chemin", "montée", "croissant", "place"];
const HEADS: &[&str] =
    &["Bel", "Mar", "Tour", "Val", "Beau", "Ri", "Fon", "Mont", "Ro", "Ver", "Cha", "Gil", "Pel", "Sau"];
const MIDS: &[&str] = &["ve", "ri", "la", "mo", "ta", "ni", "bé", "so", "ga", "lu", "ro", "mi", "po", "ca"];
const TAILS: &[&str] =
    &["ville", "court", "mont", "lière", "ton", "bert", "nac", "rand", "vaux", "chêne", "pont", "nier"];

/// The name of the `n`-th street: the demo's, then invented ones.
fn name(n: usize) -> String {
    if let Some(name) = NAMES.get(n) {
        return (*name).to_string();
    }
    let k = n - NAMES.len();
    let (h, m, t) = (k % HEADS.len(), (k / HEADS.len()) % MIDS.len(), (k / (HEADS.len() * MIDS.len())) % TAILS.len());
    let kind = TYPES[(k / (HEADS.len() * MIDS.len() * TAILS.len())) % TYPES.len()];
    format!("{kind} {}{}{}", HEADS[h], MIDS[m], TAILS[t])
}

/// A register of `streets` streets with `per_street` addresses each: even streets run west
/// to east, odd ones south to north, 150 m apart, a door every 15 m.
pub fn csv(center: (f64, f64), streets: usize, per_street: usize) -> String {
    let mut out = String::from("civic_number,street,postal_code,latitude,longitude\n");
    let lat_step = 150.0 / 111_320.0;
    let lng_step = lat_step / center.0.to_radians().cos();
    let half = (streets / 2) as f64 / 2.0;
    for s in 0..streets {
        let street = name(s);
        let offset = (s / 2) as f64 - half;
        for d in 0..per_street {
            let along = (d as f64 - per_street as f64 / 2.0) * 0.1;
            let (lat, lng) = if s % 2 == 0 {
                (center.0 + offset * lat_step, center.1 + along * lng_step)
            } else {
                (center.0 + along * lat_step, center.1 + offset * lng_step)
            };
            let civic = 2 + 2 * d;
            let postal = format!("J0R {}{}{}", 1 + s % 9, (b'A' + (d % 26) as u8) as char, d % 10);
            let _ = writeln!(out, "{civic},\"{street}\",{postal},{lat:.6},{lng:.6}");
        }
    }
    out
}

/// Imports a synthetic register into a town.
pub fn import(
    conn: &mut PgConnection,
    town: i64,
    center: (f64, f64),
    streets: usize,
    per_street: usize,
) -> anyhow::Result<()> {
    service::addresses::import(conn, town, &csv(center, streets, per_street))
        .map_err(|e| anyhow::anyhow!("address register: {e}"))?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn the_demo_register_reads_back_and_has_twelve_rue_des_erables() {
        let text = super::csv((45.868, -74.081), 40, 60);
        let lines = civis_domain::address::parse(&text).unwrap();
        assert_eq!(lines.len(), 2400);
        assert!(lines.iter().any(|l| l.civic == "12" && l.street == "rue des Érables"));
    }
}
