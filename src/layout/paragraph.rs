//! Paragraph splitting (UAX #9 P1) and base direction (P2/P3 with a reader's fallback).

use std::ops::Range;

use unicode_bidi::Direction;

use super::{Dir, DirPolicy};

/// Whether `ch` is a bidi paragraph separator (class B): LF, CR, FS/GS/RS, NEL, U+2029.
pub(crate) fn is_paragraph_separator(ch: char) -> bool {
    matches!(
        ch,
        '\n' | '\r' | '\u{1C}' | '\u{1D}' | '\u{1E}' | '\u{85}' | '\u{2029}'
    )
}

/// Split text at bidi paragraph separators (class B: LF, CR LF, CR, FS/GS/RS, NEL, U+2029).
/// Returns byte ranges of the paragraphs, separators excluded; CR LF counts as one separator.
pub fn split_paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((byte, ch)) = chars.next() {
        if is_paragraph_separator(ch) {
            out.push(start..byte);
            let mut end = byte + ch.len_utf8();
            if ch == '\r'
                && let Some(&(next_byte, '\n')) = chars.peek()
            {
                chars.next();
                end = next_byte + 1;
            }
            start = end;
        }
    }
    out.push(start..text.len());
    out
}

/// The paragraph direction for `policy` (P2/P3: first strong letter outside isolates).
///
/// `unicode-bidi` alone falls back to LTR for a paragraph without strong letters; a reader of
/// RTL documents wants the document's direction there, hence [`DirPolicy::AutoOr`].
pub(crate) fn base_dir(text: &str, policy: DirPolicy) -> Dir {
    match policy {
        DirPolicy::Ltr => Dir::Ltr,
        DirPolicy::Rtl => Dir::Rtl,
        DirPolicy::Auto => first_strong_dir(text).unwrap_or(Dir::Ltr),
        DirPolicy::AutoOr(d) => first_strong_dir(text).unwrap_or(d),
    }
}

/// UAX #9 P2/P3 on one paragraph: the direction of its first strong letter outside isolates,
/// `None` when it has none.
pub fn first_strong_dir(text: &str) -> Option<Dir> {
    match unicode_bidi::get_base_direction_with_data_source(&super::props::CachedBidiData, text) {
        Direction::Ltr => Some(Dir::Ltr),
        Direction::Rtl => Some(Dir::Rtl),
        Direction::Mixed => None,
    }
}

/// [`base_dir`] from the classes the grapheme pass already found (`classes` per byte): the first
/// strong class, unless an isolate initiator may hide it (then the full P2/P3 scan runs).
pub(crate) fn base_dir_of_classes(
    text: &str,
    classes: &[unicode_bidi::BidiClass],
    summary: &super::grapheme::Summary,
    policy: DirPolicy,
) -> Dir {
    use unicode_bidi::BidiClass::{AL, FSI, L, LRI, R, RLI};
    let fallback = match policy {
        DirPolicy::Ltr => return Dir::Ltr,
        DirPolicy::Rtl => return Dir::Rtl,
        DirPolicy::Auto => Dir::Ltr,
        DirPolicy::AutoOr(d) => d,
    };
    if summary.has(LRI) || summary.has(RLI) || summary.has(FSI) {
        return base_dir(text, policy);
    }
    match classes.iter().find(|&&c| matches!(c, L | R | AL)) {
        Some(L) => Dir::Ltr,
        Some(_) => Dir::Rtl,
        None => fallback,
    }
}
