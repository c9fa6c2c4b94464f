//! Pane geometry: which panes fit and where, from the terminal size alone (no terminal types).

/// A rectangle in terminal cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    pub x: u16,
    pub y: u16,
    pub w: u16,
    pub h: u16,
}

impl Rect {
    pub const fn new(x: u16, y: u16, w: u16, h: u16) -> Self {
        Self { x, y, w, h }
    }

    pub fn is_empty(&self) -> bool {
        self.w == 0 || self.h == 0
    }
}

/// The panes of the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Article,
    Library,
    Entities,
    Notes,
}

impl Pane {
    /// Focus order for Tab.
    pub const ORDER: [Pane; 4] = [Pane::Article, Pane::Library, Pane::Entities, Pane::Notes];

    pub fn name(self) -> &'static str {
        match self {
            Pane::Article => "article",
            Pane::Library => "library",
            Pane::Entities => "entities",
            Pane::Notes => "notes",
        }
    }
}

/// Smallest terminal that shows the reader; below it a message is drawn instead.
pub const MIN_COLS: u16 = 20;
pub const MIN_ROWS: u16 = 4;
/// The article keeps at least this many columns before side panes are shown.
const ARTICLE_MIN_COLS: u16 = 60;
const LIBRARY_COLS: u16 = 28;
const SIDE_COLS: u16 = 34;

/// Where everything goes for one terminal size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PaneLayout {
    /// False when the terminal is below [`MIN_COLS`]×[`MIN_ROWS`].
    pub fits: bool,
    pub article: Rect,
    pub library: Option<Rect>,
    pub entities: Option<Rect>,
    pub notes: Option<Rect>,
    pub status: Rect,
}

impl PaneLayout {
    pub fn rect(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::Article => Some(self.article),
            Pane::Library => self.library,
            Pane::Entities => self.entities,
            Pane::Notes => self.notes,
        }
    }
}

/// Which panes the user wants (they are still dropped when there is no room).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaneWishes {
    pub library: bool,
    pub entities: bool,
    pub notes: bool,
}

/// Lay the panes out in a `cols`×`rows` terminal: status bar on the last row; library on the
/// left, entities over notes on the right, each only while the article keeps
/// `ARTICLE_MIN_COLS` columns (so a 40×12 terminal shows the article alone).
pub fn layout(cols: u16, rows: u16, want: PaneWishes) -> PaneLayout {
    if cols < MIN_COLS || rows < MIN_ROWS {
        return PaneLayout::default();
    }
    let body_h = rows - 1;
    let status = Rect::new(0, body_h, cols, 1);
    let mut left = 0u16;
    let mut right = cols;
    let mut out = PaneLayout {
        fits: true,
        status,
        ..PaneLayout::default()
    };
    if want.library && right - left >= ARTICLE_MIN_COLS + LIBRARY_COLS {
        out.library = Some(Rect::new(0, 0, LIBRARY_COLS, body_h));
        left = LIBRARY_COLS;
    }
    if (want.entities || want.notes) && right - left >= ARTICLE_MIN_COLS + SIDE_COLS {
        right -= SIDE_COLS;
        let both = want.entities && want.notes && body_h >= 8;
        if both {
            let top_h = body_h / 2;
            out.entities = Some(Rect::new(right, 0, SIDE_COLS, top_h));
            out.notes = Some(Rect::new(right, top_h, SIDE_COLS, body_h - top_h));
        } else if want.entities {
            out.entities = Some(Rect::new(right, 0, SIDE_COLS, body_h));
        } else {
            out.notes = Some(Rect::new(right, 0, SIDE_COLS, body_h));
        }
    }
    out.article = Rect::new(left, 0, right - left, body_h);
    out
}

/// The text column inside the article pane: one column for the scrollbar on the right, margins
/// of up to 2 columns, and at most `max_col` columns when the width limit is on (centred).
pub fn text_area(article: Rect, max_col: Option<usize>) -> Rect {
    let inner_w = article.w.saturating_sub(1);
    let margin = if inner_w >= 24 {
        2
    } else {
        u16::from(inner_w >= 8)
    };
    let mut w = inner_w.saturating_sub(2 * margin);
    if let Some(max) = max_col {
        w = w.min(u16::try_from(max).unwrap_or(u16::MAX));
    }
    let x = article.x + (inner_w - w) / 2;
    Rect::new(x, article.y, w, article.h)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: PaneWishes = PaneWishes {
        library: true,
        entities: true,
        notes: true,
    };

    #[test]
    fn narrow_shows_article_only_wide_shows_all() {
        let l = layout(40, 12, ALL);
        assert!(l.fits && l.library.is_none() && l.entities.is_none());
        assert_eq!(l.article, Rect::new(0, 0, 40, 11));
        let l = layout(200, 60, ALL);
        assert!(l.library.is_some() && l.entities.is_some() && l.notes.is_some());
        assert_eq!(l.article.w, 200 - LIBRARY_COLS - SIDE_COLS);
    }

    #[test]
    fn every_size_is_consistent() {
        for cols in 0..140 {
            for rows in 0..20 {
                let l = layout(cols, rows, ALL);
                if !l.fits {
                    continue;
                }
                for r in [
                    Some(l.article),
                    l.library,
                    l.entities,
                    l.notes,
                    Some(l.status),
                ]
                .into_iter()
                .flatten()
                {
                    assert!(
                        r.x + r.w <= cols && r.y + r.h <= rows,
                        "{cols}x{rows} {r:?}"
                    );
                }
                let t = text_area(l.article, Some(70));
                assert!(t.x >= l.article.x && t.x + t.w <= l.article.x + l.article.w);
            }
        }
    }
}
