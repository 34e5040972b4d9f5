//! Security headers on every response. The web app runs under a Content-Security-Policy
//! that lets scripts and WebAssembly come from the site alone (`'wasm-unsafe-eval'`
//! compiles the app's own wasm; no inline script, no eval), images from the site and the
//! map's tile server, and nothing frame the site. Styles allow inline `style` attributes
//! (the app and Leaflet set positions and sizes with them); they cannot run code.

use actix_web::middleware::DefaultHeaders;

use crate::config::Settings;

/// `https://tile.example.org` from a tile URL template (`{s}` subdomains become `*`).
fn tile_origin(template: &str) -> Option<String> {
    let (scheme, rest) = template.split_once("://")?;
    let host = rest.split('/').next()?.replace("{s}", "*");
    (!host.is_empty() && matches!(scheme, "http" | "https")).then(|| format!("{scheme}://{host}"))
}

/// The policy of the site's pages.
pub fn content_security_policy(settings: &Settings) -> String {
    let tiles = tile_origin(&settings.map_tile_url).map(|o| format!(" {o}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:{tiles}; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The headers every response carries (a handler's own value of one wins).
pub fn defaults(settings: &Settings) -> DefaultHeaders {
    let mut h = DefaultHeaders::new()
        .add(("Content-Security-Policy", content_security_policy(settings)))
        .add(("X-Frame-Options", "DENY"))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "strict-origin-when-cross-origin"))
        .add(("Permissions-Policy", "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"));
    if settings.public_url.starts_with("https://") {
        h = h.add(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"));
    }
    h
}
