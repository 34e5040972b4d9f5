//! Loi 25 for the director, the town's privacy officer: a person's file, and
//! anonymization on a person's request with the record of every run.

use actix_web::{HttpResponse, get, post, web};
use civis_domain::wire::{AccessEntry, Anonymization, AnonymizeInput, ArchiveLang, PersonFile, PersonQuery};
use validator::Validate;

use super::extract::Authenticated;
use crate::error::{ApiError, Problem};
use crate::state::State;

/// Everything the town holds about a person, found by email or phone (either matches;
/// phones by their last ten digits): the requests they filed (with their contact) or
/// follow, their replies and what the town sent them, the calls logged under them, the
/// files they sent, their survey answers and their citizen account. For the director;
/// each request in it is journaled as read.
#[utoipa::path(tag = "privacy", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), PersonQuery),
    responses((status = 200, description = "The person's file", body = PersonFile),
              (status = 401, description = "No valid token", body = Problem),
              (status = 403, description = "Not the town's director", body = Problem),
              (status = 404, description = "Not a town of the caller", body = Problem),
              (status = 422, description = "Neither an email nor a phone, or one malformed", body = Problem)))]
#[get("/towns/{town_id}/privacy/person")]
pub async fn person_file(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    query: web::Query<PersonQuery>,
) -> Result<web::Json<PersonFile>, ApiError> {
    let q = query.into_inner();
    q.validate()?;
    let town = path.into_inner();
    Ok(web::Json(state.db.run(move |conn| crate::service::person::file(conn, &auth.0, town, &q)).await?))
}

/// Anonymizes a person on their request (found as for their file): their requests'
/// contacts become a tombstone, their name, email and phone leave the texts of those
/// requests and of their calls, their follow-ups and the emails sent to them are removed,
/// their photo originals and documents are deleted (the metadata-free public copies of
/// photos stay), their citizen account is closed (detached only when it holds another
/// town's requests). Requests stay and are still counted. Cannot be undone:
/// `irreversible` must be true. The run is recorded without whom.
#[utoipa::path(tag = "privacy", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id")),
    request_body = AnonymizeInput,
    responses((status = 200, description = "What was anonymized (counts)", body = Anonymization),
              (status = 401, description = "No valid token", body = Problem),
              (status = 403, description = "Not the town's director", body = Problem),
              (status = 404, description = "Not a town of the caller", body = Problem),
              (status = 422, description = "Neither an email nor a phone, no reason, or not acknowledged as irreversible", body = Problem)))]
#[post("/towns/{town_id}/privacy/anonymize")]
pub async fn anonymize(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    body: web::Json<AnonymizeInput>,
) -> Result<web::Json<Anonymization>, ApiError> {
    let input = body.into_inner();
    input.validate()?;
    let town = path.into_inner();
    let done = state.db.run(move |conn| crate::service::anonymize::person(conn, &auth.0, town, &input)).await?;
    remove_files(&state, &done.files).await;
    Ok(web::Json(done.run))
}

/// Deletes stored files once their rows say they are gone (a failure is logged: the row
/// already serves no one the bytes).
pub async fn remove_files(state: &State, keys: &[String]) {
    for key in keys {
        if let Err(e) = state.storage.delete(key).await {
            tracing::error!(error = %e, "anonymization: a stored file was not deleted");
        }
    }
}

/// The town's anonymizations, the latest first: who (or the retention job), when, why
/// and how much, never whom.
#[utoipa::path(tag = "privacy", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id")),
    responses((status = 200, description = "The runs", body = [Anonymization]),
              (status = 401, description = "No valid token", body = Problem),
              (status = 403, description = "Not the town's director", body = Problem),
              (status = 404, description = "Not a town of the caller", body = Problem)))]
#[get("/towns/{town_id}/privacy/anonymizations")]
pub async fn anonymizations(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
) -> Result<web::Json<Vec<Anonymization>>, ApiError> {
    let town = path.into_inner();
    Ok(web::Json(state.db.run(move |conn| crate::service::anonymize::runs(conn, &auth.0, town)).await?))
}

