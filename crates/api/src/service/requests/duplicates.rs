//! A citizen's "Signaler aussi": a filing that reports again an open request of the same
//! category (seen on the duplicate check, often a private one the citizen could not
//! follow), linked to it in both histories.

use civis_domain::RequestKind;
use diesel::PgConnection;

use crate::db::request_edits;
use crate::db::requests::{self as db, Change};
use crate::error::ApiError;

/// Links the request just filed (`id`, `number`) to the open request `other` of the same
/// category that it reports again; anything else is refused as a field error.
pub(super) fn link(
    conn: &mut PgConnection,
    town: i64,
    (id, number): (i64, &str),
    (other, category): (i64, i64),
    actor: Option<i64>,
) -> Result<(), ApiError> {
    let found = db::find(conn, town, other)?
        .filter(|r| r.kind == RequestKind::Request && !r.status.is_closed() && r.category_id == category)
        .ok_or_else(|| ApiError::field("also_reports", "invalid_reference"))?;
    request_edits::set_also_reports(conn, id, other)?;
    let reports = Change { field: "also_reports", old: None, new: Some(&found.number), reason: None };
    db::add_history(conn, town, id, actor, reports)?;
    let reported = Change { field: "also_reported", old: None, new: Some(number), reason: None };
    db::add_history(conn, town, other, actor, reported)?;
    Ok(())
}
