//! Query strings as PostgreSQL can read them: a `%00` (U+0000, which text columns and
//! parameters cannot hold) becomes `%EF%BF%BD` (U+FFFD), as in JSON bodies (`json.rs`).
//! Done once, before routing, so that no query parameter reaches SQL with a NUL.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Uri;
use actix_web::middleware::Next;

/// The middleware (`middleware::from_fn`).
pub async fn without_nul(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some(uri) = rewritten(req.uri()) {
        req.head_mut().uri = uri;
    }
    next.call(req).await
}

fn rewritten(uri: &Uri) -> Option<Uri> {
    let query = uri.query().filter(|q| q.contains("%00"))?;
    let query = query.replace("%00", "%EF%BF%BD");
    format!("{}?{query}", uri.path()).parse().ok()
}
