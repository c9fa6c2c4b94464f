//! Per-character properties the layout needs, packed into one word and cached per 256-code-point
//! block.
//!
//! Why: the layout looks up, for every character, its bidi class (a binary search in
//! `unicode-bidi`), cell width, grapheme shortcut eligibility, whitespace and Arabic joining
//! type. Done one table at a time these lookups were the largest single cost of
//! `matn render` (the bidi class search alone an eighth of it). A block is filled from the same
//! crates on first use, so the answers are theirs; a document touches only a few blocks.

use std::sync::OnceLock;

use unicode_bidi::BidiClass;

/// Properties of one code point, four bytes (see the accessors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Props {
    class: BidiClass,
    width_col: u8,
    /// [`SIMPLE`] | [`SPACE`] | [`LINE_BREAK_FIX`].
    flags: u8,
    join: u8,
}

const SIMPLE: u8 = 1;
const SPACE: u8 = 2;
const LINE_BREAK_FIX: u8 = 4;

impl Props {
    const EMPTY: Props = Props {
        class: BidiClass::L,
        width_col: 0,
        flags: 0,
        join: 0,
    };

    /// Original bidi class.
    #[inline]
    pub(crate) fn class(self) -> BidiClass {
        self.class
    }

    /// Cell width of the character alone (0 for controls, marks and format characters).
    #[inline]
    pub(crate) fn width_col(self) -> u8 {
        self.width_col
    }

    /// A boundary always separates two simple characters (see `grapheme::is_simple`).
    #[inline]
    pub(crate) fn is_simple(self) -> bool {
        self.flags & SIMPLE != 0
    }

    /// Whitespace that may hang at a line end (not a no-break space, not a control).
    #[inline]
    pub(crate) fn is_hanging_space(self) -> bool {
        self.flags & SPACE != 0
    }

    /// Joining behaviour for the shaping pass (index into `shape::Join`).
    #[inline]
    pub(crate) fn join_index(self) -> u8 {
        self.join
    }

    /// A character that `wrap::break_opportunities` corrects `unicode-linebreak` around (an
    /// East Asian wide opening punctuation or an emoji modifier): texts without one skip the
    /// correction pass.
    #[inline]
    pub(crate) fn needs_line_break_fix(self) -> bool {
        self.flags & LINE_BREAK_FIX != 0
    }
}

const BLOCK_BITS: u32 = 8;
const BLOCK_LEN: usize = 1 << BLOCK_BITS;
const BLOCKS: usize = 0x11_0000 >> BLOCK_BITS;

type Block = [Props; BLOCK_LEN];

static TABLE: [OnceLock<Box<Block>>; BLOCKS] = [const { OnceLock::new() }; BLOCKS];

/// The properties of `ch`.
#[inline]
pub(crate) fn of(ch: char) -> Props {
    let code = u32::from(ch);
    let block = (code >> BLOCK_BITS) as usize;
    let table = TABLE[block].get_or_init(|| build_block(block));
    table[(code as usize) & (BLOCK_LEN - 1)]
}

/// Original bidi class of `ch`, through the cache.
#[inline]
pub(crate) fn bidi_class(ch: char) -> BidiClass {
    of(ch).class()
}

fn build_block(block: usize) -> Box<Block> {
    let mut out = Box::new([Props::EMPTY; BLOCK_LEN]);
    let first = (block << BLOCK_BITS) as u32;
    for (i, slot) in out.iter_mut().enumerate() {
        // Surrogates are not chars: they never occur in a `str`.
        if let Some(ch) = char::from_u32(first + i as u32) {
            *slot = compute(ch);
        }
    }
    out
}

/// The uncached properties, from the crates that define them.
fn compute(ch: char) -> Props {
    use super::grapheme;
    let mut flags = 0;
    if grapheme::is_simple(ch) {
        flags |= SIMPLE;
    }
    if grapheme::is_hanging_space(ch) {
        flags |= SPACE;
    }
    if super::wrap::needs_fix(ch) {
        flags |= LINE_BREAK_FIX;
    }
    Props {
        class: unicode_bidi::bidi_class(ch),
        width_col: unicode_width::UnicodeWidthChar::width(ch).map_or(0, |w| w.min(2) as u8),
        flags,
        join: super::shape::join_index_uncached(ch),
    }
}

/// `unicode-bidi` data source backed by the cache, for the paragraphs it still resolves.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CachedBidiData;

impl unicode_bidi::BidiDataSource for CachedBidiData {
    fn bidi_class(&self, ch: char) -> BidiClass {
        bidi_class(ch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cache answers exactly what the crates answer, for every code point.
    #[test]
    fn cache_matches_the_crates_everywhere() {
        for code in 0..=0x10_FFFFu32 {
            let Some(ch) = char::from_u32(code) else {
                continue;
            };
            let p = of(ch);
            assert_eq!(p.class(), unicode_bidi::bidi_class(ch), "{code:04X}");
            assert_eq!(p, compute(ch), "{code:04X}");
            let width = unicode_width::UnicodeWidthChar::width(ch)
                .unwrap_or(0)
                .min(2);
            assert_eq!(usize::from(p.width_col()), width, "{code:04X}");
        }
    }
}
