//! Staff accounts: a town administrator manages the town's staff and their roles; the
//! platform administrator manages operator agents, who may serve several towns.

use std::str::FromStr;

use civis_domain::wire::{Grant, NewOperator, NewStaffUser, StaffUser, StaffUserPatch};
use civis_domain::{Lang, Role};
use diesel::prelude::*;

use crate::db::departments;
use crate::db::towns;
use crate::db::users::{self, GrantRow, NewUserRow, UserRow};
use crate::error::ApiError;

fn to_wire(
    conn: &mut PgConnection,
    u: UserRow,
    grants: Vec<GrantRow>,
    town: Option<i64>,
) -> Result<StaffUser, ApiError> {
    let second_factor = crate::db::second_factor::enrolled(conn, u.id)?;
    Ok(StaffUser {
        id: u.id,
        email: u.email,
        first_name: u.first_name,
        last_name: u.last_name,
        language: u.language,
        active: u.active,
        second_factor,
        grants: grants
            .into_iter()
            .filter(|g| town.is_none_or(|t| g.municipality_id == t))
            .filter_map(|g| {
                Some(Grant {
                    municipality_id: g.municipality_id,
                    role: Role::from_str(&g.role).ok()?,
                    department_id: g.department_id,
                })
            })
            .collect(),
    })
}

fn staff_user(conn: &mut PgConnection, town: i64, id: i64) -> Result<StaffUser, ApiError> {
    let user = users::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let grants = users::grants_of(conn, id)?;
    if !grants.iter().any(|g| g.municipality_id == town) {
        return Err(ApiError::NotFound);
    }
    to_wire(conn, user, grants, Some(town))
}

/// The town's staff with their roles in this town only.
pub fn list(conn: &mut PgConnection, town: i64) -> Result<Vec<StaffUser>, ApiError> {
    let rows = users::staff_of_town(conn, town)?;
    rows.into_iter()
        .map(|u| {
            let grants = users::grants_of(conn, u.id)?;
            to_wire(conn, u, grants, Some(town))
        })
        .collect()
}

/// Grant rows for roles in a town. A town administrator grants any role but the operator
/// agent's, which belongs to the platform administrator; a department responsible needs
/// a department of the town.
fn grant_rows(
    conn: &mut PgConnection,
    town: i64,
    user_id: i64,
    roles: &[Role],
    department_id: Option<i64>,
) -> Result<Vec<GrantRow>, ApiError> {
    if roles.is_empty() {
        return Err(ApiError::field("roles", "required"));
    }
    if roles.contains(&Role::OperatorAgent) {
        return Err(ApiError::field("roles", "role_not_allowed"));
    }
    let responsible = roles.contains(&Role::DepartmentResponsible);
    let department_id = match (responsible, department_id) {
        (true, None) => return Err(ApiError::field("department_id", "department_required")),
        (true, Some(d)) => {
            departments::find(conn, town, d)?.ok_or_else(|| ApiError::field("department_id", "invalid_reference"))?;
            Some(d)
        }
        (false, _) => None,
    };
    let mut roles = roles.to_vec();
    roles.sort_by_key(|r| r.as_str());
    roles.dedup();
    Ok(roles
        .into_iter()
        .map(|r| GrantRow {
            user_id,
            municipality_id: town,
            role: r.as_str().into(),
            department_id: (r == Role::DepartmentResponsible).then_some(department_id).flatten(),
        })
        .collect())
}

/// Who a new staff account is: (first name, last name, language).
pub(crate) type StaffName<'a> = (&'a str, &'a str, Lang);

/// A new staff account (a platform administrator when `platform_admin`); an address
/// already used by a staff account is refused.
pub(crate) fn new_staff(
    conn: &mut PgConnection,
    email: &str,
    hash: &str,
    (first, last, lang): StaffName,
    platform_admin: bool,
) -> Result<i64, ApiError> {
    let email = email.trim().to_lowercase();
    if users::find_by_email(conn, &email, "staff")?.is_some() {
        return Err(ApiError::Conflict("email_taken"));
    }
    Ok(users::insert(
        conn,
        &NewUserRow {
            email: &email,
            password_hash: hash,
            first_name: first.trim(),
            last_name: last.trim(),
            phone: None,
            language: lang.as_str(),
            kind: "staff",
            platform_admin,
            email_confirmed_at: Some(crate::clock::now()),
        },
    )?)
}

