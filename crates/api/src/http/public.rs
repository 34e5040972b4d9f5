//! What anyone may read without signing in.

use actix_web::{get, web};
use civis_domain::wire::{TaxonomyNode, TownPublic};

use crate::db::towns;
use crate::error::{ApiError, Problem};
use crate::service;
use crate::state::State;

/// Active towns.
#[utoipa::path(tag = "public", responses((status = 200, description = "Towns", body = Vec<TownPublic>)))]
#[get("/towns")]
pub async fn list_towns(state: State) -> Result<web::Json<Vec<TownPublic>>, ApiError> {
    Ok(web::Json(state.db.read(service::towns::list_public).await?))
}

/// The active taxonomy of a town with its questions (French and English), flat: each node
/// names its parent.
#[utoipa::path(tag = "public", params(("town_id" = i64, Path, description = "Town id")), responses(
    (status = 200, description = "Active nodes in display order", body = Vec<TaxonomyNode>),
    (status = 404, description = "No such active town", body = Problem),
))]
#[get("/towns/{town_id}/taxonomy")]
pub async fn taxonomy(state: State, path: web::Path<i64>) -> Result<web::Json<Vec<TaxonomyNode>>, ApiError> {
    let town = path.into_inner();
    let tree = state
        .db
        .read(move |conn| {
            towns::find(conn, town)?.filter(|t| t.active).ok_or(ApiError::NotFound)?;
            service::taxonomy::tree(conn, town, true)
        })
        .await?;
    Ok(web::Json(tree))
}
