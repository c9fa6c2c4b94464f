//! Folding text to a normalised view with an exact offset map back to the original.
//!
//! Readers expect some spellings to be equal: Arabic and Persian yeh/kaf, ZWNJ or no ZWNJ,
//! diacritics or none, Persian, Arabic-Indic or ASCII digits. Recognisers and the reader's search
//! both match on the folded view and map every match back to the exact original bytes, so
//! highlights and exported offsets always point at what the user sees.

use std::ops::Range;

/// What to fold. The letter-variant folding (ي→ی, ك→ک, ة→ه …) is Persian-centred and wrong for
/// Arabic text, where ة and ه are different letters: callers turn it off for Arabic documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoldOptions {
    /// Fold Arabic letter variants to their Persian forms (ي/ى→ی, ك→ک, ة/ۀ→ه, أ/إ/ٱ/آ→ا, ؤ→و).
    pub letter_variants: bool,
    /// Drop whitespace too, so "می شود", "می‌شود" and "میشود" match each other (search).
    pub drop_spaces: bool,
    /// Lowercase letters that have a simple one-to-one lowercase (Latin, Greek, Cyrillic).
    pub lowercase: bool,
}

impl Default for FoldOptions {
    fn default() -> Self {
        Self {
            letter_variants: true,
            drop_spaces: false,
            lowercase: true,
        }
    }
}

impl FoldOptions {
    /// The options for a document in language `lang` (BCP 47), as recognisers want them.
    pub fn for_language(lang: Option<&str>) -> Self {
        let arabic = lang.is_some_and(|l| l == "ar" || l.starts_with("ar-"));
        Self {
            letter_variants: !arabic,
            ..Self::default()
        }
    }

    /// The options for the reader's search: also blind to spaces vs ZWNJ vs nothing.
    pub fn for_search(lang: Option<&str>) -> Self {
        Self {
            drop_spaces: true,
            ..Self::for_language(lang)
        }
    }
}

/// A folded view of a text with, for every folded char, the original byte range it came from.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// Per folded char, in order: (byte offset in `text`, original byte range). Dropped combining
    /// marks extend the range of the char they sit on, so a match includes its diacritics.
    spans: Vec<(usize, Range<usize>)>,
}

/// What happens to one original char.
enum Fold {
    Keep,
    To(char),
    /// Removed; `true` when it is a combining mark that belongs to the previous char.
    Drop {
        mark: bool,
    },
}

/// Hebrew points and cantillation marks, without the punctuation that shares their block
/// (maqaf U+05BE, paseq U+05C0, sof pasuq U+05C3, nun hafukha U+05C6).
pub fn is_hebrew_point(c: char) -> bool {
    matches!(
        c,
        '\u{0591}'
            ..='\u{05BD}'
                | '\u{05BF}'
                | '\u{05C1}'
                | '\u{05C2}'
                | '\u{05C4}'
                | '\u{05C5}'
                | '\u{05C7}'
    )
}

fn fold_char(ch: char, opts: &FoldOptions) -> Fold {
    match ch {
        // ZWNJ, ZWJ, tatweel, bidi marks and controls, BOM, soft hyphen.
        '\u{200C}'
        | '\u{200D}'
        | '\u{0640}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Fold::Drop { mark: false },
        // Arabic harakat, Quranic marks, superscript alef; Hebrew points and cantillation.
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'
        | '\u{06E8}'
        | '\u{06EA}'..='\u{06ED}' => Fold::Drop { mark: true },
        c if is_hebrew_point(c) => Fold::Drop { mark: true },
        // Persian (U+06F0–9) and Arabic-Indic (U+0660–9) digits → ASCII.
        '\u{06F0}'..='\u{06F9}' => Fold::To(char::from(b'0' + (ch as u32 - 0x06F0) as u8)),
        '\u{0660}'..='\u{0669}' => Fold::To(char::from(b'0' + (ch as u32 - 0x0660) as u8)),
        // Arabic decimal/thousands separators → ASCII.
        '\u{066B}' => Fold::To('.'),
        '\u{066C}' => Fold::To(','),
        c if opts.drop_spaces && c.is_whitespace() => Fold::Drop { mark: false },
        c if opts.letter_variants => match c {
            'ي' | 'ى' | 'ئ' => Fold::To('ی'),
            'ك' => Fold::To('ک'),
            'ة' | 'ۀ' | 'ە' => Fold::To('ه'),
            'أ' | 'إ' | 'ٱ' | 'آ' => Fold::To('ا'),
            'ؤ' => Fold::To('و'),
            _ => lower(c, opts),
        },
        c => lower(c, opts),
    }
}

