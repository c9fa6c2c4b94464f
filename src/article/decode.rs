//! Bytes → text: BOM, encoding override, UTF-8, UTF-16 without BOM, legacy single-byte
//! encodings (chardetng + encoding_rs); binary refusal; line-end normalisation.
//!
//! Controls (NUL, 0x1C, ESC …) are kept in the text: the layout shows them as placeholders, and
//! silently stripping them would move every offset after them.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Decoded text with normalised line ends and the encoding it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// encoding_rs name: "UTF-8", "UTF-16LE", "windows-1256", "ISO-8859-8" …
    pub encoding: &'static str,
}

/// Why bytes were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("looks like a binary file ({0}), not a text document")]
    Binary(&'static str),
    #[error("unknown encoding {0:?} (use a WHATWG label such as utf-8, windows-1256, iso-8859-8)")]
    UnknownEncoding(String),
    #[error("invalid {encoding} at byte {byte_offset}; pass another encoding to read it")]
    Undecodable {
        encoding: &'static str,
        byte_offset: usize,
    },
}

/// How many leading bytes the binary and UTF-16 sniffers look at.
pub(crate) const SNIFF_BYTES: usize = 1024;
/// How many bytes chardetng sees: enough to decide, bounded so a 50 MB file is not scanned twice.
pub(crate) const DETECT_BYTES: usize = 1 << 20;

/// Decode `bytes`. Order: BOM, then `override_label`, then UTF-16 without BOM, then valid UTF-8,
/// then binary refusal, then chardetng's guess among legacy encodings.
///
/// A forced UTF-8 that is invalid is refused with the byte offset; legacy encodings decode every
/// byte, so they never fail.
pub fn decode(bytes: &[u8], override_label: Option<&str>) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(decode_with(encoding, &bytes[bom_len..]));
    }
    if let Some(label) = override_label.map(str::trim).filter(|l| !l.is_empty()) {
        let encoding = Encoding::for_label(label.as_bytes())
            .ok_or_else(|| DecodeError::UnknownEncoding(label.to_owned()))?;
        if encoding == UTF_8 {
            return match std::str::from_utf8(bytes) {
                Ok(s) => Ok(Decoded {
                    text: normalize_line_ends(s),
                    encoding: UTF_8.name(),
                }),
                Err(e) => Err(DecodeError::Undecodable {
                    encoding: UTF_8.name(),
                    byte_offset: e.valid_up_to(),
                }),
            };
        }
        return Ok(decode_with(encoding, bytes));
    }
    // Before UTF-8: ASCII in UTF-16 is valid UTF-8 (full of NULs).
    if let Some(encoding) = utf16_without_bom(bytes) {
        return Ok(decode_with(encoding, bytes));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        if let Some(why) = binary_reason(bytes) {
            return Err(DecodeError::Binary(why));
        }
        return Ok(Decoded {
            text: normalize_line_ends(s),
            encoding: UTF_8.name(),
        });
    }
    if let Some(why) = binary_reason(bytes) {
        return Err(DecodeError::Binary(why));
    }
    if let Some(byte_offset) = damaged_utf8(bytes) {
        // Mostly valid multi-byte UTF-8 with a few bad bytes is damaged UTF-8, not a legacy
        // encoding: decoding it as windows-1252 would turn the whole text into mojibake.
        return Err(DecodeError::Undecodable {
            encoding: UTF_8.name(),
            byte_offset,
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    detector.feed(sample, sample.len() == bytes.len());
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    if encoding == UTF_8 {
        // chardetng only says UTF-8 for a valid prefix: the invalid byte is further on. Decoding
        // with U+FFFD would silently change the text, so name the place instead.
        let byte_offset = std::str::from_utf8(bytes)
            .err()
            .map_or(0, |e| e.valid_up_to());
        return Err(DecodeError::Undecodable {
            encoding: UTF_8.name(),
            byte_offset,
        });
    }
    Ok(decode_with(encoding, bytes))
}

/// The byte offset of the first invalid sequence when `bytes` look like UTF-8 with a few damaged
/// bytes: at least 4 valid multi-byte sequences per invalid one. Legacy single-byte text (even
/// Persian windows-1256, whose letters sometimes pair up into valid sequences by accident) has
/// invalid sequences everywhere.
fn damaged_utf8(bytes: &[u8]) -> Option<usize> {
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in sample.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    if multibyte >= 4 && multibyte >= invalid.saturating_mul(4) {
        std::str::from_utf8(bytes).err().map(|e| e.valid_up_to())
    } else {
        None
    }
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, _had_errors) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: normalize_line_ends(&text),
        encoding: encoding.name(),
    }
}

/// CRLF, lone CR, U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR and NEL (U+0085) → LF.
///
/// Everything else is kept byte for byte, so offsets into the result are what the user sees.
pub fn normalize_line_ends(text: &str) -> String {
    if !needs_line_end_normalizing(text.as_bytes()) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('\n'),
            c => out.push(c),
        }
    }
    out
}

/// Whether `bytes` (UTF-8) contain CR, U+2028, U+2029 or U+0085. Searches lead bytes: the
/// trail bytes of those characters (0xA8, 0xA9, 0x85) are also trail bytes of common Arabic
/// letters (ب ک م), so `str::contains(char)` crawls through Arabic-script text.
fn needs_line_end_normalizing(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(offset) = bytes[i..]
        .iter()
        .position(|&b| b == b'\r' || b == 0xE2 || b == 0xC2)
    {
        let j = i + offset;
        match bytes[j] {
            b'\r' => return true,
            0xE2 if bytes.get(j + 1) == Some(&0x80)
                && matches!(bytes.get(j + 2), Some(0xA8 | 0xA9)) =>
            {
                return true;
            }
            0xC2 if bytes.get(j + 1) == Some(&0x85) => return true,
            _ => {}
        }
        i = j + 1;
    }
    false
}

