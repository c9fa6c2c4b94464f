//! The article as laid-out rows, computed lazily: a paragraph is analysed the first time it comes
//! near the screen and laid out once per set of layout options (width, shaping, order, reveal),
//! so the first screen of a 50 MB file costs only the paragraphs it shows.
//!
//! A scroll position is (paragraph, row within it); percentages come from byte offsets, so no
//! operation needs the whole document laid out.

use std::ops::Range;

use crate::article::{Article, BlockKind};
use crate::layout::{self, Dir, DirPolicy, LayoutOptions, ParagraphAnalysis, ParagraphLayout};

/// One paragraph of the article: a block (its LFs laid out as spaces, as
/// [`Article::layout_text`] does), or one line of a code block.
#[derive(Debug, Clone)]
pub struct Para {
    /// Index of its block in `Article::blocks`.
    pub block: usize,
    pub kind: BlockKind,
    /// Absolute byte range in `Article::text`.
    pub byte_range: Range<usize>,
    /// Direction declared by the block.
    pub declared_dir: Option<Dir>,
    /// A blank row follows (the last paragraph of a block, except the last block).
    pub gap_after: bool,
    analysis: Option<ParagraphAnalysis>,
    layout: Option<(LayoutOptions, ParagraphLayout)>,
}

impl Para {
    /// The cached layout, if it is current for `opts`.
    pub fn layout(&self, opts: &LayoutOptions) -> Option<&ParagraphLayout> {
        self.layout
            .as_ref()
            .filter(|(o, _)| o == opts)
            .map(|(_, l)| l)
    }

    /// Resolved base direction, once analysed.
    pub fn base(&self) -> Option<Dir> {
        self.analysis.as_ref().map(|a| a.base)
    }
}

/// A scroll position: a row of a paragraph (the row after its last line is the gap row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub para: usize,
    pub row: usize,
}

/// The article laid out for the current text column.
#[derive(Debug, Clone)]
pub struct ArticleView {
    pub paras: Vec<Para>,
    /// The document direction: declared, else the first strong letter's.
    pub doc_dir: Dir,
    pub opts: LayoutOptions,
    /// Rows on screen.
    pub height: usize,
    pub top: Pos,
    pub text_len_byte: usize,
    /// The last screen is showing (set by [`ArticleView::clamp`]).
    pub at_end: bool,
}

