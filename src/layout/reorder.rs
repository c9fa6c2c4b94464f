//! UAX #9 rules L1–L2 on one line, in time linear in the line length.
//!
//! `unicode-bidi`'s own line APIs clone the whole paragraph's levels per line (quadratic on a
//! long paragraph) and decide whether to reorder from pre-L1 levels, so matn applies L1 and L2
//! itself on the line slice (DESIGN.md §3).

use unicode_bidi::BidiClass;

use super::grapheme::is_removed_by_x9;

/// Levels of the line `levels`/`classes` (per byte, meaningful at char starts; `text` is the
/// line) after rule L1, with X9-removed characters given the level of the previous kept
/// character (else the next, else the paragraph level) so they never split a run in L2.
///
/// Returns per byte of the line.
pub(crate) fn line_levels(
    text: &str,
    classes: &[BidiClass],
    levels: &[u8],
    para_level: u8,
) -> Vec<u8> {
    let mut buf = LineLevels::default();
    line_levels_into(text, classes, levels, para_level, &mut buf);
    buf.levels
}

/// Buffers of [`line_levels_into`], reused across lines.
#[derive(Debug, Default)]
pub(crate) struct LineLevels {
    /// The result: per byte of the line, the level after L1.
    pub levels: Vec<u8>,
    /// Removed characters that L1 resets keep the paragraph level.
    reset_by_l1: Vec<bool>,
    pending: Vec<usize>,
}

/// [`line_levels`] into reusable buffers (`buf.levels` holds the result).
pub(crate) fn line_levels_into(
    text: &str,
    classes: &[BidiClass],
    levels: &[u8],
    para_level: u8,
    buf: &mut LineLevels,
) {
    use BidiClass::*;
    let out = &mut buf.levels;
    out.clear();
    out.extend_from_slice(levels);
    let reset_by_l1 = &mut buf.reset_by_l1;
    reset_by_l1.clear();
    reset_by_l1.resize(text.len(), false);
    let mut any_removed = false;
    // L1, scanning backwards: separators reset, and so does the whitespace/isolate/removed
    // sequence before them and at the end of the line.
    let mut reset = true;
    for (byte, _) in text.char_indices().rev() {
        let class = classes[byte];
        match class {
            S | B => {
                out[byte] = para_level;
                reset = true;
            }
            WS | FSI | LRI | RLI | PDI => {
                if reset {
                    out[byte] = para_level;
                }
            }
            _ if is_removed_by_x9(class) => {
                any_removed = true;
                if reset {
                    out[byte] = para_level;
                    reset_by_l1[byte] = true;
                }
            }
            _ => reset = false,
        }
    }
    if !any_removed {
        return;
    }
    // Other removed characters take the lower level of their kept neighbours (as in UAX #9's
    // notes on retaining them), so an opening RLO and its PDF sit outside the run they delimit,
    // and no removed character splits a run in L2.
    let mut prev: Option<u8> = None;
    let pending = &mut buf.pending;
    pending.clear();
    for (byte, _) in text.char_indices() {
        if is_removed_by_x9(classes[byte]) {
            if !reset_by_l1[byte] {
                pending.push(byte);
            }
        } else {
            let level = out[byte];
            let fill = prev.map_or(level, |p| p.min(level));
            for &p in pending.iter() {
                out[p] = fill;
            }
            pending.clear();
            prev = Some(level);
        }
    }
    let fill = prev.unwrap_or(para_level);
    for &p in pending.iter() {
        out[p] = fill;
    }
}

/// Rule L2: the visual order (visual index → logical index) of units with these levels:
/// from the highest level down to the lowest odd level, reverse every maximal run at or above
/// that level.
pub fn reorder_by_levels(levels: &[u8]) -> Vec<usize> {
    let mut order = Vec::new();
    reorder_into(levels, &mut order, &mut Vec::new());
    order
}

/// [`reorder_by_levels`] into reusable buffers: `order` gets the result, `lv` is scratch.
pub(crate) fn reorder_into(levels: &[u8], order: &mut Vec<usize>, lv: &mut Vec<u8>) {
    order.clear();
    order.extend(0..levels.len());
    let Some(&max) = levels.iter().max() else {
        return;
    };
    // "The lowest odd level on the line": levels between it and the highest all count, even
    // those not present in the text.
    let min_odd = levels.iter().copied().min().unwrap_or(0) | 1;
    if max < min_odd {
        return;
    }
    lv.clear();
    lv.extend_from_slice(levels);
    let mut level = max;
    while level >= min_odd {
        let mut i = 0;
        while i < lv.len() {
            if lv[i] >= level {
                let start = i;
                while i < lv.len() && lv[i] >= level {
                    i += 1;
                }
                order[start..i].reverse();
                lv[start..i].reverse();
            } else {
                i += 1;
            }
        }
        if level == 0 {
            break;
        }
        level -= 1;
    }
}
