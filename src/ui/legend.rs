//! Entity colours: the style of a highlighted entity and the legend of types (which doubles as
//! the toggle state: a switched-off type is drawn dim).

use ratatui::buffer::Buffer;
use ratatui::style::{Modifier, Style};

use super::theme::Theme;
use crate::app::{App, EntityItem, entities};
use crate::entities::EntityKind;

/// The highlight of entity `e` in the article, `None` when it is not highlighted. The current
/// mention (`current`) is drawn reversed so it stands out after a jump.
pub fn entity_style(
    app: &App,
    theme: &Theme,
    e: &EntityItem,
    current: Option<&std::ops::Range<usize>>,
) -> Option<Style> {
    let is_current = current == Some(&e.byte_range);
    if !is_current && !entities::highlighted(app, e) {
        return None;
    }
    let style = theme.entity_kind(&e.label);
    Some(if is_current {
        style.add_modifier(Modifier::REVERSED)
    } else {
        style
    })
}

/// Kinds present in the open document, in legend order.
pub fn present_kinds(app: &App) -> Vec<EntityKind> {
    EntityKind::ALL
        .into_iter()
        .filter(|k| app.ents.groups.iter().any(|g| g.kind == k.code()))
        .collect()
}

/// Draw the legend (`1PER 2LOC …`, the digit is the Alt-key that toggles the type) at (x, y)
/// within `width_col`; types switched off are dim. Returns the columns used.
pub fn draw(app: &App, theme: &Theme, buf: &mut Buffer, x: u16, y: u16, width_col: u16) -> u16 {
    let mut col = 0u16;
    for kind in present_kinds(app) {
        let i = entities::kind_index(kind.code()).unwrap_or(0) + 1;
        let item = format!("{i}{}", kind.code());
        let w = u16::try_from(item.len()).unwrap_or(u16::MAX);
        if col + w > width_col {
            break;
        }
        let off = app.ents.highlight_off || app.ents.hidden_kinds.contains(kind.code());
        let style = if off {
            theme.dim.add_modifier(Modifier::CROSSED_OUT)
        } else {
            theme.entity_kind(kind.code())
        };
        buf.set_string(x + col, y, &item, style);
        col += w + 1;
    }
    col.saturating_sub(1)
}
