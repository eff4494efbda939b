//! Checks and cleans one uploaded evidence image (certificate or notice photo).
//!
//! [`inspect`] runs, in this order: empty/size check → magic-byte sniff → header-only
//! dimension check (so decompression bombs never get a pixel buffer) → a structural walk of
//! the container (catches truncation that a lenient decoder would hide, and lists the pieces to
//! keep) → full decode → lossless metadata strip → oriented JPEG thumbnail → dHash.
//!
//! Metadata is stripped without re-encoding the main image: only whole segments/chunks are
//! dropped. If the Exif said the picture is rotated, a minimal Exif block holding nothing but
//! the Orientation tag is written back, so the stored file still displays upright while GPS,
//! serial numbers and dates are gone.

use std::borrow::Cow;
use std::fmt;
use std::io::Cursor;
use std::ops::Range;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbImage};
use sha2::{Digest, Sha256};

const MIB: usize = 1024 * 1024;
/// Upper bound on what the decoder may allocate (second guard behind the pixel check).
const DECODER_MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// JPEG quality of the thumbnail.
const THUMB_QUALITY: u8 = 80;

/// Size limits applied by [`inspect`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted upload, in bytes.
    pub max_bytes: usize,
    /// Largest accepted `width * height` (as stored, before orientation).
    pub max_pixels: u64,
    /// Largest accepted width or height.
    pub max_side: u32,
    /// Longest side of the generated thumbnail.
    pub thumb_side: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 10 * MIB,
            max_pixels: 50_000_000,
            max_side: 20_000,
            thumb_side: 320,
        }
    }
}

/// Accepted image formats, identified by magic bytes (never by file name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Jpeg,
    Png,
    Webp,
}

impl Kind {
    /// MIME type to store and serve the cleaned file with.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    /// File extension (without dot) for the stored file.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Webp => "webp",
        }
    }

    fn format(self) -> ImageFormat {
        match self {
            Self::Jpeg => ImageFormat::Jpeg,
            Self::Png => ImageFormat::Png,
            Self::Webp => ImageFormat::WebP,
        }
    }
}

/// An upload that passed every check, with its cleaned bytes and derived data.
#[derive(Clone)]
pub struct CheckedImage {
    pub kind: Kind,
    /// Width as displayed, i.e. after applying the Exif orientation.
    pub width: u32,
    /// Height as displayed, i.e. after applying the Exif orientation.
    pub height: u32,
    /// The file to store: same pixels and encoding as the upload, metadata removed.
    pub data: Vec<u8>,
    /// JPEG thumbnail, orientation applied, longest side `<= Limits::thumb_side`.
    pub thumbnail: Vec<u8>,
    /// Hex SHA-256 of the original uploaded bytes (exact-duplicate detection).
    pub sha256: String,
    /// Hex SHA-256 of `data`. Equal to `sha256` exactly when nothing had to be removed
    /// (no metadata, no unknown chunks, no bytes after the end of the image).
    pub clean_sha256: String,
    /// 64-bit difference hash of the displayed picture (near-duplicate detection).
    pub phash: u64,
}

// Hand-written so logs show sizes instead of megabytes of numbers.
impl fmt::Debug for CheckedImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckedImage")
            .field("kind", &self.kind)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("data_len", &self.data.len())
            .field("thumbnail_len", &self.thumbnail.len())
            .field("sha256", &self.sha256)
            .field("clean_sha256", &self.clean_sha256)
            .field("phash", &format_args!("{:016x}", self.phash))
            .finish()
    }
}

/// Why an upload was refused. Show users [`ImageError::message`]; `Display` is the same
/// sentence, plus the technical detail for `Corrupt`, for logs.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("{}", self.message())]
    Empty,
    #[error("{}", self.message())]
    TooLarge { size: usize, max: usize },
    #[error("{}", self.message())]
    NotAnImage,
    /// A recognised but refused format: "SVG", "GIF", "BMP", "TIFF", "PDF", "HEIC" or "AVIF".
    #[error("{}", self.message())]
    Unsupported(&'static str),
    /// Width × height or one side is over the limit; the limits are carried so the
    /// message can name them.
    #[error("{}", self.message())]
    TooManyPixels {
        width: u32,
        height: u32,
        max_pixels: u64,
        max_side: u32,
    },
    /// Decoder or structure error; the string is a technical detail for logs.
    #[error("{msg}（{detail}）", msg = self.message(), detail = .0)]
    Corrupt(String),
}

impl ImageError {
    /// Stable snake_case code for API responses and metrics.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty_file",
            Self::TooLarge { .. } => "file_too_large",
            Self::NotAnImage => "not_an_image",
            Self::Unsupported(_) => "unsupported_image_type",
            Self::TooManyPixels { .. } => "too_many_pixels",
            Self::Corrupt(_) => "corrupt_image",
        }
    }

    /// A clear sentence for the user, in Chinese. Never contains technical detail.
    pub fn message(&self) -> String {
        match self {
            Self::Empty => "文件为空，请重新选择图片".to_owned(),
            Self::TooLarge { size, max } => {
                format!(
                    "文件大小 {} MB 超过上限 {} MB",
                    mb_rounded_up(*size),
                    mb(*max)
                )
            }
            Self::NotAnImage => "文件内容不是图片（仅支持 JPEG、PNG、WebP）".to_owned(),
            Self::Unsupported(name) => {
                format!("不支持 {name} 格式的文件，请上传 JPEG、PNG 或 WebP 图片")
            }
            Self::TooManyPixels {
                width,
                height,
                max_pixels,
                max_side,
            } => {
                if u64::from(*width) * u64::from(*height) > *max_pixels {
                    format!(
                        "图片尺寸 {width}×{height} 像素过大（上限 {}）",
                        pixel_count(*max_pixels)
                    )
                } else {
                    format!("图片尺寸 {width}×{height} 像素过大（单边上限 {max_side} 像素）")
                }
            }
            Self::Corrupt(_) => "图片文件已损坏或不完整，无法解码".to_owned(),
        }
    }
}

/// Rounds up to 0.1 MB so a file just over the limit never reads as equal to it.
fn mb_rounded_up(bytes: usize) -> String {
    format!("{:.1}", (bytes as f64 * 10.0 / MIB as f64).ceil() / 10.0)
}

fn mb(bytes: usize) -> String {
    if bytes.is_multiple_of(MIB) {
        (bytes / MIB).to_string()
    } else {
        format!("{:.1}", bytes as f64 / MIB as f64)
    }
}

/// "5000 万像素" style, as Chinese users count megapixels.
fn pixel_count(pixels: u64) -> String {
    if pixels >= 10_000 && pixels.is_multiple_of(10_000) {
        format!("{} 万像素", pixels / 10_000)
    } else if pixels >= 10_000 {
        format!("{:.1} 万像素", pixels as f64 / 10_000.0)
    } else {
        format!("{pixels} 像素")
    }
}

fn corrupt(detail: &str) -> ImageError {
    ImageError::Corrupt(detail.to_owned())
}

fn truncated() -> ImageError {
    corrupt("file ends before the image data is complete")
}

