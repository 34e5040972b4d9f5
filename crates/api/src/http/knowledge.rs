//! The knowledge base: staff search and read every article of a town, administrators and
//! department responsibles write them; the public reads the public ones.

use actix_web::{HttpResponse, get, post, put, web};
use civis_domain::wire::{Article, ArticleHit, ArticleInput, ArticleQuery, ArticleRevision, SelfServiceAnswer};
use validator::Validate;

use super::extract::Authenticated;
use super::json::Json;
use super::valid;
use crate::error::{ApiError, Problem};
use crate::service::knowledge as svc;
use crate::state::State;

/// Searches the town's articles (internal ones included): each word required, French or
/// English, accents and case aside, a typo forgiven in words of four letters or more,
/// title matches first. Without `q`, the most recently updated.
#[utoipa::path(tag = "knowledge", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ArticleQuery),
    responses(
        (status = 200, description = "Matching articles, best first", body = Vec<ArticleHit>),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller's roles do not read the knowledge base", body = Problem),
        (status = 404, description = "Not a town of the caller", body = Problem),
        (status = 422, description = "Query too long or limit out of range", body = Problem)))]
#[get("/towns/{town_id}/kb/articles")]
pub async fn search(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    query: web::Query<ArticleQuery>,
) -> Result<web::Json<Vec<ArticleHit>>, ApiError> {
    let (town, q) = (path.into_inner(), query.into_inner());
    q.validate()?;
    svc::reader(&auth.0, town)?;
    Ok(web::Json(state.db.read(move |conn| svc::search(conn, town, &q, true)).await?))
}

/// Writes a new article (a town administrator; a department responsible for their department).
#[utoipa::path(tag = "knowledge", security(("bearer" = [])), request_body = ArticleInput,
    params(("town_id" = i64, Path, description = "Town id")),
    responses(
        (status = 201, description = "Saved as version 1", body = Article),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller may not write articles", body = Problem),
        (status = 404, description = "Not a town of the caller", body = Problem),
        (status = 422, description = "Invalid fields (or another department's article)", body = Problem)))]
#[post("/towns/{town_id}/kb/articles")]
pub async fn create(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    body: Json<ArticleInput>,
) -> Result<HttpResponse, ApiError> {
    let (town, body) = (path.into_inner(), valid(body)?);
    let article = state.db.run(move |conn| svc::create(conn, &auth.0, town, &body)).await?;
    Ok(HttpResponse::Created().json(article))
}

/// One article, as staff read it.
#[utoipa::path(tag = "knowledge", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Article id")),
    responses(
        (status = 200, description = "The article", body = Article),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller's roles do not read the knowledge base", body = Problem),
        (status = 404, description = "No such article in a town of the caller", body = Problem)))]
#[get("/towns/{town_id}/kb/articles/{id}")]
pub async fn detail(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
) -> Result<web::Json<Article>, ApiError> {
    let (town, id) = path.into_inner();
    svc::reader(&auth.0, town)?;
    Ok(web::Json(state.db.read(move |conn| svc::get(conn, town, id, true)).await?))
}

/// Saves a new version of an article (archive it with `archived: true`).
#[utoipa::path(tag = "knowledge", security(("bearer" = [])), request_body = ArticleInput,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Article id")),
    responses(
        (status = 200, description = "Saved as the next version", body = Article),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller may not write this article", body = Problem),
        (status = 404, description = "No such article in a town of the caller", body = Problem),
        (status = 422, description = "Invalid fields", body = Problem)))]
#[put("/towns/{town_id}/kb/articles/{id}")]
pub async fn replace(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
    body: Json<ArticleInput>,
) -> Result<web::Json<Article>, ApiError> {
    let ((town, id), body) = (path.into_inner(), valid(body)?);
    Ok(web::Json(state.db.run(move |conn| svc::update(conn, &auth.0, town, id, &body)).await?))
}

/// Every saved version of an article, newest first, with who saved it.
#[utoipa::path(tag = "knowledge", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Article id")),
    responses(
        (status = 200, description = "The versions", body = Vec<ArticleRevision>),
        (status = 401, description = "No valid token", body = Problem),
        (status = 403, description = "The caller's roles do not read the knowledge base", body = Problem),
        (status = 404, description = "No such article in a town of the caller", body = Problem)))]
#[get("/towns/{town_id}/kb/articles/{id}/revisions")]
pub async fn revisions(
    state: State,
    path: web::Path<(i64, i64)>,
    auth: Authenticated,
) -> Result<web::Json<Vec<ArticleRevision>>, ApiError> {
    let (town, id) = path.into_inner();
    svc::reader(&auth.0, town)?;
    Ok(web::Json(state.db.run(move |conn| svc::revisions(conn, town, id)).await?))
}

/// The town's public help: its public articles, searched like the staff's.
#[utoipa::path(tag = "public", params(("town_id" = i64, Path, description = "Town id"), ArticleQuery),
    responses(
        (status = 200, description = "Matching public articles, best first", body = Vec<ArticleHit>),
        (status = 404, description = "No such active town", body = Problem),
        (status = 422, description = "Query too long or limit out of range", body = Problem)))]
#[get("/towns/{town_id}/public/help")]
pub async fn public_search(
    state: State,
    path: web::Path<i64>,
    query: web::Query<ArticleQuery>,
) -> Result<web::Json<Vec<ArticleHit>>, ApiError> {
    let (town, q) = (path.into_inner(), query.into_inner());
    q.validate()?;
    Ok(web::Json(state.db.read(move |conn| svc::public_search(conn, town, &q)).await?))
}

/// One public article.
#[utoipa::path(tag = "public",
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Article id")),
    responses(
        (status = 200, description = "The article", body = Article),
        (status = 404, description = "No such public article", body = Problem)))]
#[get("/towns/{town_id}/public/help/{id}")]
pub async fn public_detail(state: State, path: web::Path<(i64, i64)>) -> Result<web::Json<Article>, ApiError> {
    let (town, id) = path.into_inner();
    Ok(web::Json(state.db.read(move |conn| svc::public_get(conn, town, id)).await?))
}

/// "This answered my question": counted as a question resolved without a request.
#[utoipa::path(tag = "public", request_body = SelfServiceAnswer,
    params(("town_id" = i64, Path, description = "Town id"), ("id" = i64, Path, description = "Article id")),
    responses(
        (status = 204, description = "Counted"),
        (status = 404, description = "No such public article", body = Problem),
        (status = 422, description = "Unknown category", body = Problem),
        (status = 429, description = "Too many answers from this client; see Retry-After", body = Problem)))]
#[post("/towns/{town_id}/public/help/{id}/answered")]
pub async fn answered(
    state: State,
    path: web::Path<(i64, i64)>,
    client: super::client::ClientAddr,
    body: Json<SelfServiceAnswer>,
) -> Result<HttpResponse, ApiError> {
    let ((town, id), node) = (path.into_inner(), body.into_inner().node_id);
    let st = state.clone();
    state
        .db
        .run(move |conn| {
            st.limits.hit(conn, &crate::limits::FEEDBACK_CLIENT, &client.0)?;
            svc::answered(conn, town, id, node)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
