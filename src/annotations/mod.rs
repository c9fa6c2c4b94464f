//! Annotation model and anchoring (DESIGN.md §5).
//!
//! An annotation is a labelled byte range of one document's text plus the quote it covered.
//! Byte offsets are what the app works in; code-point offsets (`char_range`) are kept alongside
//! because every export speaks code points. The quote (exact text + a little context on each
//! side, as in the W3C TextQuoteSelector) is what lets an annotation survive edits of the
//! document: when the text changes, [`anchor`] finds the quote again. Annotations whose quote is
//! gone are kept and marked orphaned, never dropped — a user's work is not ours to delete.

pub mod labels;

use std::ops::Range;

pub use labels::{Label, LabelFileError, LabelSet};

/// How many code points of context are kept on each side of a quote: enough to tell repeated
/// words apart, small enough to survive nearby edits.
pub const QUOTE_CONTEXT_CHARS: usize = 32;

/// The text an annotation covered, with context (W3C TextQuoteSelector semantics).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Quote {
    pub exact: String,
    /// Up to [`QUOTE_CONTEXT_CHARS`] code points just before `exact`.
    pub prefix: String,
    /// Up to [`QUOTE_CONTEXT_CHARS`] code points just after `exact`.
    pub suffix: String,
}

impl Quote {
    /// The quote of `byte_range` in `text`. The range must lie on char boundaries.
    pub fn from_text(text: &str, byte_range: Range<usize>) -> Quote {
        let before = &text[..byte_range.start];
        let prefix_start = before
            .char_indices()
            .rev()
            .nth(QUOTE_CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let after = &text[byte_range.end..];
        let suffix_len = after
            .char_indices()
            .nth(QUOTE_CONTEXT_CHARS)
            .map_or(after.len(), |(i, _)| i);
        Quote {
            exact: text[byte_range.clone()].to_owned(),
            prefix: before[prefix_start..].to_owned(),
            suffix: after[..suffix_len].to_owned(),
        }
    }
}

/// A stored annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// Store row id; stable for the life of the annotation (also across undo of a delete).
    pub id: i64,
    /// [`crate::article::Article::id`] of the document text the ranges refer to.
    pub doc_id: String,
    /// Byte range into the document text. Meaningless when `orphaned`.
    pub byte_range: Range<usize>,
    /// The same range in code points (what exports write).
    pub char_range: Range<usize>,
    pub quote: Quote,
    pub label: String,
    /// Free text; empty = no note.
    pub note: String,
    /// Unix time in milliseconds.
    pub created: i64,
    /// Unix time in milliseconds.
    pub updated: i64,
    /// The document changed and the quote could not be found again: kept, but not placed.
    pub orphaned: bool,
}

/// What the app supplies to create an annotation; the store fills in quote, offsets and times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAnnotation {
    pub doc_id: String,
    pub byte_range: Range<usize>,
    pub label: String,
    pub note: String,
}

/// Why a range cannot be annotated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    #[error("range {start}..{end} is outside the text ({len} bytes)")]
    OutOfBounds {
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("byte {0} is inside a character")]
    NotCharBoundary(usize),
    #[error("the range is empty (or only line breaks)")]
    Empty,
}

/// Check a byte range against `text` and trim line breaks off both ends.
///
/// Why trim: brat cannot represent a span that starts or ends with a newline (fragments are
/// split at newlines), so keeping them would make the brat round trip lossy; and a selection
/// dragged to the end of a line carrying the newline is never what the annotator meant.
pub fn normalize_range(text: &str, byte_range: Range<usize>) -> Result<Range<usize>, RangeError> {
    let Range { start, end } = byte_range;
    if start > end || end > text.len() {
        return Err(RangeError::OutOfBounds {
            start,
            end,
            len: text.len(),
        });
    }
    for b in [start, end] {
        if !text.is_char_boundary(b) {
            return Err(RangeError::NotCharBoundary(b));
        }
    }
    let slice = &text[start..end];
    let trimmed_start = slice.trim_start_matches('\n');
    let new_start = start + (slice.len() - trimmed_start.len());
    let new_end = new_start + trimmed_start.trim_end_matches('\n').len();
    if new_start == new_end {
        return Err(RangeError::Empty);
    }
    Ok(new_start..new_end)
}

