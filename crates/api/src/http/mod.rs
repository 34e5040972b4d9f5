//! HTTP: handlers only. Every route is registered here through `utoipa_actix_web`, which
//! also puts it in the OpenAPI document (a plain `.route(...)` would drop out of it).

pub mod access_log;
mod accounts;
mod addresses;
mod admin_departments;
mod admin_keys;
mod admin_outbox;
mod admin_taxonomy;
mod admin_town;
mod admin_users;
mod admin_webhooks;
mod assignment;
mod attachments;
mod auth;
pub mod client;
pub mod contract;
pub mod extract;
pub mod headers;
mod health;
mod inbound;
mod interactions;
mod json;
mod kb_documents;
mod knowledge;
mod me;
pub mod metrics;
mod open311;
mod platform;
mod privacy;
pub mod probe;
mod public;
mod public_requests;
pub mod query;
pub mod read_route;
mod reports;
mod request_hold;
mod request_reads;
mod requests;
mod second_factor;
mod session;
mod town;

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpRequest, web};
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use crate::error::ApiError;

/// Registers every route of the API, in this order (a literal segment such as
/// `requests/nearby` before the `{id}` it would otherwise match).
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(health::health)
        .service(health::ready)
        .service(
            scope::scope("/api/v1")
                .configure(accounts_and_sessions)
                .configure(public)
                .configure(first_contact)
                .configure(reports_and_requests)
                .configure(own_and_admin),
        )
        .configure(open311::routes);
}

/// Sign-in, accounts and the session.
fn accounts_and_sessions(cfg: &mut ServiceConfig) {
    cfg.service(auth::staff_sign_in)
        .service(auth::citizen_sign_in)
        .service(accounts::citizen_sign_up)
        .service(accounts::confirm)
        .service(accounts::request_reset)
        .service(accounts::complete_reset)
        .service(accounts::change_password)
        .service(auth::refresh)
        .service(auth::end_session)
        .service(auth::sign_out)
        .service(auth::me)
        .service(second_factor::enrol)
        .service(second_factor::confirm);
}

/// What anyone may read or send: towns, public requests, addresses, following, tracking, replies by email, public answers.
fn public(cfg: &mut ServiceConfig) {
    cfg.service(public::list_towns)
        .service(public::taxonomy)
        .service(public_requests::list)
        .service(public_requests::detail)
        .service(public_requests::nearby)
        .service(addresses::search)
        .service(addresses::nearest)
        .service(addresses::territory)
        .service(public_requests::follow)
        .service(public_requests::confirm_follow)
        .service(admin_departments::confirm_email)
        .service(public_requests::unsubscribe)
        .service(public_requests::track)
        .service(inbound::email)
        .service(knowledge::public_search)
        .service(knowledge::public_detail)
        .service(knowledge::answered);
}

/// The knowledge base and calls.
fn first_contact(cfg: &mut ServiceConfig) {
    cfg.service(knowledge::search)
        .service(knowledge::create)
        .service(knowledge::detail)
        .service(knowledge::replace)
        .service(knowledge::revisions)
        .service(kb_documents::upload)
        .service(kb_documents::download)
        .service(kb_documents::public_download)
        .service(kb_documents::send_documents)
        .service(interactions::log)
        .service(interactions::list)
        .service(interactions::get)
        .service(interactions::callback_done)
        .service(interactions::link_request)
        .service(interactions::counts);
}

/// Reports, then requests as staff work them.
fn reports_and_requests(cfg: &mut ServiceConfig) {
    cfg.service(reports::report)
        .service(reports::put_summary)
        .service(reports::comments)
        .service(reports::export_xlsx)
        .service(reports::export_csv)
        .service(reports::put_unusual)
        .service(reports::answer_survey)
        .service(town::departments)
        .service(town::monthly_lists)
        .service(assignment::members)
        .service(requests::create)
        .service(requests::list)
        .service(requests::detail)
        .service(requests::update)
        .service(requests::transition)
        .service(requests::extend_deadline)
        .service(request_hold::hold)
        .service(request_hold::resume)
        .service(assignment::assign)
        .service(request_reads::followups)
        .service(requests::add_followup)
        .service(request_reads::history)
        .service(request_reads::timeline)
        .service(request_reads::access_journal)
        .service(privacy::person_file)
        .service(privacy::person_archive)
        .service(privacy::person_journal)
        .service(privacy::own_archive)
        .service(privacy::anonymize)
        .service(privacy::anonymizations)
        .service(request_reads::nearby)
        .service(attachments::upload)
        .service(attachments::list)
        .service(attachments::download)
        .service(attachments::thumbnail)
        .service(requests::star)
        .service(requests::unstar);
}

