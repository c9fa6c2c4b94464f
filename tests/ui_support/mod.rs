//! What the render tests (`ui_*.rs`) share: an app at a terminal size, one frame drawn into a
//! test buffer, a row of that buffer as text, a key press.

// Helpers outside #[test] fns panic on broken fixtures, which is what a test should do.
#![allow(clippy::unwrap_used, dead_code)]

use matn::app::keymap::{Key, KeyEvent, KeyMap};
use matn::app::{Action, App, update};
use matn::article::Article;
use matn::config::{Settings, ShapeMode};
use matn::ui::{self, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// An app on `docs` (the bundled sample when empty) at `cols`×`rows`, with shaping off so the
/// buffer holds the document's own letters.
pub fn app_with(docs: Vec<Article>, cols: u16, rows: u16) -> App {
    let settings = Settings {
        shaping: ShapeMode::Off,
        ..Settings::default()
    };
    let mut app = App::new(docs, settings, KeyMap::default_map());
    update(&mut app, Action::Resize { cols, rows });
    app
}

/// One frame of `app`, as the terminal would receive it.
pub fn draw(app: &App) -> Buffer {
    let (theme, _) = Theme::load(None);
    let backend = TestBackend::new(app.cols, app.rows);
    let mut terminal = Terminal::new(backend).unwrap();
    terminal.draw(|f| ui::draw(f, app, &theme)).unwrap();
    terminal.backend().buffer().clone()
}

/// The symbols of row `y` from column `x` to `x + w`, blanks kept.
pub fn row_text(buf: &Buffer, y: u16, x: u16, w: u16) -> String {
    (x..x + w).map(|cx| buf[(cx, y)].symbol()).collect()
}

/// Pressing the key `c`.
pub fn key(c: char) -> Action {
    Action::Key(KeyEvent::plain(Key::Char(c)))
}