/// Byte ↔ code-point conversion for one text, fast for many lookups (exports of big documents
/// with many annotations would be quadratic with `chars().count()` per offset).
#[derive(Debug, Clone)]
pub struct CharOffsets {
    /// Byte offset of every code point, plus `text.len()` at the end.
    char_to_byte: Vec<usize>,
}

impl CharOffsets {
    pub fn new(text: &str) -> Self {
        let mut char_to_byte: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        char_to_byte.push(text.len());
        CharOffsets { char_to_byte }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.char_to_byte.len() - 1
    }

    /// Code-point offset of a byte offset; `None` if it is not a char boundary or out of range.
    pub fn byte_to_char(&self, byte: usize) -> Option<usize> {
        self.char_to_byte.binary_search(&byte).ok()
    }

    /// Byte offset of a code-point offset; `None` past the end.
    pub fn char_to_byte(&self, char: usize) -> Option<usize> {
        self.char_to_byte.get(char).copied()
    }

    pub fn byte_range_to_chars(&self, r: &Range<usize>) -> Option<Range<usize>> {
        Some(self.byte_to_char(r.start)?..self.byte_to_char(r.end)?)
    }

    pub fn char_range_to_bytes(&self, r: &Range<usize>) -> Option<Range<usize>> {
        if r.start > r.end {
            return None;
        }
        Some(self.char_to_byte(r.start)?..self.char_to_byte(r.end)?)
    }
}

/// Code-point offset of `byte` in `text` (one-off; use [`CharOffsets`] for many).
pub fn byte_to_char(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].chars().count()
}

