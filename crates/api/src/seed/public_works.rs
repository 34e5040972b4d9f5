//! The demo's public works: roads (the pothole, with questions) and snow removal, counted in
//! working days.

use civis_domain::Priority;
use civis_domain::due::DelayUnit;
use civis_domain::wire::NodeInput;
use diesel::PgConnection;

use super::{e, node};
use crate::service;

/// Public works: roads (the pothole, with questions) and snow removal; returns the pothole.
pub(super) fn public_works(conn: &mut PgConnection, town: i64, tp: i64) -> anyhow::Result<i64> {
    let add = |conn: &mut PgConnection, n: NodeInput| -> anyhow::Result<i64> {
        Ok(service::taxonomy::create_node(conn, town, &n).map_err(e)?.id)
    };
    let travaux = add(
        conn,
        NodeInput {
            department_id: Some(tp),
            delay_days: Some(10),
            // Public works count working days (the pothole's 5 inherit it).
            delay_unit: Some(DelayUnit::WorkingDays),
            public_allowed: Some(true),
            ..node(None, "Travaux publics", "Public works")
        },
    )?;
    let voirie = add(conn, node(Some(travaux), "Voirie", "Roads"))?;
    let nid = add(conn, NodeInput { delay_days: Some(5), ..node(Some(voirie), "Nid-de-poule", "Pothole") })?;
    add(conn, node(Some(voirie), "Lampadaire défectueux", "Broken street light"))?;
    add(
        conn,
        NodeInput {
            default_priority: Some(Priority::VeryImportant),
            ..node(Some(voirie), "Branche tombée", "Fallen branch")
        },
    )?;
    let deneig = add(
        conn,
        NodeInput {
            delay_days: Some(1),
            default_priority: Some(Priority::VeryImportant),
            ..node(Some(travaux), "Déneigement", "Snow removal")
        },
    )?;
    add(conn, node(Some(deneig), "Routes provinciales", "Provincial roads"))?;
    add(conn, node(Some(deneig), "Rues municipales", "Municipal streets"))?;
    Ok(nid)
}