/// Checks one upload and returns its cleaned form, thumbnail and hashes.
///
/// Nothing here trusts the file name or the client's content type.
pub fn inspect(bytes: &[u8], limits: &Limits) -> Result<CheckedImage, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(ImageError::TooLarge {
            size: bytes.len(),
            max: limits.max_bytes,
        });
    }
    let kind = sniff(bytes)?;

    // Header only (this is what `ImageReader::into_dimensions` does, but we keep the decoder
    // so the headers are parsed once). No pixel buffer exists yet.
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), kind.format());
    decoder.limits(header_limits());
    let mut decoder = decoder.into_decoder().map_err(decode_error)?;
    let (raw_width, raw_height) = decoder.dimensions();
    let too_many = || ImageError::TooManyPixels {
        width: raw_width,
        height: raw_height,
        max_pixels: limits.max_pixels,
        max_side: limits.max_side,
    };
    let decode_failed = |e| match e {
        image::ImageError::Limits(_) => too_many(),
        other => decode_error(other),
    };
    if u64::from(raw_width) * u64::from(raw_height) > limits.max_pixels
        || raw_width > limits.max_side
        || raw_height > limits.max_side
    {
        return Err(too_many());
    }

    // Structural walk before the expensive decode: refuses truncated files (zune-jpeg would
    // silently fill in a cut-off JPEG) and yields the cleaned bytes. Only whole segments or
    // chunks are removed, so `data` decodes to exactly the pixels decoded below.
    let cleaned = match kind {
        Kind::Jpeg => clean_jpeg(bytes)?,
        Kind::Png => clean_png(bytes)?,
        Kind::Webp => clean_webp(bytes)?,
    };

    // Second guard: the decoder itself refuses oversize dimensions and allocations.
    decoder
        .set_limits(decoder_limits(limits))
        .map_err(decode_failed)?;
    if decoder.total_bytes() > DECODER_MAX_ALLOC {
        return Err(too_many());
    }
    let image = DynamicImage::from_decoder(decoder).map_err(decode_failed)?;
    if (image.width(), image.height()) != (raw_width, raw_height) {
        return Err(corrupt("decoded size differs from header"));
    }

    let orientation =
        Orientation::from_exif(cleaned.orientation).unwrap_or(Orientation::NoTransforms);
    let (width, height) = if swaps_sides(orientation) {
        (raw_height, raw_width)
    } else {
        (raw_width, raw_height)
    };

    // Thumbnail and hash work on the small picture only; orientation is applied after the
    // downscale because rotating a 320 px image is far cheaper than rotating the original.
    let thumb = make_thumbnail(&image, orientation, limits.thumb_side);
    drop(image);
    let phash = dhash(&thumb);
    let mut thumbnail = Vec::new();
    thumb
        .write_with_encoder(JpegEncoder::new_with_quality(&mut thumbnail, THUMB_QUALITY))
        .map_err(|e| ImageError::Corrupt(format!("thumbnail encoding failed: {e}")))?;

    let sha256 = sha256_hex(bytes);
    // Most uploads without metadata come back byte-identical; skip the second hash then.
    let clean_sha256 = if cleaned.data == bytes {
        sha256.clone()
    } else {
        sha256_hex(&cleaned.data)
    };

    Ok(CheckedImage {
        kind,
        width,
        height,
        data: cleaned.data,
        thumbnail,
        sha256,
        clean_sha256,
        phash,
    })
}

/// Number of differing bits between two perceptual hashes.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Splits a phash into 4 16-bit bands; two hashes within Hamming distance 3 share at least one
/// band (pigeonhole) — used as indexed lookup keys.
///
/// Band `i` holds bits `16*i .. 16*i+16`, as a non-negative `i32` (0..=65535) so it fits an
/// SQL `INTEGER` column; compare band `i` only with band `i`.
pub fn bands(phash: u64) -> [i32; 4] {
    std::array::from_fn(|i| {
        let band = (phash >> (16 * i)) & 0xFFFF;
        i32::try_from(band).unwrap_or_default()
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

// ---------------------------------------------------------------------------------------------
// Sniffing

const PNG_SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// Identifies the format from the first bytes. Known-but-refused formats are named so the
/// user learns what to convert.
fn sniff(b: &[u8]) -> Result<Kind, ImageError> {
    if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Kind::Jpeg);
    }
    if b.starts_with(PNG_SIGNATURE) {
        return Ok(Kind::Png);
    }
    if b.get(0..4) == Some(b"RIFF") && b.get(8..12) == Some(b"WEBP") {
        return Ok(Kind::Webp);
    }
    let refused = if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        Some("GIF")
    } else if b.starts_with(b"%PDF-") {
        Some("PDF")
    } else if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        Some("TIFF")
    } else if is_bmp(b) {
        Some("BMP")
    } else if let Some(name) = iso_media_image(b) {
        Some(name)
    } else if looks_like_svg(b) {
        Some("SVG")
    } else {
        None
    };
    Err(refused.map_or(ImageError::NotAnImage, ImageError::Unsupported))
}

/// "BM" alone is too weak (plain text can start with it), so also require a known DIB header size.
fn is_bmp(b: &[u8]) -> bool {
    let dib_size = b
        .get(14..18)
        .and_then(|s| s.try_into().ok())
        .map(u32::from_le_bytes);
    b.starts_with(b"BM") && matches!(dib_size, Some(12 | 40 | 52 | 56 | 64 | 108 | 124))
}

/// HEIC/HEIF and AVIF are ISO base media files: `....ftyp<brand>`.
fn iso_media_image(b: &[u8]) -> Option<&'static str> {
    if b.get(4..8) != Some(b"ftyp") {
        return None;
    }
    match b.get(8..12)? {
        b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1" => {
            Some("HEIC")
        }
        b"avif" | b"avis" => Some("AVIF"),
        _ => None,
    }
}

/// SVG can carry scripts, so it is refused by name: XML or `<svg` text after an optional
/// UTF-8 BOM and whitespace.
fn looks_like_svg(b: &[u8]) -> bool {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let head = &b[start..b.len().min(start + 16)];
    let head = head.to_ascii_lowercase();
    head.starts_with(b"<?xml") || head.starts_with(b"<svg") || head.starts_with(b"<!doctype svg")
}

// ---------------------------------------------------------------------------------------------
// Decoding

fn header_limits() -> image::Limits {
    // Dimensions are left to our own check so the error can name them; allocations during
    // header parsing (ICC profiles, text chunks) are still bounded.
    let mut l = image::Limits::default();
    l.max_alloc = Some(DECODER_MAX_ALLOC);
    l
}

fn decoder_limits(limits: &Limits) -> image::Limits {
    let mut l = header_limits();
    l.max_image_width = Some(limits.max_side);
    l.max_image_height = Some(limits.max_side);
    l
}

fn decode_error(e: image::ImageError) -> ImageError {
    ImageError::Corrupt(e.to_string())
}

// ---------------------------------------------------------------------------------------------
// Exif (TIFF) orientation

const TAG_ORIENTATION: u16 = 0x0112;
const TIFF_SHORT: u16 = 3;

/// Reads the Orientation tag (1–8) from IFD0 of a TIFF/Exif block, either byte order.
/// An optional leading `Exif\0\0` (common in PNG/WebP writers) is skipped.
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let tiff = tiff.strip_prefix(b"Exif\0\0").unwrap_or(tiff);
    let little = match tiff.get(0..4)? {
        b"II*\0" => true,
        b"MM\0*" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let raw: [u8; 2] = tiff.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if little {
            u16::from_le_bytes(raw)
        } else {
            u16::from_be_bytes(raw)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let raw: [u8; 4] = tiff.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(raw)
        } else {
            u32::from_be_bytes(raw)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    (0..count).find_map(|i| {
        let entry = ifd.checked_add(2 + 12 * i)?;
        if u16_at(entry)? != TAG_ORIENTATION || u16_at(entry + 2)? != TIFF_SHORT {
            return None;
        }
        // A single SHORT sits left-aligned in the 4-byte value field.
        let value = u16_at(entry + 8)?;
        u8::try_from(value).ok().filter(|v| (1..=8).contains(v))
    })
}

/// A 26-byte little-endian TIFF block whose only tag is Orientation.
fn orientation_only_tiff(orientation: u8) -> Vec<u8> {
    let mut t = Vec::with_capacity(26);
    t.extend_from_slice(b"II*\0");
    t.extend_from_slice(&8u32.to_le_bytes()); // IFD0 right after the header
    t.extend_from_slice(&1u16.to_le_bytes()); // one entry
    t.extend_from_slice(&TAG_ORIENTATION.to_le_bytes());
    t.extend_from_slice(&TIFF_SHORT.to_le_bytes());
    t.extend_from_slice(&1u32.to_le_bytes()); // count
    t.extend_from_slice(&u16::from(orientation).to_le_bytes());
    t.extend_from_slice(&[0, 0]); // value padding
    t.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    t
}

fn swaps_sides(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Result of a structural walk: the metadata-free file and the Exif orientation (1 if none).
struct Cleaned {
    data: Vec<u8>,
    orientation: u8,
}

// ---------------------------------------------------------------------------------------------
// JPEG

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const APP0: u8 = 0xE0;
const APP1: u8 = 0xE1;
const APP2: u8 = 0xE2;
const APP14: u8 = 0xEE;
const COM: u8 = 0xFE;

/// A contiguous byte range of a JPEG: a marker segment, or the entropy-coded data of a scan.
struct JpegPiece {
    /// `None` for entropy-coded data.
    marker: Option<u8>,
    range: Range<usize>,
}

impl JpegPiece {
    /// Segment payload after the marker and the 2-byte length.
    fn payload<'a>(&self, b: &'a [u8]) -> &'a [u8] {
        b.get(self.range.start + 4..self.range.end)
            .unwrap_or_default()
    }
}