/// Why the first KB looks binary, if it does: a known magic number, NULs, or a high density of
/// C0 controls other than TAB/LF/CR/FF/ESC. Called only for data that is not UTF-16.
pub fn binary_reason(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x1F\x8B", "gzip data"),
        (b"\x7FELF", "ELF executable"),
        (b"BZh", "bzip2 data"),
        (b"\xFD7zXZ\x00", "xz data"),
        (b"SQLite format 3\x00", "SQLite database"),
    ];
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(what);
        }
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.is_empty() {
        return None;
    }
    let nuls = head.iter().filter(|&&b| b == 0).count();
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    // A stray NUL or two in a text file is shown as a placeholder; many are a binary format.
    if nuls * 64 > head.len() && nuls >= 2 || nuls == head.len() {
        return Some("NUL bytes in the first KB");
    }
    if controls * 8 > head.len() && controls >= 4 {
        return Some("many control bytes in the first KB");
    }
    None
}

/// Whether the bytes start with a UTF-16 BOM or look like BOM-less UTF-16.
pub fn looks_like_utf16(bytes: &[u8]) -> bool {
    matches!(Encoding::for_bom(bytes), Some((e, _)) if e == UTF_16LE || e == UTF_16BE)
        || utf16_without_bom(bytes).is_some()
}

/// UTF-16 without BOM: in the first KB, one byte parity takes only a few distinct values
/// including 0x00 (the high bytes of ASCII, Arabic U+06xx, Hebrew U+05xx …), the other parity
/// varies, and the whole decodes without unpaired surrogates.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
    if head.len() < 16 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let distinct = |parity: usize| {
        let mut seen = [false; 256];
        for b in head.iter().skip(parity).step_by(2) {
            seen[usize::from(*b)] = true;
        }
        (seen.iter().filter(|&&s| s).count(), seen[0])
    };
    let (even, even_has_nul) = distinct(0);
    let (odd, odd_has_nul) = distinct(1);
    let encoding = if odd <= 4 && odd_has_nul && even > odd {
        UTF_16LE
    } else if even <= 4 && even_has_nul && odd > even {
        UTF_16BE
    } else {
        return None;
    };
    let (decoded, had_errors) = encoding.decode_without_bom_handling(head);
    // Binary data can have the parity pattern too; text does not decode to mostly controls.
    let chars = decoded.chars().count();
    let controls = decoded
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        .count();
    (!had_errors && controls * 8 <= chars).then_some(encoding)
}

/// `<html`, `<!doctype html` or `<head`/`<body` near the start (after BOM and whitespace).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head: Vec<u8> = bytes[start..bytes.len().min(start + 256)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    head.starts_with(b"<!doctype html")
        || head.starts_with(b"<html")
        || head.starts_with(b"<head")
        || head.starts_with(b"<body")
        || (head.starts_with(b"<?xml") && head.windows(5).any(|w| w == b"<html"))
        || (head.starts_with(b"<!--") && head.windows(5).any(|w| w == b"<html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends() {
        assert_eq!(
            normalize_line_ends("a\r\nb\rc\u{2028}d\u{2029}e\n"),
            "a\nb\nc\nd\ne\n"
        );
        assert_eq!(normalize_line_ends("\r\r\n"), "\n\n");
        assert_eq!(normalize_line_ends("x\u{85}y"), "x\ny");
        // Trail bytes shared with Arabic letters (ب = D8 A8, م = D9 85) are not separators.
        assert!(!needs_line_end_normalizing("بکم\u{200c}«»".as_bytes()));
    }

    #[test]
    fn boms() {
        let d = decode(b"\xEF\xBB\xBFsalam\r\n", None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("salam\n", "UTF-8"));
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("سلام\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = decode(&le, None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("سلام\n", "UTF-16LE"));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("שלום".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&be, None).unwrap().text, "שלום");
    }

    #[test]
    fn utf16_without_bom_is_detected() {
        let text = "این یک متن فارسی است، with some English too.\n".repeat(3);
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let d = decode(&le, None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (text.as_str(), "UTF-16LE"));
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be, None).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn controls_are_kept_and_binaries_refused() {
        let d = decode(b"a\x00b\x1cc\x1b[1m", None).unwrap();
        assert_eq!(d.text, "a\u{0}b\u{1c}c\u{1b}[1m");
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n", None),
            Err(DecodeError::Binary(_))
        ));
        let mut bin = vec![0u8; 600];
        bin.extend_from_slice(&[7, 8, 1, 2, 3, 0xff, 0xfe, 0x80].repeat(50));
        assert!(matches!(decode(&bin, None), Err(DecodeError::Binary(_))));
    }

    #[test]
    fn override_and_errors() {
        let d = decode(&[0xD3, 0xE1, 0xC7, 0xE3], Some("windows-1256")).unwrap();
        assert_eq!(d.text, "سلام");
        assert!(matches!(
            decode(b"x", Some("klingon")),
            Err(DecodeError::UnknownEncoding(_))
        ));
        assert_eq!(
            decode(b"abc\xFFdef", Some("utf-8")),
            Err(DecodeError::Undecodable {
                encoding: "UTF-8",
                byte_offset: 3
            })
        );
    }
}