/// The direction of the first strong letter (UAX #9 P2/P3, [`crate::layout::first_strong_dir`])
/// in the first 256 KB of `text`: called on whole documents on the UI thread, where a huge text
/// without letters must not be scanned to its end.
pub fn first_strong_dir(text: &str) -> Option<Dir> {
    const HEAD_BYTES: usize = 1 << 18;
    let mut end = text.len().min(HEAD_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    crate::layout::first_strong_dir(&text[..end])
}

impl ArticleView {
    pub fn new(article: &Article, opts: LayoutOptions) -> Self {
        let mut paras = Vec::with_capacity(article.blocks.len());
        for (i, block) in article.blocks.iter().enumerate() {
            let Some(text) = article.text.get(block.byte_range.clone()) else {
                continue;
            };
            let first = paras.len();
            // Only code keeps its line structure; elsewhere an LF inside a block is a soft
            // break of the source (wrapped plain text, Markdown) and lays out as a space.
            let pieces = if block.kind == BlockKind::Code {
                layout::split_paragraphs(text)
            } else {
                std::iter::once(0..text.len()).collect()
            };
            for r in pieces {
                paras.push(Para {
                    block: i,
                    kind: block.kind,
                    byte_range: block.byte_range.start + r.start..block.byte_range.start + r.end,
                    declared_dir: block.dir,
                    gap_after: false,
                    analysis: None,
                    layout: None,
                });
            }
            if paras.len() > first
                && let Some(last) = paras.last_mut()
            {
                last.gap_after = true;
            }
        }
        if let Some(last) = paras.last_mut() {
            last.gap_after = false;
        }
        let doc_dir = article
            .meta
            .direction
            .or_else(|| first_strong_dir(&article.text))
            .unwrap_or(Dir::Ltr);
        Self {
            paras,
            doc_dir,
            opts,
            height: 0,
            top: Pos::default(),
            text_len_byte: article.text.len(),
            at_end: false,
        }
    }

    /// Analyse and lay out paragraph `i` for the current options, if not cached.
    pub fn ensure(&mut self, article_text: &str, i: usize) {
        let Some(para) = self.paras.get(i) else {
            return;
        };
        if para.layout(&self.opts).is_some() {
            return;
        }
        if para.analysis.is_none() {
            // As `Article::block_dir`: declared, else the first strong letter, else the
            // document's direction.
            let policy = match para.declared_dir {
                Some(Dir::Ltr) => DirPolicy::Ltr,
                Some(Dir::Rtl) => DirPolicy::Rtl,
                None => DirPolicy::AutoOr(self.doc_dir),
            };
            let raw = article_text.get(para.byte_range.clone()).unwrap_or("");
            // `Article::layout_text` for this block: same byte length, so offsets still hold.
            let text: std::borrow::Cow<'_, str> =
                if para.kind != BlockKind::Code && raw.contains('\n') {
                    std::borrow::Cow::Owned(raw.replace('\n', " "))
                } else {
                    std::borrow::Cow::Borrowed(raw)
                };
            let analysis = layout::analyze(&text, policy);
            if let Some(p) = self.paras.get_mut(i) {
                p.analysis = Some(analysis);
            }
        }
        let opts = self.opts;
        if let Some(p) = self.paras.get_mut(i)
            && let Some(a) = &p.analysis
        {
            p.layout = Some((opts, a.layout(&opts)));
        }
    }

    /// Rows of paragraph `i` (lines, at least one, plus its gap row). Lays it out if needed.
    pub fn rows(&mut self, text: &str, i: usize) -> usize {
        self.ensure(text, i);
        self.cached_rows(i).unwrap_or(1)
    }

    /// Rows of paragraph `i` if laid out for the current options.
    pub fn cached_rows(&self, i: usize) -> Option<usize> {
        let p = self.paras.get(i)?;
        let l = p.layout(&self.opts)?;
        Some(l.lines.len().max(1) + usize::from(p.gap_after))
    }

    /// Change layout options, keeping the top line's text at the top.
    pub fn set_opts(&mut self, text: &str, opts: LayoutOptions) {
        if opts == self.opts {
            return;
        }
        let anchor = self.top_byte();
        self.opts = opts;
        self.goto_byte(text, anchor, 0);
    }

    /// The absolute byte at the start of the top row.
    pub fn top_byte(&self) -> usize {
        let Some(p) = self.paras.get(self.top.para) else {
            return 0;
        };
        let rel = p
            .layout
            .as_ref()
            .and_then(|(_, l)| l.lines.get(self.top.row))
            .map_or(0, |l| l.byte_range.start);
        p.byte_range.start + rel
    }

    /// Index of the paragraph containing absolute `byte` (or the last one before it).
    pub fn para_at_byte(&self, byte: usize) -> usize {
        self.paras
            .partition_point(|p| p.byte_range.start <= byte)
            .saturating_sub(1)
    }

    /// Put the row showing absolute `byte` at screen row `screen_row` (as far as possible).
    pub fn goto_byte(&mut self, text: &str, byte: usize, screen_row: usize) {
        let i = self.para_at_byte(byte);
        self.ensure(text, i);
        let row = self
            .paras
            .get(i)
            .and_then(|p| {
                p.layout(&self.opts)
                    .and_then(|l| l.byte_to_pos(byte.saturating_sub(p.byte_range.start)))
            })
            .map_or(0, |(r, _)| r);
        self.top = Pos { para: i, row };
        self.scroll_by(text, -(isize::try_from(screen_row).unwrap_or(0)));
    }

    /// Scroll by `delta` rows (positive = down), clamped to the document.
    pub fn scroll_by(&mut self, text: &str, delta: isize) {
        let mut pos = self.top;
        if delta >= 0 {
            let mut left = delta.unsigned_abs();
            while left > 0 {
                let rows = self.rows(text, pos.para);
                if pos.row + left < rows {
                    pos.row += left;
                    break;
                }
                if pos.para + 1 >= self.paras.len() {
                    pos.row = rows.saturating_sub(1);
                    break;
                }
                left -= rows - pos.row;
                pos = Pos {
                    para: pos.para + 1,
                    row: 0,
                };
            }
        } else {
            let mut left = delta.unsigned_abs();
            while left > 0 {
                if pos.row >= left {
                    pos.row -= left;
                    break;
                }
                if pos.para == 0 {
                    pos.row = 0;
                    break;
                }
                left -= pos.row + 1;
                let prev = pos.para - 1;
                pos = Pos {
                    para: prev,
                    row: self.rows(text, prev).saturating_sub(1),
                };
            }
        }
        self.top = pos;
        self.clamp(text);
    }

    /// The last top position that still fills the screen.
    pub fn max_top(&mut self, text: &str) -> Pos {
        let Some(last) = self.paras.len().checked_sub(1) else {
            return Pos::default();
        };
        let mut need = self.height.max(1);
        let mut i = last;
        loop {
            let rows = self.rows(text, i);
            if rows >= need {
                return Pos {
                    para: i,
                    row: rows - need,
                };
            }
            need -= rows;
            if i == 0 {
                return Pos::default();
            }
            i -= 1;
        }
    }

    /// Keep the top within the document and lay out the visible paragraphs.
    pub fn clamp(&mut self, text: &str) {
        if self.paras.is_empty() {
            self.top = Pos::default();
            return;
        }
        self.top.para = self.top.para.min(self.paras.len() - 1);
        let rows = self.rows(text, self.top.para);
        self.top.row = self.top.row.min(rows.saturating_sub(1));
        let max = self.max_top(text);
        if (self.top.para, self.top.row) > (max.para, max.row) {
            self.top = max;
        }
        self.at_end = (self.top.para, self.top.row) >= (max.para, max.row);
        self.prepare(text);
    }

    /// Lay out every paragraph visible from the top, so drawing needs no mutation.
    pub fn prepare(&mut self, text: &str) {
        let mut left = self.height;
        let mut i = self.top.para;
        let mut skip = self.top.row;
        while left > 0 && i < self.paras.len() {
            let rows = self.rows(text, i);
            left = left.saturating_sub(rows.saturating_sub(skip));
            skip = 0;
            i += 1;
        }
    }

    /// The absolute byte at the start of the first row below the screen; `None` when the
    /// document ends on screen.
    pub fn byte_below_screen(&mut self, text: &str) -> Option<usize> {
        let mut left = self.height;
        let mut i = self.top.para;
        let mut row = self.top.row;
        loop {
            if i >= self.paras.len() {
                return None;
            }
            let rows = self.rows(text, i);
            if row + left < rows {
                let r = row + left;
                let p = self.paras.get(i)?;
                let l = p.layout(&self.opts)?;
                let rel = l
                    .lines
                    .get(r)
                    .map_or(p.byte_range.len(), |l| l.byte_range.start);
                return Some(p.byte_range.start + rel);
            }
            left -= rows - row;
            row = 0;
            i += 1;
        }
    }

    /// Scroll position for the status bar: 0–100, by bytes (no full layout needed).
    pub fn percent(&self) -> usize {
        if self.at_end || self.text_len_byte == 0 {
            return 100;
        }
        self.top_byte() * 100 / self.text_len_byte
    }
}
