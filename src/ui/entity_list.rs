//! The entities pane: the entities recognised in the open document (`App::entities`).

use ratatui::buffer::Buffer;
use ratatui::widgets::Widget;

use super::input::draw_label;
use super::theme::Theme;
use super::{empty_state, pane_block};
use crate::app::App;
use crate::app::geometry::{Pane, Rect};

pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let title = format!(" Entities ({}) ", app.entities.len());
    let block = pane_block(app, theme, Pane::Entities, &title);
    let r = super::to_rect(area);
    let inner = block.inner(r);
    block.render(r, buf);
    if app.entities.is_empty() {
        empty_state(
            buf,
            inner,
            "No entities recognised in this document.",
            theme,
        );
        return;
    }
    let fit = usize::from(inner.height.max(1));
    let first = app.entity_sel.saturating_sub(fit - 1);
    let text = &app.article().text;
    for (slot, (i, e)) in app
        .entities
        .iter()
        .enumerate()
        .skip(first)
        .take(fit)
        .enumerate()
    {
        let y = inner.y + u16::try_from(slot).unwrap_or(0);
        let mut style = theme.body;
        if i == app.entity_sel && app.focus == Pane::Entities {
            style = style.patch(theme.selected);
        }
        let label = format!("{:<6}", e.label);
        let (x, _) = buf.set_stringn(inner.x, y, &label, usize::from(inner.width), theme.entity);
        let surface = text.get(e.byte_range.clone()).unwrap_or("");
        let w = (inner.x + inner.width).saturating_sub(x + 1);
        draw_label(buf, app, x + 1, y, w, surface, style);
    }
}
