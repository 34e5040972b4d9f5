//! A town administrator's departments.

use civis_domain::wire::{Department, DepartmentInput};
use diesel::prelude::*;

use crate::db::departments::{self, DepartmentChange, DepartmentRow};
use crate::db::users;
use crate::error::ApiError;

fn to_wire(r: DepartmentRow) -> Department {
    Department {
        id: r.id,
        code: r.code,
        name_fr: r.name_fr,
        name_en: r.name_en,
        responsible_user_id: r.responsible_user_id,
        notification_email: r.notification_email,
        active: r.active,
    }
}

pub fn list(conn: &mut PgConnection, town: i64) -> Result<Vec<Department>, ApiError> {
    Ok(departments::list(conn, town)?.into_iter().map(to_wire).collect())
}

/// The responsible person must be staff of this same town.
fn check(conn: &mut PgConnection, town: i64, input: &DepartmentInput) -> Result<(), ApiError> {
    if let Some(uid) = input.responsible_user_id {
        let holds = users::grants_of(conn, uid)?.iter().any(|g| g.municipality_id == town);
        if !holds {
            return Err(ApiError::field("responsible_user_id", "invalid_reference"));
        }
    }
    Ok(())
}

fn change(input: &DepartmentInput) -> DepartmentChange<'_> {
    DepartmentChange {
        code: &input.code,
        name_fr: input.name_fr.trim(),
        name_en: input.name_en.trim(),
        responsible_user_id: input.responsible_user_id,
        notification_email: input.notification_email.as_deref(),
        active: input.active,
    }
}

fn code_taken(e: diesel::result::Error) -> ApiError {
    match ApiError::from(e) {
        ApiError::Conflict(_) => ApiError::Conflict("code_taken"),
        other => other,
    }
}

pub fn create(conn: &mut PgConnection, town: i64, input: &DepartmentInput) -> Result<Department, ApiError> {
    conn.transaction(|conn| {
        check(conn, town, input)?;
        let id = departments::insert(conn, town, &change(input)).map_err(code_taken)?;
        departments::find(conn, town, id)?.map(to_wire).ok_or(ApiError::NotFound)
    })
}

pub fn replace(conn: &mut PgConnection, town: i64, id: i64, input: &DepartmentInput) -> Result<Department, ApiError> {
    conn.transaction(|conn| {
        check(conn, town, input)?;
        if departments::update(conn, town, id, &change(input)).map_err(code_taken)? == 0 {
            return Err(ApiError::NotFound);
        }
        departments::find(conn, town, id)?.map(to_wire).ok_or(ApiError::NotFound)
    })
}
