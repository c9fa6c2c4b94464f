//! The bidi cell widget: writes the laid-out cells of the visible paragraphs into the buffer
//! itself, one grapheme cluster per cell symbol (DESIGN §4: `Buffer::set_string` would drop
//! zero-width graphemes), skipping width-0 cells, blanking the cell a width-2 symbol covers, and
//! never writing a control character.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

use super::theme::Theme;
use crate::app::App;
use crate::layout::{ParagraphLayout, VisualLine};

/// A symbol safe to hand to the terminal: anything containing a C0/C1 control, DEL or ESC
/// becomes U+FFFD. The layout module already replaces controls; this is the second lock.
pub fn sanitize(symbol: &str) -> &str {
    if symbol.chars().any(char::is_control) {
        "\u{FFFD}"
    } else {
        symbol
    }
}

/// Draw one visual line at (`x0`, `y`), at most `width_col` columns.
pub fn draw_line(
    buf: &mut Buffer,
    x0: u16,
    y: u16,
    width_col: u16,
    line: &VisualLine,
    style: Style,
) {
    let mut col = line.indent_col;
    let limit = usize::from(width_col);
    for cell in &line.cells {
        let w = usize::from(cell.width_col);
        if w == 0 {
            continue;
        }
        if col + w > limit {
            break;
        }
        let Ok(x) = u16::try_from(col) else { break };
        let x = x0.saturating_add(x);
        if let Some(c) = buf.cell_mut((x, y)) {
            c.set_symbol(sanitize(&cell.symbol)).set_style(style);
        }
        for extra in 1..w {
            // The terminal draws the wide symbol over this cell; ratatui's diff skips it.
            let xe = x.saturating_add(u16::try_from(extra).unwrap_or(u16::MAX));
            if let Some(c) = buf.cell_mut((xe, y)) {
                c.reset();
                c.set_style(style);
            }
        }
        col += w;
    }
}

/// Highlights of one paragraph: (row, col range, style), from search matches and entities.
fn highlights(
    app: &App,
    theme: &Theme,
    para_bytes: &Range<usize>,
    layout: &ParagraphLayout,
) -> Vec<(usize, Range<usize>, Style)> {
    let mut out = Vec::new();
    let mut add = |range: &Range<usize>, style: Style| {
        let start = range.start.max(para_bytes.start) - para_bytes.start;
        let end = range
            .end
            .min(para_bytes.end)
            .saturating_sub(para_bytes.start);
        if start < end {
            for (row, cols) in layout.range_pieces(start..end) {
                out.push((row, cols, style));
            }
        }
    };
    let overlapping = |ranges: &[Range<usize>]| {
        let first = ranges.partition_point(|r| r.end <= para_bytes.start);
        let last = ranges.partition_point(|r| r.start < para_bytes.end);
        first..last.max(first)
    };
    let current = crate::app::entities::current_mention(app);
    // Entities are sorted by start and short: skip those starting well before the paragraph
    // rather than scanning a huge document's entities for every paragraph drawn.
    let from = app
        .entities
        .partition_point(|e| e.byte_range.start + 1024 < para_bytes.start);
    let until = app
        .entities
        .partition_point(|e| e.byte_range.start < para_bytes.end);
    for e in app.entities.get(from..until.max(from)).unwrap_or_default() {
        if e.byte_range.start < para_bytes.end
            && para_bytes.start < e.byte_range.end
            && let Some(style) = super::legend::entity_style(app, theme, e, current.as_ref())
        {
            add(&e.byte_range, style);
        }
    }
    for n in app.notes.iter().filter(|n| !n.orphaned) {
        if n.byte_range.start < para_bytes.end && para_bytes.start < n.byte_range.end {
            add(&n.byte_range, note_style(app, theme, n));
        }
    }
    let m = &app.search.matches;
    for i in overlapping(m) {
        if let Some(r) = m.get(i) {
            let style = if app.search.current == Some(i) {
                theme.current_match
            } else {
                theme.match_
            };
            add(r, style);
        }
    }
    if let Some(sel) = app.selection_range()
        && sel.start < para_bytes.end
        && para_bytes.start < sel.end
    {
        add(&sel, theme.selection);
    }
    if let Some(sel) = app.selection
        && (para_bytes.start..para_bytes.end.max(para_bytes.start + 1)).contains(&sel.cursor_byte)
    {
        let rel = sel.cursor_byte - para_bytes.start;
        if let Some((row, col)) = layout.byte_to_pos(rel) {
            let w = layout
                .lines
                .get(row)
                .and_then(|l| l.cells.iter().find(|c| c.byte_range.contains(&rel)))
                .map_or(1, |c| usize::from(c.width_col.max(1)));
            out.push((row, col..col + w, theme.cursor));
        }
    }
    out
}

