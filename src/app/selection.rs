//! The visual selection: two logical byte offsets (anchor and cursor, each the start of a
//! grapheme) and the motions that move the cursor.
//!
//! Why two kinds of motion: a reader points at what they *see* (arrow keys move by screen cell
//! and row, through the layout's `pos_to_byte`/`byte_to_pos`), but means a stretch of *text*
//! (words, sentences, paragraphs move in logical order). The selected range is always logical —
//! `min..grapheme_end(max)` — and is drawn as its visual pieces (`range_pieces`), which in mixed
//! Persian/English text can be several separate cell runs on one row.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::view::ArticleView;

/// A selection in the article text (absolute byte offsets, grapheme starts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub anchor_byte: usize,
    pub cursor_byte: usize,
    /// Snap both ends outwards to word boundaries (the default: annotators label words).
    pub snap: bool,
}

/// Whether a word-boundary segment is a word (has a letter or digit), not space or punctuation.
fn is_word(seg: &str) -> bool {
    seg.chars().any(char::is_alphanumeric)
}

/// Paragraph index, its absolute byte range, for `byte`.
fn para_of(view: &ArticleView, byte: usize) -> Option<(usize, Range<usize>)> {
    let i = view.para_at_byte(byte);
    view.paras.get(i).map(|p| (i, p.byte_range.clone()))
}

/// The absolute byte range and the text of the paragraph containing `byte`.
fn para_text<'a>(
    view: &ArticleView,
    text: &'a str,
    byte: usize,
) -> Option<(Range<usize>, &'a str)> {
    let (_, pr) = para_of(view, byte)?;
    let p = text.get(pr.clone())?;
    Some((pr, p))
}

/// Absolute byte ranges of the word segments of the paragraph containing `byte`.
fn words_around(view: &ArticleView, text: &str, byte: usize) -> Vec<Range<usize>> {
    let Some((pr, p)) = para_text(view, text, byte) else {
        return Vec::new();
    };
    p.split_word_bound_indices()
        .filter(|(_, w)| is_word(w))
        .map(|(b, w)| pr.start + b..pr.start + b + w.len())
        .collect()
}

/// End of the grapheme starting at (or containing) `byte`.
pub fn grapheme_end(text: &str, byte: usize) -> usize {
    let byte = floor_char(text, byte);
    text.get(byte..)
        .and_then(|rest| rest.graphemes(true).next())
        .map_or(text.len(), |g| byte + g.len())
}

/// Start of the last grapheme that ends at or before `end` (within `floor..end`).
fn last_grapheme_start(text: &str, floor: usize, end: usize) -> usize {
    text.get(floor..end)
        .and_then(|s| s.grapheme_indices(true).next_back())
        .map_or(floor, |(b, _)| floor + b)
}

