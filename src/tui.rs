//! Terminal session: raw mode, alternate screen, mouse capture, the bidi handshake (DESIGN §4),
//! the event loop and the effects runner. The terminal is restored on every exit path: normal
//! quit, errors (restore runs before the error propagates), panics (ratatui's hook plus ours
//! for the handshake) and SIGTERM/SIGHUP (a flag polled by the loop, via `signal-hook`, because
//! crossterm has no signal API).

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers, MouseEventKind};

use crate::app::keymap::{Key, KeyEvent};
use crate::app::{Action, App, Effect, Mouse, update};
use crate::ui::{self, theme::Theme};

mod worker;

/// BDSM explicit mode ("the application does the bidi"), honoured by VTE, mintty, iTerm2.
const BDSM_EXPLICIT: &str = "\x1b[8l";
/// Back to implicit mode on exit.
const BDSM_IMPLICIT: &str = "\x1b[8h";
/// mlterm ignores BDSM and has its own switch.
const MLTERM_CTL_OFF: &str = "\x1b]5379;use_ctl=false\x07";
const MLTERM_CTL_ON: &str = "\x1b]5379;use_ctl=true\x07";

/// Wrap a sequence in tmux's DCS passthrough so it reaches the outer terminal.
pub fn tmux_passthrough(seq: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
}

/// The handshake bytes for start (`start = true`) or exit, for a session inside tmux or not.
pub fn handshake(start: bool, in_tmux: bool) -> String {
    let seqs = if start {
        [BDSM_EXPLICIT, MLTERM_CTL_OFF]
    } else {
        [BDSM_IMPLICIT, MLTERM_CTL_ON]
    };
    seqs.iter()
        .map(|s| {
            if in_tmux {
                tmux_passthrough(s)
            } else {
                (*s).to_owned()
            }
        })
        .collect()
}

fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some()
}

/// Undo what `run` set up beyond ratatui's own init (safe to call more than once).
fn restore_extras() {
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(out, crossterm::event::DisableMouseCapture);
    let _ = out.write_all(handshake(false, in_tmux()).as_bytes());
    let _ = out.flush();
}

/// Convert a crossterm key to the app's key (`None` for keys the app has no name for).
pub fn convert_key(ev: &crossterm::event::KeyEvent) -> Option<KeyEvent> {
    let key = match ev.code {
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::F(n) => Key::F(n),
        _ => return None,
    };
    Some(KeyEvent {
        key,
        ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
        alt: ev.modifiers.contains(KeyModifiers::ALT),
    })
}

fn convert(ev: Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => convert_key(&k).map(Action::Key),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollUp => Some(Action::Mouse(Mouse::WheelUp)),
            MouseEventKind::ScrollDown => Some(Action::Mouse(Mouse::WheelDown)),
            _ => None,
        },
        Event::Resize(cols, rows) => Some(Action::Resize { cols, rows }),
        _ => None,
    }
}

/// Run the reader until it quits; returns the exit code (0, or 128+signal after SIGTERM/SIGHUP).
pub fn run(mut app: App, theme: Theme) -> anyhow::Result<i32> {
    let signalled = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, Arc::clone(&signalled))?;
    }
    let mut terminal = ratatui::init();
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_extras();
        ratatui_hook(info);
    }));
    let result = (|| -> anyhow::Result<i32> {
        let mut out = std::io::stdout();
        crossterm::execute!(out, crossterm::event::EnableMouseCapture)?;
        out.write_all(handshake(true, in_tmux()).as_bytes())?;
        out.flush()?;
        let size = terminal.size()?;
        update(
            &mut app,
            Action::Resize {
                cols: size.width,
                rows: size.height,
            },
        );
        event_loop(&mut terminal, &mut app, &theme, &signalled)
    })();
    restore_extras();
    ratatui::restore();
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    theme: &Theme,
    signalled: &AtomicBool,
) -> anyhow::Result<i32> {
    let mut dirty = true;
    let mut quick_polls = 0u32;
    let work = worker::Worker::start();
    loop {
        if signalled.load(Ordering::Relaxed) {
            return Ok(128 + signal_hook::consts::SIGTERM);
        }
        // Answers of background work (entities, full loads, store writes), then whatever work
        // the new state calls for.
        for action in work.drain() {
            dirty = true;
            work.submit(update(app, action));
        }
        work.submit(crate::app::entities::follow_up(app));
        if dirty {
            terminal.draw(|f| ui::draw(f, app, theme))?;
            dirty = false;
        }
        let waited = Instant::now();
        let tick = Duration::from_millis(if work.busy() { 40 } else { 200 });
        if !event::poll(tick)? {
            // A hung-up terminal (its pty closed under us) makes poll return at once forever:
            // without this check matn would spin at full CPU as an orphan.
            if waited.elapsed() < Duration::from_millis(20) {
                quick_polls += 1;
                if quick_polls > 50 {
                    return Ok(128 + signal_hook::consts::SIGHUP);
                }
            } else {
                quick_polls = 0;
            }
            continue;
        }
        quick_polls = 0;
        // Drain what is queued (fast typing, wheel bursts) before the next frame.
        loop {
            if let Some(action) = convert(event::read()?) {
                dirty = true;
                let effects = update(app, action);
                if effects.contains(&Effect::Quit) {
                    return Ok(0);
                }
                work.submit(effects);
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handshake_bytes_and_tmux_wrapping() {
        assert_eq!(handshake(true, false), "\x1b[8l\x1b]5379;use_ctl=false\x07");
        assert_eq!(
            handshake(false, true),
            "\x1bPtmux;\x1b\x1b[8h\x1b\\\x1bPtmux;\x1b\x1b]5379;use_ctl=true\x07\x1b\\"
        );
    }
}
