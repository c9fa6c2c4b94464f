//! The library-wide annotation list overlay: every stored annotation (filtered by label and
//! text), grouped by document; Enter opens the document at the annotation.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect as TuiRect;

use super::input::{draw_input, draw_label};
use super::notes::summary;
use super::theme::Theme;
use crate::app::App;
use crate::layout::Dir;

pub fn render(app: &App, theme: &Theme, full: TuiRect, buf: &mut Buffer) -> Option<(u16, u16)> {
    let w = full.width.saturating_sub(4).min(100);
    let h = full.height.saturating_sub(4);
    if w < 20 || h < 5 {
        return None;
    }
    let area = TuiRect::new(full.x + (full.width - w) / 2, full.y + 2, w, h);
    let label = app
        .list
        .label
        .and_then(|i| app.labels.labels.get(i))
        .map_or("all labels", |l| l.name.as_str());
    let title = format!(" Annotations ({}) — {label} ", app.list.items.len());
    let inner = super::overlay(buf, area, theme, title);
    let (x, _) = buf.set_stringn(inner.x, inner.y, "filter: ", 8, theme.dim);
    let dir = crate::app::view::first_strong_dir(&app.list.filter.text).unwrap_or(Dir::Ltr);
    let cx = draw_input(
        buf,
        app,
        &app.list.filter,
        dir,
        (x, inner.y, inner.width.saturating_sub(8)),
        theme.body,
    );
    let rows = usize::from(inner.height.saturating_sub(1));
    let first = app.list.sel.saturating_sub(rows.saturating_sub(1));
    for (slot, (i, item)) in app
        .list
        .items
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .enumerate()
    {
        let y = inner.y + 1 + u16::try_from(slot).unwrap_or(0);
        let mut style = theme.body;
        if i == app.list.sel {
            style = style.patch(theme.selected);
        }
        // The title comes from the document (HTML <title>, a Persian first line…): drawn
        // through the layout like the quote, in a 16-column field.
        let title_w = inner.width.min(16);
        buf.set_stringn(
            inner.x,
            y,
            " ".repeat(usize::from(inner.width)),
            usize::from(inner.width),
            style,
        );
        draw_label(buf, app, inner.x, y, title_w, &item.doc_title, style);
        let label = format!(" {:<7} ", item.note.label.as_deref().unwrap_or(""));
        let (nx, _) = buf.set_stringn(
            inner.x + title_w,
            y,
            &label,
            usize::from(inner.width - title_w),
            style,
        );
        let rest = (inner.x + inner.width).saturating_sub(nx);
        if rest > 0 {
            let n = &item.note;
            draw_label(
                buf,
                app,
                nx,
                y,
                rest,
                &summary(&n.quote, &n.note, n.orphaned),
                style,
            );
        }
    }
    if app.list.items.is_empty() {
        buf.set_stringn(
            inner.x,
            inner.y + 1,
            "No annotations match.",
            usize::from(inner.width),
            theme.dim,
        );
    }
    Some((x + cx, inner.y))
}
