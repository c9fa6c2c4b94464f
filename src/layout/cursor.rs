//! Logical ↔ visual mappings of a laid-out paragraph.
//!
//! The app calls these for every highlight on every frame. Lines are contiguous in logical
//! order, so the row of a byte is a binary search over `VisualLine::byte_range`; only that row's
//! cells are then scanned. A lookup costs O(log rows + row width), never a scan of the whole
//! paragraph, and needs no extra table (so layouts built or edited by hand map correctly too).

use std::ops::Range;

use super::ParagraphLayout;

impl ParagraphLayout {
    /// The row whose logical byte range holds `byte`.
    fn row_of_byte(&self, byte: usize) -> Option<usize> {
        let row = self.lines.partition_point(|l| l.byte_range.end <= byte);
        let line = self.lines.get(row)?;
        line.byte_range.contains(&byte).then_some(row)
    }

    /// Where the grapheme containing logical `byte` is drawn: (row, col), col counting the indent.
    pub fn byte_to_pos(&self, byte: usize) -> Option<(usize, usize)> {
        let row = self.row_of_byte(byte)?;
        let line = &self.lines[row];
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
        let mut at = line.indent_col;
        for cell in &line.cells {
            let w = usize::from(cell.width_col);
            if w > 0 && col >= at && col < at + w {
                return Some(cell.byte_range.start);
            }
            at += w;
            if at > col {
                break;
            }
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
        let first_row = self
            .lines
            .partition_point(|l| l.byte_range.end <= range.start);
        for (row, line) in self.lines.iter().enumerate().skip(first_row) {
            if line.byte_range.start >= range.end {
                break;
            }
            let mut col = line.indent_col;
            for c in &line.cells {
                let w = usize::from(c.width_col);
                if w > 0 && c.byte_range.start < range.end && range.start < c.byte_range.end {
                    match out.last_mut() {
                        Some((r, prev)) if *r == row && prev.end == col => prev.end = col + w,
                        _ => out.push((row, col..col + w)),
                    }
                }
                col += w;
            }
        }
        out
    }
}
