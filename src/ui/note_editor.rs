//! The note editor overlay: a multi-line box over the article pane. Each line is laid out by the
//! layout module (like the search input), so Persian typed into a note reads correctly and the
//! cursor sits where the reader expects in mixed text.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect as TuiRect;

use super::input::{draw_input, draw_label};
use super::theme::Theme;
use crate::app::App;
use crate::app::annotate::NoteTarget;
use crate::app::view::first_strong_dir;

/// Draw the editor; returns the terminal cursor position.
pub fn render(app: &App, theme: &Theme, buf: &mut Buffer) -> Option<(u16, u16)> {
    let ed = app.editor.as_ref()?;
    let pane = app.panes.article;
    let w = pane.w.saturating_sub(4).clamp(10, 70).min(pane.w);
    let h = pane.h.saturating_sub(2).clamp(3, 10).min(pane.h);
    if w < 6 || h < 3 {
        return None;
    }
    let area = TuiRect::new(pane.x + (pane.w - w) / 2, pane.y + (pane.h - h) / 2, w, h);
    let title = match &ed.target {
        NoteTarget::New { label, .. } => format!(" Note for new {label} — C-s save, Esc cancel "),
        NoteTarget::Existing(_) => " Edit note — C-s save, Esc cancel ".to_owned(),
    };
    let inner = super::overlay(buf, area, theme, title);
    let cur = ed.line_range();
    let cursor_line = ed.text[..cur.start].matches('\n').count();
    let rows = usize::from(inner.height);
    let first = cursor_line.saturating_sub(rows.saturating_sub(1));
    let mut cursor = None;
    for (i, line) in ed.text.split('\n').enumerate().skip(first).take(rows) {
        let y = inner.y + u16::try_from(i - first).unwrap_or(0);
        let dir = first_strong_dir(line).unwrap_or(app.doc_dir());
        if i == cursor_line {
            let (_, input) = ed.line_input();
            let cx = draw_input(buf, app, &input, dir, (inner.x, y, inner.width), theme.body);
            cursor = Some((inner.x + cx, y));
        } else {
            draw_label(buf, app, inner.x, y, inner.width, line, theme.body);
        }
    }
    cursor
}
