//! Photos and files: types checked by content, 10 MB enforced while streaming, who sees
//! what, EXIF location gone from every copy that leaves the town, thumbnails, and the
//! same through S3-compatible storage (moto's server on loopback).

use std::io::Cursor;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::*;

/// A real JPEG whose EXIF block holds a GPS latitude (45° 30′), as phones write it.
pub fn jpeg_with_gps() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 128]));
    let mut plain = Vec::new();
    img.write_to(&mut Cursor::new(&mut plain), image::ImageFormat::Jpeg).expect("encode");
    // TIFF (big-endian): IFD0 with a GPSInfo pointer, then a GPS IFD with GPSLatitude.
    let mut tiff: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend([0x00, 0x01, 0x88, 0x25, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1a]);
    tiff.extend([0x00, 0x00, 0x00, 0x00]);
    tiff.extend([0x00, 0x01, 0x00, 0x02, 0x00, 0x05, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x2c]);
    tiff.extend([0x00, 0x00, 0x00, 0x00]);
    for (n, d) in [(45u32, 1u32), (30, 1), (0, 1)] {
        tiff.extend(n.to_be_bytes());
        tiff.extend(d.to_be_bytes());
    }
    let mut app1 = b"Exif\x00\x00".to_vec();
    app1.extend(&tiff);
    let len = u16::try_from(app1.len() + 2).expect("len");
    let mut out = plain[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(len.to_be_bytes());
    out.extend(app1);
    out.extend(&plain[2..]);
    out
}

pub fn has_exif(bytes: &[u8]) -> bool {
    bytes.windows(6).any(|w| w == b"Exif\x00\x00")
}

pub async fn upload(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    upload: Option<&str>,
    name: &str,
    bytes: Vec<u8>,
    extra: &[(&str, String)],
) -> (StatusCode, Value) {
    let mut form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_string()));
    for (k, v) in extra {
        form = form.text(k.to_string(), v.clone());
    }
    let mut req = app.client.post(format!("{}{path}/attachments", app.base)).multipart(form);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(u) = upload {
        req = req.header("x-upload-token", u);
    }
    let res = req.send().await.expect("upload");
    let status = res.status();
    (status, serde_json::from_str(&res.text().await.expect("body")).unwrap_or(Value::Null))
}

pub async fn bytes_of(app: &TestApp, path: &str, token: Option<&str>) -> (StatusCode, Vec<u8>) {
    let mut req = app.client.get(format!("{}{path}", app.base));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("get");
    (res.status(), res.bytes().await.expect("bytes").to_vec())
}

/// Sends raw HTTP and reads what comes back (to send bodies reqwest would not).
async fn raw_http(base: &str, head: String, body_chunks: usize, chunk: usize, chunked: bool) -> (String, usize) {
    let addr = base.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    s.write_all(head.as_bytes()).await.expect("head");
    let block = vec![b'x'; chunk];
    let mut sent = 0;
    for _ in 0..body_chunks {
        let ok = if chunked {
            s.write_all(format!("{chunk:x}\r\n").as_bytes()).await.is_ok()
                && s.write_all(&block).await.is_ok()
                && s.write_all(b"\r\n").await.is_ok()
        } else {
            s.write_all(&block).await.is_ok()
        };
        if !ok {
            break;
        }
        sent += chunk;
    }
    let mut buf = vec![0u8; 4096];
    let n =
        tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf)).await.ok().and_then(Result::ok).unwrap_or(0);
    (String::from_utf8_lossy(&buf[..n]).to_string(), sent)
}

