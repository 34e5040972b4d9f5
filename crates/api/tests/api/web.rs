//! The web app served by the API: its files with long-cache names and precompressed
//! twins (brotli first), the portal's `index.html` (with the map settings) for every page
//! address and the staff entry's `staff.html` under `/staff`, 404 elsewhere; and
//! the departments every staff member of a town reads for the dashboard.

use reqwest::StatusCode;
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE};

use crate::helpers::*;

fn built_app() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("civis-web-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(dir.join("images")).expect("mkdir");
    std::fs::write(
        dir.join("index.html"),
        r#"<meta name="civis-tiles" content="%MAP_TILE_URL%"><meta name="civis-map-center" content="%MAP_CENTER%"><script src="/app.0123abcd.js"></script>"#,
    )
    .expect("index");
    std::fs::write(
        dir.join("staff.html"),
        r#"<meta name="civis-tiles" content="%MAP_TILE_URL%"><meta name="civis-map-center" content="%MAP_CENTER%"><script src="/staff.0123abcd.js"></script>"#,
    )
    .expect("staff");
    std::fs::write(dir.join("app.0123abcd.js"), "console.log('civis');").expect("js");
    std::fs::write(dir.join("app.0123abcd.js.gz"), b"\x1f\x8b pretend gzip").expect("gz");
    std::fs::write(dir.join("app.0123abcd.js.br"), b"pretend brotli").expect("br");
    std::fs::write(dir.join("images/marker.png"), b"\x89PNG").expect("png");
    dir
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0)
}

async fn spawn_with_web() -> TestApp {
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let mut settings = crate::helpers::settings(&db);
    settings.web_dir = built_app().to_string_lossy().into_owned();
    settings.map_tile_url = "https://tiles.example/{z}/{x}/{y}.png".into();
    settings.map_center = "46.81,-71.21".into();
    TestApp::spawn_with(settings).await
}