/// The person's file as one archive: `dossier.json` and a readable summary
/// (`dossier.html`; `file.json` and `file.html` in English), as a ZIP. For the director;
/// journaled as the file is.
#[utoipa::path(tag = "privacy", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), PersonQuery, ArchiveLang),
    responses((status = 200, description = "The archive", content_type = "application/zip"),
              (status = 401, description = "No valid token", body = Problem),
              (status = 403, description = "Not the town's director", body = Problem),
              (status = 404, description = "Not a town of the caller", body = Problem),
              (status = 422, description = "Neither an email nor a phone, or one malformed", body = Problem)))]
#[get("/towns/{town_id}/privacy/person/archive")]
pub async fn person_archive(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    query: web::Query<PersonQuery>,
    lang: web::Query<ArchiveLang>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    q.validate()?;
    let (town, lang) = (path.into_inner(), lang.into_inner().lang.unwrap_or_default());
    let bytes = state
        .db
        .run(move |conn| {
            let file = crate::service::person::file(conn, &auth.0, town, &q)?;
            let name = crate::db::towns::find(conn, town)?.map(|t| t.name).unwrap_or_default();
            crate::service::person_archive::archive(&[(name, file)], lang)
        })
        .await?;
    Ok(zip_download(bytes, lang))
}

/// A signed-in citizen's own file, as the director's archive: every town holding
/// something under their confirmed email (without the staff's notes of calls).
#[utoipa::path(tag = "privacy", security(("bearer" = [])),
    params(ArchiveLang),
    responses((status = 200, description = "The archive", content_type = "application/zip"),
              (status = 401, description = "No valid token", body = Problem),
              (status = 403, description = "Not a citizen account", body = Problem)))]
#[get("/me/personal-file")]
pub async fn own_archive(
    state: State,
    auth: Authenticated,
    lang: web::Query<ArchiveLang>,
) -> Result<HttpResponse, ApiError> {
    let lang = lang.into_inner().lang.unwrap_or_default();
    let bytes = state
        .db
        .run(move |conn| {
            let files = crate::service::person::own(conn, &auth.0)?;
            crate::service::person_archive::archive(&files, lang)
        })
        .await?;
    Ok(zip_download(bytes, lang))
}

fn zip_download(bytes: Vec<u8>, lang: civis_domain::Lang) -> HttpResponse {
    let name = if lang == civis_domain::Lang::Fr { "dossier-renseignements.zip" } else { "personal-file.zip" };
    HttpResponse::Ok()
        .insert_header((actix_web::http::header::CONTENT_TYPE, "application/zip"))
        .insert_header((actix_web::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .body(bytes)
}

/// Who read a person's contacts, newest first (at most 500): on the requests they filed
/// and the calls logged under their email or phone (found as for their file). For the
/// director; the journal holds no contact.
#[utoipa::path(tag = "privacy", security(("bearer" = [])),
    params(("town_id" = i64, Path, description = "Town id"), PersonQuery),
    responses((status = 200, description = "The reads", body = [AccessEntry]),
              (status = 401, description = "No valid token", body = Problem),
              (status = 403, description = "Not the town's director", body = Problem),
              (status = 404, description = "Not a town of the caller", body = Problem),
              (status = 422, description = "Neither an email nor a phone, or one malformed", body = Problem)))]
#[get("/towns/{town_id}/privacy/person/journal")]
pub async fn person_journal(
    state: State,
    path: web::Path<i64>,
    auth: Authenticated,
    query: web::Query<PersonQuery>,
) -> Result<web::Json<Vec<AccessEntry>>, ApiError> {
    let q = query.into_inner();
    q.validate()?;
    let town = path.into_inner();
    Ok(web::Json(state.db.run(move |conn| crate::service::journal::of_person(conn, &auth.0, town, &q)).await?))
}
