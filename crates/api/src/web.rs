//! The web app's files, built by `scripts/web.sh` into `frontend/dist` and served from
//! memory: file names carry a content hash, so they are cached for a year; `index.html`
//! is never cached and answers every page address of the single-page app: `staff.html`
//! (the staff entry) under `/staff`, `index.html` (the citizen portal's) elsewhere. A file
//! with a `.br` or `.gz` twin is sent compressed to browsers that accept brotli or gzip.

use std::collections::HashMap;
use std::path::Path;

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};

use crate::config::Settings;
use crate::error::ApiError;

struct Asset {
    body: Bytes,
    gz: Option<Bytes>,
    br: Option<Bytes>,
    content_type: &'static str,
}

/// The files of the web app, or none when it was not built.
#[derive(Default)]
pub struct WebAssets {
    files: HashMap<String, Asset>,
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

impl WebAssets {
    /// Reads every file of `settings.web_dir` (one level of folders); the map settings
    /// are written into `index.html`. A missing folder gives an empty set.
    pub fn load(settings: &Settings) -> Self {
        let mut files = HashMap::new();
        let root = Path::new(&settings.web_dir);
        let mut dirs = vec![root.to_path_buf()];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let Ok(rel) = path.strip_prefix(root) else { continue };
                let name = rel.to_string_lossy().replace('\\', "/");
                if name.ends_with(".gz") || name.ends_with(".br") {
                    continue;
                }
                let Ok(mut body) = std::fs::read(&path) else { continue };
                let twin = |ext: &str| std::fs::read(format!("{}.{ext}", path.display())).ok().map(Bytes::from);
                let (mut gz, mut br) = (twin("gz"), twin("br"));
                if name.ends_with(".html") {
                    let html = String::from_utf8_lossy(&body)
                        .replace("%MAP_TILE_URL%", &escape(&settings.map_tile_url))
                        .replace("%MAP_TILE_ATTRIBUTION%", &escape(&settings.map_tile_attribution))
                        .replace("%MAP_CENTER%", &escape(&settings.map_center));
                    body = html.into_bytes();
                    (gz, br) = (None, None);
                }
                files
                    .insert(name.clone(), Asset { body: Bytes::from(body), gz, br, content_type: content_type(&name) });
            }
        }
        if !files.is_empty() {
            tracing::info!(files = files.len(), dir = %settings.web_dir, "web app loaded");
        }
        Self { files }
    }

    /// Answers a GET outside the API: a file, or `index.html` for the app's own pages.
    pub fn answer(&self, req: &HttpRequest) -> Result<HttpResponse, ApiError> {
        let path = req.path().trim_start_matches('/');
        if path.starts_with("api/") || path == "api" {
            return Err(ApiError::NotFound);
        }
        let (name, asset) = match self.files.get_key_value(path) {
            Some((name, asset)) if !path.is_empty() => (name.as_str(), asset),
            // A page address of the single-page app (no file extension).
            _ if !path.rsplit('/').next().unwrap_or("").contains('.') => {
                let staff = path == "staff" || path.starts_with("staff/");
                let page = if staff && self.files.contains_key("staff.html") { "staff.html" } else { "index.html" };
                let Some(index) = self.files.get(page) else { return Ok(not_built()) };
                (page, index)
            }
            _ => return Err(ApiError::NotFound),
        };
        let mut resp = HttpResponse::Ok();
        resp.insert_header((header::CONTENT_TYPE, asset.content_type));
        resp.insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
        if name.ends_with(".html") {
            resp.insert_header((header::CACHE_CONTROL, "no-cache"));
        } else {
            resp.insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"));
        }
        let accepts = |coding: &str| {
            req.headers()
                .get(header::ACCEPT_ENCODING)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.split(',').any(|e| e.split(';').next().is_some_and(|e| e.trim() == coding)))
        };
        let (coding, body) = match (&asset.br, &asset.gz) {
            (Some(br), _) if accepts("br") => ("br", br),
            (_, Some(gz)) if accepts("gzip") => ("gzip", gz),
            _ => return Ok(resp.body(asset.body.clone())),
        };
        resp.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static(coding)));
        resp.insert_header((header::VARY, "Accept-Encoding"));
        Ok(resp.body(body.clone()))
    }
}

fn not_built() -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").insert_header((header::CACHE_CONTROL, "no-cache")).body(
        "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Civis</title>\
         <p>L'application web n'est pas construite : <code>make web</code>. \
         The web app is not built: <code>make web</code>. API: <a href=\"/api/docs/\">/api/docs/</a></p></html>",
    )
}
