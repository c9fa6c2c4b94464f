//! Greedy line filling in logical order at UAX #14 opportunities.

use std::ops::Range;

/// UAX #14 break opportunities of `text`: byte offsets before which a line may break, and
/// whether it must. `unicode-linebreak` 0.1.5 plus two fixes of rules it misses (found by
/// LineBreakTest): LB30's exception (no `(AL|HL|NU) × OP` when the OP is East Asian wide, e.g.
/// U+2329, U+FF08) and LB30b for unassigned pictographic code points before an emoji modifier.
/// The remaining LineBreakTest differences are the numbers tailoring of UAX #14 §8.2.
pub fn break_opportunities(text: &str) -> Vec<(usize, bool)> {
    use unicode_linebreak::{BreakClass as C, BreakOpportunity, break_property};
    let mut breaks: Vec<(usize, bool)> = unicode_linebreak::linebreaks(text)
        .map(|(byte, op)| (byte, op == BreakOpportunity::Mandatory))
        .collect();
    if !text
        .chars()
        .any(|ch| super::props::of(ch).needs_line_break_fix())
    {
        return breaks;
    }
    let mut add: Vec<usize> = Vec::new();
    let mut remove: Vec<usize> = Vec::new();
    // Resolved class of the last base character (LB9/LB10: CM/ZWJ attach to it, or act as AL).
    let mut base: Option<(char, C)> = None;
    let mut prev_char: Option<char> = None;
    for (byte, ch) in text.char_indices() {
        let class = break_property(u32::from(ch));
        if byte > 0 {
            if class == C::OpenPunctuation && is_east_asian_wide(ch) {
                let resolved = base.map_or(C::Alphabetic, |(_, c)| c);
                // LB8a (ZWJ ×) comes first.
                if matches!(resolved, C::Alphabetic | C::HebrewLetter | C::Numeric)
                    && prev_char != Some('\u{200D}')
                {
                    add.push(byte);
                }
            }
            if class == C::EmojiModifier && prev_char.is_some_and(is_unassigned_pictographic) {
                remove.push(byte);
            }
        }
        match class {
            C::CombiningMark | C::ZeroWidthJoiner => {
                if matches!(
                    base,
                    None | Some((
                        _,
                        C::Mandatory
                            | C::CarriageReturn
                            | C::LineFeed
                            | C::NextLine
                            | C::Space
                            | C::ZeroWidthSpace
                    ))
                ) {
                    base = Some((ch, C::Alphabetic));
                }
            }
            C::Ambiguous | C::Surrogate | C::Unknown | C::ComplexContext => {
                base = Some((ch, C::Alphabetic));
            }
            other => base = Some((ch, other)),
        }
        prev_char = Some(ch);
    }
    if !add.is_empty() || !remove.is_empty() {
        // Merge (both lists are sorted by byte): linear even for pathological input.
        let mut merged = Vec::with_capacity(breaks.len() + add.len());
        let mut adds = add.into_iter().peekable();
        for (b, mandatory) in breaks {
            while let Some(&a) = adds.peek() {
                if a >= b {
                    break;
                }
                merged.push((a, false));
                adds.next();
            }
            if adds.peek() == Some(&b) {
                adds.next();
            }
            if remove.binary_search(&b).is_err() {
                merged.push((b, mandatory));
            }
        }
        merged.extend(adds.map(|a| (a, false)));
        breaks = merged;
    }
    breaks
}

/// Whether `ch` can make [`break_opportunities`] correct `unicode-linebreak` (an East Asian wide
/// opening punctuation or an emoji modifier); cached per character so that texts without one
/// skip the correction pass.
pub(crate) fn needs_fix(ch: char) -> bool {
    use unicode_linebreak::{BreakClass as C, break_property};
    match break_property(u32::from(ch)) {
        C::OpenPunctuation => is_east_asian_wide(ch),
        C::EmojiModifier => true,
        _ => false,
    }
}

/// East Asian Width F or W (two cells) or H (halfwidth forms), for LB30.
fn is_east_asian_wide(ch: char) -> bool {
    use unicode_width::UnicodeWidthChar;
    ch.width() == Some(2) || ('\u{FF61}'..='\u{FFDC}').contains(&ch)
}

/// Approximates `\p{Extended_Pictographic} & \p{Cn}` (LB30b) without a table of assigned code
/// points: in the pictographic planes' blocks, unassigned code points have the default bidi
/// class L and line-break class ID, while assigned symbols there are ON (or letters, not ID).
fn is_unassigned_pictographic(ch: char) -> bool {
    let in_blocks =
        matches!(u32::from(ch), 0x1F000..=0x1F0FF | 0x1F240..=0x1FAFF | 0x1FC00..=0x1FFFD);
    in_blocks
        && unicode_bidi::bidi_class(ch) == unicode_bidi::BidiClass::L
        && unicode_linebreak::break_property(u32::from(ch))
            == unicode_linebreak::BreakClass::Ideographic
}

use super::grapheme::{BREAK_BEFORE, Grapheme, MANDATORY_BEFORE, SPACE};

/// Split graphemes into lines of at most `width_col` cells (0 = only mandatory breaks).
///
/// Fills greedily segment by segment (a segment runs from one break opportunity to the next).
/// Whitespace at the end of a segment hangs: it never makes a segment not fit (the caller hides
/// what overflows). A segment wider than the line is cut at grapheme boundaries. Returns
/// grapheme index ranges; an empty paragraph gives one empty line.
pub(crate) fn wrap_into(graphemes: &[Grapheme], width_col: usize, lines: &mut Vec<Range<usize>>) {
    let n = graphemes.len();
    lines.clear();
    if n == 0 {
        lines.push(0..0);
        return;
    }
    let mut line_start = 0;
    // Width of the current line up to the end of its last segment, trailing spaces included.
    let mut line_w = 0usize;
    let mut seg_start = 0;
    while seg_start < n {
        // Find the segment end: the next grapheme with a break opportunity before it.
        let mut seg_end = seg_start + 1;
        while seg_end < n && graphemes[seg_end].flags & BREAK_BEFORE == 0 {
            seg_end += 1;
        }
        let seg = &graphemes[seg_start..seg_end];
        let total_w: usize = seg.iter().map(|g| usize::from(g.width_col)).sum();
        let trailing_w: usize = seg
            .iter()
            .rev()
            .take_while(|g| g.flags & SPACE != 0)
            .map(|g| usize::from(g.width_col))
            .sum();
        let content_w = total_w - trailing_w;
        if width_col == 0 || line_w + content_w <= width_col {
            line_w += total_w;
        } else {
            if line_start < seg_start {
                lines.push(line_start..seg_start);
                line_start = seg_start;
                line_w = 0;
            }
            if content_w <= width_col {
                line_w = total_w;
            } else {
                // Too long for any line: cut at grapheme boundaries; hanging spaces stay.
                for (i, g) in seg.iter().enumerate() {
                    let w = usize::from(g.width_col);
                    let gi = seg_start + i;
                    if g.flags & SPACE == 0 && line_w + w > width_col && line_start < gi {
                        lines.push(line_start..gi);
                        line_start = gi;
                        line_w = 0;
                    }
                    line_w += w;
                }
            }
        }
        if seg_end < n && graphemes[seg_end].flags & MANDATORY_BEFORE != 0 {
            lines.push(line_start..seg_end);
            line_start = seg_end;
            line_w = 0;
        }
        seg_start = seg_end;
    }
    if line_start < n || lines.is_empty() {
        lines.push(line_start..n);
    }
}
