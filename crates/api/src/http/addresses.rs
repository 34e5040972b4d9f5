//! The address register: its import by a town administrator, the autocomplete and the
//! reverse lookup of the wizard, and the town's territory for its maps.

use actix_web::{get, put, web};
use civis_domain::wire::{AddressHit, AddressQuery, NearestQuery, RegisterImported, Territory};
use futures_util::StreamExt;
use validator::Validate;

use super::extract::TownAdmin;
use crate::error::{ApiError, Problem};
use crate::service::addresses as svc;
use crate::state::State;

/// The largest register file accepted (about 700 000 addresses).
const MAX_FILE: usize = 40 * 1024 * 1024;

/// Windows-1252 (what a spreadsheet saves in Quebec) for a file that is not UTF-8.
fn decode(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| {
        e.into_bytes()
            .into_iter()
            .map(|b| match b {
                0x80 => '€',
                0x8C => 'Œ',
                0x91 | 0x92 => '\'',
                0x93 | 0x94 => '"',
                0x96 | 0x97 => '-',
                0x9C => 'œ',
                b => char::from(b),
            })
            .collect()
    })
}

/// Replaces the town's address register with a CSV file: a header naming `civic_number`,
/// `street`, `postal_code`, `latitude`, `longitude` (or `numero_civique`, `rue`,
/// `code_postal`…), separated by commas or semicolons, UTF-8 or Windows-1252. A file with
/// any error changes nothing; its errors name their lines (`lines.7.latitude`).
#[utoipa::path(tag = "administration", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id")),
    request_body(content = String, content_type = "text/csv",
        example = "civic_number,street,postal_code,latitude,longitude\n12,rue des Érables,J0R 1R0,45.8612,-74.0531\n"),
    responses(
        (status = 200, description = "The register now holds these", body = RegisterImported),
        (status = 403, description = "Not an administrator of this town", body = Problem),
        (status = 413, description = "File larger than 40 MB", body = Problem),
        (status = 422, description = "Errors of the file, by line; nothing imported", body = Problem),
    ))]
#[put("/admin/towns/{town_id}/addresses")]
pub async fn import(
    state: State,
    admin: TownAdmin,
    mut body: web::Payload,
) -> Result<web::Json<RegisterImported>, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| ApiError::BadRequest { code: "invalid_value", detail: e.to_string() })?;
        if bytes.len() + chunk.len() > MAX_FILE {
            return Err(ApiError::PayloadTooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    let text = decode(bytes);
    let town = admin.town_id;
    Ok(web::Json(state.db.run(move |conn| svc::import(conn, town, &text)).await?))
}

/// Autocomplete from the town's register as the citizen types, accents and case aside:
/// addresses when the text begins with a civic number, streets otherwise.
#[utoipa::path(tag = "public", params(("town_id" = i64, Path, description = "Town id"), AddressQuery),
    responses((status = 200, description = "Up to `limit` addresses or streets", body = Vec<AddressHit>),
              (status = 422, description = "Text too long or limit out of range", body = Problem)))]
#[get("/towns/{town_id}/public/addresses")]
pub async fn search(
    state: State,
    path: web::Path<i64>,
    query: web::Query<AddressQuery>,
) -> Result<web::Json<Vec<AddressHit>>, ApiError> {
    let q = query.into_inner();
    q.validate()?;
    let limit = q.limit.unwrap_or(8);
    let town = path.into_inner();
    Ok(web::Json(state.db.read(move |conn| svc::search(conn, town, &q.q, i64::from(limit))).await?))
}

/// The address nearest a point (a pin turned into words), within about 300 m.
#[utoipa::path(tag = "public", params(("town_id" = i64, Path, description = "Town id"), NearestQuery),
    responses((status = 200, description = "The nearest address", body = AddressHit),
              (status = 404, description = "No address of the register near the point", body = Problem),
              (status = 422, description = "Coordinates out of range", body = Problem)))]
#[get("/towns/{town_id}/public/addresses/nearest")]
pub async fn nearest(
    state: State,
    path: web::Path<i64>,
    query: web::Query<NearestQuery>,
) -> Result<web::Json<AddressHit>, ApiError> {
    let q = query.into_inner();
    q.validate()?;
    super::public_requests::finite("lat", Some(q.lat))?;
    super::public_requests::finite("lng", Some(q.lng))?;
    let town = path.into_inner();
    let (lat, lng) = (civis_domain::territory::snap(q.lat), civis_domain::territory::snap(q.lng));
    let hit = state.db.read(move |conn| svc::nearest(conn, town, lat, lng)).await?;
    hit.map(web::Json).ok_or(ApiError::NotFound)
}

/// The town's outline (from its register), where its maps open, and its duplicate radius.
#[utoipa::path(tag = "public", params(("town_id" = i64, Path, description = "Town id")),
    responses((status = 200, description = "The territory", body = Territory),
              (status = 404, description = "No such active town", body = Problem)))]
#[get("/towns/{town_id}/public/territory")]
pub async fn territory(state: State, path: web::Path<i64>) -> Result<web::Json<Territory>, ApiError> {
    let town = path.into_inner();
    Ok(web::Json(state.db.read(move |conn| svc::territory(conn, town)).await?))
}