/// How an annotation is drawn: its label's colour as background; an annotation nested inside
/// another (or the selected one) is also underlined and bold, so overlaps stay distinguishable.
pub fn note_style(app: &App, theme: &Theme, n: &crate::app::NoteItem) -> Style {
    let mut style = match n.label.as_deref().and_then(|l| app.labels.by_name(l)) {
        Some(l) => {
            let (r, g, b) = l.colour;
            Style::default().bg(Color::Rgb(r, g, b)).fg(Color::Black)
        }
        None => theme.note,
    };
    let nested = app.notes.iter().any(|o| {
        o.id != n.id
            && !o.orphaned
            && o.byte_range.start <= n.byte_range.start
            && n.byte_range.end <= o.byte_range.end
            && o.byte_range != n.byte_range
    });
    if nested {
        style = style.add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
    }
    style
}

/// Draw the article pane: text column and scrollbar.
pub fn render(app: &App, theme: &Theme, buf: &mut Buffer) {
    let area = app.text_area;
    if area.is_empty() {
        return;
    }
    let view = &app.view;
    let opts = view.opts;
    let h = usize::from(area.h);
    let mut y = 0usize;
    let mut i = view.top.para;
    let mut row = view.top.row;
    let mut last_byte = view.top_byte();
    while y < h {
        let Some(p) = view.paras.get(i) else { break };
        let Some(layout) = p.layout(&opts) else { break };
        let style = theme.block(p.kind);
        let marks = highlights(app, theme, &p.byte_range, layout);
        let rows = layout.lines.len().max(1) + usize::from(p.gap_after);
        while row < rows && y < h {
            let sy = area.y.saturating_add(u16::try_from(y).unwrap_or(u16::MAX));
            if let Some(line) = layout.lines.get(row) {
                draw_line(buf, area.x, sy, area.w, line, style);
                for (_, cols, st) in marks.iter().filter(|(r, _, _)| *r == row) {
                    for col in cols.clone() {
                        if col >= usize::from(area.w) {
                            break;
                        }
                        let x = area
                            .x
                            .saturating_add(u16::try_from(col).unwrap_or(u16::MAX));
                        if let Some(c) = buf.cell_mut((x, sy)) {
                            c.set_style(*st);
                        }
                    }
                }
                last_byte = p.byte_range.start + line.byte_range.end;
            } else {
                last_byte = p.byte_range.end;
            }
            row += 1;
            y += 1;
        }
        i += 1;
        row = 0;
    }
    scrollbar(app, theme, buf, last_byte);
}

fn scrollbar(app: &App, theme: &Theme, buf: &mut Buffer, bottom_byte: usize) {
    let pane = app.panes.article;
    if pane.w < 2 || pane.h == 0 {
        return;
    }
    let x = pane.x + pane.w - 1;
    let h = usize::from(pane.h);
    let len = app.view.text_len_byte.max(1);
    let start = app.view.top_byte().min(len) * h / len;
    let end = if app.view.at_end {
        h
    } else {
        (bottom_byte.min(len) * h).div_ceil(len).max(start + 1)
    };
    for y in 0..h {
        let (sym, style) = if (start..end).contains(&y) {
            ("┃", theme.scrollbar_thumb)
        } else {
            ("│", theme.scrollbar)
        };
        let sy = pane.y.saturating_add(u16::try_from(y).unwrap_or(u16::MAX));
        if let Some(c) = buf.cell_mut((x, sy)) {
            c.set_symbol(sym).set_style(style);
        }
    }
}