/// Walks SOI → segments → scans → EOI. Segment lengths are followed, so an `FF D9` inside
/// an APP1 (the Exif thumbnail) is never mistaken for the end of the image; a file that runs
/// out before a real EOI is truncated.
fn jpeg_pieces(b: &[u8]) -> Result<Vec<JpegPiece>, ImageError> {
    let mut pieces = vec![JpegPiece {
        marker: Some(SOI),
        range: 0..2,
    }];
    let mut pos = 2;
    let mut scans = 0usize;
    loop {
        if b.get(pos) != Some(&0xFF) {
            return Err(match b.get(pos) {
                None => truncated(),
                Some(_) => corrupt("JPEG marker expected"),
            });
        }
        // Any number of 0xFF fill bytes may precede a marker; they are not kept.
        while b.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        let start = pos;
        let marker = *b.get(pos + 1).ok_or_else(truncated)?;
        pos += 2;
        match marker {
            EOI if scans > 0 => {
                pieces.push(JpegPiece {
                    marker: Some(EOI),
                    range: start..pos,
                });
                return Ok(pieces);
            }
            EOI => return Err(corrupt("JPEG ends before any scan")),
            // Standalone markers without a length.
            0x01 | 0xD0..=0xD7 => pieces.push(JpegPiece {
                marker: Some(marker),
                range: start..pos,
            }),
            0x00 | SOI => return Err(corrupt("unexpected JPEG marker")),
            _ => {
                let len = b
                    .get(pos..pos + 2)
                    .map(|s| usize::from(u16::from_be_bytes([s[0], s[1]])))
                    .ok_or_else(truncated)?;
                if len < 2 {
                    return Err(corrupt("bad JPEG segment length"));
                }
                let end = pos + len;
                if end > b.len() {
                    return Err(truncated());
                }
                pieces.push(JpegPiece {
                    marker: Some(marker),
                    range: start..end,
                });
                pos = end;
                if marker == SOS {
                    scans += 1;
                    let data_end = entropy_data_end(b, pos)?;
                    pieces.push(JpegPiece {
                        marker: None,
                        range: pos..data_end,
                    });
                    pos = data_end;
                }
            }
        }
    }
}

/// Offset of the first real marker after entropy-coded data starting at `pos`.
fn entropy_data_end(b: &[u8], mut pos: usize) -> Result<usize, ImageError> {
    loop {
        let skip = b
            .get(pos..)
            .and_then(|rest| rest.iter().position(|&x| x == 0xFF))
            .ok_or_else(truncated)?;
        pos += skip;
        match b.get(pos + 1) {
            None => return Err(truncated()),
            // Stuffed zero or restart marker: still inside the scan.
            Some(0x00 | 0xD0..=0xD7) => pos += 2,
            // Fill byte; the marker follows.
            Some(0xFF) => pos += 1,
            Some(_) => return Ok(pos),
        }
    }
}

/// Which segments survive: everything that is not metadata, plus the few APPn that change
/// how pixels look (JFIF, ICC profile, Adobe colour transform).
fn keep_jpeg_piece(piece: &JpegPiece, b: &[u8]) -> bool {
    let Some(marker) = piece.marker else {
        return true;
    };
    let payload = piece.payload(b);
    match marker {
        APP0 => payload.starts_with(b"JFIF\0"),
        APP2 => payload.starts_with(b"ICC_PROFILE\0"),
        APP14 => payload.starts_with(b"Adobe"),
        0xE1..=0xEF | COM => false,
        _ => true,
    }
}

fn clean_jpeg(b: &[u8]) -> Result<Cleaned, ImageError> {
    let pieces = jpeg_pieces(b)?;
    let orientation = pieces
        .iter()
        .filter(|p| p.marker == Some(APP1))
        .find_map(|p| p.payload(b).strip_prefix(b"Exif\0\0"))
        .and_then(exif_orientation)
        .unwrap_or(1);

    let mut data = Vec::with_capacity(b.len());
    // The orientation-only APP1 goes after SOI and any APP0, where readers expect Exif.
    let mut pending = (orientation != 1).then(|| {
        let tiff = orientation_only_tiff(orientation);
        let len = u16::try_from(2 + 6 + tiff.len()).unwrap_or(u16::MAX);
        let mut seg = vec![0xFF, APP1];
        seg.extend_from_slice(&len.to_be_bytes());
        seg.extend_from_slice(b"Exif\0\0");
        seg.extend_from_slice(&tiff);
        seg
    });
    for piece in &pieces {
        if !matches!(piece.marker, Some(SOI | APP0))
            && let Some(segment) = pending.take()
        {
            data.extend_from_slice(&segment);
        }
        if keep_jpeg_piece(piece, b) {
            data.extend_from_slice(&b[piece.range.clone()]);
        }
    }
    // Anything after EOI (phone "motion photo" videos, vendor trailers) is dropped.
    Ok(Cleaned { data, orientation })
}

// ---------------------------------------------------------------------------------------------
// PNG

/// Ancillary chunks that affect how pixels look; every other ancillary chunk is dropped.
const PNG_KEEP_ANCILLARY: [&[u8; 4]; 8] = [
    b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"pHYs", b"sBIT", b"bKGD",
];

struct PngChunk {
    ty: [u8; 4],
    /// The whole chunk: length, type, data and CRC.
    range: Range<usize>,
}

/// Walks the chunk list up to IEND; every chunk must fit in the file.
fn png_chunks(b: &[u8]) -> Result<Vec<PngChunk>, ImageError> {
    let mut chunks = Vec::new();
    let mut pos = PNG_SIGNATURE.len();
    loop {
        let header = b.get(pos..pos + 8).ok_or_else(truncated)?;
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        let ty = [header[4], header[5], header[6], header[7]];
        if len > 0x7FFF_FFFF {
            return Err(corrupt("bad PNG chunk length"));
        }
        let end = pos + 12 + len as usize;
        if end > b.len() {
            return Err(truncated());
        }
        if chunks.is_empty() && &ty != b"IHDR" {
            return Err(corrupt("PNG does not start with IHDR"));
        }
        chunks.push(PngChunk {
            ty,
            range: pos..end,
        });
        pos = end;
        if &ty == b"IEND" {
            return Ok(chunks);
        }
    }
}

fn clean_png(b: &[u8]) -> Result<Cleaned, ImageError> {
    let chunks = png_chunks(b)?;
    let orientation = chunks
        .iter()
        .find(|c| &c.ty == b"eXIf")
        .and_then(|c| exif_orientation(&b[c.range.start + 8..c.range.end - 4]))
        .unwrap_or(1);

    let mut data = Vec::with_capacity(b.len());
    data.extend_from_slice(PNG_SIGNATURE);
    // eXIf must precede the first IDAT.
    let mut pending =
        (orientation != 1).then(|| png_chunk(b"eXIf", &orientation_only_tiff(orientation)));
    for PngChunk { ty, range } in &chunks {
        if ty == b"IDAT"
            && let Some(chunk) = pending.take()
        {
            data.extend_from_slice(&chunk);
        }
        // Upper-case first letter = critical chunk; CRCs are copied unchanged.
        if ty[0].is_ascii_uppercase() || PNG_KEEP_ANCILLARY.contains(&ty) {
            data.extend_from_slice(&b[range.clone()]);
        }
    }
    Ok(Cleaned { data, orientation })
}

fn png_chunk(ty: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut chunk = Vec::with_capacity(payload.len() + 12);
    chunk.extend_from_slice(&u32::try_from(payload.len()).unwrap_or(0).to_be_bytes());
    chunk.extend_from_slice(ty);
    chunk.extend_from_slice(payload);
    chunk.extend_from_slice(&crc32(&chunk[4..]).to_be_bytes());
    chunk
}

/// CRC-32 (IEEE), as PNG uses. Only ever run over a few dozen bytes, so bitwise is fine.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

// ---------------------------------------------------------------------------------------------
// WebP

const VP8X_FLAG_EXIF: u8 = 0x08;
const VP8X_FLAG_XMP: u8 = 0x04;
/// Chunks that make up the picture; EXIF, XMP and unknown chunks are dropped.
const WEBP_KEEP: [&[u8; 4]; 7] = [
    b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ICCP", b"ANIM", b"ANMF",
];

struct RiffChunk {
    fourcc: [u8; 4],
    /// Payload range (without the 8-byte header and the pad byte).
    payload: Range<usize>,
}

