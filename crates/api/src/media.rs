//! What an uploaded file is, judged by its content, and the copies made of a photo: a
//! thumbnail for the dashboard and a copy without its metadata (EXIF location among it)
//! for anyone outside the town.

use std::io::Cursor;

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

/// Largest image accepted, in pixels (a decompression bomb stops here).
const MAX_PIXELS: u64 = 50_000_000;
/// Longest side of a thumbnail.
const THUMB: u32 = 320;

/// A JPEG thumbnail of an image; `None` when the image cannot be decoded.
pub fn thumbnail(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let (w, h) = reader.into_dimensions().ok()?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return None;
    }
    let img = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?.decode().ok()?;
    let small = img.thumbnail(THUMB, THUMB).to_rgb8();
    let mut out = Vec::new();
    small.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg).ok()?;
    Some(out)
}

/// A copy without metadata: JPEG APP1 (EXIF, XMP) and APP13 segments, and PNG `eXIf` and
/// text chunks, are left out; the picture itself is untouched.
pub fn strip_metadata(t: FileType, bytes: &[u8]) -> Option<Vec<u8>> {
    match t {
        FileType::Jpeg => strip_jpeg(bytes),
        FileType::Png => strip_png(bytes),
        _ => Some(bytes.to_vec()),
    }
}

fn strip_jpeg(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(b.get(..2)?);
    let mut i = 2;
    loop {
        if *b.get(i)? != 0xFF {
            return None;
        }
        let marker = *b.get(i + 1)?;
        // Start of scan: the rest is the picture.
        if marker == 0xDA {
            out.extend_from_slice(&b[i..]);
            return Some(out);
        }
        let len = usize::from(u16::from_be_bytes([*b.get(i + 2)?, *b.get(i + 3)?]));
        let end = i + 2 + len;
        let segment = b.get(i..end)?;
        if !matches!(marker, 0xE1 | 0xED) {
            out.extend_from_slice(segment);
        }
        i = end;
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
        if !matches!(kind, b"eXIf" | b"tEXt" | b"iTXt" | b"zTXt") {
            out.extend_from_slice(chunk);
        }
        i = end;
    }
    Some(out)
}
