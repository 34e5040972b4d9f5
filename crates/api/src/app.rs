//! The application: routes, middleware, the OpenAPI document and the HTTP server.

use std::net::TcpListener;

use actix_web::middleware::{Compress, NormalizePath, TrailingSlash};
use actix_web::{App, HttpServer, web};
use tracing_actix_web::TracingLogger;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::http;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Civis — requêtes citoyennes / citizen requests",
        description = "REST API of the citizen-request (311) platform for Quebec municipalities. \
Errors are RFC 9457 problem details (`application/problem+json`) with `code`, `message_fr`, \
`message_en` and, for invalid fields, `errors`. Staff of one town get 404 for anything of another.",
        license(name = "AGPL-3.0-or-later"),
    ),
    modifiers(&BearerAuth),
    // Enums that appear only as query parameters are referenced, not collected: list them.
    components(schemas(
        crate::error::Problem,
        crate::error::FieldError,
        civis_domain::Tab,
        civis_domain::wire::OutboxStatus,
        civis_domain::wire::ReportTable
    )),
    tags(
        (name = "auth", description = "Sign-in, tokens and accounts"),
        (name = "public", description = "Open to everyone"),
        (name = "requests", description = "Filing and working requests"),
        (name = "me", description = "The signed-in person's own things"),
        (name = "knowledge", description = "The knowledge base agents answer from; articles written by the town"),
        (name = "first contact", description = "Contacts logged by agents, the callback queue and their counts"),
        (name = "reports", description = "Reports for the council: indicators of a period, exports, the director's summary"),
        (name = "administration", description = "A town administrator configures the town"),
        (name = "privacy", description = "Loi 25: a person's file, and who read a person's contact (the access journal)"),
        (name = "platform", description = "The platform administrator manages towns and operator agents"),
        (name = "open311", description = "Open311 GeoReport v2 for integrators' apps, in JSON or XML by the path's extension (docs/INTEGRATIONS.md)"),
        (name = "inbound", description = "Replies by email, posted by a mail provider's inbound webhook"),
        (name = "health", description = "Probes"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::builder().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

/// The OpenAPI document, collected from the registered routes.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut doc) =
        App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(http::routes).split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    http::contract::complete(&mut doc);
    doc
}

/// The document as served and committed in `openapi/openapi.json`: the collected document
/// with the JSON-level rewrites of `http::contract`.
pub fn openapi_json() -> String {
    json_of(&openapi())
}

fn json_of(spec: &utoipa::openapi::OpenApi) -> String {
    let mut doc = serde_json::to_value(spec).unwrap_or_default();
    http::contract::nullable_formats_as_one_of(&mut doc);
    let mut json = serde_json::to_string_pretty(&doc).unwrap_or_default();
    json.push('\n');
    json
}

/// `GET /api/openapi.json`: the document, as committed.
async fn openapi_document(doc: web::Data<OpenApiJson>) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().content_type("application/json").body(doc.0.clone())
}

struct OpenApiJson(web::Bytes);

/// Swagger UI's entry page.
async fn docs_index() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Found().insert_header(("location", "/api/docs/index.html")).finish()
}

/// Starts the HTTP server on a bound listener. The returned server runs until stopped.
pub fn server(state: web::Data<AppState>, listener: TcpListener) -> std::io::Result<actix_web::dev::Server> {
    let spec = openapi();
    let routes = web::Data::new(http::contract::Routes::of(&spec));
    let document = web::Data::new(OpenApiJson(web::Bytes::from(json_of(&spec))));
    let json_limit = state.settings.json_limit;
    let probes = state.settings.bench_probes;
    let settings = state.settings.clone();
    let server = HttpServer::new(move || {
        App::new()
            .into_utoipa_app()
            .map(|app| {
                app.wrap(NormalizePath::new(TrailingSlash::Trim))
                    .wrap(Compress::default())
                    .wrap(http::headers::defaults(&settings))
                    .wrap(actix_web::middleware::from_fn(http::read_route::route_reads))
                    .wrap(actix_web::middleware::from_fn(http::query::without_nul))
                    .wrap(actix_web::middleware::from_fn(http::access_log::log_request))
                    .wrap(TracingLogger::<http::access_log::QuietSpan>::new())
            })
            .app_data(state.clone())
            .app_data(routes.clone())
            .configure(http::routes)
            .into_app()
            .configure(|cfg| http::extractor_config(cfg, json_limit))
            .configure(|cfg| {
                if probes {
                    http::probe::routes(cfg);
                }
            })
            .service(web::resource(["/api/docs", "/api/docs/"]).to(docs_index))
            .service(web::resource("/metrics").route(web::get().to(http::metrics::metrics)))
            .app_data(document.clone())
            .service(web::resource("/api/openapi.json").route(web::get().to(openapi_document)))
            .service(SwaggerUi::new("/api/docs/{_:.*}").config(Config::from("/api/openapi.json")))
            .default_service(web::to(http::fallback))
    })
    .listen(listener)?
    .run();
    Ok(server)
}
