//! The monthly lists as an elected official reads them on screen (what their email says).

use civis_domain::calendar;
use civis_domain::privacy::complaint_count;
use civis_domain::wire::{MonthlyItem, MonthlyLists};
use diesel::prelude::*;

use super::requests::reader_roles;
use crate::auth::Principal;
use crate::db::{monthly, requests as db};
use crate::error::ApiError;

pub(crate) fn item(i: monthly::Item) -> MonthlyItem {
    MonthlyItem {
        number: i.number,
        category_fr: i.category_fr,
        category_en: i.category_en,
        department: i.department_fr,
        status: i.status,
        created_on: i.created_on,
        due_date: i.due_date,
    }
}

/// The town's requests not completed and those completed last month; complaints listed
/// only for roles that read them, counted for everyone.
pub fn lists(conn: &mut PgConnection, p: &Principal, town: i64) -> Result<MonthlyLists, ApiError> {
    let complaints = reader_roles(p, town)?.complaint_scope();
    let (today, _) = db::town_today(conn, town)?;
    let (last_month, first) = calendar::last_month(today);
    let counts = monthly::complaints(conn, town, last_month, first)?;
    Ok(MonthlyLists {
        last_month: calendar::month_key(last_month),
        open: monthly::open(conn, town, None, &complaints)?.into_iter().map(item).collect(),
        done: monthly::done(conn, town, last_month, first, &complaints)?.into_iter().map(item).collect(),
        complaints_open: complaint_count(counts.open),
        complaints_done: complaint_count(counts.done),
    })
}
