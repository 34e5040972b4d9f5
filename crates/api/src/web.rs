//! The web app's files, built by `scripts/web.sh` into `frontend/dist` and served from
//! memory: file names carry a content hash, so they are cached for a year; `index.html`
//! is never cached and answers every page address of the single-page app. A file with a
//! `.gz` twin is sent compressed to browsers that accept gzip.

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
                if name.ends_with(".gz") {
                    continue;
                }
                let Ok(mut body) = std::fs::read(&path) else { continue };
                let mut gz = std::fs::read(format!("{}.gz", path.display())).ok().map(Bytes::from);
                if name == "index.html" {
                    let html = String::from_utf8_lossy(&body)
                        .replace("%MAP_TILE_URL%", &escape(&settings.map_tile_url))
                        .replace("%MAP_TILE_ATTRIBUTION%", &escape(&settings.map_tile_attribution))
                        .replace("%MAP_CENTER%", &escape(&settings.map_center));
                    body = html.into_bytes();
                    gz = None;
                }
                files.insert(name.clone(), Asset { body: Bytes::from(body), gz, content_type: content_type(&name) });
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
                let Some(index) = self.files.get("index.html") else { return Ok(not_built()) };
                ("index.html", index)
            }
            _ => return Err(ApiError::NotFound),
        };
        let mut resp = HttpResponse::Ok();
        resp.insert_header((header::CONTENT_TYPE, asset.content_type));
        resp.insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
        if name == "index.html" {
            resp.insert_header((header::CACHE_CONTROL, "no-cache"));
        } else {
            resp.insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"));
        }
        let accepts_gzip = req
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
        match &asset.gz {
            Some(gz) if accepts_gzip => {
                resp.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static("gzip")));
                resp.insert_header((header::VARY, "Accept-Encoding"));
                Ok(resp.body(gz.clone()))
            }
            _ => Ok(resp.body(asset.body.clone())),
        }
    }
}

fn not_built() -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").insert_header((header::CACHE_CONTROL, "no-cache")).body(
        "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Civis</title>\
         <p>L'application web n'est pas construite : <code>make web</code>. \
         The web app is not built: <code>make web</code>. API: <a href=\"/api/docs/\">/api/docs/</a></p></html>",
    )
}
