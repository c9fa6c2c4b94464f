//! The notes pane: the user's annotations of the open document (`App::notes`), in reading order:
//! a label chip in the label's colour, the quote, and the note. Orphaned annotations (their text
//! is gone from this version of the document) are listed, marked, and never drawn in the text.

use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use ratatui::widgets::Widget;

use super::article_view::note_style;
use super::input::draw_label;
use super::theme::Theme;
use super::{empty_state, pane_block};
use crate::app::App;
use crate::app::geometry::{Pane, Rect};

/// One line of text for a note: quote, then the note's first line.
pub fn summary(quote: &str, note: &str, orphaned: bool) -> String {
    let quote = quote.replace('\n', " ");
    let mut s = if orphaned {
        format!("(orphaned) «{quote}»")
    } else {
        format!("«{quote}»")
    };
    if let Some(first) = note.lines().next().filter(|l| !l.is_empty()) {
        s.push_str(" — ");
        s.push_str(first);
    }
    s
}

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
        let selected = i == app.note_sel;
        let mut style = if n.orphaned { theme.dim } else { theme.body };
        if selected && app.focus == Pane::Notes {
            style = style.patch(theme.selected);
        }
        let marker = if selected { "›" } else { " " };
        buf.set_stringn(inner.x, y, marker, 1, style);
        let label = n.label.as_deref().unwrap_or("note");
        let chip = label.to_owned();
        let mut chip_style = note_style(app, theme, n).remove_modifier(Modifier::UNDERLINED);
        if n.orphaned {
            chip_style = theme.dim.add_modifier(Modifier::CROSSED_OUT);
        }
        let (x, _) = buf.set_stringn(
            inner.x + 1,
            y,
            &chip,
            usize::from(inner.width.saturating_sub(1)),
            chip_style,
        );
        let x = x + 1;
        let w = (inner.x + inner.width).saturating_sub(x);
        if w > 0 {
            draw_label(
                buf,
                app,
                x,
                y,
                w,
                &summary(&n.quote, &n.note, n.orphaned),
                style,
            );
        }
    }
}
