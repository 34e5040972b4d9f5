//! The benchmark's data set: many towns of uneven size (the largest about 30 % of the
//! rows, as in a regional group), each configured like the demo town, with a clerk account
//! in the largest, then synthetic requests spread over ten years.

use civis_domain::wire::{NewStaffUser, NewTown};
use civis_domain::{Lang, Role};
use diesel::prelude::*;

use super::synthetic::{BATCH, Synthetic, generate};
use super::{DEMO_PASSWORD, configure_town};
use crate::db::towns;
use crate::service;

/// The clerk account of the largest bench town.
pub const BENCH_CLERK: &str = "clic@bench-01.civis.demo";

/// Rows of each town: a Zipf-like split (weight 1/i^1.2) that gives the first about 30 %.
pub fn split(count: i64, towns: i64) -> Vec<i64> {
    let weights: Vec<f64> = (1..=towns).map(|i| (i as f64).powf(-1.2)).collect();
    let total: f64 = weights.iter().sum();
    let mut sizes: Vec<i64> = weights.iter().map(|w| (count as f64 * w / total).floor() as i64).collect();
    let assigned: i64 = sizes.iter().sum();
    if let Some(first) = sizes.first_mut() {
        *first += count - assigned;
    }
    sizes
}

/// Creates the towns (once) and fills them with `count` requests in all.
pub fn generate_bench(conn: &mut PgConnection, count: i64, town_count: i64) -> anyhow::Result<()> {
    let sizes = split(count, town_count);
    for (i, size) in sizes.iter().enumerate() {
        let n = i + 1;
        let slug = format!("bench-{n:02}");
        let town = match towns::find_by_slug(conn, &slug)? {
            Some(t) => t.id,
            None => conn.transaction(|conn| -> anyhow::Result<i64> {
                let name = format!("Ville de Banc d'essai {n}");
                let id = service::towns::create(conn, &NewTown { slug: slug.clone(), name })
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?
                    .id;
                configure_town(conn, id, &slug)?;
                // The bench signs in with a password alone, as the demo does (its data is
                // generated, never a town's: production refuses both).
                towns::set_second_factor(conn, id, civis_domain::wire::SecondFactorPolicy::Off)?;
                if n == 1 {
                    let clerk = NewStaffUser {
                        email: BENCH_CLERK.into(),
                        password: DEMO_PASSWORD.into(),
                        first_name: "Clic".into(),
                        last_name: "Banc".into(),
                        language: Lang::Fr,
                        roles: vec![Role::Clerk],
                        department_id: None,
                    };
                    let hash = crate::auth::password::hash(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e:?}"))?;
                    service::users::create(conn, id, &clerk, &hash).map_err(|e| anyhow::anyhow!("{e:?}"))?;
                }
                Ok(id)
            })?,
        };
        let _ = town;
        eprintln!("{slug}: {size} requests");
        let lat = 45.0 + (n as f64) * 0.07;
        let lng = -74.5 + (n as f64 % 10.0) * 0.15;
        generate(conn, &Synthetic { town_slug: &slug, count: *size, years: 10, lat, lng, batch: BATCH })?;
    }
    crate::db::analyze(conn)?;
    Ok(())
}
