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
//! Wrapping happens in logical order first (UAX #14 opportunities), then each line is reordered
//! on its own (L1–L4), so an RTL paragraph reads top to bottom — unlike `fribidi --width`, which
//! reorders the whole paragraph and then chops it.
//!
//! Files: [`paragraph`] (split, base direction), `grapheme` (clusters, widths, placeholders),
//! `wrap` (greedy fill), [`reorder`] (L1–L2 on a line), [`shape`] (Arabic presentation forms,
//! terminal table), `cursor` (logical ↔ visual mappings).

mod cursor;
mod grapheme;
pub mod paragraph;
pub mod reorder;
pub mod shape;
pub mod wrap;

use std::ops::Range;
use std::sync::OnceLock;

use unicode_bidi::{BidiClass, ParagraphBidiInfo};

pub use paragraph::split_paragraphs;
pub use reorder::reorder_by_levels;
pub use shape::terminal_needs_shaping;
pub use wrap::break_opportunities;

use grapheme::{Grapheme, Kind};
use shape::Shaped;

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
    /// for a control character. Never contains C0/C1 controls or ESC: C0 (TAB and ESC included)
    /// show as Control Pictures U+2400+code, DEL as U+2421, C1 as U+FFFD. Empty for hidden
    /// cells (width 0: bidi controls and other X9-removed characters, hanging spaces past the
    /// width), unless `reveal_controls` gives bidi controls a visible symbol. ZWNJ/ZWJ ride
    /// inside their grapheme's symbol.
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
    /// Original bidi class of the character starting at each byte.
    classes: Vec<BidiClass>,
    /// Resolved level (before L1) of the character starting at each byte.
    levels: Vec<u8>,
    graphemes: Vec<Grapheme>,
    /// Presentation forms, computed on the first shaped layout.
    shaped: OnceLock<Vec<(usize, Shaped)>>,
}

/// A paragraph laid out at one width.
#[derive(Debug, Clone, Default)]
pub struct ParagraphLayout {
    pub lines: Vec<VisualLine>,
}

/// Analyse one paragraph: base direction, levels, graphemes, break opportunities.
pub fn analyze(text: &str, policy: DirPolicy) -> ParagraphAnalysis {
    let base = paragraph::base_dir(text, policy);
    let para_level = match base {
        Dir::Ltr => unicode_bidi::Level::ltr(),
        Dir::Rtl => unicode_bidi::Level::rtl(),
    };
    let info = ParagraphBidiInfo::new(text, Some(para_level));
    let levels: Vec<u8> = info.levels.iter().map(|l| l.number()).collect();
    let classes = info.original_classes;
    let graphemes = grapheme::analyze_graphemes(text, &classes);
    ParagraphAnalysis {
        text: text.to_owned(),
        base,
        classes,
        levels,
        graphemes,
        shaped: OnceLock::new(),
    }
}

/// One cell before reordering: graphemes `first..=last` (two for a lam-alef ligature).
struct Unit {
    first: usize,
    last: usize,
    level: u8,
}

impl ParagraphAnalysis {
    /// The paragraph embedding level: 0 (LTR) or 1 (RTL).
    pub fn para_level(&self) -> u8 {
        match self.base {
            Dir::Ltr => 0,
            Dir::Rtl => 1,
        }
    }

    fn grapheme_end(&self, gi: usize) -> usize {
        self.graphemes
            .get(gi + 1)
            .map_or(self.text.len(), |g| g.start_byte)
    }

    /// Levels after L1 for the line `byte_range` (per byte of the line; X9-removed characters
    /// carry a neighbour's level).
    fn l1_levels(&self, byte_range: Range<usize>) -> Vec<u8> {
        reorder::line_levels(
            &self.text[byte_range.clone()],
            &self.classes[byte_range.clone()],
            &self.levels[byte_range],
            self.para_level(),
        )
    }

