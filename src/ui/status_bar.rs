//! The status bar: mode, document, position, direction, shaping, order, match count and key
//! hints for the focused pane; in search mode it becomes the input line.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::article_view::draw_line;
use super::input::{draw_input, draw_label, visual_line};
use super::theme::Theme;
use crate::app::annotate::label_hint;
use crate::app::geometry::Pane;
use crate::app::keymap::Command;
use crate::app::{App, Mode, input_dir};
use crate::layout::{Dir, Order};

fn put(buf: &mut Buffer, x: u16, y: u16, max_x: u16, s: &str, style: Style) -> u16 {
    if x >= max_x {
        return x;
    }
    let (nx, _) = buf.set_stringn(x, y, s, usize::from(max_x - x), style);
    nx
}

/// Key hints for the focused pane, generated from the keymap.
pub fn hints(app: &App) -> String {
    let k = |c| app.keymap.key_for(c).unwrap_or_else(|| "-".into());
    let mut parts = Vec::new();
    match app.mode {
        Mode::Select => {
            let len = app.selection_range().map_or(0, |r| {
                app.article().text.get(r).map_or(0, |t| t.chars().count())
            });
            let snap = app.selection.is_some_and(|s| s.snap);
            return format!(
                "{len} chars  {} label  {} snap:{}  {}/{} word  {} cancel",
                k(Command::SelLabel),
                k(Command::SelToggleSnap),
                if snap { "word" } else { "exact" },
                k(Command::SelWordNext),
                k(Command::SelWordPrev),
                k(Command::SelCancel),
            );
        }
        Mode::Note => return "C-s save  Esc cancel  Enter new line".into(),
        Mode::AnnotationList => {
            return "type to filter  Tab label  Enter open  Esc close".into();
        }
        _ => {}
    }
    match app.focus {
        Pane::Article => {
            parts.push(format!(
                "{}/{} scroll",
                k(Command::ScrollDown),
                k(Command::ScrollUp)
            ));
            parts.push(format!("{} search", k(Command::Search)));
            parts.push(format!("{} select", k(Command::SelectMode)));
        }
        Pane::Library => {
            parts.push(format!(
                "{}/{} select",
                k(Command::ScrollDown),
                k(Command::ScrollUp)
            ));
            parts.push(format!("{} open", k(Command::Open)));
        }
        Pane::Entities => {
            parts.push(format!(
                "{}/{} select",
                k(Command::ScrollDown),
                k(Command::ScrollUp)
            ));
        }
        Pane::Notes => {
            parts.push(format!(
                "{}/{} select",
                k(Command::ScrollDown),
                k(Command::ScrollUp)
            ));
            parts.push(format!("{} jump", k(Command::Open)));
            parts.push(format!("{} note", k(Command::EditNote)));
            parts.push(format!("{} relabel", k(Command::Relabel)));
            parts.push(format!("{} delete", k(Command::DeleteAnnotation)));
        }
    }
    parts.push(format!("{} pane", k(Command::FocusNext)));
    parts.push(format!("{} help", k(Command::Help)));
    parts.push(format!("{} quit", k(Command::Quit)));
    parts.join("  ")
}

pub fn render(app: &App, theme: &Theme, buf: &mut Buffer) -> Option<(u16, u16)> {
    let area = app.panes.status;
    if area.is_empty() {
        return None;
    }
    let (x0, y, max_x) = (area.x, area.y, area.x + area.w);
    buf.set_style(
        ratatui::layout::Rect::new(area.x, area.y, area.w, area.h),
        theme.status,
    );
    let count = match (app.search.current, app.search.matches.len()) {
        (_, 0) if !app.search.input.text.is_empty() => " 0/0 ".to_owned(),
        (_, 0) => String::new(),
        (Some(i), n) => format!(" {}/{n} ", i + 1),
        (None, n) => format!(" -/{n} "),
    };
    if app.mode == Mode::Search {
        let x = put(buf, x0, y, max_x, "/", theme.status_mode);
        let cw = u16::try_from(count.chars().count()).unwrap_or(0);
        let input_w = max_x.saturating_sub(x).saturating_sub(cw + 1);
        let cursor = draw_input(
            buf,
            app,
            &app.search.input,
            input_dir(app),
            (x, y, input_w),
            theme.status,
        );
        put(
            buf,
            max_x.saturating_sub(cw),
            y,
            max_x,
            &count,
            theme.status_mode,
        );
        return Some((x + cursor, y));
    }
    let mode = match app.mode {
        Mode::Help => " HELP ",
        Mode::Select => " SELECT ",
        Mode::Label => " LABEL ",
        Mode::Note => " NOTE ",
        Mode::AnnotationList => " LIST ",
        Mode::Normal | Mode::Search => " READ ",
    };
    let mut x = put(buf, x0, y, max_x, mode, theme.status_mode);
    x = put(buf, x, y, max_x, " ", theme.status);
    let title_w = max_x.saturating_sub(x).min(24);
    x += draw_label(
        buf,
        app,
        x,
        y,
        title_w,
        &app.doc_title(app.current),
        theme.status,
    );
    let (p, n) = app.paragraph_position();
    let dir = match app.doc_dir() {
        Dir::Rtl => "RTL",
        Dir::Ltr => "LTR",
    };
    let shaping = format!(
        "shape:{}{}",
        app.settings.shaping.name(),
        if app.settings.shaping == crate::config::ShapeMode::Auto {
            if app.shaping_on() { "(on)" } else { "(off)" }
        } else {
            ""
        }
    );
    let order = match app.settings.order {
        Order::Visual => "visual",
        Order::Logical => "logical",
    };
    let doc = if app.docs.len() > 1 {
        format!(" [{}/{}]", app.current + 1, app.docs.len())
    } else {
        String::new()
    };
    let info = format!(
        "{doc}  ¶{p}/{n}  {}%  {dir}  {shaping}  {order}{}{}",
        app.view.percent(),
        if app.view.opts.reveal_controls {
            "  ctl"
        } else {
            ""
        },
        // Annotations cannot be saved: say so for as long as it is true, not just once.
        if app.store_error.is_some() {
            "  read-only"
        } else {
            ""
        }
    );
    x = put(buf, x, y, max_x, &info, theme.status);
    if !count.is_empty() {
        x = put(buf, x, y, max_x, "  ", theme.status);
        x = put(buf, x, y, max_x, &count, theme.status_mode);
    }
    let right = match (&app.message, app.mode) {
        (Some(m), _) => (m.clone(), theme.message),
        (None, Mode::Label) => (label_hint(app), theme.status_mode),
        (None, _) => (hints(app), theme.status),
    };
    // Messages quote the document (entity names, annotated text): lay them out like any other
    // text, so Persian in them reads right and control characters become placeholders.
    let right_line = visual_line(app, &right.0, Dir::Ltr);
    let rw = u16::try_from(right_line.width_col()).unwrap_or(u16::MAX);
    // A message or the keys of an annotating mode matter more than the info: they may cover it.
    let urgent = app.message.is_some()
        || matches!(
            app.mode,
            Mode::Select | Mode::Label | Mode::Note | Mode::AnnotationList
        );
    let rx = if urgent {
        (x + 2).min(max_x.saturating_sub(rw)).max(x0)
    } else {
        max_x.saturating_sub(rw)
    };
    if rx >= x + 2 || urgent {
        draw_line(buf, rx, y, max_x.saturating_sub(rx), &right_line, right.1);
    }
    None
}