/// How many code points at the end of `a` equal those at the end of `b`.
fn common_suffix_chars(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many code points at the start of `a` equal those at the start of `b`.
fn common_prefix_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Find `quote` in `text`: the byte range of the best occurrence of `quote.exact`, or `None`.
///
/// Every occurrence is a candidate (overlapping ones too). The best has the longest agreement
/// with the stored context (prefix matched backwards from the candidate, suffix forwards); ties
/// go to the candidate nearest `hint_byte` (the old position), so a repeated word with identical
/// context stays where it was rather than jumping to the first occurrence.
pub fn anchor(text: &str, quote: &Quote, hint_byte: usize) -> Option<Range<usize>> {
    if quote.exact.is_empty() {
        return None;
    }
    let mut best: Option<(usize, usize, Range<usize>)> = None; // (score, distance, range)
    let mut from = 0;
    while let Some(pos) = text[from..].find(&quote.exact) {
        let start = from + pos;
        let end = start + quote.exact.len();
        let score = common_suffix_chars(&text[..start], &quote.prefix)
            + common_prefix_chars(&text[end..], &quote.suffix);
        let distance = start.abs_diff(hint_byte);
        let better = match &best {
            None => true,
            Some((s, d, _)) => score > *s || (score == *s && distance < *d),
        };
        if better {
            best = Some((score, distance, start..end));
        }
        // Next candidate may overlap this one: advance by one character only.
        from = start + text[start..].chars().next().map_or(1, |c| c.len_utf8());
        if from > text.len() {
            break;
        }
    }
    best.map(|(_, _, r)| r)
}

/// Re-anchor an annotation made on another version of the document onto `text`.
///
/// Returns the annotation with ranges and context refreshed (and `orphaned` cleared), or with
/// `orphaned` set and everything else untouched when its quote is no longer in the text.
pub fn reanchor_one(text: &str, offsets: &CharOffsets, ann: &Annotation) -> Annotation {
    let mut out = ann.clone();
    match anchor(text, &ann.quote, ann.byte_range.start) {
        Some(byte_range) => {
            out.char_range = offsets.byte_range_to_chars(&byte_range).unwrap_or(0..0);
            out.quote = Quote::from_text(text, byte_range.clone());
            out.byte_range = byte_range;
            out.orphaned = false;
        }
        None => out.orphaned = true,
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote_of(text: &str, needle: &str, nth: usize) -> (Range<usize>, Quote) {
        let start = text.match_indices(needle).nth(nth).unwrap().0;
        let r = start..start + needle.len();
        (r.clone(), Quote::from_text(text, r))
    }

    #[test]
    fn quote_context_is_bounded_in_code_points() {
        let text = format!("{}X{}", "ب".repeat(40), "😀".repeat(40));
        let start = "ب".len() * 40;
        let q = Quote::from_text(&text, start..start + 1);
        assert_eq!(q.exact, "X");
        assert_eq!(q.prefix.chars().count(), QUOTE_CONTEXT_CHARS);
        assert_eq!(q.suffix.chars().count(), QUOTE_CONTEXT_CHARS);
        let q = Quote::from_text("ab", 0..2);
        assert_eq!((q.prefix.as_str(), q.suffix.as_str()), ("", ""));
    }

    #[test]
    fn anchor_follows_text_inserted_before() {
        let old = "سلام ایران. تهران پایتخت است.";
        let (r, q) = quote_of(old, "تهران", 0);
        let new = format!("خبر تازه: {old}");
        let found = anchor(&new, &q, r.start).unwrap();
        assert_eq!(&new[found.clone()], "تهران");
        assert_eq!(found.start, r.start + "خبر تازه: ".len());
    }

    #[test]
    fn anchor_picks_occurrence_by_context_not_first() {
        let old = "Tehran is big. I met Ali in Tehran yesterday. Tehran again.";
        let (r, q) = quote_of(old, "Tehran", 1);
        // The edit removes the first sentence, so position hints point at the wrong place.
        let new = "Intro. Tehran again? I met Ali in Tehran yesterday. Tehran again.";
        let found = anchor(new, &q, r.start).unwrap();
        assert_eq!(&new[found.start - 7..found.start], "Ali in ");
    }

    #[test]
    fn anchor_tie_goes_to_nearest_old_position() {
        let text = "x a x a x a x";
        let q = Quote {
            exact: "a".into(),
            prefix: String::new(),
            suffix: String::new(),
        };
        assert_eq!(anchor(text, &q, 6), Some(6..7));
        assert_eq!(anchor(text, &q, 0), Some(2..3));
    }

    #[test]
    fn anchor_finds_overlapping_candidates() {
        // "aa" at 1 is only reachable if the search advances one char past each hit.
        let q = Quote {
            exact: "aa".into(),
            prefix: "b".into(),
            suffix: "c".into(),
        };
        assert_eq!(anchor("aaac", &q, 0), Some(1..3));
        assert_eq!(anchor("baac", &q, 0), Some(1..3));
    }

    #[test]
    fn missing_quote_orphans_and_keeps_everything() {
        let old = "the word زبان here";
        let (r, q) = quote_of(old, "زبان", 0);
        let ann = Annotation {
            id: 1,
            doc_id: "d".into(),
            byte_range: r.clone(),
            char_range: 9..13,
            quote: q.clone(),
            label: "MISC".into(),
            note: "n".into(),
            created: 1,
            updated: 2,
            orphaned: false,
        };
        let new = "the word is gone";
        let out = reanchor_one(new, &CharOffsets::new(new), &ann);
        assert!(out.orphaned);
        assert_eq!(out.quote, q);
        assert_eq!(out.byte_range, r);
        assert_eq!(out.note, "n");
        // …and comes back when the text does.
        let again = reanchor_one(old, &CharOffsets::new(old), &out);
        assert!(!again.orphaned);
        assert_eq!(again.byte_range, ann.byte_range);
        assert_eq!(again.char_range, 9..13);
    }

    #[test]
    fn char_offsets_match_code_points() {
        let text = "می‌خواهم 😀 a";
        let o = CharOffsets::new(text);
        assert_eq!(o.char_len(), text.chars().count());
        let b = text.find('😀').unwrap();
        assert_eq!(o.byte_to_char(b), Some(9));
        assert_eq!(o.byte_to_char(b + 1), None);
        assert_eq!(o.char_to_byte(9), Some(b));
        assert_eq!(o.char_to_byte(o.char_len()), Some(text.len()));
        assert_eq!(o.char_to_byte(o.char_len() + 1), None);
        assert_eq!(byte_to_char(text, b), 9);
    }

    #[test]
    fn normalize_trims_newlines_and_rejects_bad_ranges() {
        let text = "ab\ncd\n\nب";
        assert_eq!(normalize_range(text, 2..6), Ok(3..5));
        assert_eq!(normalize_range(text, 5..7), Err(RangeError::Empty));
        assert_eq!(
            normalize_range(text, 8..9),
            Err(RangeError::NotCharBoundary(8))
        );
        assert!(matches!(
            normalize_range(text, 3..99),
            Err(RangeError::OutOfBounds { .. })
        ));
        assert_eq!(normalize_range(text, 1..4), Ok(1..4));
    }
}
