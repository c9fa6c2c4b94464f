//! Bidi-aware layout: logical text → rows of visual terminal cells.
//!
//! Pure Rust, no terminal types (DESIGN.md §2–§3). Two cached stages per paragraph:
//! [`analyze`] (width-independent: base direction, resolved levels, grapheme clusters with cell
//! widths, line-break opportunities) and [`ParagraphAnalysis::layout`] (greedy fill at a width,
//! then L1–L4 per line).
//!
//! Index units: `byte` = byte offset into the paragraph text handed to [`analyze`]; `col` = terminal
//! cell column; `row` = visual line index within one paragraph layout.
//!
//! NOTE (skeleton): the bodies here are a placeholder LTR implementation so other layers can build
//! against the API; the real engine replaces them without changing the signatures.

use std::ops::Range;

/// A resolved paragraph or run direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dir {
    Ltr,
    Rtl,
}

/// How a paragraph's base direction is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DirPolicy {
    /// UAX #9 P2/P3: first strong letter; LTR when there is none.
    #[default]
    Auto,
    /// P2/P3, but paragraphs without a strong letter take the given direction (the document's or
    /// the previous paragraph's), as a reader of RTL documents expects.
    AutoOr(Dir),
    Ltr,
    Rtl,
}

/// Order of the cells in an output row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Order {
    /// UAX #9 visual order (L1–L4 applied): for terminals that do no bidi.
    #[default]
    Visual,
    /// Logical order, unreordered: for terminals that do their own bidi, and text extraction.
    Logical,
}

/// Options for laying a paragraph out at a width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LayoutOptions {
    /// Available width in cells; 0 = no wrapping.
    pub width_col: usize,
    /// Convert Arabic letters to presentation forms (display only).
    pub shape: bool,
    /// Right-align lines of RTL paragraphs (sets [`VisualLine::indent_col`]).
    pub align: bool,
    pub order: Order,
    /// Show bidi controls (LRE…PDI, LRM/RLM/ALM) as visible symbols instead of hiding them.
    pub reveal_controls: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self {
            width_col: 80,
            shape: false,
            align: true,
            order: Order::Visual,
            reveal_controls: false,
        }
    }
}

/// One terminal cell (or a zero-width cell) of a visual line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// What to draw: one grapheme cluster, possibly shaped, mirrored, or a visible placeholder
    /// for a control character. Never contains C0/C1 controls or ESC.
    pub symbol: String,
    /// Cells this symbol occupies: 1 or 2; 0 for hidden characters (bidi controls, BN) which are
    /// kept only so every logical byte maps somewhere.
    pub width_col: u8,
    /// The logical bytes (in the paragraph text) this cell shows. A lam-alef ligature covers two
    /// characters.
    pub byte_range: Range<usize>,
    /// Resolved embedding level after L1 (odd = RTL).
    pub level: u8,
}

/// One visual line of a paragraph, cells left to right.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VisualLine {
    /// Blank columns before the first cell (right alignment of RTL paragraphs).
    pub indent_col: usize,
    pub cells: Vec<Cell>,
    /// Logical byte range of the line in the paragraph text (including trailing spaces).
    pub byte_range: Range<usize>,
}

impl VisualLine {
    /// Width of the cells, without the indent.
    pub fn width_col(&self) -> usize {
        self.cells.iter().map(|c| usize::from(c.width_col)).sum()
    }
}

/// Width-independent analysis of one paragraph (no paragraph separator inside).
#[derive(Debug, Clone)]
pub struct ParagraphAnalysis {
    /// The paragraph text (owned so a layout needs nothing else).
    pub text: String,
    pub base: Dir,
}

/// A paragraph laid out at one width.
#[derive(Debug, Clone, Default)]
pub struct ParagraphLayout {
    pub lines: Vec<VisualLine>,
}

/// Analyse one paragraph: base direction, levels, graphemes, break opportunities.
pub fn analyze(text: &str, policy: DirPolicy) -> ParagraphAnalysis {
    let base = match policy {
        DirPolicy::Ltr | DirPolicy::Auto | DirPolicy::AutoOr(Dir::Ltr) => Dir::Ltr,
        DirPolicy::Rtl | DirPolicy::AutoOr(Dir::Rtl) => Dir::Rtl,
    };
    ParagraphAnalysis {
        text: text.to_owned(),
        base,
    }
}

impl ParagraphAnalysis {
    /// Lay the paragraph out at `opts.width_col`.
    pub fn layout(&self, _opts: &LayoutOptions) -> ParagraphLayout {
        let mut line = VisualLine::default();
        for (byte, ch) in self.text.char_indices() {
            line.cells.push(Cell {
                symbol: if ch.is_control() {
                    "\u{FFFD}".into()
                } else {
                    ch.to_string()
                },
                width_col: 1,
                byte_range: byte..byte + ch.len_utf8(),
                level: 0,
            });
        }
        line.byte_range = 0..self.text.len();
        ParagraphLayout { lines: vec![line] }
    }
}

impl ParagraphLayout {
    /// Where the grapheme containing logical `byte` is drawn: (row, col), col counting the indent.
    pub fn byte_to_pos(&self, byte: usize) -> Option<(usize, usize)> {
        for (row, line) in self.lines.iter().enumerate() {
            let mut col = line.indent_col;
            for cell in &line.cells {
                if cell.byte_range.contains(&byte) {
                    return Some((row, col));
                }
                col += usize::from(cell.width_col);
            }
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
        }
        None
    }

    /// The visual pieces a logical byte range occupies: (row, col range), left to right within a
    /// row, rows top to bottom. Mixed-direction text gives several pieces per row.
    pub fn range_pieces(&self, range: Range<usize>) -> Vec<(usize, Range<usize>)> {
        let mut out: Vec<(usize, Range<usize>)> = Vec::new();
        for (row, line) in self.lines.iter().enumerate() {
            let mut col = line.indent_col;
            for cell in &line.cells {
                let w = usize::from(cell.width_col);
                if w > 0 && cell.byte_range.start < range.end && range.start < cell.byte_range.end {
                    match out.last_mut() {
                        Some((r, cols)) if *r == row && cols.end == col => cols.end = col + w,
                        _ => out.push((row, col..col + w)),
                    }
                }
                col += w;
            }
        }
        out
    }
}

/// Split text at bidi paragraph separators (LF, CR LF, CR, NEL, U+2029 …). Returns byte ranges of
/// the paragraphs, separators excluded.
pub fn split_paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (byte, ch) in text.char_indices() {
        if ch == '\n' {
            out.push(start..byte);
            start = byte + 1;
        }
    }
    out.push(start..text.len());
    out
}
