//! The access journal (Loi 25): every read of a person's contact by staff is recorded (who,
//! when, which record), and the director — the town's privacy officer — reads the record
//! of a request. The journal holds no contact.

use civis_domain::wire::{AccessEntry, AccessKind};
use diesel::prelude::*;

use crate::auth::Principal;
use crate::db::journal::{self as db, NewAccess};
use crate::error::ApiError;

/// The most entries one read returns.
const LIMIT: i64 = 500;

/// `reader` read the contacts of these calls (each with the request it became, if any).
pub fn call_contacts_read(
    conn: &mut PgConnection,
    reader: i64,
    town: i64,
    calls: &[(i64, Option<i64>)],
) -> Result<(), ApiError> {
    let rows: Vec<NewAccess> = calls
        .iter()
        .map(|(call, request)| NewAccess {
            municipality_id: town,
            user_id: reader,
            request_id: *request,
            interaction_id: Some(*call),
            what: AccessKind::CallContact.as_str(),
        })
        .collect();
    db::record(conn, &rows)?;
    Ok(())
}

/// Who read the contacts of a request (and of the calls linked to it): the director only.
pub fn of_request(conn: &mut PgConnection, p: &Principal, town: i64, id: i64) -> Result<Vec<AccessEntry>, ApiError> {
    let roles = p.town_roles(town)?;
    if !roles.can_see_confidential() {
        return Err(ApiError::Forbidden);
    }
    crate::db::requests::find(conn, town, id)?.ok_or(ApiError::NotFound)?;
    entries(db::of_request(conn, town, id, LIMIT)?)
}

/// Who read a person's contacts: on the requests they filed and the calls logged under
/// their email or phone (found as for their file). The director only.
pub fn of_person(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    q: &civis_domain::wire::PersonQuery,
) -> Result<Vec<AccessEntry>, ApiError> {
    if !p.town_roles(town)?.can_see_confidential() {
        return Err(ApiError::Forbidden);
    }
    let q = super::person::checked(q)?;
    let (e, ph) = (q.email.as_deref(), q.phone.as_deref());
    let requests: Vec<i64> =
        crate::db::anonymize::contacts_of(conn, town, e, ph)?.into_iter().map(|c| c.request_id).collect();
    let calls: Vec<i64> = crate::db::anonymize::calls_of(conn, town, e, ph)?.into_iter().map(|c| c.id).collect();
    entries(db::of_records(conn, town, &requests, &calls, LIMIT)?)
}

fn entries(rows: Vec<db::AccessRow>) -> Result<Vec<AccessEntry>, ApiError> {
    rows.into_iter()
        .map(|r| {
            Ok(AccessEntry {
                at: r.at,
                user_id: r.user_id,
                user_name: super::requests::full_name(&r.first_name, &r.last_name),
                what: r.what,
                request_id: r.request_id,
                request_number: r.request_number,
                interaction_id: r.interaction_id,
            })
        })
        .collect()
}
