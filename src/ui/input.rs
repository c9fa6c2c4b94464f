//! Bidi-aware one-line text: short strings (titles, the search input) are drawn through the
//! layout module, so Persian typed or shown in them reads correctly, not in logical order.

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use super::article_view::draw_line;
use crate::app::App;
use crate::app::search::LineInput;
use crate::layout::{self, Dir, DirPolicy, LayoutOptions, VisualLine};

/// Lay out `text` as one visual line (no wrapping), in the app's shaping and order settings.
pub fn visual_line(app: &App, text: &str, dir: Dir) -> VisualLine {
    let opts = LayoutOptions {
        align: false,
        ..app.layout_options(0)
    };
    let analysis = layout::analyze(text, DirPolicy::AutoOr(dir));
    let mut lines = analysis.layout(&opts).lines;
    // With width 0 there is one line; join defensively if an engine returns more.
    let mut line = if lines.is_empty() {
        VisualLine::default()
    } else {
        lines.remove(0)
    };
    for l in lines {
        line.cells.extend(l.cells);
    }
    line.indent_col = 0;
    line
}

/// Draw a label (truncated to `width_col`) at (x, y); returns the columns used.
pub fn draw_label(
    buf: &mut Buffer,
    app: &App,
    x: u16,
    y: u16,
    width_col: u16,
    text: &str,
    style: Style,
) -> u16 {
    let line = visual_line(app, text, app.doc_dir());
    draw_line(buf, x, y, width_col, &line, style);
    u16::try_from(line.width_col())
        .unwrap_or(u16::MAX)
        .min(width_col)
}

/// Draw an input line at (x, y) within `width_col`; returns the cursor's column (relative).
pub fn draw_input(
    buf: &mut Buffer,
    app: &App,
    input: &LineInput,
    dir: Dir,
    (x, y, width_col): (u16, u16, u16),
    style: Style,
) -> u16 {
    let mut line = visual_line(app, &input.text, dir);
    let total = line.width_col();
    // Cursor column in the unscrolled line: on the char at the cursor, or after the last char
    // on its visual side (left of it when it is right-to-left).
    let mut cursor = total;
    let mut col = 0usize;
    let last_start = input.text[..input.cursor_byte]
        .char_indices()
        .next_back()
        .map(|(b, _)| b);
    for cell in &line.cells {
        let w = usize::from(cell.width_col);
        if input.cursor_byte < input.text.len() && cell.byte_range.contains(&input.cursor_byte) {
            cursor = col;
            break;
        }
        if input.cursor_byte == input.text.len()
            && last_start.is_some_and(|b| cell.byte_range.contains(&b))
        {
            cursor = if cell.level % 2 == 1 {
                col.saturating_sub(1)
            } else {
                col + w
            };
            if cell.level % 2 == 1 && col == 0 {
                // RTL text ending at the left edge: shift the text right to make room.
                line.indent_col = 1;
                cursor = 0;
            }
            break;
        }
        col += w;
    }
    let cursor = cursor + line.indent_col.min(1) * usize::from(cursor != 0);
    let avail = usize::from(width_col);
    let scroll = (cursor + 1).saturating_sub(avail);
    if scroll > 0 {
        // Drop cells scrolled off the left edge.
        let mut skipped = 0usize;
        line.cells.retain(|c| {
            let keep = skipped >= scroll;
            skipped += usize::from(c.width_col);
            keep
        });
        line.indent_col = 0;
    }
    draw_line(buf, x, y, width_col, &line, style);
    u16::try_from(cursor - scroll)
        .unwrap_or(0)
        .min(width_col.saturating_sub(1))
}