    /// Whether the character at `byte` is removed by rule X9 (embedding controls, BN).
    pub fn is_removed_by_x9(&self, byte: usize) -> bool {
        self.classes
            .get(byte)
            .is_some_and(|&c| grapheme::is_removed_by_x9(c))
    }

    /// For each code point of the line `byte_range`, in logical order: its byte and its resolved
    /// level after L1, `None` for characters removed by X9 (as the Unicode test files report).
    pub fn line_char_levels(&self, byte_range: Range<usize>) -> Vec<(usize, Option<u8>)> {
        let levels = self.l1_levels(byte_range.clone());
        self.text[byte_range.clone()]
            .char_indices()
            .map(|(off, _)| {
                let byte = byte_range.start + off;
                (byte, (!self.is_removed_by_x9(byte)).then_some(levels[off]))
            })
            .collect()
    }

    /// Bytes of the characters of the line `byte_range` in visual order, by character (L1–L2,
    /// no L3), X9-removed characters left out: the ordering the Unicode test files define.
    pub fn line_char_order(&self, byte_range: Range<usize>) -> Vec<usize> {
        let levels = self.l1_levels(byte_range.clone());
        let chars: Vec<usize> = self.text[byte_range.clone()]
            .char_indices()
            .map(|(off, _)| off)
            .collect();
        let char_levels: Vec<u8> = chars.iter().map(|&off| levels[off]).collect();
        reorder_by_levels(&char_levels)
            .into_iter()
            .map(|i| byte_range.start + chars[i])
            .filter(|&byte| !self.is_removed_by_x9(byte))
            .collect()
    }