/// Walks the RIFF container; the declared RIFF size and every chunk must fit in the file.
fn webp_chunks(b: &[u8]) -> Result<Vec<RiffChunk>, ImageError> {
    let riff_size = b
        .get(4..8)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
        .ok_or_else(truncated)?;
    let riff_end = riff_size.checked_add(8).ok_or_else(truncated)?;
    if riff_end > b.len() {
        return Err(truncated());
    }
    let mut chunks = Vec::new();
    let mut pos = 12;
    while pos + 8 <= riff_end {
        let h = &b[pos..pos + 8];
        let fourcc = [h[0], h[1], h[2], h[3]];
        let size = u32::from_le_bytes([h[4], h[5], h[6], h[7]]) as usize;
        let start = pos + 8;
        let end = start.checked_add(size).ok_or_else(truncated)?;
        if end > riff_end {
            return Err(truncated());
        }
        chunks.push(RiffChunk {
            fourcc,
            payload: start..end,
        });
        pos = end + (size & 1);
    }
    match chunks.first() {
        Some(c) if matches!(&c.fourcc, b"VP8 " | b"VP8L" | b"VP8X") => Ok(chunks),
        Some(_) => Err(corrupt("WebP does not start with an image chunk")),
        None => Err(truncated()),
    }
}

fn clean_webp(b: &[u8]) -> Result<Cleaned, ImageError> {
    let chunks = webp_chunks(b)?;
    let extended = chunks.first().is_some_and(|c| &c.fourcc == b"VP8X");
    let orientation = chunks
        .iter()
        .find(|c| &c.fourcc == b"EXIF")
        .and_then(|c| exif_orientation(&b[c.payload.clone()]))
        .filter(|_| extended)
        .unwrap_or(1);

    // RIFF size is patched in at the end, once the kept chunks are known.
    let mut data = Vec::with_capacity(b.len());
    data.extend_from_slice(b"RIFF\0\0\0\0WEBP");
    for chunk in chunks.iter().filter(|c| WEBP_KEEP.contains(&&c.fourcc)) {
        let payload = &b[chunk.payload.clone()];
        let start = data.len();
        push_riff_chunk(&mut data, &chunk.fourcc, payload);
        if &chunk.fourcc == b"VP8X"
            && let Some(flags) = data.get_mut(start + 8)
        {
            *flags &= !(VP8X_FLAG_EXIF | VP8X_FLAG_XMP);
            if orientation != 1 {
                *flags |= VP8X_FLAG_EXIF;
            }
        }
    }
    if orientation != 1 {
        // EXIF belongs after the image data; WebP stores bare TIFF without "Exif\0\0".
        push_riff_chunk(&mut data, b"EXIF", &orientation_only_tiff(orientation));
    }
    let riff_size = u32::try_from(data.len() - 8).unwrap_or(u32::MAX);
    data[4..8].copy_from_slice(&riff_size.to_le_bytes());
    Ok(Cleaned { data, orientation })
}

fn push_riff_chunk(out: &mut Vec<u8>, fourcc: &[u8; 4], payload: &[u8]) {
    out.extend_from_slice(fourcc);
    out.extend_from_slice(
        &u32::try_from(payload.len())
            .unwrap_or(u32::MAX)
            .to_le_bytes(),
    );
    out.extend_from_slice(payload);
    if payload.len() % 2 == 1 {
        out.push(0);
    }
}

// ---------------------------------------------------------------------------------------------
// Thumbnail and perceptual hash

/// Size that fits in `side`×`side` keeping the aspect ratio; never upscales.
fn fit_within(width: u32, height: u32, side: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= side {
        return (width, height);
    }
    let scale = |v: u32| {
        let scaled = (u64::from(v) * u64::from(side) + u64::from(longest) / 2) / u64::from(longest);
        u32::try_from(scaled).unwrap_or(side).max(1)
    };
    (scale(width), scale(height))
}

/// Box-filtered downscale (each source pixel counted once), alpha flattened onto white,
/// then orientation applied.
fn make_thumbnail(image: &DynamicImage, orientation: Orientation, side: u32) -> RgbImage {
    let (w, h) = fit_within(image.width(), image.height(), side);
    let small = if (w, h) == (image.width(), image.height()) {
        Cow::Borrowed(image)
    } else {
        Cow::Owned(downscale(image, w, h))
    };
    let rgb = flatten_on_white(&small);
    let mut oriented = DynamicImage::ImageRgb8(rgb);
    oriented.apply_orientation(orientation);
    oriented.into_rgb8()
}

/// Box-filter downscale. 8-bit images (every JPEG and WebP, most PNGs) take a direct
/// row-streaming path that is several times faster than `imageops::thumbnail`'s per-pixel
/// accessors; other pixel types fall back to it.
fn downscale(image: &DynamicImage, w: u32, h: u32) -> DynamicImage {
    let (sw, sh) = (image.width(), image.height());
    let fast = match image {
        DynamicImage::ImageLuma8(i) => box_downscale::<1>(i.as_raw(), sw, sh, w, h)
            .and_then(|raw| image::GrayImage::from_raw(w, h, raw))
            .map(DynamicImage::ImageLuma8),
        DynamicImage::ImageLumaA8(i) => box_downscale::<2>(i.as_raw(), sw, sh, w, h)
            .and_then(|raw| image::GrayAlphaImage::from_raw(w, h, raw))
            .map(DynamicImage::ImageLumaA8),
        DynamicImage::ImageRgb8(i) => box_downscale::<3>(i.as_raw(), sw, sh, w, h)
            .and_then(|raw| RgbImage::from_raw(w, h, raw))
            .map(DynamicImage::ImageRgb8),
        DynamicImage::ImageRgba8(i) => box_downscale::<4>(i.as_raw(), sw, sh, w, h)
            .and_then(|raw| image::RgbaImage::from_raw(w, h, raw))
            .map(DynamicImage::ImageRgba8),
        _ => None,
    };
    fast.unwrap_or_else(|| image.thumbnail_exact(w, h))
}

/// Averages each block of source pixels into one target pixel (every source pixel counts
/// exactly once). `None` if the buffer does not match the stated size, `dw`/`dh` is not a
/// downscale, or a block is too tall for the `u32` column sums.
fn box_downscale<const C: usize>(
    src: &[u8],
    sw: u32,
    sh: u32,
    dw: u32,
    dh: u32,
) -> Option<Vec<u8>> {
    let [sw, sh, dw, dh] = [sw, sh, dw, dh].map(|v| usize::try_from(v).unwrap_or(0));
    if dw == 0 || dh == 0 || dw > sw || dh > sh || src.len() != sw * sh * C {
        return None;
    }
    if (sh / dh + 1).saturating_mul(255) > u32::MAX as usize {
        return None;
    }
    // Source column x belongs to bin x*dw/sw, so bin i spans [ceil(i*sw/dw), ceil((i+1)*sw/dw)).
    let column_start = |i: usize| (i * sw).div_ceil(dw);
    let spans: Vec<Range<usize>> = (0..dw)
        .map(|i| column_start(i) * C..column_start(i + 1) * C)
        .collect();
    // Per-byte column sums of the rows in the current block: a plain element-wise add per
    // row, which the compiler vectorises; blocks are reduced to pixels once per output row.
    let mut columns = vec![0u32; sw * C];
    let mut out = Vec::with_capacity(dw * dh * C);
    let mut flush = |columns: &mut [u32], rows: usize| {
        for span in &spans {
            let n = (span.len() / C * rows).max(1) as u64;
            for c in 0..C {
                let sum: u64 = columns[span.clone()]
                    .iter()
                    .skip(c)
                    .step_by(C)
                    .map(|&v| u64::from(v))
                    .sum();
                out.push(u8::try_from((sum + n / 2) / n).unwrap_or(u8::MAX));
            }
        }
        columns.fill(0);
    };
    let (mut current_bin, mut rows) = (0, 0);
    for (y, row) in src.chunks_exact(sw * C).enumerate() {
        let bin = y * dh / sh;
        if bin != current_bin {
            flush(&mut columns, rows);
            (current_bin, rows) = (bin, 0);
        }
        for (sum, &v) in columns.iter_mut().zip(row) {
            *sum += u32::from(v);
        }
        rows += 1;
    }
    flush(&mut columns, rows);
    Some(out)
}

/// Transparent scans would otherwise turn black in a JPEG thumbnail.
fn flatten_on_white(image: &DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.to_rgb8();
    }
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let blend = |c: u8| {
            let (c, a) = (u16::from(c), u16::from(a));
            u8::try_from((c * a + 255 * (255 - a) + 127) / 255).unwrap_or(u8::MAX)
        };
        image::Rgb([blend(r), blend(g), blend(b)])
    })
}

