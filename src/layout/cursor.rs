//! Logical ↔ visual mappings of a laid-out paragraph.
//!
//! The app calls these for every highlight on every frame, so each line carries an index:
//! cells sorted by logical byte (binary search for a byte) and the start column of each visual
//! cell (binary search for a column). A lookup costs O(log n) plus the size of its answer.

use std::ops::Range;

use super::{ParagraphLayout, VisualLine};

/// Lookup tables for one visual line.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineIndex {
    /// (first byte, visual cell index), sorted by byte.
    by_byte: Vec<(usize, usize)>,
    /// Start column (indent included) of each visual cell.
    col_starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(line: &VisualLine) -> Self {
        let mut by_byte: Vec<(usize, usize)> = line
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| (c.byte_range.start, i))
            .collect();
        by_byte.sort_unstable();
        let mut col = line.indent_col;
        let col_starts = line
            .cells
            .iter()
            .map(|c| {
                let at = col;
                col += usize::from(c.width_col);
                at
            })
            .collect();
        Self {
            by_byte,
            col_starts,
        }
    }
}

impl ParagraphLayout {
    /// The index for `row`, when it matches the line (built by `layout`, not edited since).
    fn index_of(&self, row: usize) -> Option<&LineIndex> {
        let index = self.index.get(row)?;
        (self.index.len() == self.lines.len() && index.col_starts.len() == self.lines[row].cells.len())
            .then_some(index)
    }

    /// The row whose logical byte range holds `byte` (lines are contiguous in logical order).
    fn row_of_byte(&self, byte: usize) -> Option<usize> {
        let row = self.lines.partition_point(|l| l.byte_range.end <= byte);
        let line = self.lines.get(row)?;
        line.byte_range.contains(&byte).then_some(row)
    }

    /// Where the grapheme containing logical `byte` is drawn: (row, col), col counting the indent.
    pub fn byte_to_pos(&self, byte: usize) -> Option<(usize, usize)> {
        let row = self.row_of_byte(byte)?;
        let line = &self.lines[row];
        if let Some(index) = self.index_of(row) {
            let k = index.by_byte.partition_point(|&(b, _)| b <= byte);
            let &(_, cell) = index.by_byte.get(k.checked_sub(1)?)?;
            return line.cells[cell]
                .byte_range
                .contains(&byte)
                .then(|| (row, index.col_starts[cell]));
        }
        let mut col = line.indent_col;
        for cell in &line.cells {
            if cell.byte_range.contains(&byte) {
                return Some((row, col));
            }
            col += usize::from(cell.width_col);
        }
        None
    }

    /// The logical byte (start of the grapheme) drawn at (row, col), if any.
    pub fn pos_to_byte(&self, row: usize, col: usize) -> Option<usize> {
        let line = self.lines.get(row)?;
        if let Some(index) = self.index_of(row) {
            // The last cell starting at or before col that is drawn (width > 0).
            let k = index.col_starts.partition_point(|&c| c <= col);
            let mut i = k;
            while i > 0 {
                i -= 1;
                let w = usize::from(line.cells[i].width_col);
                if w > 0 {
                    return (col < index.col_starts[i] + w).then_some(line.cells[i].byte_range.start);
                }
            }
            return None;
        }
        let mut at = line.indent_col;
        for cell in &line.cells {
            let w = usize::from(cell.width_col);
            if w > 0 && col >= at && col < at + w {
                return Some(cell.byte_range.start);
            }
            at += w;
        }
        None
    }

    /// The visual pieces a logical byte range occupies: (row, col range), left to right within a
    /// row, rows top to bottom. Mixed-direction text gives several pieces per row.
    pub fn range_pieces(&self, range: Range<usize>) -> Vec<(usize, Range<usize>)> {
        let mut out: Vec<(usize, Range<usize>)> = Vec::new();
        if range.start >= range.end {
            return out;
        }
        let first_row = self.lines.partition_point(|l| l.byte_range.end <= range.start);
        for row in first_row..self.lines.len() {
            let line = &self.lines[row];
            if line.byte_range.start >= range.end && !line.byte_range.is_empty() {
                break;
            }
            let mut cols: Vec<Range<usize>> = Vec::new();
            if let Some(index) = self.index_of(row) {
                // Cells overlapping the range: those starting before range.end, from the last
                // one starting at or before range.start.
                let lo = index
                    .by_byte
                    .partition_point(|&(b, _)| b <= range.start)
                    .saturating_sub(1);
                let hi = index.by_byte.partition_point(|&(b, _)| b < range.end);
                for &(_, cell) in &index.by_byte[lo..hi.max(lo)] {
                    let c = &line.cells[cell];
                    let w = usize::from(c.width_col);
                    if w > 0 && c.byte_range.start < range.end && range.start < c.byte_range.end {
                        let at = index.col_starts[cell];
                        cols.push(at..at + w);
                    }
                }
                cols.sort_unstable_by_key(|r| r.start);
            } else {
                let mut col = line.indent_col;
                for c in &line.cells {
                    let w = usize::from(c.width_col);
                    if w > 0 && c.byte_range.start < range.end && range.start < c.byte_range.end {
                        cols.push(col..col + w);
                    }
                    col += w;
                }
            }
            for piece in cols {
                match out.last_mut() {
                    Some((r, prev)) if *r == row && prev.end == piece.start => prev.end = piece.end,
                    _ => out.push((row, piece)),
                }
            }
        }
        out
    }
}
