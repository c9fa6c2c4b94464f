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
#[derive(Debug, Clone, Copy)]
struct Unit {
    first: usize,
    last: usize,
    level: u8,
    width_col: u8,
    /// End of this unit's symbol in [`LayoutScratch::symbols`].
    symbol_end: usize,
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
        let mut out = ParagraphLayout::default();
        let mut scratch = LayoutScratch::default();
        self.for_each_line(opts, &mut scratch, |line| {
            out.lines.push(VisualLine {
                indent_col: line.indent_col,
                cells: line
                    .cells()
                    .map(|c| Cell {
                        symbol: c.symbol.to_owned(),
                        width_col: c.width_col,
                        byte_range: c.byte_range,
                        level: c.level,
                    })
                    .collect(),
                byte_range: line.byte_range.clone(),
            });
        });
        out
    }

    /// Lay the paragraph out at `opts.width_col` and hand each visual line to `f`, borrowing
    /// its cells from `scratch` instead of allocating a `String` per cell: the same rows as
    /// [`Self::layout`], for callers that only stream them out (`matn render`), where the
    /// per-cell allocations were a fifth of the time. Reuse one `scratch` across paragraphs.
    pub fn for_each_line(
        &self,
        opts: &LayoutOptions,
        scratch: &mut LayoutScratch,
        mut f: impl FnMut(&LineView<'_>),
    ) {
        let shaped: &[(usize, Shaped)] = if opts.shape {
            self.shaped.get_or_init(|| shape::shape(&self.text))
        } else {
            &[]
        };
        for grange in wrap::wrap(&self.graphemes, opts.width_col) {
            let (byte_range, indent_col) = self.lay_line(grange, opts, shaped, scratch);
            f(&LineView {
                indent_col,
                byte_range,
                para: self,
                scratch,
            });
        }
    }

    /// Fill `scratch` with the units of the line of graphemes `grange` (symbols in logical
    /// order, the visual order as a permutation). Returns the line's bytes and indent.
    fn lay_line(
        &self,
        grange: Range<usize>,
        opts: &LayoutOptions,
        shaped: &[(usize, Shaped)],
        scratch: &mut LayoutScratch,
    ) -> (Range<usize>, usize) {
        let byte_range = match (grange.start < grange.end, self.graphemes.get(grange.start)) {
            (true, Some(g)) => g.start_byte..self.grapheme_end(grange.end - 1),
            _ => self.text.len()..self.text.len(),
        };
        reorder::line_levels_into(
            &self.text[byte_range.clone()],
            &self.classes[byte_range.clone()],
            &self.levels[byte_range.clone()],
            self.para_level(),
            &mut scratch.line_levels,
        );
        let levels = &scratch.line_levels.levels;
        // Hanging whitespace: what would overflow the width is hidden.
        let widths = &mut scratch.widths;
        widths.clear();
        widths.extend(self.graphemes[grange.clone()].iter().map(|g| g.width_col));
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
        let units = &mut scratch.units;
        units.clear();
        let mut gi = grange.start;
        let mut probe = 0;
        while gi < grange.end {
            let g = &self.graphemes[gi];
            let level = levels[g.start_byte - byte_range.start];
            let mut last = gi;
            if !shaped_line.is_empty()
                && gi + 1 < grange.end
                && matches!(lookup(g.start_byte, &mut probe), Some(Shaped::Ligature(_)))
                && lookup(self.graphemes[gi + 1].start_byte, &mut probe) == Some(Shaped::Absorbed)
            {
                last = gi + 1;
            }
            units.push(Unit {
                first: gi,
                last,
                level,
                width_col: 0,
                symbol_end: 0,
            });
            gi = last + 1;
        }
        scratch.symbols.clear();
        let mut line_width_col = 0;
        for unit in units.iter_mut() {
            let mirror = opts.order == Order::Visual && unit.level % 2 == 1;
            unit.width_col = self.push_symbol(
                unit,
                &widths[unit.first - grange.start..=unit.last - grange.start],
                opts.reveal_controls,
                mirror,
                |byte| lookup(byte, &mut shaped_at),
                &mut scratch.symbols,
            );
            unit.symbol_end = scratch.symbols.len();
            line_width_col += usize::from(unit.width_col);
        }
        if opts.order == Order::Visual {
            scratch.unit_levels.clear();
            scratch.unit_levels.extend(units.iter().map(|u| u.level));
            reorder::reorder_into(
                &scratch.unit_levels,
                &mut scratch.order,
                &mut scratch.reorder_levels,
            );
        } else {
            scratch.order.clear();
            scratch.order.extend(0..units.len());
        }
        let indent_col = if opts.align
            && opts.width_col > 0
            && opts.order == Order::Visual
            && self.base == Dir::Rtl
        {
            opts.width_col.saturating_sub(line_width_col)
        } else {
            0
        };
        (byte_range, indent_col)
    }

    /// Append the symbol of one unit (placeholders, shaping, mirroring) to `out`; returns its
    /// width.
    fn push_symbol(
        &self,
        unit: &Unit,
        widths: &[u8],
        reveal: bool,
        mirror: bool,
        mut shaped: impl FnMut(usize) -> Option<Shaped>,
        out: &mut String,
    ) -> u8 {
        let start = self.graphemes[unit.first].start_byte;
        let end = self.grapheme_end(unit.last);
        let g = &self.graphemes[unit.first];
        let text = &self.text[start..end];
        let merged = unit.last > unit.first;
        match g.kind {
            Kind::Hidden => {
                let revealed = text
                    .chars()
                    .next()
                    .filter(|_| reveal)
                    .and_then(grapheme::reveal_symbol);
                match revealed {
                    Some(ch) => {
                        out.push(ch);
                        1
                    }
                    None => 0,
                }
            }
            Kind::Control => {
                grapheme::push_sanitized(text, out);
                widths[0]
            }
            // A hanging space hidden by the wrap shows nothing.
            Kind::Text if widths[0] == 0 && g.width_col > 0 => 0,
            Kind::Text => {
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
                        out.push(c);
                    }
                }
                if merged { 1 } else { widths[0] }
            }
        }
    }
}