/// Creates a staff account with roles in the town; `hash` is its password's, computed
/// beforehand (`password::hash_new`) so that no connection waits on it.
pub fn create(conn: &mut PgConnection, town: i64, input: &NewStaffUser, hash: &str) -> Result<StaffUser, ApiError> {
    conn.transaction(|conn| {
        let id = new_staff(conn, &input.email, hash, (&input.first_name, &input.last_name, input.language), false)?;
        let rows = grant_rows(conn, town, id, &input.roles, input.department_id)?;
        users::replace_grants(conn, id, town, &rows)?;
        staff_user(conn, town, id)
    })
}

/// Updates a staff member's name, activity or roles in the town. Deactivating an account
/// that also serves other towns is left to the platform administrator, and so is any
/// change to a platform administrator's account (`by_platform`: whether the caller is one).
pub fn update(
    conn: &mut PgConnection,
    town: i64,
    id: i64,
    patch: &StaffUserPatch,
    by_platform: bool,
) -> Result<StaffUser, ApiError> {
    conn.transaction(|conn| {
        let grants = users::grants_of(conn, id)?;
        if !grants.iter().any(|g| g.municipality_id == town) {
            return Err(ApiError::NotFound);
        }
        if !by_platform && users::find(conn, id)?.is_some_and(|u| u.platform_admin) {
            return Err(ApiError::Forbidden);
        }
        if patch.active.is_some() && grants.iter().any(|g| g.municipality_id != town) {
            return Err(ApiError::Forbidden);
        }
        if let Some(roles) = &patch.roles {
            let rows = grant_rows(conn, town, id, roles, patch.department_id)?;
            users::replace_grants(conn, id, town, &rows)?;
        }
        users::update_profile(conn, id, patch.first_name.as_deref(), patch.last_name.as_deref(), patch.active)?;
        staff_user(conn, town, id)
    })
}

/// Every operator agent with the towns they serve.
pub fn list_operators(conn: &mut PgConnection) -> Result<Vec<StaffUser>, ApiError> {
    users::operators(conn)?
        .into_iter()
        .map(|u| {
            let grants = users::grants_of(conn, u.id)?.into_iter().filter(|g| g.role == "operator_agent").collect();
            to_wire(conn, u, grants, None)
        })
        .collect()
}

fn operator(conn: &mut PgConnection, id: i64) -> Result<StaffUser, ApiError> {
    list_operators(conn)?.into_iter().find(|o| o.id == id).ok_or(ApiError::NotFound)
}

fn check_towns(conn: &mut PgConnection, ids: &[i64]) -> Result<Vec<i64>, ApiError> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for &t in &ids {
        towns::find(conn, t)?.ok_or_else(|| ApiError::field("town_ids", "unknown_town"))?;
    }
    Ok(ids)
}

/// Creates an operator agent serving the given towns (`hash` as for `create`).
pub fn create_operator(conn: &mut PgConnection, input: &NewOperator, hash: &str) -> Result<StaffUser, ApiError> {
    conn.transaction(|conn| {
        let towns = check_towns(conn, &input.town_ids)?;
        let id = new_staff(conn, &input.email, hash, (&input.first_name, &input.last_name, input.language), false)?;
        users::replace_operator_grants(conn, id, &towns)?;
        operator(conn, id)
    })
}

/// Replaces the towns an operator agent serves.
pub fn set_operator_towns(conn: &mut PgConnection, id: i64, town_ids: &[i64]) -> Result<StaffUser, ApiError> {
    conn.transaction(|conn| {
        operator(conn, id)?;
        let towns = check_towns(conn, town_ids)?;
        users::replace_operator_grants(conn, id, &towns)?;
        operator(conn, id)
    })
}
