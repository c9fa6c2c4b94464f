//! The library pane: open documents with title, language, direction and size.

use ratatui::buffer::Buffer;
use ratatui::widgets::{Block, Borders, Widget};

use super::input::draw_label;
use super::pane_block;
use super::theme::Theme;
use crate::app::App;
use crate::app::geometry::{Pane, Rect};
use crate::layout::Dir;

pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let block: Block = pane_block(app, theme, Pane::Library, " Library ");
    let r = super::to_rect(area);
    let inner = block.inner(r);
    block.borders(Borders::ALL).render(r, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let per = 2u16;
    let fit = usize::from((inner.height / per).max(1));
    let first = app.library_sel.saturating_sub(fit - 1);
    for (slot, i) in (first..app.docs.len()).take(fit).enumerate() {
        let y = inner.y + u16::try_from(slot).unwrap_or(0) * per;
        let doc = &app.docs[i];
        let mut style = if i == app.current {
            theme.title
        } else {
            theme.body
        };
        if i == app.library_sel && app.focus == Pane::Library {
            style = style.patch(theme.selected);
        }
        let mark = if i == app.current { "▶ " } else { "  " };
        buf.set_stringn(inner.x, y, mark, usize::from(inner.width), style);
        let tx = inner.x + 2;
        let tw = inner.width.saturating_sub(2);
        draw_label(buf, app, tx, y, tw, &app.doc_title(i), style);
        if y + 1 < inner.y + inner.height {
            let dir = match app.doc_dirs.get(i) {
                Some(Dir::Rtl) => "RTL",
                _ => "LTR",
            };
            let kb = doc.text.len().div_ceil(1024);
            let meta = format!(
                "  {} · {dir} · {kb} KB",
                doc.meta.language.as_deref().unwrap_or("?")
            );
            // The language tag comes from the document's metadata: through the layout, so a
            // control character in it is a placeholder.
            draw_label(buf, app, inner.x, y + 1, inner.width, &meta, theme.dim);
        }
    }
}