/// Difference hash: grayscale, averaged down to 9×8, one bit per horizontal neighbour pair
/// (bit set when the left pixel is brighter). Bit 63 is the top-left pair.
fn dhash(thumb: &RgbImage) -> u64 {
    let gray = image::imageops::grayscale(thumb);
    let small = image::imageops::resize(&gray, 9, 8, FilterType::Triangle);
    let mut hash = 0u64;
    for y in 0..8 {
        for x in 0..8 {
            let brighter = small.get_pixel(x, y).0[0] > small.get_pixel(x + 1, y).0[0];
            hash = (hash << 1) | u64::from(brighter);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::codecs::webp::WebPEncoder;
    use image::{GenericImageView, Rgb, Rgba, RgbaImage};

    // --- fixtures -------------------------------------------------------------------------

    /// Small deterministic PRNG so fixtures need no extra crate.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u32 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) as u32
        }
    }

    fn gradient(w: u32, h: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
            Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 128])
        }))
    }

    /// Busy content so that truncation lands inside real compressed data.
    fn noisy(w: u32, h: u32, seed: u64) -> DynamicImage {
        let mut rng = Lcg(seed);
        DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
            let n = rng.next();
            Rgb([
                ((x * 255 / w) as u8).wrapping_add((n & 0x3F) as u8),
                ((y * 255 / h) as u8).wrapping_add((n >> 8 & 0x3F) as u8),
                (n >> 16) as u8,
            ])
        }))
    }

    /// A "photo": diagonal background, a few shapes, a little noise.
    fn scene(w: u32, h: u32) -> DynamicImage {
        let mut rng = Lcg(7);
        DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
            let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
            let mut c = [60.0 + 120.0 * fx, 80.0 + 100.0 * fy, 200.0 - 120.0 * fx];
            if (fx - 0.3).powi(2) + (fy - 0.4).powi(2) < 0.03 {
                c = [230.0, 40.0, 40.0];
            }
            if (0.55..0.85).contains(&fx) && (0.2..0.5).contains(&fy) {
                c = [20.0, 20.0, 20.0];
            }
            if (0.5..0.9).contains(&fx) && (0.65..0.8).contains(&fy) {
                c = [250.0, 250.0, 210.0];
            }
            let n = (rng.next() % 13) as f32 - 6.0;
            Rgb(c.map(|v| (v + n).clamp(0.0, 255.0) as u8))
        }))
    }

    fn encode(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Vec::new();
        match format {
            ImageFormat::Jpeg => img
                .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
                .expect("jpeg encode"),
            ImageFormat::WebP => img
                .write_with_encoder(WebPEncoder::new_lossless(&mut out))
                .expect("webp encode"),
            _ => img
                .write_to(&mut Cursor::new(&mut out), format)
                .expect("encode"),
        }
        out
    }

    fn jpeg_q(img: &DynamicImage, quality: u8) -> Vec<u8> {
        let mut out = Vec::new();
        img.write_with_encoder(JpegEncoder::new_with_quality(&mut out, quality))
            .expect("jpeg encode");
        out
    }

    fn check(bytes: &[u8]) -> CheckedImage {
        inspect(bytes, &Limits::default()).expect("image should be accepted")
    }

    fn refuse(bytes: &[u8]) -> ImageError {
        inspect(bytes, &Limits::default()).expect_err("image should be refused")
    }

    fn decode(bytes: &[u8]) -> DynamicImage {
        image::load_from_memory(bytes).expect("cleaned data must decode")
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    fn jpeg_segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut seg = vec![0xFF, marker];
        seg.extend_from_slice(
            &u16::try_from(payload.len() + 2)
                .expect("short")
                .to_be_bytes(),
        );
        seg.extend_from_slice(payload);
        seg
    }

    /// Puts segments right after SOI, as cameras do.
    fn insert_after_soi(jpeg: &[u8], segments: &[Vec<u8>]) -> Vec<u8> {
        let mut out = jpeg[..2].to_vec();
        for s in segments {
            out.extend_from_slice(s);
        }
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    /// Exif TIFF with IFD0 {ImageDescription, Make, [Orientation], GPS pointer} and a GPS IFD
    /// {GPSLatitudeRef, GPSLatitude}, in either byte order.
    fn exif_tiff(little: bool, orientation: Option<u16>) -> Vec<u8> {
        let w16 = |v: u16| {
            if little {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            }
        };
        let w32 = |v: u32| {
            if little {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            }
        };
        let desc = b"SECRET-SERIAL-42\0";
        let make = b"SECRETCAM\0";
        let n0 = if orientation.is_some() { 4 } else { 3 };
        let gps_ifd = 8 + 2 + 12 * n0 + 4;
        let desc_at = gps_ifd + 2 + 12 * 2 + 4;
        let make_at = desc_at + desc.len() as u32;
        let rational_at = (make_at + make.len() as u32 + 1) & !1;

        let mut t = Vec::new();
        t.extend_from_slice(if little { b"II" } else { b"MM" });
        t.extend_from_slice(&w16(42));
        t.extend_from_slice(&w32(8));
        let entry = |t: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: [u8; 4]| {
            t.extend_from_slice(&w16(tag));
            t.extend_from_slice(&w16(typ));
            t.extend_from_slice(&w32(count));
            t.extend_from_slice(&value);
        };
        t.extend_from_slice(&w16(n0 as u16));
        entry(&mut t, 0x010E, 2, desc.len() as u32, w32(desc_at));
        entry(&mut t, 0x010F, 2, make.len() as u32, w32(make_at));
        if let Some(o) = orientation {
            let v = w16(o);
            entry(&mut t, 0x0112, 3, 1, [v[0], v[1], 0, 0]);
        }
        entry(&mut t, 0x8825, 4, 1, w32(gps_ifd));
        t.extend_from_slice(&w32(0));
        assert_eq!(t.len() as u32, gps_ifd);
        t.extend_from_slice(&w16(2));
        entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
        entry(&mut t, 0x0002, 5, 3, w32(rational_at));
        t.extend_from_slice(&w32(0));
        t.extend_from_slice(desc);
        t.extend_from_slice(make);
        t.resize(rational_at as usize, 0);
        for (num, den) in [(31u32, 1u32), (12, 1), (3456, 100)] {
            t.extend_from_slice(&w32(num));
            t.extend_from_slice(&w32(den));
        }
        t
    }

    fn exif_app1(tiff: &[u8]) -> Vec<u8> {
        jpeg_segment(APP1, &[b"Exif\0\0".as_slice(), tiff].concat())
    }

    fn segments_of(jpeg: &[u8]) -> Vec<(u8, Vec<u8>)> {
        jpeg_pieces(jpeg)
            .expect("cleaned JPEG must parse")
            .iter()
            .filter_map(|p| Some((p.marker?, p.payload(jpeg).to_vec())))
            .collect()
    }

    fn png_chunk_types(png: &[u8]) -> Vec<[u8; 4]> {
        png_chunks(png)
            .expect("PNG must parse")
            .iter()
            .map(|c| c.ty)
            .collect()
    }

    /// Inserts chunks right after IHDR.
    fn png_with_chunks(png: &[u8], chunks: &[Vec<u8>]) -> Vec<u8> {
        let ihdr_end = 8 + 12 + 13;
        let mut out = png[..ihdr_end].to_vec();
        for c in chunks {
            out.extend_from_slice(c);
        }
        out.extend_from_slice(&png[ihdr_end..]);
        out
    }

    /// Wraps a simple lossless WebP into an extended (VP8X) file with EXIF and XMP chunks.
    fn extended_webp(simple: &[u8], w: u32, h: u32, exif: &[u8], xmp: &[u8]) -> Vec<u8> {
        let image_chunk = &simple[12..];
        let mut vp8x = vec![VP8X_FLAG_EXIF | VP8X_FLAG_XMP, 0, 0, 0];
        vp8x.extend_from_slice(&(w - 1).to_le_bytes()[..3]);
        vp8x.extend_from_slice(&(h - 1).to_le_bytes()[..3]);
        let mut body = b"WEBP".to_vec();
        push_riff_chunk(&mut body, b"VP8X", &vp8x);
        body.extend_from_slice(image_chunk);
        push_riff_chunk(&mut body, b"EXIF", exif);
        push_riff_chunk(&mut body, b"XMP ", xmp);
        let mut out = b"RIFF".to_vec();
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        out.extend_from_slice(&body);
        out
    }

    fn webp_fourccs(webp: &[u8]) -> Vec<[u8; 4]> {
        webp_chunks(webp)
            .expect("WebP must parse")
            .iter()
            .map(|c| c.fourcc)
            .collect()
    }

    // --- acceptance -----------------------------------------------------------------------

    #[test]
    fn accepts_jpeg_png_webp() {
        let img = gradient(64, 48);
        for (format, kind, mime, ext) in [
            (ImageFormat::Jpeg, Kind::Jpeg, "image/jpeg", "jpg"),
            (ImageFormat::Png, Kind::Png, "image/png", "png"),
            (ImageFormat::WebP, Kind::Webp, "image/webp", "webp"),
        ] {
            let bytes = encode(&img, format);
            let checked = check(&bytes);
            assert_eq!(checked.kind, kind);
            assert_eq!((checked.width, checked.height), (64, 48));
            assert_eq!(kind.content_type(), mime);
            assert_eq!(kind.extension(), ext);
            assert_eq!(checked.sha256, sha256_hex(&bytes));
            assert_eq!(checked.clean_sha256, sha256_hex(&checked.data));
            assert_eq!(decode(&checked.data).dimensions(), (64, 48));
            // Small images are not upscaled.
            let thumb = image::load_from_memory_with_format(&checked.thumbnail, ImageFormat::Jpeg)
                .expect("thumbnail is a JPEG");
            assert_eq!(thumb.dimensions(), (64, 48));
        }
    }

    #[test]
    fn thumbnail_keeps_aspect_ratio_within_limit() {
        let checked = check(&encode(&gradient(1000, 500), ImageFormat::Png));
        let thumb = decode(&checked.thumbnail);
        assert_eq!(thumb.dimensions(), (320, 160));
        let checked = check(&encode(&gradient(300, 1200), ImageFormat::Jpeg));
        assert_eq!(decode(&checked.thumbnail).dimensions(), (80, 320));
    }

    #[test]
    fn transparent_png_thumbnail_is_flattened_on_white() {
        let img = DynamicImage::ImageRgba8(RgbaImage::from_pixel(40, 40, Rgba([0, 0, 0, 0])));
        let checked = check(&encode(&img, ImageFormat::Png));
        let thumb = decode(&checked.thumbnail).to_rgb8();
        assert!(thumb.pixels().all(|p| p.0.iter().all(|&c| c > 245)));
    }

    // --- refusals -------------------------------------------------------------------------

    #[test]
    fn empty_file_is_refused() {
        let err = refuse(b"");
        assert!(matches!(err, ImageError::Empty));
        assert_eq!(err.code(), "empty_file");
    }

    #[test]
    fn text_is_not_an_image() {
        let err = refuse(b"hello");
        assert!(matches!(err, ImageError::NotAnImage));
        assert_eq!(err.code(), "not_an_image");
        assert_eq!(err.message(), "文件内容不是图片（仅支持 JPEG、PNG、WebP）");
        // "BM" text is not taken for a bitmap.
        assert!(matches!(
            refuse(b"BMW owners manual"),
            ImageError::NotAnImage
        ));
    }

    #[test]
    fn svg_and_xml_are_refused_by_name() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert!(matches!(refuse(svg), ImageError::Unsupported("SVG")));
        let with_bom = [
            b"\xEF\xBB\xBF \n\t".as_slice(),
            b"<?xml version=\"1.0\"?><svg/>",
        ]
        .concat();
        assert!(matches!(refuse(&with_bom), ImageError::Unsupported("SVG")));
        assert!(matches!(
            refuse(b"<!DOCTYPE svg><svg/>"),
            ImageError::Unsupported("SVG")
        ));
        let err = refuse(svg);
        assert_eq!(err.code(), "unsupported_image_type");
        assert!(err.message().contains("SVG"));
    }

    #[test]
    fn other_formats_are_refused_by_name() {
        let mut bmp = b"BM".to_vec();
        bmp.resize(14, 0);
        bmp.extend_from_slice(&40u32.to_le_bytes());
        bmp.resize(64, 0);
        let cases: [(&[u8], &str); 7] = [
            (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "GIF"),
            (b"GIF87a\x01\x00\x01\x00", "GIF"),
            (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "PDF"),
            (&bmp, "BMP"),
            (b"II*\x00\x08\x00\x00\x00", "TIFF"),
            (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "HEIC"),
            (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic", "HEIC"),
        ];
        for (bytes, name) in cases {
            match refuse(bytes) {
                ImageError::Unsupported(got) => assert_eq!(got, name),
                other => panic!("{name}: expected Unsupported, got {other:?}"),
            }
        }
    }

    #[test]
    fn file_name_is_irrelevant_png_bytes_are_png() {
        // There is no file name input at all; a PNG is recognised by content alone.
        let bytes = encode(&gradient(8, 8), ImageFormat::Png);
        assert_eq!(check(&bytes).kind, Kind::Png);
    }

    #[test]
    fn oversize_file_is_refused_before_decoding() {
        // Zeros are not an image: TooLarge proves the size check runs before the sniff.
        let err = refuse(&vec![0u8; 11 * MIB]);
        assert!(
            matches!(err, ImageError::TooLarge { size, max } if size == 11 * MIB && max == 10 * MIB)
        );
        assert_eq!(err.code(), "file_too_large");
        assert_eq!(err.message(), "文件大小 11.0 MB 超过上限 10 MB");
        // One byte over must not read as "10.0 MB > 10 MB".
        let over = ImageError::TooLarge {
            size: 10 * MIB + 1,
            max: 10 * MIB,
        };
        assert_eq!(over.message(), "文件大小 10.1 MB 超过上限 10 MB");
    }

    /// Signature + IHDR declaring `w`×`h` RGB + a tiny (empty) zlib IDAT + IEND.
    fn png_header_only(w: u32, h: u32) -> Vec<u8> {
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        [
            PNG_SIGNATURE.to_vec(),
            png_chunk(b"IHDR", &ihdr),
            png_chunk(b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]),
            png_chunk(b"IEND", &[]),
        ]
        .concat()
    }

    #[test]
    fn png_bomb_is_refused_from_the_header() {
        let bomb = png_header_only(30_000, 30_000);
        assert!(bomb.len() < 100);
        let started = std::time::Instant::now();
        let err = refuse(&bomb);
        // Allocating 30000×30000×3 bytes (2.5 GiB) would take far longer than this.
        assert!(started.elapsed() < std::time::Duration::from_millis(500));
        assert!(matches!(
            err,
            ImageError::TooManyPixels {
                width: 30_000,
                height: 30_000,
                ..
            }
        ));
        assert_eq!(err.code(), "too_many_pixels");
        assert_eq!(
            err.message(),
            "图片尺寸 30000×30000 像素过大（上限 5000 万像素）"
        );
    }

    #[test]
    fn overlong_side_is_refused() {
        let err = refuse(&png_header_only(25_000, 10));
        assert!(matches!(
            err,
            ImageError::TooManyPixels {
                width: 25_000,
                height: 10,
                ..
            }
        ));
        assert_eq!(
            err.message(),
            "图片尺寸 25000×10 像素过大（单边上限 20000 像素）"
        );
        // Custom limits are honoured too.
        let limits = Limits {
            max_pixels: 100,
            ..Limits::default()
        };
        let err =
            inspect(&encode(&gradient(20, 20), ImageFormat::Png), &limits).expect_err("too big");
        assert!(matches!(
            err,
            ImageError::TooManyPixels {
                width: 20,
                height: 20,
                ..
            }
        ));
    }

    #[test]
    fn mangled_inputs_never_panic() {
        // Poor man's fuzzing: random byte flips and cuts of valid files, with metadata.
        let img = noisy(48, 32, 6);
        let jpeg = insert_after_soi(
            &encode(&img, ImageFormat::Jpeg),
            &[exif_app1(&exif_tiff(true, Some(6)))],
        );
        let png = png_with_chunks(
            &encode(&img, ImageFormat::Png),
            &[png_chunk(b"eXIf", &exif_tiff(false, Some(3)))],
        );
        let webp = extended_webp(
            &encode(&img, ImageFormat::WebP),
            48,
            32,
            &exif_tiff(true, Some(8)),
            b"x",
        );
        let mut rng = Lcg(2024);
        for original in [jpeg, png, webp] {
            for _ in 0..150 {
                let mut bytes = original.clone();
                for _ in 0..1 + rng.next() % 4 {
                    let at = rng.next() as usize % bytes.len();
                    bytes[at] = rng.next() as u8;
                }
                if rng.next().is_multiple_of(3) {
                    bytes.truncate(rng.next() as usize % bytes.len());
                }
                if let Ok(checked) = inspect(&bytes, &Limits::default()) {
                    assert!(checked.width > 0 && checked.height > 0);
                }
            }
        }
    }

    #[test]
    fn zune_jpeg_silently_accepts_truncated_jpeg() {
        // Documents why `jpeg_pieces` insists on a real EOI: the decoder alone returns a
        // full-size picture (missing blocks filled in) for the first 60% of a JPEG.
        let jpeg = encode(&noisy(256, 256, 1), ImageFormat::Jpeg);
        let cut = &jpeg[..jpeg.len() * 6 / 10];
        let lenient = image::load_from_memory_with_format(cut, ImageFormat::Jpeg);
        assert!(lenient.is_ok(), "zune-jpeg behaviour changed: {lenient:?}");
    }

    #[test]
    fn truncated_files_are_corrupt() {
        let img = noisy(256, 256, 2);
        for format in [ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::WebP] {
            let bytes = encode(&img, format);
            for percent in [10, 60, 95] {
                let cut = &bytes[..bytes.len() * percent / 100];
                let err = refuse(cut);
                assert!(
                    matches!(err, ImageError::Corrupt(_)),
                    "{format:?} cut to {percent}%: {err:?}"
                );
                assert_eq!(err.code(), "corrupt_image");
                assert_eq!(err.message(), "图片文件已损坏或不完整，无法解码");
            }
            // Dropping only the very last byte is caught as well.
            assert!(matches!(
                refuse(&bytes[..bytes.len() - 1]),
                ImageError::Corrupt(_)
            ));
        }
    }

    #[test]
    fn exif_thumbnail_eoi_does_not_hide_truncation() {
        // An Exif APP1 carrying an embedded thumbnail that ends in FF D9.
        let mut payload = b"Exif\0\0".to_vec();
        payload.extend_from_slice(&exif_tiff(false, Some(1)));
        payload.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x04, 0x01, 0x02, 0xFF, 0xD9]);
        let jpeg = encode(&noisy(128, 128, 3), ImageFormat::Jpeg);
        let with_thumb = insert_after_soi(&jpeg, &[jpeg_segment(APP1, &payload)]);
        assert_eq!(check(&with_thumb).width, 128);
        let cut = &with_thumb[..with_thumb.len() * 6 / 10];
        assert!(matches!(refuse(cut), ImageError::Corrupt(_)));
    }

    // --- metadata stripping ---------------------------------------------------------------

    #[test]
    fn jpeg_gps_exif_is_replaced_by_orientation_only() {
        for little in [false, true] {
            let jpeg = encode(&gradient(64, 32), ImageFormat::Jpeg);
            let xmp = jpeg_segment(
                APP1,
                b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>SECRET-XMP</x:xmpmeta>",
            );
            let iptc = jpeg_segment(0xED, b"Photoshop 3.0\08BIM\x04\x04SECRET-IPTC");
            let comment = jpeg_segment(COM, b"SECRET-COMMENT");
            let app12 = jpeg_segment(0xEC, b"Ducky\0SECRET-DUCKY");
            let uploaded = insert_after_soi(
                &jpeg,
                &[
                    exif_app1(&exif_tiff(little, Some(6))),
                    xmp,
                    iptc,
                    comment,
                    app12,
                ],
            );
            assert!(contains(&uploaded, b"SECRET"));

            let checked = check(&uploaded);
            // Orientation 6 = rotate 90°: displayed size is swapped.
            assert_eq!((checked.width, checked.height), (32, 64));
            assert!(!contains(&checked.data, b"SECRET"));
            assert!(!contains(&checked.data, b"http://ns.adobe.com"));
            assert_ne!(checked.sha256, checked.clean_sha256);

            let segments = segments_of(&checked.data);
            let app1: Vec<_> = segments.iter().filter(|(m, _)| *m == APP1).collect();
            assert_eq!(app1.len(), 1, "exactly one APP1 (the minimal Exif)");
            let tiff = app1[0].1.strip_prefix(b"Exif\0\0").expect("Exif APP1");
            assert_eq!(tiff, orientation_only_tiff(6).as_slice());
            assert_eq!(exif_orientation(tiff), Some(6));
            // No GPS pointer (0x8825) in either byte order inside any remaining segment.
            for (marker, payload) in &segments {
                assert!(
                    !matches!(*marker, 0xE3..=0xED | COM),
                    "marker {marker:02X} kept"
                );
                assert!(!contains(payload, &[0x88, 0x25]) && !contains(payload, &[0x25, 0x88]));
            }
            // Still a valid JPEG with the stored (unrotated) size.
            assert_eq!(decode(&checked.data).dimensions(), (64, 32));
        }
    }

    #[test]
    fn jpeg_exif_without_rotation_is_removed_entirely() {
        let jpeg = encode(&gradient(64, 32), ImageFormat::Jpeg);
        let uploaded = insert_after_soi(&jpeg, &[exif_app1(&exif_tiff(true, Some(1)))]);
        let checked = check(&uploaded);
        assert_eq!((checked.width, checked.height), (64, 32));
        assert!(segments_of(&checked.data).iter().all(|(m, _)| *m != APP1));
        // Only the inserted segment was removed: the rest is byte-identical.
        assert_eq!(checked.data, jpeg);
        assert_eq!(checked.clean_sha256, sha256_hex(&jpeg));
    }

    #[test]
    fn jpeg_trailer_after_eoi_is_dropped() {
        let jpeg = encode(&gradient(64, 32), ImageFormat::Jpeg);
        let uploaded = [jpeg.as_slice(), b"MotionPhoto_Data SECRET-VIDEO"].concat();
        let checked = check(&uploaded);
        assert_eq!(checked.data, jpeg);
        assert_ne!(checked.sha256, checked.clean_sha256);
    }

    #[test]
    fn orientation_is_applied_to_the_thumbnail() {
        // Left half red, right half blue; rotating 90° clockwise puts red on top.
        let img = DynamicImage::ImageRgb8(RgbImage::from_fn(64, 32, |x, _| {
            if x < 32 {
                Rgb([255, 0, 0])
            } else {
                Rgb([0, 0, 255])
            }
        }));
        let uploaded = insert_after_soi(
            &encode(&img, ImageFormat::Jpeg),
            &[exif_app1(&exif_tiff(false, Some(6)))],
        );
        let thumb = decode(&check(&uploaded).thumbnail).to_rgb8();
        assert_eq!(thumb.dimensions(), (32, 64));
        let top = thumb.get_pixel(16, 8).0;
        let bottom = thumb.get_pixel(16, 56).0;
        assert!(top[0] > 200 && top[2] < 60, "top should be red: {top:?}");
        assert!(
            bottom[2] > 200 && bottom[0] < 60,
            "bottom should be blue: {bottom:?}"
        );
    }

    #[test]
    fn exif_orientation_reads_both_byte_orders() {
        for o in 1..=8u16 {
            assert_eq!(exif_orientation(&exif_tiff(true, Some(o))), Some(o as u8));
            assert_eq!(exif_orientation(&exif_tiff(false, Some(o))), Some(o as u8));
        }
        assert_eq!(exif_orientation(&exif_tiff(true, None)), None);
        assert_eq!(exif_orientation(&exif_tiff(false, Some(9))), None);
        assert_eq!(exif_orientation(b"MM\0*\xFF\xFF\xFF\xFF"), None);
        assert_eq!(exif_orientation(b""), None);
    }

    #[test]
    fn png_text_and_exif_chunks_are_dropped() {
        let img = noisy(48, 40, 4);
        let png = encode(&img, ImageFormat::Png);
        let uploaded = png_with_chunks(
            &png,
            &[
                png_chunk(b"tEXt", b"GPS\x0031.2304,121.4737"),
                png_chunk(b"tEXt", b"Comment\0SECRET-COMMENT"),
                png_chunk(b"zTXt", b"Author\0\0x\x9c\x03\x00\x00\x00\x00\x01"),
                png_chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0SECRET-XMP"),
                png_chunk(b"tIME", &[0x07, 0xE8, 1, 2, 3, 4, 5]),
                png_chunk(b"eXIf", &exif_tiff(false, None)),
                png_chunk(b"prVt", b"SECRET-PRIVATE"),
                png_chunk(b"pHYs", &[0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1]),
            ],
        );
        let checked = check(&uploaded);
        let types = png_chunk_types(&checked.data);
        for dropped in [b"tEXt", b"zTXt", b"iTXt", b"tIME", b"eXIf", b"prVt"] {
            assert!(
                !types.contains(dropped),
                "{:?} kept",
                String::from_utf8_lossy(dropped)
            );
        }
        assert!(types.contains(b"pHYs"));
        assert!(!contains(&checked.data, b"SECRET"));
        assert!(!contains(&checked.data, b"GPS"));
        assert_ne!(checked.sha256, checked.clean_sha256);
        // Lossless: exactly the same pixels.
        assert_eq!(decode(&checked.data).to_rgb8(), img.to_rgb8());
    }

    #[test]
    fn png_rotation_survives_as_minimal_exif() {
        let png = encode(&gradient(30, 20), ImageFormat::Png);
        let uploaded = png_with_chunks(&png, &[png_chunk(b"eXIf", &exif_tiff(true, Some(8)))]);
        let checked = check(&uploaded);
        assert_eq!((checked.width, checked.height), (20, 30));
        let chunks = png_chunks(&checked.data).expect("parse");
        let exif: Vec<_> = chunks.iter().filter(|c| &c.ty == b"eXIf").collect();
        assert_eq!(exif.len(), 1);
        let payload = &checked.data[exif[0].range.start + 8..exif[0].range.end - 4];
        assert_eq!(payload, orientation_only_tiff(8).as_slice());
        assert_eq!(decode(&checked.data).dimensions(), (30, 20));
    }

    #[test]
    fn webp_exif_and_xmp_are_dropped() {
        let img = noisy(40, 30, 5);
        let simple = encode(&img, ImageFormat::WebP);
        let uploaded = extended_webp(
            &simple,
            40,
            30,
            &exif_tiff(false, None),
            b"<x:xmpmeta>SECRET-XMP</x:xmpmeta>",
        );
        assert_eq!(decode(&uploaded).dimensions(), (40, 30), "fixture is valid");

        let checked = check(&uploaded);
        assert_eq!(webp_fourccs(&checked.data), [*b"VP8X", *b"VP8L"]);
        assert_eq!(checked.data[20] & (VP8X_FLAG_EXIF | VP8X_FLAG_XMP), 0);
        let riff_size = u32::from_le_bytes(checked.data[4..8].try_into().expect("4 bytes"));
        assert_eq!(riff_size as usize, checked.data.len() - 8);
        assert!(!contains(&checked.data, b"SECRET"));
        assert_eq!(decode(&checked.data).to_rgb8(), img.to_rgb8());

        // With a rotation, a minimal EXIF chunk stays and its flag stays set.
        let rotated = extended_webp(&simple, 40, 30, &exif_tiff(true, Some(6)), b"<x/>");
        let checked = check(&rotated);
        assert_eq!((checked.width, checked.height), (30, 40));
        assert_eq!(webp_fourccs(&checked.data), [*b"VP8X", *b"VP8L", *b"EXIF"]);
        assert_eq!(
            checked.data[20] & (VP8X_FLAG_EXIF | VP8X_FLAG_XMP),
            VP8X_FLAG_EXIF
        );
        assert!(!contains(&checked.data, b"SECRET"));
        assert_eq!(decode(&checked.data).dimensions(), (40, 30));
    }

    #[test]
    fn clean_hash_equals_original_when_nothing_was_stripped() {
        // image's encoders write no metadata, so these come back byte-identical.
        let img = gradient(50, 40);
        for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::WebP] {
            let bytes = encode(&img, format);
            let checked = check(&bytes);
            assert_eq!(checked.data, bytes, "{format:?}");
            assert_eq!(checked.sha256, checked.clean_sha256, "{format:?}");
        }
    }

    // --- perceptual hash ------------------------------------------------------------------

    #[test]
    fn dhash_survives_recompression_and_resizing() {
        let original = scene(640, 480);
        let small = original.resize_exact(448, 336, FilterType::Triangle);
        let a = check(&encode(&original, ImageFormat::Png)).phash;
        let b = check(&jpeg_q(&small, 60)).phash;
        let distance = hamming(a, b);
        assert!(distance <= 6, "distance {distance}: {a:016x} vs {b:016x}");
    }

    #[test]
    fn dhash_separates_different_pictures() {
        let (w, h) = (400, 300);
        // Brightness falls from left to right.
        let gradient = DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
            let v = 255 - (x * 200 / w + y * 40 / h) as u8;
            Rgb([v, v, v])
        }));
        let checker = DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
            if (x / 100 + y / 100) % 2 == 0 {
                Rgb([255, 255, 255])
            } else {
                Rgb([0, 0, 0])
            }
        }));
        // "Text": rows of random dark word blocks on white paper.
        let mut rng = Lcg(11);
        let mut text = RgbImage::from_pixel(w, h, Rgb([250, 250, 250]));
        for line in 0..8 {
            let mut x = 10 + rng.next() % 20;
            while x < w - 40 {
                let word = 15 + rng.next() % 50;
                for yy in 20 + line * 35..20 + line * 35 + 18 {
                    for xx in x..(x + word).min(w - 10) {
                        text.put_pixel(xx, yy, Rgb([20, 20, 30]));
                    }
                }
                x += word + 8 + rng.next() % 30;
            }
        }
        let hashes: Vec<u64> = [gradient, checker, DynamicImage::ImageRgb8(text)]
            .iter()
            .map(|img| check(&encode(img, ImageFormat::Png)).phash)
            .collect();
        for i in 0..hashes.len() {
            for j in i + 1..hashes.len() {
                let d = hamming(hashes[i], hashes[j]);
                assert!(d > 20, "pictures {i} and {j} only {d} apart");
            }
        }
    }

    #[test]
    fn hamming_counts_differing_bits() {
        assert_eq!(hamming(0, 0), 0);
        assert_eq!(hamming(0, u64::MAX), 64);
        assert_eq!(hamming(0b1011, 0b0001), 2);
    }

    #[test]
    fn bands_split_into_16_bit_keys() {
        let h = 0x1234_5678_9ABC_DEF0;
        assert_eq!(bands(h), [0xDEF0, 0x9ABC, 0x5678, 0x1234]);
        assert_eq!(bands(u64::MAX), [65_535; 4]);
    }

    #[test]
    fn close_hashes_share_a_band() {
        let mut rng = Lcg(99);
        for _ in 0..1_000 {
            let a = u64::from(rng.next()) << 32 | u64::from(rng.next());
            let mut b = a;
            let flips = rng.next() % 4;
            for _ in 0..flips {
                b ^= 1 << (rng.next() % 64);
            }
            assert!(hamming(a, b) <= 3);
            let (ba, bb) = (bands(a), bands(b));
            assert!((0..4).any(|i| ba[i] == bb[i]), "{a:016x} / {b:016x}");
        }
    }

    #[test]
    fn box_downscale_averages_blocks() {
        // 4×2 grey → 2×1: each target pixel is the mean of a 2×2 block.
        let src = [0, 10, 100, 200, 20, 30, 100, 101];
        assert_eq!(box_downscale::<1>(&src, 4, 2, 2, 1), Some(vec![15, 125]));
        // Uneven 5→2 split still counts every pixel once: bins {0,1,2} and {3,4}.
        let src = [3, 3, 3, 9, 9];
        assert_eq!(box_downscale::<1>(&src, 5, 1, 2, 1), Some(vec![3, 9]));
        // Wrong buffer size or an upscale is refused, not mis-read.
        assert_eq!(box_downscale::<3>(&[0; 5], 2, 1, 1, 1), None);
        assert_eq!(box_downscale::<1>(&[0; 2], 2, 1, 3, 1), None);
        // Close to image's own thumbnail on real content.
        let img = scene(640, 480);
        let ours = downscale(&img, 320, 240).to_rgb8();
        let theirs = img.thumbnail_exact(320, 240).to_rgb8();
        let max_diff = ours
            .as_raw()
            .iter()
            .zip(theirs.as_raw())
            .map(|(a, b)| a.abs_diff(*b))
            .max();
        assert!(max_diff.is_some_and(|d| d <= 2), "{max_diff:?}");
    }

    #[test]
    fn crc32_matches_png_reference() {
        // CRC of the IEND chunk type, fixed by the PNG spec.
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    }

    #[test]
    fn display_is_the_user_message() {
        let err = ImageError::Corrupt("bad huffman".into());
        assert_eq!(
            err.to_string(),
            "图片文件已损坏或不完整，无法解码（bad huffman）"
        );
        assert_eq!(ImageError::Empty.to_string(), ImageError::Empty.message());
    }
}
