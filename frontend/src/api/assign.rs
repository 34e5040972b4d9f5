//! Staff work beside the request itself: assigning it to a person of its department, the
//! duplicate check while taking a call, the monthly lists.

use civis_domain::wire::{AssignInput, Assignee, MonthlyLists, PublicRequest, RequestDetail};

use super::{Res, call};

/// The people of a department a request may be assigned to.
pub async fn members(town: i64, department: i64) -> Res<Vec<Assignee>> {
    call("GET", format!("/towns/{town}/departments/{department}/members")).send().await
}

pub async fn assign(town: i64, id: i64, version: i32, body: &AssignInput) -> Res<RequestDetail> {
    call("POST", format!("/towns/{town}/requests/{id}/assignee")).if_match(version).json(body).send().await
}

/// Puts a request on hold until the citizen answers (the message reaches them by email).
pub async fn hold(town: i64, id: i64, body: &civis_domain::wire::HoldInput) -> Res<RequestDetail> {
    call("POST", format!("/towns/{town}/requests/{id}/hold")).json(body).send().await
}

/// Resumes a request waiting on the citizen.
pub async fn resume(town: i64, id: i64) -> Res<RequestDetail> {
    call("POST", format!("/towns/{town}/requests/{id}/resume")).json(&serde_json::json!({})).send().await
}

/// Open requests of the category near the point, private ones too (staff).
pub async fn staff_nearby(town: i64, node: i64, lat: f64, lng: f64) -> Res<Vec<PublicRequest>> {
    call("GET", format!("/towns/{town}/nearby?node_id={node}&lat={lat}&lng={lng}")).send().await
}

/// The monthly lists (an elected official's home).
pub async fn monthly_lists(town: i64) -> Res<MonthlyLists> {
    call("GET", format!("/towns/{town}/monthly-lists")).send().await
}