/// A citizen's own requests and filter, then the administration of towns and the platform.
fn own_and_admin(cfg: &mut ServiceConfig) {
    cfg.service(me::my_requests)
        .service(me::my_request)
        .service(me::add_information)
        .service(me::get_filter)
        .service(me::put_filter)
        .service(me::delete_filter)
        .service(admin_town::get_town)
        .service(admin_town::put_settings)
        .service(addresses::import)
        .service(admin_departments::list)
        .service(admin_departments::create)
        .service(admin_departments::replace)
        .service(admin_taxonomy::list)
        .service(admin_taxonomy::create)
        .service(admin_taxonomy::replace)
        .service(admin_taxonomy::retire)
        .service(admin_taxonomy::restore)
        .service(admin_taxonomy::create_question)
        .service(admin_taxonomy::replace_question)
        .service(admin_taxonomy::create_option)
        .service(admin_taxonomy::replace_option)
        .service(admin_keys::list)
        .service(admin_keys::issue)
        .service(admin_keys::revoke)
        .service(admin_webhooks::list)
        .service(admin_webhooks::register)
        .service(admin_webhooks::replace)
        .service(admin_webhooks::deliveries)
        .service(admin_webhooks::resend)
        .service(admin_outbox::list)
        .service(admin_outbox::retry)
        .service(admin_users::list)
        .service(admin_users::create)
        .service(admin_users::update)
        .service(second_factor::reset)
        .service(platform::list_towns)
        .service(platform::create_town)
        .service(platform::update_town)
        .service(platform::list_operators)
        .service(platform::create_operator)
        .service(platform::set_operator_towns);
}

/// Turns body, path and query extraction failures into problem answers.
pub fn extractor_config(cfg: &mut web::ServiceConfig, json_limit: usize) {
    cfg.app_data(web::JsonConfig::default().limit(json_limit).error_handler(json_error))
        // Raw bodies (inbound emails): up to 12 MB.
        .app_data(web::PayloadConfig::new(12 * 1024 * 1024))
        .app_data(web::PathConfig::default().error_handler(path_error))
        .app_data(web::QueryConfig::default().error_handler(query_error));
}

fn json_error(err: JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    let api = match &err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => ApiError::PayloadTooLarge,
        JsonPayloadError::ContentType => {
            ApiError::BadRequest { code: "content_type", detail: "expected Content-Type: application/json".into() }
        }
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            ApiError::BadRequest { code: "invalid_value", detail: e.to_string() }
        }
        other => ApiError::BadRequest { code: "malformed_json", detail: other.to_string() },
    };
    api.into()
}

fn path_error(err: PathError, _: &HttpRequest) -> actix_web::Error {
    tracing::debug!(error = %err, "bad path");
    ApiError::NotFound.into()
}

fn query_error(err: QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::BadRequest { code: "invalid_value", detail: err.to_string() }.into()
}

/// The body after its field rules passed.
pub fn valid<T: Validate>(body: json::Json<T>) -> Result<T, ApiError> {
    let body = body.into_inner();
    body.validate()?;
    Ok(body)
}

/// Answer of paths outside the routes: 405 with `Allow` for a path of the API document
/// called with another method; the web app's files and pages for GET; a 404 problem for
/// the rest (and for anything else under `/api/`).
pub async fn fallback(
    req: HttpRequest,
    state: crate::state::State,
    routes: web::Data<contract::Routes>,
) -> Result<actix_web::HttpResponse, ApiError> {
    let head = req.method() == actix_web::http::Method::HEAD;
    if let Some(allowed) = routes.allowed(req.path()).filter(|a| !(head && a.contains(&"GET"))) {
        return Err(ApiError::MethodNotAllowed(allowed.join(", ")));
    }
    if req.method() == actix_web::http::Method::GET || req.method() == actix_web::http::Method::HEAD {
        state.web.answer(&req)
    } else {
        Err(ApiError::NotFound)
    }
}
