//! A town administrator's taxonomy: nodes, questions and options.

use actix_web::{HttpResponse, get, post, put, web};
use civis_domain::wire::{NodeInput, OptionInput, Question, QuestionInput, TaxonomyNode};

use super::extract::TownAdmin;
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service::taxonomy as svc;
use crate::state::State;

/// The whole tree, retired nodes included.
#[utoipa::path(tag = "administration", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id")),
    responses((status = 200, description = "All nodes, flat", body = Vec<TaxonomyNode>),
              (status = 404, description = "No such town among the caller's", body = Problem)))]
#[get("/admin/towns/{town_id}/taxonomy")]
pub async fn list(state: State, admin: TownAdmin) -> Result<web::Json<Vec<TaxonomyNode>>, ApiError> {
    let town = admin.town_id;
    Ok(web::Json(state.db.run(move |conn| svc::tree(conn, town, false)).await?))
}

/// Adds a category (no `parent_id`), an event or a sub-event.
#[utoipa::path(tag = "administration", security(("bearer" = [])), request_body = NodeInput,
    params(("town_id" = i64, Path, description = "Town id")),
    responses((status = 201, description = "Created", body = TaxonomyNode),
              (status = 422, description = "Invalid fields, parent or department", body = Problem)))]
#[post("/admin/towns/{town_id}/taxonomy")]
pub async fn create(state: State, admin: TownAdmin, body: Json<NodeInput>) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let town = admin.town_id;
    let node = state.db.run(move |conn| svc::create_node(conn, town, &body)).await?;
    Ok(HttpResponse::Created().json(node))
}

/// Replaces a node's names and settings (its parent cannot change).
#[utoipa::path(tag = "administration", security(("bearer" = [])), request_body = NodeInput,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Node id")),
    responses((status = 200, description = "Saved", body = TaxonomyNode),
              (status = 404, description = "No such node in this town", body = Problem)))]
#[put("/admin/towns/{town_id}/taxonomy/{id}")]
pub async fn replace(
    state: State,
    admin: TownAdmin,
    path: web::Path<(i64, i64)>,
    body: Json<NodeInput>,
) -> Result<web::Json<TaxonomyNode>, ApiError> {
    let body = valid(body)?;
    let (town, id) = (admin.town_id, path.1);
    Ok(web::Json(state.db.run(move |conn| svc::replace_node(conn, town, id, &body)).await?))
}

/// Retires a node: no new request can be filed under it or below it; old ones keep it.
#[utoipa::path(tag = "administration", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Node id")),
    responses((status = 200, description = "Retired", body = TaxonomyNode),
              (status = 404, description = "No such node in this town", body = Problem)))]
#[post("/admin/towns/{town_id}/taxonomy/{id}/retire")]
pub async fn retire(
    state: State,
    admin: TownAdmin,
    path: web::Path<(i64, i64)>,
) -> Result<web::Json<TaxonomyNode>, ApiError> {
    let (town, id) = (admin.town_id, path.1);
    Ok(web::Json(state.db.run(move |conn| svc::set_active(conn, town, id, false)).await?))
}

/// Puts a retired node back in service.
#[utoipa::path(tag = "administration", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Node id")),
    responses((status = 200, description = "Active again", body = TaxonomyNode),
              (status = 404, description = "No such node in this town", body = Problem)))]
#[post("/admin/towns/{town_id}/taxonomy/{id}/restore")]
pub async fn restore(
    state: State,
    admin: TownAdmin,
    path: web::Path<(i64, i64)>,
) -> Result<web::Json<TaxonomyNode>, ApiError> {
    let (town, id) = (admin.town_id, path.1);
    Ok(web::Json(state.db.run(move |conn| svc::set_active(conn, town, id, true)).await?))
}

/// Adds a question to a node; choice questions come with their options.
#[utoipa::path(tag = "administration", security(("bearer" = [])), request_body = QuestionInput,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Node id")),
    responses((status = 201, description = "Created", body = Question),
              (status = 404, description = "No such node in this town", body = Problem),
              (status = 422, description = "Invalid question", body = Problem)))]
#[post("/admin/towns/{town_id}/taxonomy/{id}/questions")]
pub async fn create_question(
    state: State,
    admin: TownAdmin,
    path: web::Path<(i64, i64)>,
    body: Json<QuestionInput>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let (town, node) = (admin.town_id, path.1);
    let q = state.db.run(move |conn| svc::create_question(conn, town, node, &body)).await?;
    Ok(HttpResponse::Created().json(q))
}

/// Replaces a question's wording and rules (options are managed on their own route).
#[utoipa::path(tag = "administration", security(("bearer" = [])), request_body = QuestionInput,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Question id")),
    responses((status = 200, description = "Saved", body = Question),
              (status = 404, description = "No such question in this town", body = Problem)))]
#[put("/admin/towns/{town_id}/questions/{id}")]
pub async fn replace_question(
    state: State,
    admin: TownAdmin,
    path: web::Path<(i64, i64)>,
    body: Json<QuestionInput>,
) -> Result<web::Json<Question>, ApiError> {
    let body = valid(body)?;
    let (town, id) = (admin.town_id, path.1);
    Ok(web::Json(state.db.run(move |conn| svc::replace_question(conn, town, id, &body)).await?))
}

/// Adds a choice to a choice question.
#[utoipa::path(tag = "administration", security(("bearer" = [])), request_body = OptionInput,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Question id")),
    responses((status = 201, description = "The question with its options", body = Question),
              (status = 409, description = "Code already used", body = Problem)))]
#[post("/admin/towns/{town_id}/questions/{id}/options")]
pub async fn create_option(
    state: State,
    admin: TownAdmin,
    path: web::Path<(i64, i64)>,
    body: Json<OptionInput>,
) -> Result<HttpResponse, ApiError> {
    let body = valid(body)?;
    let (town, id) = (admin.town_id, path.1);
    let q = state.db.run(move |conn| svc::create_option(conn, town, id, &body)).await?;
    Ok(HttpResponse::Created().json(q))
}

/// Replaces a choice (retire it with `active: false`).
#[utoipa::path(tag = "administration", security(("bearer" = [])), request_body = OptionInput,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Question id"),
           ("option_id" = i64, Path, description = "Option id")),
    responses((status = 200, description = "The question with its options", body = Question),
              (status = 404, description = "No such option", body = Problem)))]
#[put("/admin/towns/{town_id}/questions/{id}/options/{option_id}")]
pub async fn replace_option(
    state: State,
    admin: TownAdmin,
    path: web::Path<(i64, i64, i64)>,
    body: Json<OptionInput>,
) -> Result<web::Json<Question>, ApiError> {
    let body = valid(body)?;
    let (town, qid, oid) = (admin.town_id, path.1, path.2);
    Ok(web::Json(state.db.run(move |conn| svc::replace_option(conn, town, qid, oid, &body)).await?))
}