#[actix_web::test]
async fn page_addresses_get_the_app_with_its_map_settings() {
    let app = spawn_with_web().await;
    for (path, entry) in [
        ("/", "app"),
        ("/t/demo/nouvelle", "app"),
        ("/staffing", "app"),
        ("/staff", "staff"),
        ("/staff/1/requetes/42", "staff"),
    ] {
        let res = app.client.get(format!("{}{path}", app.base)).send().await.expect("get");
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.headers()[CACHE_CONTROL], "no-cache");
        assert!(res.headers()[CONTENT_TYPE].to_str().unwrap_or("").starts_with("text/html"));
        let body = res.text().await.expect("body");
        assert!(body.contains(r#"content="https://tiles.example/{z}/{x}/{y}.png""#), "{body}");
        assert!(body.contains(r#"content="46.81,-71.21""#));
        assert!(!body.contains('%'));
        assert!(body.contains(&format!(r#"src="/{entry}.0123abcd.js""#)), "{path}: {body}");
    }
}

#[actix_web::test]
async fn hashed_files_are_cached_for_good_and_sent_compressed_when_accepted() {
    let app = spawn_with_web().await;
    let url = format!("{}/app.0123abcd.js", app.base);
    let br = app.client.get(&url).header(ACCEPT_ENCODING, "gzip, deflate, br, zstd").send().await.expect("get");
    assert_eq!(br.headers()[CONTENT_ENCODING], "br");
    assert_eq!(br.headers()["vary"], "Accept-Encoding");
    assert_eq!(br.bytes().await.expect("body").as_ref(), b"pretend brotli");

    let gz = app.client.get(&url).header(ACCEPT_ENCODING, "gzip;q=1.0, deflate").send().await.expect("get");
    assert_eq!(gz.status(), StatusCode::OK);
    assert_eq!(gz.headers()[CONTENT_ENCODING], "gzip");
    assert_eq!(gz.headers()[CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert!(gz.headers()[CONTENT_TYPE].to_str().unwrap_or("").starts_with("text/javascript"));
    assert_eq!(gz.bytes().await.expect("body").as_ref(), b"\x1f\x8b pretend gzip");

    let plain = app.client.get(&url).header(ACCEPT_ENCODING, "identity").send().await.expect("get");
    assert!(plain.headers().get(CONTENT_ENCODING).is_none_or(|v| v == "identity"));
    assert_eq!(plain.text().await.expect("body"), "console.log('civis');");

    let png = app.client.get(format!("{}/images/marker.png", app.base)).send().await.expect("get");
    assert_eq!(png.headers()[CONTENT_TYPE], "image/png");
}

#[actix_web::test]
async fn missing_files_and_api_paths_stay_404_problems() {
    let app = spawn_with_web().await;
    for path in ["/app.ffffffff.js", "/api/v1/nothing-here", "/api"] {
        let (status, body) = app.get(path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(body["code"], "not_found", "{path}");
    }
    let (status, _) = app.post("/t/demo", None, serde_json::json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn staff_of_the_town_read_its_departments_and_nobody_else_does() {
    let app = TestApp::spawn().await;
    let demo = app.town_id("demo").await;
    let other = app.town_id("saint-exemple").await;
    for who in [CLERK, ELECTED, RESPONSIBLE, OPERATOR] {
        let token = app.staff(who).await;
        let (status, body) = app.get(&format!("/api/v1/towns/{demo}/departments"), Some(&token)).await;
        assert_eq!(status, StatusCode::OK, "{who}");
        assert!(body.as_array().is_some_and(|d| d.iter().any(|d| d["name_fr"] == "Travaux publics")), "{who}: {body}");
    }
    let clerk = app.staff(CLERK).await;
    assert_eq!(app.get(&format!("/api/v1/towns/{other}/departments"), Some(&clerk)).await.0, StatusCode::NOT_FOUND);
    let citizen = app.citizen().await;
    assert_eq!(app.get(&format!("/api/v1/towns/{demo}/departments"), Some(&citizen)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/api/v1/towns/{demo}/departments"), None).await.0, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_with_web().await;
    for path in ["/", "/t/demo/nouvelle", "/app.0123abcd.js", "/api/v1/towns", "/api/v1/nowhere"] {
        let res = app.client.get(format!("{}{path}", app.base)).send().await.expect("get");
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().expect("csp");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"), "{path}: {csp}");
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'") && !csp.contains("'unsafe-eval'"), "{csp}");
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("img-src 'self' data: blob: https://tiles.example")
        );
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
        assert!(h["permissions-policy"].to_str().unwrap_or("").contains("camera=()"));
        assert!(h.get("strict-transport-security").is_none(), "no HSTS over plain http");
    }
    // Over https, browsers are told to stay on it.
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let mut settings = crate::helpers::settings(&db);
    settings.public_url = "https://civis.example".into();
    let secure = TestApp::spawn_with(settings).await;
    let res = secure.client.get(format!("{}/api/v1/towns", secure.base)).send().await.expect("get");
    assert_eq!(res.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
}

#[actix_web::test]
async fn the_web_apps_refresh_token_lives_in_a_strict_http_only_cookie() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(format!("{}/api/v1/auth/staff/sign-in", app.base))
        .header("x-civis-session", "cookie")
        .json(&serde_json::json!({"email": CLERK, "password": PASSWORD}))
        .send()
        .await
        .expect("sign in");
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()["set-cookie"].to_str().expect("cookie").to_string();
    for part in ["civis_refresh=", "HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth/refresh"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    let pair: serde_json::Value = res.json().await.expect("pair");
    assert_eq!(pair["refresh_token"], "", "the body keeps no refresh token");
    let value = cookie.split(';').next().expect("value").to_string();
    let refresh = |c: &str| {
        app.client
            .post(format!("{}/api/v1/auth/refresh", app.base))
            .header("x-civis-session", "cookie")
            .header("cookie", c.to_string())
            .json(&serde_json::json!({}))
            .send()
    };
    let renewed = refresh(&value).await.expect("refresh");
    assert_eq!(renewed.status(), StatusCode::OK);
    let next = renewed.headers()["set-cookie"].to_str().expect("cookie").split(';').next().expect("v").to_string();
    assert_ne!(next, value, "rotated");
    // Two tabs renewing at once: the spent cookie works again for a few seconds.
    assert_eq!(refresh(&value).await.expect("again").status(), StatusCode::OK);
    // Signing out removes the cookie and ends the sign-in.
    let out = app
        .client
        .delete(format!("{}/api/v1/auth/refresh", app.base))
        .header("cookie", next.clone())
        .send()
        .await
        .expect("sign out");
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(out.headers()["set-cookie"].to_str().expect("cookie").contains("Max-Age=0"));
    assert_eq!(refresh(&next).await.expect("after").status(), StatusCode::UNAUTHORIZED);
}