/// Reusable buffers for [`ParagraphAnalysis::for_each_line`]: one line's units, symbols and
/// visual order, kept across lines and paragraphs so laying out allocates per paragraph, not
/// per cell.
#[derive(Debug, Default)]
pub struct LayoutScratch {
    line_levels: reorder::LineLevels,
    widths: Vec<u8>,
    units: Vec<Unit>,
    /// The symbols of all units of the line, in logical order; unit `i` ends at
    /// `units[i].symbol_end`.
    symbols: String,
    unit_levels: Vec<u8>,
    /// Visual index → logical unit index.
    order: Vec<usize>,
    reorder_levels: Vec<u8>,
}

/// One visual line handed out by [`ParagraphAnalysis::for_each_line`], borrowing its cells.
#[derive(Debug)]
pub struct LineView<'a> {
    /// Blank columns before the first cell (right alignment of RTL paragraphs).
    pub indent_col: usize,
    /// Logical byte range of the line in the paragraph text (including trailing spaces).
    pub byte_range: Range<usize>,
    para: &'a ParagraphAnalysis,
    scratch: &'a LayoutScratch,
}

/// A cell of a [`LineView`]: the fields of [`Cell`], with the symbol borrowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellRef<'a> {
    pub symbol: &'a str,
    pub width_col: u8,
    pub byte_range: Range<usize>,
    pub level: u8,
}

impl<'a> LineView<'a> {
    /// The symbol of logical unit `i`.
    fn symbol(&self, i: usize) -> &'a str {
        let units = &self.scratch.units;
        let start = i.checked_sub(1).map_or(0, |p| units[p].symbol_end);
        &self.scratch.symbols[start..units[i].symbol_end]
    }

    /// The cells, left to right.
    pub fn cells(&self) -> impl Iterator<Item = CellRef<'a>> + '_ {
        self.scratch.order.iter().map(|&i| {
            let unit = &self.scratch.units[i];
            CellRef {
                symbol: self.symbol(i),
                width_col: unit.width_col,
                byte_range: self.para.graphemes[unit.first].start_byte
                    ..self.para.grapheme_end(unit.last),
                level: unit.level,
            }
        })
    }

    /// Just the symbols of the cells, left to right (what a text renderer prints).
    pub fn symbols(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.scratch.order.iter().map(|&i| self.symbol(i))
    }
}