fn floor_char(text: &str, mut byte: usize) -> usize {
    byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

impl Selection {
    pub fn at(byte: usize) -> Self {
        Self {
            anchor_byte: byte,
            cursor_byte: byte,
            snap: true,
        }
    }

    /// The selected logical range (absolute bytes), snapped to words when `snap` is on.
    pub fn range(&self, view: &ArticleView, text: &str) -> Range<usize> {
        let lo = self.anchor_byte.min(self.cursor_byte);
        let hi = self.anchor_byte.max(self.cursor_byte);
        let mut start = floor_char(text, lo);
        let mut end = grapheme_end(text, hi);
        if self.snap {
            if let Some(w) = words_around(view, text, start)
                .into_iter()
                .find(|w| w.contains(&start))
            {
                start = w.start;
            }
            let last = end.saturating_sub(1);
            if let Some(w) = words_around(view, text, last)
                .into_iter()
                .find(|w| w.contains(&last))
            {
                end = w.end;
            }
        }
        start..end.max(start)
    }

    /// Next word start after the cursor (crossing into the following paragraphs).
    pub fn word_next(&mut self, view: &ArticleView, text: &str) {
        let mut probe = self.cursor_byte;
        for _ in 0..view.paras.len().max(1) {
            if let Some(w) = words_around(view, text, probe)
                .into_iter()
                .find(|w| w.start > self.cursor_byte)
            {
                self.cursor_byte = w.start;
                return;
            }
            match para_of(view, probe).and_then(|(i, _)| view.paras.get(i + 1)) {
                Some(next) => probe = next.byte_range.start,
                None => return,
            }
        }
    }

    /// Previous word start before the cursor.
    pub fn word_prev(&mut self, view: &ArticleView, text: &str) {
        let mut probe = self.cursor_byte;
        for _ in 0..view.paras.len().max(1) {
            if let Some(w) = words_around(view, text, probe)
                .into_iter()
                .rev()
                .find(|w| w.start < self.cursor_byte)
            {
                self.cursor_byte = w.start;
                return;
            }
            match para_of(view, probe) {
                Some((i, _)) if i > 0 => {
                    probe = view.paras.get(i - 1).map_or(0, |p| p.byte_range.start);
                }
                _ => return,
            }
        }
    }

    /// The last grapheme of the current word, or of the next one when already there.
    pub fn word_end(&mut self, view: &ArticleView, text: &str) {
        let after = grapheme_end(text, self.cursor_byte);
        let mut probe = self.cursor_byte;
        for _ in 0..view.paras.len().max(1) {
            if let Some(w) = words_around(view, text, probe)
                .into_iter()
                .find(|w| w.end > after)
            {
                self.cursor_byte = last_grapheme_start(text, w.start.max(after), w.end);
                return;
            }
            match para_of(view, probe).and_then(|(i, _)| view.paras.get(i + 1)) {
                Some(next) => probe = next.byte_range.start,
                None => return,
            }
        }
    }

    /// Sentences (absolute, trailing whitespace trimmed) of the cursor's paragraph.
    fn sentences(view: &ArticleView, text: &str, byte: usize) -> Vec<Range<usize>> {
        let Some((pr, p)) = para_text(view, text, byte) else {
            return Vec::new();
        };
        p.split_sentence_bound_indices()
            .map(|(b, s)| pr.start + b..pr.start + b + s.trim_end().len())
            .filter(|r| !r.is_empty())
            .collect()
    }

    /// Extend to the end of the sentence (or the next one when already at its end).
    pub fn sentence_next(&mut self, view: &ArticleView, text: &str) {
        let after = grapheme_end(text, self.cursor_byte);
        if let Some(s) = Self::sentences(view, text, self.cursor_byte)
            .into_iter()
            .find(|s| s.end > after)
        {
            self.cursor_byte = last_grapheme_start(text, s.start.max(after), s.end);
        }
    }

    /// Extend to the start of the sentence (or the previous one when already at its start).
    pub fn sentence_prev(&mut self, view: &ArticleView, text: &str) {
        if let Some(s) = Self::sentences(view, text, self.cursor_byte)
            .into_iter()
            .rev()
            .find(|s| s.start < self.cursor_byte)
        {
            self.cursor_byte = s.start;
        }
    }

    /// Select the whole paragraph of the cursor.
    pub fn paragraph(&mut self, view: &ArticleView, text: &str) {
        if let Some((_, pr)) = para_of(view, self.cursor_byte) {
            self.anchor_byte = pr.start;
            self.cursor_byte = last_grapheme_start(text, pr.start, pr.end);
        }
    }

    /// The cursor's paragraph (index, absolute byte range) and its (row, col) in that
    /// paragraph's layout, laying the paragraph out first if it has not been.
    fn cursor_cell(
        &self,
        view: &mut ArticleView,
        text: &str,
    ) -> Option<(usize, Range<usize>, usize, usize)> {
        let (i, pr) = para_of(view, self.cursor_byte)?;
        view.ensure(text, i);
        let opts = view.opts;
        let layout = view.paras.get(i)?.layout(&opts)?;
        let (row, col) = layout.byte_to_pos(self.cursor_byte - pr.start)?;
        Some((i, pr, row, col))
    }

    /// Move the cursor one screen cell left (`dx = -1`) or right (`dx = 1`) on its row.
    pub fn move_visual(&mut self, view: &mut ArticleView, text: &str, dx: isize) {
        let Some((i, pr, row, col)) = self.cursor_cell(view, text) else {
            return;
        };
        let opts = view.opts;
        let Some(layout) = view.paras.get(i).and_then(|p| p.layout(&opts)) else {
            return;
        };
        let rel = self.cursor_byte - pr.start;
        let Some(line) = layout.lines.get(row) else {
            return;
        };
        let right_edge = line.indent_col + line.width_col();
        let rtl = view.paras.get(i).and_then(|p| p.base()) == Some(crate::layout::Dir::Rtl);
        let mut c = col;
        loop {
            let at_edge = if dx < 0 {
                c <= line.indent_col
            } else {
                c + 1 >= right_edge
            };
            if at_edge {
                // Off the end of the row: continue on the row where reading continues in that
                // direction (right-to-left paragraphs read on leftwards onto the next row).
                let next_row = (dx < 0) == rtl;
                let target = if next_row {
                    row + 1
                } else if let Some(r) = row.checked_sub(1) {
                    r
                } else {
                    return;
                };
                if let Some(l) = layout.lines.get(target) {
                    let edge = l.indent_col + l.width_col();
                    let found = if dx < 0 {
                        (l.indent_col..edge)
                            .rev()
                            .find_map(|c| layout.pos_to_byte(target, c))
                    } else {
                        (l.indent_col..edge).find_map(|c| layout.pos_to_byte(target, c))
                    };
                    if let Some(b) = found {
                        self.cursor_byte = pr.start + b;
                    }
                }
                return;
            }
            if dx < 0 {
                c -= 1;
            } else {
                c += 1;
            }
            if let Some(b) = layout.pos_to_byte(row, c)
                && b != rel
            {
                self.cursor_byte = pr.start + b;
                return;
            }
        }
    }

    /// Move the cursor one row up (`dy = -1`) or down (`dy = 1`), keeping its column as near as
    /// the target row allows; crosses paragraph boundaries.
    pub fn move_row(&mut self, view: &mut ArticleView, text: &str, dy: isize) {
        let Some((i, _, row, col)) = self.cursor_cell(view, text) else {
            return;
        };
        let opts = view.opts;
        let rows = view
            .paras
            .get(i)
            .and_then(|p| p.layout(&opts))
            .map_or(0, |l| l.lines.len());
        let (ti, trow) = if dy < 0 {
            if row > 0 {
                (i, row - 1)
            } else if i > 0 {
                view.ensure(text, i - 1);
                let n = view
                    .paras
                    .get(i - 1)
                    .and_then(|p| p.layout(&opts))
                    .map_or(1, |l| l.lines.len());
                (i - 1, n.saturating_sub(1))
            } else {
                return;
            }
        } else if row + 1 < rows {
            (i, row + 1)
        } else if i + 1 < view.paras.len() {
            view.ensure(text, i + 1);
            (i + 1, 0)
        } else {
            return;
        };
        let Some(p) = view.paras.get(ti) else { return };
        let Some(layout) = p.layout(&opts) else {
            return;
        };
        let Some(line) = layout.lines.get(trow) else {
            // An empty paragraph: its start is the only place.
            self.cursor_byte = p.byte_range.start;
            return;
        };
        let right_edge = line.indent_col + line.width_col();
        let mut best = None;
        for d in 0..=right_edge.max(col) {
            for c in [col.checked_sub(d), col.checked_add(d)]
                .into_iter()
                .flatten()
            {
                if let Some(b) = layout.pos_to_byte(trow, c) {
                    best = Some(b);
                    break;
                }
            }
            if best.is_some() {
                break;
            }
        }
        self.cursor_byte = p.byte_range.start + best.unwrap_or(line.byte_range.start);
    }
}
