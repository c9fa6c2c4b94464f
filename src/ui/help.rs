//! The help overlay, generated from the resolved keymap so it never lies.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::theme::Theme;
use crate::app::App;
use crate::app::keymap::Command;

/// The help text lines: one per binding, then the fixed keys of the input line and the mouse.
pub fn lines(app: &App) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = app
        .keymap
        .bindings
        .iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(|k| k.name()).collect();
            let keys = if keys.is_empty() {
                "(unbound)".to_owned()
            } else {
                keys.join(" ")
            };
            (keys, b.desc.clone())
        })
        .collect();
    out.push(("C-c".into(), "Quit, always".into()));
    out.push(("wheel".into(), "Scroll the article".into()));
    out.push((
        "click/drag".into(),
        "Place the selection cursor / select (mapped through the bidi layout)".into(),
    ));
    let labels: Vec<String> = app
        .labels
        .labels
        .iter()
        .map(|l| format!("{} {}", l.key, l.name))
        .collect();
    out.push((
        "label:".into(),
        format!(
            "one key saves: {} · Shift+key adds a note · Esc back",
            labels.join(", ")
        ),
    ));
    out.push((
        "note:".into(),
        "C-s save · Esc cancel · Enter new line · arrows move visually".into(),
    ));
    out.push((
        "list (A):".into(),
        "type to filter · Tab/BackTab label · ↑/↓ select · Enter open · Esc close".into(),
    ));
    out.push((
        "search:".into(),
        "Enter accept · Esc cancel · ←/→ move visually · C-u clear".into(),
    ));
    out
}

pub fn render(app: &App, theme: &Theme, full: Rect, buf: &mut Buffer) {
    let items = lines(app);
    let w = full.width.saturating_sub(4).min(86);
    let h = full
        .height
        .saturating_sub(2)
        .min(u16::try_from(items.len() + 2).unwrap_or(u16::MAX));
    if w < 10 || h < 3 {
        return;
    }
    let area = Rect::new(
        full.x + (full.width - w) / 2,
        full.y + (full.height - h) / 2,
        w,
        h,
    );
    let k = |c| app.keymap.key_for(c).unwrap_or_else(|| "-".into());
    let title = format!(
        " Help — {}/Esc closes, {}/{} scroll ",
        k(Command::Help),
        k(Command::ScrollDown),
        k(Command::ScrollUp)
    );
    let inner = super::overlay(buf, area, theme, title);
    let key_w = items
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(24);
    let scroll = app
        .help_scroll
        .min(items.len().saturating_sub(usize::from(inner.height)));
    for (row, (k, d)) in items
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let y = inner.y + u16::try_from(row).unwrap_or(0);
        let text = format!("{k:<key_w$}  {d}");
        buf.set_stringn(
            inner.x + 1,
            y,
            text,
            usize::from(inner.width.saturating_sub(1)),
            theme.body,
        );
    }
}