fn lower(c: char, opts: &FoldOptions) -> Fold {
    if opts.lowercase && c.is_uppercase() {
        let mut it = c.to_lowercase();
        if let (Some(l), None) = (it.next(), it.next()) {
            return Fold::To(l);
        }
    }
    Fold::Keep
}

/// Fold `text` with `opts`.
pub fn fold(text: &str, opts: &FoldOptions) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(text.len()),
        spans: Vec::new(),
    };
    for (byte, ch) in text.char_indices() {
        let orig = byte..byte + ch.len_utf8();
        let folded = match fold_char(ch, opts) {
            Fold::Keep => ch,
            Fold::To(c) => c,
            Fold::Drop { mark } => {
                if mark
                    && let Some((_, last)) = out.spans.last_mut()
                    && last.end == orig.start
                {
                    last.end = orig.end;
                }
                continue;
            }
        };
        out.spans.push((out.text.len(), orig));
        out.text.push(folded);
    }
    out
}

impl Folded {
    /// The original byte range of the folded byte range `folded_byte` (which should lie on char
    /// boundaries of the folded text). `None` for an empty or out-of-range input.
    pub fn original_range(&self, folded_byte: Range<usize>) -> Option<Range<usize>> {
        if folded_byte.start >= folded_byte.end {
            return None;
        }
        let first = self.spans.partition_point(|(b, _)| *b < folded_byte.start);
        let last = self.spans.partition_point(|(b, _)| *b < folded_byte.end);
        if first >= last {
            return None;
        }
        let start = self.spans.get(first)?.1.start;
        let end = self.spans.get(last - 1)?.1.end;
        Some(start..end)
    }

    /// The folded byte offset of the first folded char whose original range ends after
    /// `original_byte` (the folded position of an original offset).
    pub fn folded_offset(&self, original_byte: usize) -> usize {
        let i = self.spans.partition_point(|(_, r)| r.end <= original_byte);
        self.spans.get(i).map_or(self.text.len(), |(b, _)| *b)
    }

    /// All non-overlapping occurrences of `needle` (already folded) in the folded text, as
    /// original byte ranges, left to right.
    pub fn find_all(&self, needle: &str) -> Vec<Range<usize>> {
        if needle.is_empty() {
            return Vec::new();
        }
        self.text
            .match_indices(needle)
            .filter_map(|(b, m)| self.original_range(b..b + m.len()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persian_variants_digits_and_marks_fold_and_map_back() {
        let text = "رئيس‌جمهور كشور در ۱۴۰۴ گفتَ";
        let f = fold(text, &FoldOptions::default());
        assert_eq!(f.text, "رییسجمهور کشور در 1404 گفت");
        let hits = f.find_all("1404");
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].clone()], "۱۴۰۴");
        // The diacritic on the last letter belongs to the match.
        let hits = f.find_all("گفت");
        assert_eq!(&text[hits[0].clone()], "گفتَ");
        // ZWNJ inside the word is skipped but kept inside the original range.
        let hits = f.find_all("رییسجمهور");
        assert_eq!(&text[hits[0].clone()], "رئيس‌جمهور");
    }

    #[test]
    fn search_folding_ignores_spaces_and_zwnj() {
        let opts = FoldOptions::for_search(Some("fa"));
        let f = fold("این کار می شود و می‌شود و میشود", &opts);
        let q = fold("می‌شود", &opts).text;
        assert_eq!(f.find_all(&q).len(), 3);
    }

    #[test]
    fn arabic_keeps_teh_marbuta() {
        let opts = FoldOptions::for_language(Some("ar"));
        assert_eq!(fold("مدرسة", &opts).text, "مدرسة");
        assert_eq!(fold("مدرسة", &FoldOptions::default()).text, "مدرسه");
    }

    #[test]
    fn folded_offset_and_empty_ranges() {
        let f = fold("a\u{200C}b", &FoldOptions::default());
        assert_eq!(f.text, "ab");
        assert_eq!(f.folded_offset(0), 0);
        assert_eq!(f.folded_offset(1), 1);
        assert_eq!(f.original_range(1..1), None);
        assert_eq!(f.original_range(0..2), Some(0..5));
    }
}
