//! The notes pane: the user's annotations of the open document (`App::notes`).

use ratatui::buffer::Buffer;
use ratatui::widgets::Widget;

use super::input::draw_label;
use super::theme::Theme;
use super::{empty_state, pane_block};
use crate::app::App;
use crate::app::geometry::{Pane, Rect};

pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let title = format!(" Notes ({}) ", app.notes.len());
    let block = pane_block(app, theme, Pane::Notes, &title);
    let r = super::to_rect(area);
    let inner = block.inner(r);
    block.render(r, buf);
    if app.notes.is_empty() {
        empty_state(buf, inner, "No notes for this document.", theme);
        return;
    }
    let fit = usize::from(inner.height.max(1));
    let first = app.note_sel.saturating_sub(fit - 1);
    for (slot, (i, n)) in app
        .notes
        .iter()
        .enumerate()
        .skip(first)
        .take(fit)
        .enumerate()
    {
        let y = inner.y + u16::try_from(slot).unwrap_or(0);
        let mut style = theme.body;
        if i == app.note_sel && app.focus == Pane::Notes {
            style = style.patch(theme.selected);
        }
        let label = n.label.as_deref().unwrap_or("note");
        let text = format!("{label}: {}", n.note);
        draw_label(buf, app, inner.x, y, inner.width, &text, style);
    }
}
