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
//! Files: [`paragraph`] (split, base direction), `props` (per-character properties cached per
//! 256-code-point block), `grapheme` (clusters, widths, placeholders, bidi classes, break
//! opportunities: one pass), `bidi` (matn's own level resolution for paragraphs without explicit
//! formatting characters; `unicode-bidi` resolves the others), `wrap` (greedy fill), [`reorder`]
//! (L1–L2 on a line), [`shape`] (Arabic presentation forms, terminal table), `cursor`
//! (logical ↔ visual mappings).
//!
//! Speed: `matn render` streams every paragraph through [`ParagraphAnalysis::reanalyze`] and
//! [`ParagraphAnalysis::write_lines`], which reuse their buffers, so laying out a large file
//! allocates almost nothing per paragraph or cell.

mod bidi;
mod cursor;
mod grapheme;
pub mod paragraph;
mod props;
pub mod reorder;
pub mod shape;
pub mod wrap;

use std::ops::Range;
use std::sync::OnceLock;

use unicode_bidi::{BidiClass, ParagraphBidiInfo};

pub use paragraph::{first_strong_dir, split_paragraphs};
pub use reorder::reorder_by_levels;
pub use shape::terminal_needs_shaping;
pub use wrap::break_opportunities;

use grapheme::{Grapheme, Kind};
use shape::{Shaped, Shaping};

/// A resolved paragraph or run direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Dir {
    #[default]
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
#[derive(Debug, Clone, Default)]
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
    shaped: OnceLock<Shaping>,
    /// L1 needs the per-byte pass (see [`ParagraphAnalysis::apply_l1`]).
    bytewise_l1: bool,
}

/// A paragraph laid out at one width.
#[derive(Debug, Clone, Default)]
pub struct ParagraphLayout {
    pub lines: Vec<VisualLine>,
}

/// Analyse one paragraph: base direction, levels, graphemes, break opportunities.
pub fn analyze(text: &str, policy: DirPolicy) -> ParagraphAnalysis {
    let mut analysis = ParagraphAnalysis::default();
    analysis.reanalyze(text, policy);
    analysis
}

impl ParagraphAnalysis {
    /// Make this the analysis of `text`, reusing its buffers: [`analyze`] for callers that go
    /// through many paragraphs one after the other (`matn render`), which then allocate almost
    /// nothing per paragraph.
    pub fn reanalyze(&mut self, text: &str, policy: DirPolicy) {
        self.text.clear();
        self.text.push_str(text);
        let summary =
            grapheme::analyze_graphemes_into(text, &mut self.classes, &mut self.graphemes);
        self.base = paragraph::base_dir_of_classes(text, &self.classes, &summary, policy);
        let para_level = match self.base {
            Dir::Ltr => unicode_bidi::Level::ltr(),
            Dir::Rtl => unicode_bidi::Level::rtl(),
        };
        // matn's resolver; unicode-bidi only for paragraphs with explicit formatting characters.
        if !bidi::resolve_simple_tls(text, &self.classes, para_level.number(), &mut self.levels) {
            let info = ParagraphBidiInfo::new_with_data_source(
                &props::CachedBidiData,
                text,
                Some(para_level),
            );
            self.levels.clear();
            self.levels.extend(info.levels.iter().map(|l| l.number()));
        }
        self.shaped = OnceLock::new();
        self.bytewise_l1 =
            summary.has(BidiClass::S) || summary.has(BidiClass::B) || summary.removed_start;
    }
}

/// One cell before reordering: grapheme `first`, and `first + 1` too when `merged` (a lam-alef
/// ligature). Kept to 16 bytes: writing these was a fifth of laying a line out.
#[derive(Debug, Clone, Copy)]
struct Unit {
    first: usize,
    merged: bool,
    level: u8,
    width_col: u8,
    /// For a plain unit (one visible character, no placeholder, not merged, not hidden): the
    /// character to draw before mirroring, so drawing needs no other lookup. `None` otherwise.
    plain: Option<char>,
    /// The first character has bidi class ON (only those can be Bidi_Mirrored).
    mirrorable: bool,
}

impl Unit {
    /// The unit's last grapheme.
    fn last(&self) -> usize {
        self.first + usize::from(self.merged)
    }
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

