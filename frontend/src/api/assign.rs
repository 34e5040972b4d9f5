//! Staff work beside the request itself: assigning it to a person of its department, and
//! the duplicate check while taking a call.

use civis_domain::wire::{AssignInput, Assignee, PublicRequest, RequestDetail};

use super::{Res, call};

/// The people of a department a request may be assigned to.
pub async fn members(town: i64, department: i64) -> Res<Vec<Assignee>> {
    call("GET", format!("/towns/{town}/departments/{department}/members")).send().await
}

pub async fn assign(town: i64, id: i64, version: i32, body: &AssignInput) -> Res<RequestDetail> {
    call("POST", format!("/towns/{town}/requests/{id}/assignee")).if_match(version).json(body).send().await
}

/// Open requests of the category near the point, private ones too (staff).
pub async fn staff_nearby(town: i64, node: i64, lat: f64, lng: f64) -> Res<Vec<PublicRequest>> {
    call("GET", format!("/towns/{town}/nearby?node_id={node}&lat={lat}&lng={lng}")).send().await
}
