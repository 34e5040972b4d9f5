//! Assigning a request to a person of its department.

use civis_domain::wire::{AssignInput, Assignee, RequestDetail};

use super::{Res, call};

/// The people of a department a request may be assigned to.
pub async fn members(town: i64, department: i64) -> Res<Vec<Assignee>> {
    call("GET", format!("/towns/{town}/departments/{department}/members")).send().await
}

pub async fn assign(town: i64, id: i64, version: i32, body: &AssignInput) -> Res<RequestDetail> {
    call("POST", format!("/towns/{town}/requests/{id}/assignee")).if_match(version).json(body).send().await
}