    /// The presentation forms for `opts` (computed once per paragraph, on the first shaped
    /// layout); `None` when not shaping.
    fn shaped_for(&self, opts: &LayoutOptions) -> Option<&Shaping> {
        opts.shape.then(|| {
            self.shaped
                .get_or_init(|| shape::shape_graphemes(&self.text, &self.graphemes))
        })
    }

    /// Lay the paragraph out at `opts.width_col` and hand each visual line to `f`, borrowing
    /// its cells from `scratch` instead of allocating a `String` per cell: the same rows as
    /// [`Self::layout`]. Reuse one `scratch` across paragraphs.
    pub fn for_each_line(
        &self,
        opts: &LayoutOptions,
        scratch: &mut LayoutScratch,
        mut f: impl FnMut(&LineView<'_>),
    ) {
        self.lay_lines(opts, scratch, |byte_range, indent_col, shaped, scratch| {
            self.emit_logical(opts, shaped, scratch);
            f(&LineView {
                indent_col,
                byte_range,
                para: self,
                scratch,
            });
        });
    }

    /// Append the paragraph's visual lines to `out` as text: the indent, the symbols left to
    /// right, trailing blanks trimmed, a newline per row — what `matn render` prints. Same rows
    /// as [`Self::for_each_line`], but the symbols go straight to `out` in visual order (no
    /// per-line symbol buffer, no second copy): the hot path of rendering a large file.
    pub fn write_lines(&self, opts: &LayoutOptions, scratch: &mut LayoutScratch, out: &mut String) {
        let visual = opts.order == Order::Visual;
        self.lay_lines(opts, scratch, |_, indent_col, shaped, scratch| {
            let line_start = out.len();
            push_spaces(out, indent_col);
            for &i in &scratch.order {
                let unit = &scratch.units[i];
                match unit.plain {
                    // Most cells: one character, drawn as itself, its presentation form or
                    // its mirror.
                    Some(mut ch) => {
                        if visual && unit.mirrorable && unit.level % 2 == 1 {
                            ch = unicode_bidi_mirroring::get_mirrored(ch).unwrap_or(ch);
                        }
                        out.push(ch);
                    }
                    None => self.push_symbol(unit, opts, shaped, scratch.hang_from, out),
                }
            }
            let kept = out[line_start..].trim_end().len();
            out.truncate(line_start + kept);
            out.push('\n');
        });
    }

    /// Wrap the paragraph at `opts.width_col` and lay each line out into `scratch`, then hand
    /// `f` the line's bytes, its indent and the presentation forms: the part the cell and the
    /// text paths share.
    fn lay_lines(
        &self,
        opts: &LayoutOptions,
        scratch: &mut LayoutScratch,
        mut f: impl FnMut(Range<usize>, usize, Option<&Shaping>, &mut LayoutScratch),
    ) {
        let shaped = self.shaped_for(opts);
        wrap::wrap_into(&self.graphemes, opts.width_col, &mut scratch.lines);
        let lines = std::mem::take(&mut scratch.lines);
        for grange in &lines {
            let (byte_range, indent_col) = self.lay_line(grange.clone(), opts, shaped, scratch);
            f(byte_range, indent_col, shaped, scratch);
        }
        scratch.lines = lines;
    }

    /// Fill `scratch` with the units of the line of graphemes `grange` (levels after L1, widths
    /// with hanging spaces hidden, the visual order as a permutation). Returns the line's bytes
    /// and indent.
    fn lay_line(
        &self,
        grange: Range<usize>,
        opts: &LayoutOptions,
        shaped: Option<&Shaping>,
        scratch: &mut LayoutScratch,
    ) -> (Range<usize>, usize) {
        let byte_range = match (grange.start < grange.end, self.graphemes.get(grange.start)) {
            (true, Some(g)) => g.start_byte..self.grapheme_end(grange.end - 1),
            _ => self.text.len()..self.text.len(),
        };
        // Hanging whitespace: the trailing spaces that would overflow the width are hidden.
        let line_graphemes = &self.graphemes[grange.clone()];
        scratch.hang_from = grange.end;
        if opts.width_col > 0 {
            let mut total: usize = line_graphemes
                .iter()
                .map(|g| usize::from(g.width_col))
                .sum();
            for g in line_graphemes.iter().rev() {
                if total <= opts.width_col || g.flags & grapheme::SPACE == 0 {
                    break;
                }
                total -= usize::from(g.width_col);
                scratch.hang_from -= 1;
            }
        }
        // Logical units: one per grapheme, lam + alef merged when shaped. Levels before L1.
        let hang_from = scratch.hang_from;
        let units = &mut scratch.units;
        units.clear();
        units.reserve(grange.len());
        let mut gi = grange.start;
        let mut line_width_col = 0;
        while gi < grange.end {
            let g = &self.graphemes[gi];
            let here = shaped.and_then(|s| s.at(gi, g, g.start_byte));
            let merged = matches!(here, Some(Shaped::Ligature(_)))
                && gi + 1 < grange.end
                && shaped.and_then(|s| {
                    let next = &self.graphemes[gi + 1];
                    s.at(gi + 1, next, next.start_byte)
                }) == Some(Shaped::Absorbed);
            let hidden_space = gi >= hang_from;
            let width_col = match g.kind {
                // A lam-alef ligature is one cell; a hanging space hidden by the wrap is none.
                Kind::Text if merged => 1,
                Kind::Hidden => u8::from(opts.reveal_controls && self.revealed(gi).is_some()),
                _ if hidden_space => 0,
                _ => g.width_col,
            };
            line_width_col += usize::from(width_col);
            let plain =
                (g.flags & grapheme::PLAIN != 0 && !merged && !(hidden_space && g.width_col > 0))
                    .then_some(match here {
                        Some(Shaped::Form(c)) => c,
                        _ => g.first,
                    });
            units.push(Unit {
                first: gi,
                merged,
                level: self.levels[g.start_byte],
                width_col,
                plain,
                mirrorable: g.flags & grapheme::MIRRORABLE != 0,
            });
            gi += 1 + usize::from(merged);
        }
        self.apply_l1(byte_range.clone(), scratch);
        if opts.order == Order::Visual {
            scratch.unit_levels.clear();
            scratch
                .unit_levels
                .extend(scratch.units.iter().map(|u| u.level));
            reorder::reorder_into(
                &scratch.unit_levels,
                &mut scratch.order,
                &mut scratch.reorder_levels,
            );
        } else {
            scratch.order.clear();
            scratch.order.extend(0..scratch.units.len());
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

    /// Rule L1 on the units of a line: their levels become those of their first characters
    /// after L1. When no character of the paragraph is a separator (S, B) and no cluster starts
    /// with a character X9 removes, L1 only resets the whitespace and isolates at the end of the
    /// line, which is decided unit by unit from the end; otherwise the per-byte rule of
    /// [`reorder::line_levels_into`] runs over the line.
    fn apply_l1(&self, byte_range: Range<usize>, scratch: &mut LayoutScratch) {
        let para_level = self.para_level();
        if self.bytewise_l1 {
            reorder::line_levels_into(
                &self.text[byte_range.clone()],
                &self.classes[byte_range.clone()],
                &self.levels[byte_range.clone()],
                para_level,
                &mut scratch.line_levels,
            );
            let levels = &scratch.line_levels.levels;
            for unit in &mut scratch.units {
                unit.level = levels[self.graphemes[unit.first].start_byte - byte_range.start];
            }
            return;
        }
        for unit in scratch.units.iter_mut().rev() {
            let start = self.graphemes[unit.first].start_byte;
            let end = self.grapheme_end(unit.last());
            let all_reset = self.text[start..end].char_indices().all(|(off, _)| {
                let class = self.classes[start + off];
                matches!(
                    class,
                    BidiClass::WS
                        | BidiClass::FSI
                        | BidiClass::LRI
                        | BidiClass::RLI
                        | BidiClass::PDI
                ) || grapheme::is_removed_by_x9(class)
            });
            if !all_reset {
                break;
            }
            unit.level = para_level;
        }
    }

    /// The visible symbol of a hidden grapheme when controls are revealed.
    fn revealed(&self, gi: usize) -> Option<char> {
        self.text[self.graphemes[gi].start_byte..]
            .chars()
            .next()
            .and_then(grapheme::reveal_symbol)
    }

    /// The symbols of the line's units in logical order into `scratch.symbols` (for
    /// [`LineView`]).
    fn emit_logical(
        &self,
        opts: &LayoutOptions,
        shaped: Option<&Shaping>,
        scratch: &mut LayoutScratch,
    ) {
        let mut symbols = std::mem::take(&mut scratch.symbols);
        symbols.clear();
        scratch.symbol_ends.clear();
        for unit in &scratch.units {
            self.push_symbol(unit, opts, shaped, scratch.hang_from, &mut symbols);
            scratch.symbol_ends.push(symbols.len());
        }
        scratch.symbols = symbols;
    }

    /// Append the symbol of one unit (placeholders, shaping, mirroring) to `out`.
    fn push_symbol(
        &self,
        unit: &Unit,
        opts: &LayoutOptions,
        shaped: Option<&Shaping>,
        hang_from: usize,
        out: &mut String,
    ) {
        let g = &self.graphemes[unit.first];
        let start = g.start_byte;
        let end = self.grapheme_end(unit.last());
        let text = &self.text[start..end];
        let merged = unit.merged;
        match g.kind {
            Kind::Hidden => {
                if opts.reveal_controls
                    && let Some(ch) = self.revealed(unit.first)
                {
                    out.push(ch);
                }
            }
            Kind::Control => grapheme::push_sanitized(text, out),
            // A hanging space hidden by the wrap shows nothing.
            Kind::Text if unit.first >= hang_from && g.width_col > 0 => {}
            Kind::Text => {
                let mirror = opts.order == Order::Visual
                    && unit.level % 2 == 1
                    && self.classes[start] == BidiClass::ON;
                let mut first_char = true;
                for gi in unit.first..=unit.last() {
                    let cluster = &self.graphemes[gi];
                    let cluster_start = cluster.start_byte;
                    for (off, ch) in self.text[cluster_start..self.grapheme_end(gi)].char_indices()
                    {
                        let form = shaped.and_then(|s| s.at(gi, cluster, cluster_start + off));
                        let drawn = match form {
                            Some(Shaped::Form(c)) => Some(c),
                            Some(Shaped::Ligature(c)) if merged => Some(c),
                            Some(Shaped::Absorbed) if merged => None,
                            _ => Some(ch),
                        };
                        if let Some(mut c) = drawn {
                            // Only class ON characters are Bidi_Mirrored: skip the lookup for
                            // letters (it was a hot spot on RTL text).
                            if mirror && first_char {
                                c = unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c);
                            }
                            out.push(c);
                        }
                        first_char = false;
                    }
                }
            }
        }
    }
}

/// Reusable buffers for laying lines out: one line's units, symbols and visual order, kept
/// across lines and paragraphs so laying out allocates per paragraph at most, not per cell.
#[derive(Debug, Default)]
pub struct LayoutScratch {
    /// The paragraph's lines as grapheme ranges.
    lines: Vec<Range<usize>>,
    line_levels: reorder::LineLevels,
    /// First grapheme of the line's hidden hanging spaces (the line's end when none).
    hang_from: usize,
    units: Vec<Unit>,
    /// The symbols of all units of the line, in logical order; unit `i` ends at
    /// `symbol_ends[i]` (filled for [`LineView`] only).
    symbols: String,
    symbol_ends: Vec<usize>,
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
        let ends = &self.scratch.symbol_ends;
        let start = i.checked_sub(1).map_or(0, |p| ends[p]);
        &self.scratch.symbols[start..ends[i]]
    }

    /// The cells, left to right.
    pub fn cells(&self) -> impl Iterator<Item = CellRef<'a>> + '_ {
        self.scratch.order.iter().map(|&i| {
            let unit = &self.scratch.units[i];
            CellRef {
                symbol: self.symbol(i),
                width_col: unit.width_col,
                byte_range: self.para.graphemes[unit.first].start_byte
                    ..self.para.grapheme_end(unit.last()),
                level: unit.level,
            }
        })
    }

    /// Just the symbols of the cells, left to right (what a text renderer prints).
    pub fn symbols(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.scratch.order.iter().map(|&i| self.symbol(i))
    }
}

/// Append `n` spaces (line indents) without pushing them one char at a time.
fn push_spaces(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}
