//! Uploads at their edges: what the public copy of a photo drops, and no stored bytes
//! without their row.

use reqwest::StatusCode;

use crate::attachments::{bytes_of, jpeg_with_gps, upload};
use crate::helpers::*;

/// A JPEG carrying an XMP block (APP1), an ICC-like APP2, a comment and data hidden after
/// its end.
fn jpeg_with_hidden_parts() -> Vec<u8> {
    let plain = jpeg_with_gps();
    let segment = |marker: u8, body: &[u8]| {
        let mut s = vec![0xFF, marker];
        s.extend(u16::try_from(body.len() + 2).expect("len").to_be_bytes());
        s.extend(body);
        s
    };
    let mut out = plain[..2].to_vec();
    out.extend(segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>HOME-ADDRESS</x:xmpmeta>"));
    out.extend(segment(0xE2, b"ICC_PROFILE\0CAMERA-SERIAL-123"));
    out.extend(segment(0xFE, b"SECRET-COMMENT"));
    out.extend(&plain[2..]);
    out.extend(b"HIDDEN-TAIL-AFTER-THE-END");
    out
}

#[actix_web::test]
async fn copies_outside_the_town_drop_every_metadata_segment_and_what_follows_the_image() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let created = app.file(&demo, None, demo.pothole_body("Photo bavarde")).await;
    let token = created["upload_token"].as_str().expect("token").to_string();
    let path = demo.request(&created["id"]);
    let (s, photo) = upload(&app, &path, None, Some(&token), "bavarde.jpg", jpeg_with_hidden_parts(), &[]).await;
    assert_eq!(s, StatusCode::CREATED, "{photo}");
    let (s, seen) = bytes_of(&app, &format!("{path}/attachments/{}", photo["id"]), None).await;
    assert_eq!(s, StatusCode::OK);
    for hidden in ["HOME-ADDRESS", "CAMERA-SERIAL", "SECRET-COMMENT", "HIDDEN-TAIL", "Exif"] {
        assert!(!seen.windows(hidden.len()).any(|w| w == hidden.as_bytes()), "{hidden} left in the public copy");
    }
    assert_eq!(&seen[seen.len() - 2..], [0xFF, 0xD9], "ends at the end of the image");
    assert!(image::load_from_memory(&seen).is_ok(), "and still the picture");
}

#[actix_web::test]
async fn an_upload_whose_row_cannot_be_written_leaves_no_bytes_behind() {
    let dir = std::env::temp_dir().join(format!("civis-orphans-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let mut settings = crate::helpers::settings(&db);
    settings.storage_url = format!("file://{}", dir.display());
    let app = TestApp::spawn_with(settings).await;
    let demo = Demo::load(&app).await;
    let created = app.file(&demo, None, demo.pothole_body("Photo perdue")).await;
    let token = created["upload_token"].as_str().expect("token").to_string();
    use diesel::connection::SimpleConnection;
    app.conn()
        .batch_execute(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
             CREATE TRIGGER refuse BEFORE INSERT ON attachments FOR EACH ROW EXECUTE FUNCTION refuse();",
        )
        .expect("a failing table");
    let path = demo.request(&created["id"]);
    let (s, _) = upload(&app, &path, None, Some(&token), "perdue.jpg", jpeg_with_gps(), &[]).await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
    let files: Vec<_> = walk(&dir);
    assert!(files.is_empty(), "stored bytes without a row: {files:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return vec![] };
    entries.flatten().flat_map(|e| if e.path().is_dir() { walk(&e.path()) } else { vec![e.path()] }).collect()
}
