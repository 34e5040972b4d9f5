//! Photos and files of a request.

use civis_domain::wire::Attachment;

use super::{Problem, Res, call};

pub async fn attachments(town: i64, id: i64) -> Res<Vec<Attachment>> {
    call("GET", format!("/towns/{town}/requests/{id}/attachments")).send().await
}

/// Adds a file (`kind`: `photo` or `file`, staff only); a visitor passes the token they
/// received when filing.
pub async fn upload(
    town: i64,
    id: i64,
    file: &web_sys::File,
    kind: Option<&str>,
    token: Option<&str>,
) -> Res<Attachment> {
    let form = web_sys::FormData::new().map_err(|_| Problem::local("network"))?;
    if let Some(k) = kind {
        let _ = form.append_with_str("kind", k);
    }
    let _ = form.append_with_blob_and_filename("file", file, &file.name());
    let mut c = call("POST", format!("/towns/{town}/requests/{id}/attachments"));
    c.form = Some(form);
    c.upload_token = token.map(String::from);
    c.send().await
}

/// The address of an attachment (or its thumbnail) as a local object URL, fetched with
/// the session (an `<img>` cannot send it itself).
pub async fn object_url(town: i64, id: i64, attachment: i64, thumbnail: bool) -> Res<String> {
    let suffix = if thumbnail { "/thumbnail" } else { "" };
    super::blob_url(call("GET", format!("/towns/{town}/requests/{id}/attachments/{attachment}{suffix}"))).await
}
