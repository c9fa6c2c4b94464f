//! The entities pane: a legend of types, then the document's entities grouped by type and
//! normalised key with mention counts (`LOC قزاقستان ×9`), dates with their other-calendar
//! equivalent. The selected group shows which mention is current.

use ratatui::buffer::Buffer;
use ratatui::widgets::Widget;

use super::input::draw_label;
use super::theme::Theme;
use super::{empty_state, legend, pane_block};
use crate::app::App;
use crate::app::geometry::{Pane, Rect};

pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let title = if app
        .ents
        .pending
        .iter()
        .any(|p| p.head_id == app.article().id)
    {
        " Entities (loading document…) ".to_owned()
    } else if app.ents.recognizing && app.entities.is_empty() {
        " Entities (recognising…) ".to_owned()
    } else {
        format!(" Entities ({}) ", app.ents.groups.len())
    };
    let block = pane_block(app, theme, Pane::Entities, &title);
    let r = super::to_rect(area);
    let inner = block.inner(r);
    block.render(r, buf);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    if app.ents.groups.is_empty() {
        let msg = if app.ents.recognizing {
            "Recognising entities…"
        } else {
            "No entities recognised in this document."
        };
        empty_state(buf, inner, msg, theme);
        return;
    }
    legend::draw(app, theme, buf, inner.x, inner.y, inner.width);
    let fit = usize::from(inner.height.saturating_sub(1).max(1));
    let first = app.entity_sel.saturating_sub(fit - 1);
    let text = &app.article().text;
    for (slot, (i, g)) in app
        .ents
        .groups
        .iter()
        .enumerate()
        .skip(first)
        .take(fit)
        .enumerate()
    {
        let Ok(dy) = u16::try_from(slot + 1) else {
            break;
        };
        if dy >= inner.height {
            break;
        }
        let y = inner.y + dy;
        let is_sel = i == app.entity_sel;
        let mut style = theme.body;
        if is_sel && app.focus == Pane::Entities {
            style = style.patch(theme.selected);
        }
        let kind_style = if app.ents.hidden_kinds.contains(&g.kind) || app.ents.highlight_off {
            theme.dim
        } else {
            theme.entity_kind(&g.kind)
        };
        let label = format!("{:<5}", g.kind);
        let (x, _) = buf.set_stringn(inner.x, y, &label, usize::from(inner.width), kind_style);
        let mut count = format!(" ×{}", g.mentions.len());
        if is_sel && let Some(m) = app.ents.mention {
            count = format!(" {}/{}", m + 1, g.mentions.len());
        }
        if let Some(d) = &g.detail {
            count.push_str(&format!(" = {d}"));
        }
        let surface = g
            .mentions
            .first()
            .and_then(|&m| app.entities.get(m))
            .and_then(|e| text.get(e.byte_range.clone()))
            .unwrap_or(&g.display);
        let right = inner.x + inner.width;
        let w = right.saturating_sub(x + 1);
        let used = draw_label(buf, app, x + 1, y, w, surface, style);
        let cx = x + 1 + used;
        if cx < right {
            buf.set_stringn(cx, y, &count, usize::from(right - cx), theme.dim);
        }
    }
}
