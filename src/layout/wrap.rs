//! Greedy line filling in logical order at UAX #14 opportunities.

use std::ops::Range;

use super::grapheme::{BREAK_BEFORE, Grapheme, MANDATORY_BEFORE, SPACE};

/// Split graphemes into lines of at most `width_col` cells (0 = only mandatory breaks).
///
/// Fills greedily segment by segment (a segment runs from one break opportunity to the next).
/// Whitespace at the end of a segment hangs: it never makes a segment not fit (the caller hides
/// what overflows). A segment wider than the line is cut at grapheme boundaries. Returns
/// grapheme index ranges; an empty paragraph gives one empty line.
pub(crate) fn wrap(graphemes: &[Grapheme], width_col: usize) -> Vec<Range<usize>> {
    let n = graphemes.len();
    let mut lines = Vec::new();
    if n == 0 {
        lines.push(0..0);
        return lines;
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
    lines
}