#[actix_web::test]
async fn types_are_checked_by_content_and_files_limited_while_streaming() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let created = app.file(&demo, None, demo.pothole_body("Photo du trou")).await;
    let token = created["upload_token"].as_str().expect("a visitor gets an upload token").to_string();
    let path = demo.request(&created["id"]);

    let (status, photo) = upload(&app, &path, None, Some(&token), "trou.jpg", jpeg_with_gps(), &[]).await;
    assert_eq!(status, StatusCode::CREATED, "{photo}");
    assert_eq!(photo["kind"], "photo");
    assert_eq!(photo["has_thumbnail"], true);
    assert_eq!(
        upload(&app, &path, None, None, "trou.jpg", jpeg_with_gps(), &[]).await.0,
        StatusCode::NOT_FOUND,
        "no token"
    );
    let forged = token.replace('.', "0.");
    assert_eq!(upload(&app, &path, None, Some(&forged), "a.jpg", jpeg_with_gps(), &[]).await.0, StatusCode::NOT_FOUND);
    let (status, p) = upload(&app, &path, None, Some(&token), "plan.pdf", b"%PDF-1.7 plan".to_vec(), &[]).await;
    assert_eq!(
        (status, p["errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("file_type_not_allowed")),
        "citizens send images only"
    );
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00This program cannot be run in DOS mode".to_vec();
    let (status, p) = upload(&app, &path, None, Some(&token), "vacances.jpg", exe, &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["code"], "file_content_mismatch", "an executable named .jpg");
    assert!(p["errors"][0]["message_fr"].as_str().is_some_and(|m| m.contains("ne correspond pas")));
    let clerk = app.staff(CLERK).await;
    let (status, p) = upload(&app, &path, Some(&clerk), None, "outil.exe", b"MZ".to_vec(), &[]).await;
    assert_eq!(
        (status, p["errors"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("file_type_not_allowed"))
    );
    let (status, _) = upload(&app, &path, Some(&clerk), None, "rapport.pdf", b"%PDF-1.4 rapport".to_vec(), &[]).await;
    assert_eq!(status, StatusCode::CREATED, "staff send files");

    // Just over 10 MB, declared: refused.
    let (status, _) = upload(
        &app,
        &path,
        Some(&clerk),
        None,
        "gros.pdf",
        [b"%PDF-".to_vec(), vec![0u8; 10 * 1024 * 1024]].concat(),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // 50 MB announced: answered 413 before the body is sent.
    let head = format!(
        "POST {path}/attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {clerk}\r\n\
         Content-Type: multipart/form-data; boundary=B\r\nContent-Length: {}\r\n\r\n",
        50 * 1024 * 1024
    );
    let (answer, _) = raw_http(&app.base, head, 0, 0, false).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // A body streamed without a length: cut off once past 10 MB.
    let head = format!(
        "POST {path}/attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {clerk}\r\n\
         Content-Type: multipart/form-data; boundary=B\r\nTransfer-Encoding: chunked\r\n\r\n\
         {:x}\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"flot.pdf\"\r\n\r\n\r\n",
        "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"flot.pdf\"\r\n\r\n".len()
    );
    // 12 MB of it are sent and the rest never comes: the answer must not wait for the end.
    let (answer, sent) = raw_http(&app.base, head, 12, 1024 * 1024, true).await;
    assert_eq!(sent, 12 * 1024 * 1024);
    assert!(answer.starts_with("HTTP/1.1 413"), "refused before the body ended: {answer:?}");

    let (_, d) = app.get(&path, Some(&clerk)).await;
    assert_eq!((d["photo_count"].as_i64(), d["file_count"].as_i64()), (Some(1), Some(1)));
}

#[actix_web::test]
async fn each_reader_sees_what_the_rules_allow_and_never_the_photo_location() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let citizen = app.citizen().await;
    let mut body = demo.pothole_body("Chez moi");
    body["public"] = json!(false);
    body["requester"] = Value::Null;
    let created = app.file(&demo, Some(&citizen), body).await;
    let path = demo.request(&created["id"]);
    let (status, photo) = upload(&app, &path, Some(&citizen), None, "IMG_0001.JPG", jpeg_with_gps(), &[]).await;
    assert_eq!(status, StatusCode::CREATED, "{photo}");

    let clerk = app.staff(CLERK).await;
    let (status, internal) =
        upload(&app, &path, Some(&clerk), None, "note.pdf", b"%PDF-1.4 interne".to_vec(), &[]).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, fu) = app
        .post(&format!("{path}/followups"), Some(&clerk), json!({"kind": "external", "body": "Voici le plan."}))
        .await;
    let (status, sent) = upload(
        &app,
        &path,
        Some(&clerk),
        None,
        "plan.pdf",
        b"%PDF-1.4 plan".to_vec(),
        &[("followup_id", fu["id"].to_string())],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(sent["sent_to_requester"], true);
    assert_eq!(internal["sent_to_requester"], false);

    let ids = |v: &Value| -> Vec<i64> { v.as_array().expect("list").iter().filter_map(|a| a["id"].as_i64()).collect() };
    let list = format!("{path}/attachments");
    let (_, staff_list) = app.get(&list, Some(&clerk)).await;
    assert_eq!(ids(&staff_list).len(), 3);
    let (_, own) = app.get(&list, Some(&citizen)).await;
    assert_eq!(
        ids(&own),
        [photo["id"].as_i64().expect("p"), sent["id"].as_i64().expect("s")],
        "the requester: photos and sent files"
    );

    let one = |a: &Value| format!("{list}/{}", a["id"]);
    let (s, original) = bytes_of(&app, &one(&photo), Some(&clerk)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(has_exif(&original), "staff of the town get the original");
    let (s, mine) = bytes_of(&app, &one(&photo), Some(&citizen)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!has_exif(&mine), "outside the town, no EXIF (no location)");
    assert!(image::load_from_memory(&mine).is_ok(), "and still the picture");
    assert_eq!(
        bytes_of(&app, &one(&internal), Some(&citizen)).await.0,
        StatusCode::NOT_FOUND,
        "staff files stay with staff"
    );
    assert_eq!(bytes_of(&app, &one(&sent), Some(&citizen)).await.0, StatusCode::OK);
    let (s, thumb) = bytes_of(&app, &format!("{}/thumbnail", one(&photo)), Some(&clerk)).await;
    assert_eq!(s, StatusCode::OK);
    let t = image::load_from_memory(&thumb).expect("thumbnail");
    assert!(t.width() <= 320 && !has_exif(&thumb));

    // Private: nobody else; other towns' staff 404; elected officials see no attachments.
    assert_eq!(app.get(&list, None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(bytes_of(&app, &one(&photo), None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&list, Some(&app.staff(ELECTED).await)).await.0, StatusCode::FORBIDDEN);

    // Made public: anyone sees the photo, without its location, and nothing else.
    let etag = app.etag(&demo, &clerk, &created["id"]).await;
    let (s, _) = app.with_if_match(reqwest::Method::PATCH, &path, &clerk, &etag, json!({"public": true})).await;
    assert_eq!(s, StatusCode::OK);
    let (_, public) = app.get(&list, None).await;
    assert_eq!(ids(&public), [photo["id"].as_i64().expect("p")]);
    let (s, seen) = bytes_of(&app, &one(&photo), None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!has_exif(&seen));
    assert_eq!(bytes_of(&app, &one(&sent), None).await.0, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn another_towns_staff_never_reach_the_attachments() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let created = app.file(&demo, None, demo.pothole_body("Ailleurs")).await;
    let token = created["upload_token"].as_str().expect("token").to_string();
    let path = demo.request(&created["id"]);
    let (_, photo) = upload(&app, &path, None, Some(&token), "a.png", png(), &[]).await;
    assert_eq!(photo["kind"], "photo", "{photo}");
    // Through another town's address, the request does not exist.
    let other = app.town_id("saint-exemple").await;
    let clerk = app.staff(CLERK).await;
    let foreign = format!("/api/v1/towns/{other}/requests/{}/attachments", created["id"]);
    assert_eq!(app.get(&foreign, Some(&clerk)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        upload(
            &app,
            &format!("/api/v1/towns/{other}/requests/{}", created["id"]),
            Some(&clerk),
            None,
            "b.png",
            png(),
            &[]
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

pub fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(20, 10, |x, _| image::Rgb([x as u8 * 10, 0, 0]));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).expect("png");
    out
}

#[actix_web::test]
async fn attachments_live_in_s3_compatible_storage_too() {
    let moto = Moto::start().await;
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let mut settings = crate::helpers::settings(&db);
    settings.storage_url = "s3://civis-files".into();
    settings.s3 = civis_api::storage::S3 {
        endpoint: Some(moto.endpoint.clone()),
        region: "us-east-1".into(),
        access_key_id: Some("test".into()),
        secret_access_key: Some("test".into()),
    };
    let app = TestApp::spawn_with(settings).await;
    let demo = Demo::load(&app).await;
    let created = app.file(&demo, None, demo.pothole_body("S3")).await;
    let token = created["upload_token"].as_str().expect("token").to_string();
    let path = demo.request(&created["id"]);
    let original = jpeg_with_gps();
    let (status, photo) = upload(&app, &path, None, Some(&token), "s3.jpg", original.clone(), &[]).await;
    assert_eq!(status, StatusCode::CREATED, "{photo}");
    let clerk = app.staff(CLERK).await;
    let (s, back) = bytes_of(&app, &format!("{path}/attachments/{}", photo["id"]), Some(&clerk)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(back, original, "the same bytes back from the bucket");
    // The objects are in the bucket.
    let listing =
        reqwest::get(format!("{}/civis-files", moto.endpoint)).await.expect("list").text().await.expect("xml");
    assert!(listing.contains(".thumb.jpg") && listing.contains(".public"), "{listing}");
}
