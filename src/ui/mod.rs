//! Drawing: `&App` → ratatui `Buffer`. Never mutates the app.

pub mod annotation_list;
pub mod article_view;
pub mod entity_list;
pub mod help;
pub mod input;
pub mod legend;
pub mod library;
pub mod note_editor;
pub mod notes;
pub mod status_bar;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect as TuiRect;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::app::geometry::{MIN_COLS, MIN_ROWS, Pane, Rect};
use crate::app::{App, Mode};
use theme::Theme;

pub(crate) fn to_rect(r: Rect) -> TuiRect {
    TuiRect::new(r.x, r.y, r.w, r.h)
}

/// A side pane's frame, highlighted when focused.
pub(crate) fn pane_block<'a>(app: &App, theme: &Theme, pane: Pane, title: &'a str) -> Block<'a> {
    let style = if app.focus == pane {
        theme.border_focus
    } else {
        theme.border
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(title)
}

/// An overlay (help, note editor, annotation list): clears `area`, draws a focused border titled
/// `title` and returns the inside to draw in.
pub(crate) fn overlay(buf: &mut Buffer, area: TuiRect, theme: &Theme, title: String) -> TuiRect {
    Clear.render(area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focus)
        .title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

pub(crate) fn empty_state(buf: &mut Buffer, inner: TuiRect, text: &str, theme: &Theme) {
    Paragraph::new(text)
        .style(theme.dim)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

/// Draw the whole screen into `buf` (whose area is the terminal). Returns where the terminal
/// cursor should be (search input), if anywhere.
pub fn render(app: &App, theme: &Theme, buf: &mut Buffer) -> Option<(u16, u16)> {
    let full = buf.area;
    if !app.panes.fits || full.width != app.cols || full.height != app.rows {
        let msg = format!("Terminal too small for matn: need {MIN_COLS}×{MIN_ROWS}");
        if full.width > 0 && full.height > 0 {
            Paragraph::new(msg)
                .wrap(Wrap { trim: true })
                .render(full, buf);
        }
        return None;
    }
    article_view::render(app, theme, buf);
    if let Some(r) = app.panes.library {
        library::render(app, theme, r, buf);
    }
    if let Some(r) = app.panes.entities {
        entity_list::render(app, theme, r, buf);
    }
    if let Some(r) = app.panes.notes {
        notes::render(app, theme, r, buf);
    }
    let mut cursor = status_bar::render(app, theme, buf);
    match app.mode {
        Mode::Help => help::render(app, theme, full, buf),
        Mode::Note => cursor = note_editor::render(app, theme, buf),
        Mode::AnnotationList => cursor = annotation_list::render(app, theme, full, buf),
        _ => {}
    }
    cursor
}

/// Draw a frame (the tui's entry point).
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    if let Some((x, y)) = render(app, theme, frame.buffer_mut()) {
        frame.set_cursor_position((x, y));
    }
}
