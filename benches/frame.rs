//! One full redraw of the sample at 200×60 with search highlights, into a Buffer.
//! Target: < 1 ms per frame.

use matn::app::keymap::{Key, KeyEvent, KeyMap};
use matn::app::{Action, App, update};
use matn::config::Settings;
use matn::ui::{self, theme::Theme};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn main() {
    divan::main();
}

fn app() -> App {
    let mut app = App::new(Vec::new(), Settings::default(), KeyMap::default_map());
    update(
        &mut app,
        Action::Resize {
            cols: 200,
            rows: 60,
        },
    );
    update(&mut app, Action::Key(KeyEvent::plain(Key::Char('/'))));
    for c in "قزاقستان".chars() {
        update(&mut app, Action::Key(KeyEvent::plain(Key::Char(c))));
    }
    update(&mut app, Action::Key(KeyEvent::plain(Key::Enter)));
    app
}

#[divan::bench]
fn redraw_sample_200x60_with_highlights(bencher: divan::Bencher) {
    let app = app();
    let (theme, _) = Theme::load(None);
    let mut buf = Buffer::empty(Rect::new(0, 0, 200, 60));
    bencher.bench_local(|| {
        buf.reset();
        ui::render(&app, &theme, &mut buf);
        divan::black_box(&buf);
    });
}

/// Scrolling one line and redrawing (the per-keypress cost, layout cache warm).
#[divan::bench]
fn scroll_and_redraw_200x60(bencher: divan::Bencher) {
    let mut app = app();
    let (theme, _) = Theme::load(None);
    let mut buf = Buffer::empty(Rect::new(0, 0, 200, 60));
    let mut down = true;
    bencher.bench_local(|| {
        let k = if down { 'j' } else { 'k' };
        down = !down;
        update(&mut app, Action::Key(KeyEvent::plain(Key::Char(k))));
        buf.reset();
        ui::render(&app, &theme, &mut buf);
        divan::black_box(&buf);
    });
}
