//! What an uploaded file is, judged by its content, and the copies made of a photo: a
//! thumbnail for the dashboard and a copy without its metadata (EXIF location among it)
//! for anyone outside the town.

use std::io::Cursor;

use crate::error::ApiError;

/// The types the product accepts (DOMAIN: photos jpg/jpeg/png; staff files also pdf, msg,
/// xlsx, xls, doc, docx).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    Jpeg,
    Png,
    Pdf,
    /// Outlook `.msg`, and the old Office `.xls` and `.doc`: OLE compound files.
    Compound,
    /// `.xlsx` and `.docx`: zip containers.
    OfficeOpenXml,
}

impl FileType {
    pub fn is_image(self) -> bool {
        matches!(self, Self::Jpeg | Self::Png)
    }

    pub fn content_type(self, ext: &str) -> &'static str {
        match (self, ext) {
            (Self::Jpeg, _) => "image/jpeg",
            (Self::Png, _) => "image/png",
            (Self::Pdf, _) => "application/pdf",
            (Self::Compound, "msg") => "application/vnd.ms-outlook",
            (Self::Compound, "xls") => "application/vnd.ms-excel",
            (Self::Compound, _) => "application/msword",
            (Self::OfficeOpenXml, "xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (Self::OfficeOpenXml, _) => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }
}

/// The type a file name promises, when it is an accepted one.
pub fn by_extension(filename: &str) -> Option<(FileType, String)> {
    let ext = filename.rsplit_once('.')?.1.to_lowercase();
    let t = match ext.as_str() {
        "jpg" | "jpeg" => FileType::Jpeg,
        "png" => FileType::Png,
        "pdf" => FileType::Pdf,
        "msg" | "xls" | "doc" => FileType::Compound,
        "xlsx" | "docx" => FileType::OfficeOpenXml,
        _ => return None,
    };
    Some((t, ext))
}

/// Whether the first bytes are those of the type (magic numbers).
pub fn content_is(t: FileType, head: &[u8]) -> bool {
    match t {
        FileType::Jpeg => head.starts_with(&[0xFF, 0xD8, 0xFF]),
        FileType::Png => head.starts_with(b"\x89PNG\r\n\x1a\n"),
        FileType::Pdf => head.starts_with(b"%PDF-"),
        FileType::Compound => head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        FileType::OfficeOpenXml => head.starts_with(b"PK\x03\x04"),
    }
}

/// Largest image accepted, in pixels (a decompression bomb stops here): 25 million is
/// above a phone's 24-megapixel photo, and decodes in under 100 MB.
const MAX_PIXELS: u64 = 25_000_000;
/// Most memory one decode may take.
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
/// Longest side of a thumbnail.
const THUMB: u32 = 320;

/// A JPEG thumbnail of an image; `None` when the image cannot be decoded.
pub fn thumbnail(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let (w, h) = reader.into_dimensions().ok()?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return None;
    }
    let mut reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let img = reader.decode().ok()?;
    let small = img.thumbnail(THUMB, THUMB).to_rgb8();
    let mut out = Vec::new();
    small.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg).ok()?;
    Some(out)
}

/// A copy without metadata: every JPEG APPn segment (EXIF, XMP, ICC, maker notes…) and
/// comment, and PNG `eXIf` and text chunks, are left out, and so is anything after the
/// image's end (data hidden behind it); the picture itself is untouched.
pub fn strip_metadata(t: FileType, bytes: &[u8]) -> Option<Vec<u8>> {
    match t {
        FileType::Jpeg => strip_jpeg(bytes),
        FileType::Png => strip_png(bytes),
        _ => Some(bytes.to_vec()),
    }
}

/// JPEG: segments are copied but APPn (FFE0–FFEF) and COM (FFFE); after each start of
/// scan the entropy-coded data is copied up to the next marker (FF00 and RSTn belong to
/// it); the end of image (FFD9) ends the copy.
fn strip_jpeg(b: &[u8]) -> Option<Vec<u8>> {
    if b.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&b[..2]);
    let mut i = 2;
    loop {
        if *b.get(i)? != 0xFF {
            return None;
        }
        let marker = *b.get(i + 1)?;
        match marker {
            0xFF => i += 1, // fill byte
            0xD9 => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Some(out);
            }
            _ => {
                let len = usize::from(u16::from_be_bytes([*b.get(i + 2)?, *b.get(i + 3)?]));
                let end = i + 2 + len;
                let segment = b.get(i..end)?;
                if !matches!(marker, 0xE0..=0xEF | 0xFE) {
                    out.extend_from_slice(segment);
                }
                i = end;
                if marker == 0xDA {
                    let data_end = scan_end(b, i)?;
                    out.extend_from_slice(&b[i..data_end]);
                    i = data_end;
                }
            }
        }
    }
}

/// Where the entropy-coded data starting at `i` ends: the first marker that is neither a
/// stuffed FF00 nor a restart marker.
fn scan_end(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        let at = i + b.get(i..)?.iter().position(|&x| x == 0xFF)?;
        match *b.get(at + 1)? {
            0x00 | 0xD0..=0xD7 => i = at + 2,
            _ => return Some(at),
        }
    }
}

fn strip_png(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(b.get(..8)?);
    let mut i = 8;
    while i < b.len() {
        let len = usize::try_from(u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?)).ok()?;
        let kind = b.get(i + 4..i + 8)?;
        let end = i + 12 + len;
        let chunk = b.get(i..end)?;
        if !matches!(kind, b"eXIf" | b"tEXt" | b"iTXt" | b"zTXt" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        i = end;
        if kind == b"IEND" {
            break;
        }
    }
    Some(out)
}

/// Image decodes running at once: each may take up to 256 MB, so a burst of uploads
/// queues here instead of exhausting memory.
static DECODERS: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get))
});

/// Runs an image decode on the blocking pool, a few at a time.
pub async fn decode_bounded<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, ApiError> {
    let _permit = DECODERS.acquire().await.map_err(|_| ApiError::Unavailable)?;
    actix_web::web::block(f).await.map_err(|e| ApiError::caused("decode", e))
}
