//! Towns: the public list, the platform administrator's management, and each town's options.

use civis_domain::FieldIssue;
use civis_domain::wire::{
    ClosureRules, DayHours, Holiday, NewTown, SecondFactorPolicy, Town, TownPatch, TownPublic, TownSettings,
};
use diesel::prelude::*;

use crate::db::towns::{self, HolidayRow, SettingsChange, TownRow};
use crate::error::ApiError;

/// What the town requires on closing.
fn closure_rules(row: &TownRow) -> ClosureRules {
    ClosureRules {
        intervention_code: row.closure_requires_code,
        planned_date: row.closure_requires_planned,
        performed_date: row.closure_requires_performed,
    }
}

/// A town's stored hours per weekday; a stored value that is not one is an error.
pub(crate) fn weekday_hours_of(v: &serde_json::Value) -> Result<Vec<DayHours>, ApiError> {
    serde_json::from_value(v.clone()).map_err(|e| ApiError::caused("reading a town's hours per weekday", e))
}

fn settings_of(row: &TownRow, holidays: Vec<HolidayRow>) -> Result<TownSettings, ApiError> {
    Ok(TownSettings {
        allow_anonymous: row.allow_anonymous,
        closure_requires: closure_rules(row),
        reminder_lead_days: row.reminder_lead_days,
        duplicate_radius_m: row.duplicate_radius_m,
        retention_months: row.retention_months,
        urgent_delay_days: row.urgent_delay_days,
        hold_limit_days: Some(row.hold_limit_days),
        number_padding: row.number_padding,
        business_days: row.business_days.clone(),
        opens_at: row.opens_at,
        closes_at: row.closes_at,
        weekday_hours: Some(weekday_hours_of(&row.weekday_hours)?),
        sender_name: row.sender_name.clone(),
        sender_email: row.sender_email.clone(),
        holidays: holidays.into_iter().map(|h| Holiday { day: h.day, name: h.name }).collect(),
        second_factor: Some(row.second_factor),
        phone: Some(row.phone.clone()),
    })
}

/// A town with its options, or 404.
pub fn get(conn: &mut PgConnection, id: i64) -> Result<Town, ApiError> {
    let row = towns::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let holidays = towns::holidays_of(conn, id)?;
    Ok(Town {
        id: row.id,
        slug: row.slug.clone(),
        name: row.name.clone(),
        active: row.active,
        settings: settings_of(&row, holidays)?,
    })
}

/// Active towns, for the portal's town picker.
pub fn list_public(conn: &mut PgConnection) -> Result<Vec<TownPublic>, ApiError> {
    Ok(towns::list(conn, true)?
        .into_iter()
        .map(|t| TownPublic {
            id: t.id,
            slug: t.slug,
            name: t.name,
            allow_anonymous: t.allow_anonymous,
            phone: t.phone,
        })
        .collect())
}

/// Every town, for the platform administrator.
pub fn list_all(conn: &mut PgConnection) -> Result<Vec<Town>, ApiError> {
    let ids: Vec<i64> = towns::list(conn, false)?.into_iter().map(|t| t.id).collect();
    ids.into_iter().map(|id| get(conn, id)).collect()
}

fn check_settings(s: &TownSettings) -> Result<(), ApiError> {
    let mut issues = Vec::new();
    if s.opens_at >= s.closes_at {
        issues.push(FieldIssue::new("closes_at", "closes_before_opens"));
    }
    let mut days: Vec<_> = s.holidays.iter().map(|h| h.day).collect();
    days.sort();
    days.dedup();
    if days.len() != s.holidays.len() {
        issues.push(FieldIssue::new("holidays", "duplicate"));
    }
    let own = s.weekday_hours.as_deref().unwrap_or_default();
    if own.iter().any(|h| h.opens >= h.closes) {
        issues.push(FieldIssue::new("weekday_hours", "closes_before_opens"));
    }
    let mut weekdays: Vec<i32> = own.iter().map(|h| h.weekday).collect();
    weekdays.sort_unstable();
    weekdays.dedup();
    if weekdays.len() != own.len() || !weekdays.iter().all(|d| s.business_days.contains(d)) {
        issues.push(FieldIssue::new("weekday_hours", "hours_of_a_closed_day"));
    }
    if issues.is_empty() { Ok(()) } else { Err(ApiError::Validation(issues)) }
}

/// Replaces a town's options and holidays.
pub fn put_settings(conn: &mut PgConnection, id: i64, s: &TownSettings) -> Result<Town, ApiError> {
    check_settings(s)?;
    let mut business_days = s.business_days.clone();
    business_days.sort_unstable();
    business_days.dedup();
    conn.transaction(|conn| {
        let current = towns::find(conn, id)?.ok_or(ApiError::NotFound)?;
        // `off` can be kept (the demo), never chosen; left out, the policy stays.
        let second_factor = s.second_factor.unwrap_or(current.second_factor);
        if second_factor == SecondFactorPolicy::Off && current.second_factor != SecondFactorPolicy::Off {
            return Err(ApiError::field("second_factor", "second_factor_off"));
        }
        let change = SettingsChange {
            allow_anonymous: s.allow_anonymous,
            closure_requires_code: s.closure_requires.intervention_code,
            closure_requires_planned: s.closure_requires.planned_date,
            closure_requires_performed: s.closure_requires.performed_date,
            reminder_lead_days: s.reminder_lead_days,
            duplicate_radius_m: s.duplicate_radius_m,
            retention_months: s.retention_months,
            urgent_delay_days: s.urgent_delay_days,
            hold_limit_days: s.hold_limit_days.unwrap_or(current.hold_limit_days),
            number_padding: s.number_padding,
            business_days,
            opens_at: s.opens_at,
            closes_at: s.closes_at,
            weekday_hours: match &s.weekday_hours {
                Some(own) => {
                    serde_json::to_value(own).map_err(|e| ApiError::caused("a town's hours per weekday", e))?
                }
                None => current.weekday_hours.clone(),
            },
            sender_name: &s.sender_name,
            sender_email: &s.sender_email,
            second_factor,
            phone: s.phone.as_deref().unwrap_or(&current.phone).trim(),
        };
        if towns::update_settings(conn, id, &change)? == 0 {
            return Err(ApiError::NotFound);
        }
        let rows: Vec<HolidayRow> =
            s.holidays.iter().map(|h| HolidayRow { municipality_id: id, day: h.day, name: h.name.clone() }).collect();
        towns::replace_holidays(conn, id, &rows)?;
        get(conn, id)
    })
}

/// Creates a town with default options.
pub fn create(conn: &mut PgConnection, input: &NewTown) -> Result<Town, ApiError> {
    conn.transaction(|conn| {
        let id = towns::insert(conn, &input.slug, input.name.trim()).map_err(|e| match ApiError::from(e) {
            ApiError::Conflict(_) => ApiError::Conflict("slug_taken"),
            other => other,
        })?;
        get(conn, id)
    })
}

/// Renames, deactivates or reactivates a town.
pub fn update(conn: &mut PgConnection, id: i64, patch: &TownPatch) -> Result<Town, ApiError> {
    conn.transaction(|conn| {
        if towns::update_identity(conn, id, patch.name.as_deref().map(str::trim), patch.active)? == 0 {
            return Err(ApiError::NotFound);
        }
        get(conn, id)
    })
}