    /// Byte ranges of the grapheme clusters, in logical order.
    pub fn grapheme_ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        (0..self.graphemes.len()).map(|gi| self.graphemes[gi].start_byte..self.grapheme_end(gi))
    }

    /// Lay the paragraph out at `opts.width_col`.
    pub fn layout(&self, opts: &LayoutOptions) -> ParagraphLayout {
        let shaped: &[(usize, Shaped)] = if opts.shape {
            self.shaped.get_or_init(|| shape::shape(&self.text))
        } else {
            &[]
        };
        let mut out = ParagraphLayout::default();
        for grange in wrap::wrap(&self.graphemes, opts.width_col) {
            let byte_range = match (grange.start < grange.end, self.graphemes.get(grange.start)) {
                (true, Some(g)) => g.start_byte..self.grapheme_end(grange.end - 1),
                _ => self.text.len()..self.text.len(),
            };
            let levels = self.l1_levels(byte_range.clone());
            // Hanging whitespace: what would overflow the width is hidden.
            let mut widths: Vec<u8> = self.graphemes[grange.clone()]
                .iter()
                .map(|g| g.width_col)
                .collect();
            if opts.width_col > 0 {
                let mut total: usize = widths.iter().map(|&w| usize::from(w)).sum();
                for (i, g) in self.graphemes[grange.clone()].iter().enumerate().rev() {
                    if total <= opts.width_col || g.flags & grapheme::SPACE == 0 {
                        break;
                    }
                    total -= usize::from(widths[i]);
                    widths[i] = 0;
                }
            }
            // Logical units: one per grapheme, lam + alef merged when shaped.
            let mut shaped_at = shaped.partition_point(|&(b, _)| b < byte_range.start);
            let shaped_line_end = shaped.partition_point(|&(b, _)| b < byte_range.end);
            let shaped_line = &shaped[shaped_at..shaped_line_end];
            shaped_at = 0;
            let lookup = |byte: usize, at: &mut usize| -> Option<Shaped> {
                while *at < shaped_line.len() && shaped_line[*at].0 < byte {
                    *at += 1;
                }
                shaped_line
                    .get(*at)
                    .filter(|(b, _)| *b == byte)
                    .map(|&(_, s)| s)
            };
            let mut units: Vec<Unit> = Vec::with_capacity(grange.len());
            let mut gi = grange.start;
            let mut probe = 0;
            while gi < grange.end {
                let g = &self.graphemes[gi];
                let level = levels[g.start_byte - byte_range.start];
                let mut last = gi;
                if gi + 1 < grange.end
                    && matches!(lookup(g.start_byte, &mut probe), Some(Shaped::Ligature(_)))
                    && lookup(self.graphemes[gi + 1].start_byte, &mut probe)
                        == Some(Shaped::Absorbed)
                {
                    last = gi + 1;
                }
                units.push(Unit {
                    first: gi,
                    last,
                    level,
                });
                gi = last + 1;
            }
            let mut cells: Vec<Cell> = Vec::with_capacity(units.len());
            for unit in &units {
                let mirror = opts.order == Order::Visual && unit.level % 2 == 1;
                cells.push(self.unit_cell(
                    unit,
                    &widths[unit.first - grange.start..=unit.last - grange.start],
                    opts.reveal_controls,
                    mirror,
                    |byte| lookup(byte, &mut shaped_at),
                ));
            }
            if opts.order == Order::Visual {
                let unit_levels: Vec<u8> = units.iter().map(|u| u.level).collect();
                let order = reorder_by_levels(&unit_levels);
                let mut slots: Vec<Option<Cell>> = cells.into_iter().map(Some).collect();
                cells = order.iter().filter_map(|&i| slots[i].take()).collect();
            }
            let mut line = VisualLine {
                indent_col: 0,
                cells,
                byte_range,
            };
            if opts.align
                && opts.width_col > 0
                && opts.order == Order::Visual
                && self.base == Dir::Rtl
            {
                line.indent_col = opts.width_col.saturating_sub(line.width_col());
            }
            out.lines.push(line);
        }
        out
    }

    /// Build the cell of one unit: symbol (placeholders, shaping, mirroring), width, bytes.
    fn unit_cell(
        &self,
        unit: &Unit,
        widths: &[u8],
        reveal: bool,
        mirror: bool,
        mut shaped: impl FnMut(usize) -> Option<Shaped>,
    ) -> Cell {
        let start = self.graphemes[unit.first].start_byte;
        let end = self.grapheme_end(unit.last);
        let g = &self.graphemes[unit.first];
        let text = &self.text[start..end];
        let merged = unit.last > unit.first;
        let (symbol, width_col) = match g.kind {
            Kind::Hidden => {
                let revealed = text
                    .chars()
                    .next()
                    .filter(|_| reveal)
                    .and_then(grapheme::reveal_symbol);
                match revealed {
                    Some(ch) => (ch.to_string(), 1),
                    None => (String::new(), 0),
                }
            }
            Kind::Control => (grapheme::sanitize(text), widths[0]),
            Kind::Text => {
                let mut symbol = String::with_capacity(text.len());
                for (i, (off, ch)) in text.char_indices().enumerate() {
                    let drawn = match shaped(start + off) {
                        Some(Shaped::Form(c)) => Some(c),
                        Some(Shaped::Ligature(c)) if merged => Some(c),
                        Some(Shaped::Absorbed) if merged => None,
                        _ => Some(ch),
                    };
                    if let Some(mut c) = drawn {
                        // Only class ON characters are Bidi_Mirrored: skip the lookup for
                        // letters (it was a hot spot on RTL text).
                        if mirror && i == 0 && self.classes[start] == BidiClass::ON {
                            c = unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c);
                        }
                        symbol.push(c);
                    }
                }
                let width = if merged { 1 } else { widths[0] };
                (symbol, width)
            }
        };
        // A hanging space hidden by the wrap shows nothing.
        let (symbol, width_col) = if g.kind == Kind::Text && widths[0] == 0 && g.width_col > 0 {
            (String::new(), 0)
        } else {
            (symbol, width_col)
        };
        Cell {
            symbol,
            width_col,
            byte_range: start..end,
            level: unit.level,
        }
    }
}
