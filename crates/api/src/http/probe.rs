//! The benchmark's bare probes, served only with `BENCH_PROBES=1` (`make bench` sets it;
//! nothing else does): the staff list's keyset statement alone, and one insert of a request
//! row, through the same pool and HTTP stack as the product's routes but without sign-in,
//! counts, time limit or the rest of a filing. Each benchmark line is read against them
//! (docs/PERFORMANCE.md). Outside `/api/`, and not in the API document.

use actix_web::{HttpResponse, web};
use chrono::Datelike;
use serde::Deserialize;

use crate::db;
use crate::error::ApiError;
use crate::state::State;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/bench/list").route(web::get().to(list)))
        .service(web::resource("/bench/insert").route(web::post().to(insert)));
}

#[derive(Deserialize)]
struct ListQuery {
    town: i64,
    /// The stored tab (0 not transferred, 1 open, 2 closed).
    tab: i16,
    #[serde(default = "page_size")]
    limit: i64,
}

fn page_size() -> i64 {
    25
}

async fn list(state: State, q: web::Query<ListQuery>) -> Result<HttpResponse, ApiError> {
    let ListQuery { town, tab, limit } = q.into_inner();
    let rows = state.db.run(move |c| Ok(db::probe::first_page(c, town, tab, limit.clamp(1, 100))?)).await?;
    Ok(HttpResponse::Ok().json(rows))
}

#[derive(Deserialize)]
struct InsertQuery {
    town: i64,
    /// One of the town's categories.
    node: i64,
}

async fn insert(state: State, q: web::Query<InsertQuery>) -> Result<HttpResponse, ApiError> {
    let InsertQuery { town, node } = q.into_inner();
    // UTC's year: a baseline's rows need a number, not the town's calendar (one statement).
    let year = crate::clock::now().year();
    let (id, number) = state.db.run(move |c| Ok(db::probe::insert(c, town, node, year)?)).await?;
    Ok(HttpResponse::Created().json(serde_json::json!({ "id": id, "number": number })))
}
