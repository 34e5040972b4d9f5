//! Town administration endpoints.

use civis_domain::wire::*;

use super::{Res, call};

pub async fn admin_town(town: i64) -> Res<Town> {
    call("GET", format!("/admin/towns/{town}")).send().await
}

pub async fn put_settings(town: i64, settings: &TownSettings) -> Res<Town> {
    call("PUT", format!("/admin/towns/{town}/settings")).json(settings).send().await
}

pub async fn admin_departments(town: i64) -> Res<Vec<Department>> {
    call("GET", format!("/admin/towns/{town}/departments")).send().await
}

/// Creates (`id` none) or replaces a department.
pub async fn save_department(town: i64, id: Option<i64>, body: &DepartmentInput) -> Res<Department> {
    match id {
        None => call("POST", format!("/admin/towns/{town}/departments")).json(body).send().await,
        Some(id) => call("PUT", format!("/admin/towns/{town}/departments/{id}")).json(body).send().await,
    }
}

pub async fn admin_taxonomy(town: i64) -> Res<Vec<TaxonomyNode>> {
    call("GET", format!("/admin/towns/{town}/taxonomy")).send().await
}

/// Creates (`id` none) or replaces a taxonomy node.
pub async fn save_node(town: i64, id: Option<i64>, body: &NodeInput) -> Res<TaxonomyNode> {
    match id {
        None => call("POST", format!("/admin/towns/{town}/taxonomy")).json(body).send().await,
        Some(id) => call("PUT", format!("/admin/towns/{town}/taxonomy/{id}")).json(body).send().await,
    }
}

pub async fn set_node_active(town: i64, id: i64, active: bool) -> Res<TaxonomyNode> {
    let verb = if active { "restore" } else { "retire" };
    call("POST", format!("/admin/towns/{town}/taxonomy/{id}/{verb}")).send().await
}

pub async fn add_question(town: i64, node: i64, body: &QuestionInput) -> Res<Question> {
    call("POST", format!("/admin/towns/{town}/taxonomy/{node}/questions")).json(body).send().await
}

pub async fn replace_question(town: i64, id: i64, body: &QuestionInput) -> Res<Question> {
    call("PUT", format!("/admin/towns/{town}/questions/{id}")).json(body).send().await
}

pub async fn staff_users(town: i64) -> Res<Vec<StaffUser>> {
    call("GET", format!("/admin/towns/{town}/users")).send().await
}

pub async fn create_staff_user(town: i64, body: &NewStaffUser) -> Res<StaffUser> {
    call("POST", format!("/admin/towns/{town}/users")).json(body).send().await
}

pub async fn update_staff_user(town: i64, id: i64, body: &StaffUserPatch) -> Res<StaffUser> {
    call("PATCH", format!("/admin/towns/{town}/users/{id}")).json(body).send().await
}

/// Resets a staff member's second factor (a lost phone): they enrol again at next sign-in.
pub async fn reset_second_factor(town: i64, user: i64) -> Res<()> {
    call("DELETE", format!("/admin/towns/{town}/users/{user}/second-factor")).done().await
}

/// The town's API keys for integrators' apps.
pub async fn api_keys(town: i64) -> Res<Vec<ApiKey>> {
    call("GET", format!("/admin/towns/{town}/api-keys")).send().await
}

/// Issues a key: the answer holds its secret, shown once.
pub async fn issue_api_key(town: i64, body: &ApiKeyInput) -> Res<IssuedApiKey> {
    call("POST", format!("/admin/towns/{town}/api-keys")).json(body).send().await
}

pub async fn revoke_api_key(town: i64, id: i64) -> Res<ApiKey> {
    call("DELETE", format!("/admin/towns/{town}/api-keys/{id}")).send().await
}

/// The town's webhook endpoints.
pub async fn webhooks(town: i64) -> Res<Vec<WebhookEndpoint>> {
    call("GET", format!("/admin/towns/{town}/webhooks")).send().await
}

/// Registers an endpoint: the answer holds its signing secret, shown once.
pub async fn register_webhook(town: i64, body: &WebhookEndpointInput) -> Res<RegisteredWebhook> {
    call("POST", format!("/admin/towns/{town}/webhooks")).json(body).send().await
}

pub async fn replace_webhook(town: i64, id: i64, body: &WebhookEndpointInput) -> Res<WebhookEndpoint> {
    call("PUT", format!("/admin/towns/{town}/webhooks/{id}")).json(body).send().await
}

pub async fn webhook_deliveries(town: i64, id: i64) -> Res<Vec<WebhookDelivery>> {
    call("GET", format!("/admin/towns/{town}/webhooks/{id}/deliveries")).send().await
}

pub async fn resend_delivery(town: i64, id: i64, delivery: i64) -> Res<WebhookDelivery> {
    call("POST", format!("/admin/towns/{town}/webhooks/{id}/deliveries/{delivery}/resend")).send().await
}
