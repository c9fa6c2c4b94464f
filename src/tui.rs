//! Terminal session: raw mode, alternate screen, mouse capture, the bidi handshake (DESIGN §4),
//! the event loop and the effects runner. The terminal is restored on every exit path: normal
//! quit, errors (restore runs before the error propagates), panics (ratatui's hook plus ours
//! for the handshake) and SIGTERM/SIGHUP (a flag polled by the loop, via `signal-hook`, because
//! crossterm has no signal API).

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers, MouseEventKind};

use crate::annotations::Annotation;
use crate::app::annotate::{Change, Done, StoreOp};
use crate::app::keymap::{Key, KeyEvent};
use crate::app::{Action, App, Effect, Mouse, NoteItem, update};
use crate::article::Article;
use crate::store::Store;
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
            MouseEventKind::Down(event::MouseButton::Left) => Some(Action::Mouse(Mouse::Down {
                col: m.column,
                row: m.row,
            })),
            MouseEventKind::Drag(event::MouseButton::Left) => Some(Action::Mouse(Mouse::Drag {
                col: m.column,
                row: m.row,
            })),
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
    spawn_hangup_watchdog(Arc::clone(&signalled));
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
        let (jobs, results, worker) = spawn_store(app.data_dir.clone());
        let mut runner = Runner {
            jobs,
            results,
            position: None,
        };
        // The first document: record it and fetch its annotations and reading position.
        let work = worker::Worker::start();
        runner.run(&app, vec![Effect::OpenDocument { doc: app.current }], &work);
        let out = event_loop(
            &mut terminal,
            &mut app,
            &theme,
            &signalled,
            &mut runner,
            &work,
        );
        // Save where the reader is, then let the store thread finish its queue (every write
        // the user saw "saving…" for) before the process ends.
        runner.save_position(&app, true);
        drop(runner);
        let _ = worker.join();
        out
    })();
    restore_extras();
    ratatui::restore();
    result
}

/// Work for the store thread.
// Messages pass once per event or store write: their size does not matter, boxing would only
// make matching noisier.
#[allow(clippy::large_enum_variant)]
enum Job {
    Open(Box<Article>),
    Op(StoreOp),
}

/// Start the thread that owns the store. Writes take milliseconds (fsync) and must not stall
/// drawing; one thread in order keeps create-before-undo ordering trivially right.
fn spawn_store(
    data_dir: Option<PathBuf>,
) -> (Sender<Job>, Receiver<Action>, std::thread::JoinHandle<()>) {
    let (job_tx, job_rx) = mpsc::channel::<Job>();
    let (res_tx, res_rx) = mpsc::channel::<Action>();
    let handle = std::thread::spawn(move || {
        let mut store = match Store::open_default(data_dir.as_deref()) {
            Ok(s) => Some(s),
            Err(e) => {
                let _ = res_tx.send(Action::StoreUnavailable(format!("{e:#}")));
                None
            }
        };
        for job in job_rx {
            let Some(store) = store.as_mut() else {
                if let Job::Op(op) = job
                    && !matches!(op, StoreOp::SetReadingPosition { .. })
                {
                    let _ = res_tx.send(Action::StoreDone(Err("the store is not open".into())));
                }
                continue;
            };
            for action in store_job(store, job) {
                if res_tx.send(action).is_err() {
                    return;
                }
            }
        }
    });
    (job_tx, res_rx, handle)
}

fn notes_of(store: &Store, doc_id: &str) -> Option<Action> {
    let anns = store.annotations_for(doc_id).ok()?;
    Some(Action::NotesReady {
        article_id: doc_id.to_owned(),
        notes: anns.iter().map(NoteItem::from).collect(),
    })
}

/// Undo applies the inverse of a change; redo applies it again. Both go through
/// `restore`/`delete`, so ids stay stable.
fn apply_change(store: &mut Store, change: &Change, undo: bool) -> anyhow::Result<()> {
    let restore = |s: &mut Store, a: &Annotation| s.restore(a).map(|_| ());
    match (change, undo) {
        (Change::Created(a), true) | (Change::Deleted(a), false) => store.delete(a.id).map(|_| ()),
        (Change::Created(a), false) | (Change::Deleted(a), true) => restore(store, a),
        (Change::Updated { before, .. }, true) => restore(store, before),
        (Change::Updated { after, .. }, false) => restore(store, after),
        (Change::Rejected(r), true) => store.unreject_entity(&r.doc_id, &r.kind, &r.key),
        (Change::Rejected(r), false) => store.reject_entity(&r.doc_id, &r.kind, &r.key),
    }
}

fn store_job(store: &mut Store, job: Job) -> Vec<Action> {
    let err = |e: anyhow::Error| vec![Action::StoreDone(Err(format!("{e:#}")))];
    match job {
        Job::Open(article) => match store.reanchor(&article) {
            Ok(anns) => {
                let mut out = vec![Action::NotesReady {
                    article_id: article.id.clone(),
                    notes: anns.iter().map(NoteItem::from).collect(),
                }];
                if let Ok(rejected) = store.rejected_entities(&article.id) {
                    out.push(Action::RejectionsReady {
                        article_id: article.id.clone(),
                        rejected,
                    });
                }
                if let Ok(Some(byte)) = store.reading_position(&article.id) {
                    out.push(Action::ReadingPosition {
                        article_id: article.id.clone(),
                        byte,
                    });
                }
                out
            }
            Err(e) => vec![Action::Message(format!("annotations unavailable: {e:#}"))],
        },
        Job::Op(op) => {
            let (doc, result) = match op {
                StoreOp::Create(new) => {
                    let doc = new.doc_id.clone();
                    (
                        Some(doc),
                        store.create(new).map(|a| Done::Applied(Change::Created(a))),
                    )
                }
                StoreOp::Update { id, change } => match store.update(id, &change) {
                    Ok(u) => (
                        Some(u.after.doc_id.clone()),
                        Ok(Done::Applied(Change::Updated {
                            before: u.before,
                            after: u.after,
                        })),
                    ),
                    Err(e) => return err(e),
                },
                StoreOp::Delete { id } => match store.delete(id) {
                    Ok(a) => (
                        Some(a.doc_id.clone()),
                        Ok(Done::Applied(Change::Deleted(a))),
                    ),
                    Err(e) => return err(e),
                },
                StoreOp::Undo(c) => (
                    Some(c.doc_id().to_owned()),
                    apply_change(store, &c, true).map(|()| Done::Undone(c)),
                ),
                StoreOp::Redo(c) => (
                    Some(c.doc_id().to_owned()),
                    apply_change(store, &c, false).map(|()| Done::Redone(c)),
                ),
                StoreOp::SetReadingPosition { doc_id, byte } => (
                    None,
                    store
                        .set_reading_position(&doc_id, byte)
                        .map(|()| Done::PositionSaved),
                ),
                StoreOp::ListAll(filter) => {
                    (None, store.all_annotations(&filter).map(Done::Listed))
                }
                StoreOp::RejectEntity(r) => (
                    None,
                    store
                        .reject_entity(&r.doc_id, &r.kind, &r.key)
                        .map(|()| Done::Applied(Change::Rejected(r))),
                ),
            };
            let ok = result.is_ok();
            let mut out = vec![Action::StoreDone(result.map_err(|e| format!("{e:#}")))];
            if ok && let Some(n) = doc.and_then(|d| notes_of(store, &d)) {
                out.push(n);
            }
            out
        }
    }
}

/// The tui's side of the effects: the store thread's channels and the reading-position
/// debounce.
struct Runner {
    jobs: Sender<Job>,
    results: Receiver<Action>,
    /// (doc id, top byte, when it last changed, saved?)
    position: Option<(String, usize, Instant, bool)>,
}

/// How long the view must rest before its position is written.
const POSITION_DEBOUNCE: Duration = Duration::from_millis(1500);

impl Runner {
    /// Run effects: store work goes to the store thread, recognition and loads to `work`;
    /// returns true to quit.
    fn run(&mut self, app: &App, effects: Vec<Effect>, work: &worker::Worker) -> bool {
        let mut quit = false;
        for fx in effects {
            match fx {
                Effect::Quit => quit = true,
                Effect::OpenDocument { doc } => {
                    if let Some(a) = app.docs.get(doc) {
                        let _ = self.jobs.send(Job::Open(Box::new(a.clone())));
                    }
                }
                Effect::Store(op) => {
                    let _ = self.jobs.send(Job::Op(op));
                }
                other => work.submit(vec![other]),
            }
        }
        quit
    }

    /// Track the view's position; write it after it rested, at once on a document switch or
    /// when `now` is set (quit).
    fn save_position(&mut self, app: &App, now: bool) {
        let doc = &app.article().id;
        let byte = app.view.top_byte();
        let send = |jobs: &Sender<Job>, doc_id: &str, byte: usize| {
            let _ = jobs.send(Job::Op(StoreOp::SetReadingPosition {
                doc_id: doc_id.to_owned(),
                byte,
            }));
        };
        match &mut self.position {
            Some((d, b, at, saved)) if d == doc => {
                if *b != byte {
                    *b = byte;
                    *at = Instant::now();
                    *saved = false;
                }
                if !*saved && (now || at.elapsed() >= POSITION_DEBOUNCE) {
                    send(&self.jobs, d, *b);
                    *saved = true;
                }
            }
            Some((d, b, _, saved)) => {
                if !*saved {
                    send(&self.jobs, d, *b);
                }
                self.position = Some((doc.clone(), byte, Instant::now(), true));
            }
            None => self.position = Some((doc.clone(), byte, Instant::now(), true)),
        }
    }
}

/// Ends the process when its terminal is gone.
///
/// When the pty is closed under us (tmux server killed, ssh dropped), crossterm's `poll` keeps
/// reading EOF from the tty inside its own loop and never returns, so the event loop can neither
/// see the SIGHUP flag nor notice anything: matn would spin at full CPU as an orphan. This thread
/// checks every 300 ms whether the controlling terminal still exists (opening `/dev/tty` fails
/// with ENXIO after a hang-up), and whether a SIGTERM/SIGHUP went unanswered for 2 s. Every
/// annotation the screen called saved is already committed by the store thread, so exiting here
/// loses nothing the user was told about.
fn spawn_hangup_watchdog(signalled: Arc<AtomicBool>) {
    let had_tty = std::fs::File::open("/dev/tty").is_ok();
    let spawned = std::thread::Builder::new()
        .name("matn-hangup-watchdog".into())
        .spawn(move || {
            let mut signalled_since: Option<Instant> = None;
            loop {
                std::thread::sleep(Duration::from_millis(300));
                let tty_gone = had_tty && std::fs::File::open("/dev/tty").is_err();
                if signalled.load(Ordering::Relaxed) {
                    signalled_since.get_or_insert_with(Instant::now);
                }
                let unanswered =
                    signalled_since.is_some_and(|t| t.elapsed() > Duration::from_secs(2));
                if tty_gone || unanswered {
                    if !tty_gone {
                        restore_extras();
                        ratatui::restore();
                    }
                    std::process::exit(128 + signal_hook::consts::SIGHUP);
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("no hang-up watchdog: {e}");
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    theme: &Theme,
    signalled: &AtomicBool,
    runner: &mut Runner,
    work: &worker::Worker,
) -> anyhow::Result<i32> {
    let mut dirty = true;
    let mut quick_polls = 0u32;
    loop {
        if signalled.load(Ordering::Relaxed) {
            return Ok(128 + signal_hook::consts::SIGTERM);
        }
        while let Ok(action) = runner.results.try_recv() {
            dirty = true;
            let fx = update(app, action);
            if runner.run(app, fx, work) {
                return Ok(0);
            }
        }
        runner.save_position(app, false);
        // Answers of background work (entities, full loads, store writes), then whatever work
        // the new state calls for.
        for action in work.drain() {
            dirty = true;
            let accepted = matches!(action, Action::EntitiesAccepted { .. });
            let fx = update(app, action);
            if runner.run(app, fx, work) {
                return Ok(0);
            }
            if accepted {
                // Accepted entities were written by the worker's own connection: reload the
                // notes from the store so the Notes pane shows them.
                let _ = runner.jobs.send(Job::Open(Box::new(app.article().clone())));
            }
        }
        let fx = crate::app::entities::follow_up(app);
        if runner.run(app, fx, work) {
            return Ok(0);
        }
        if dirty {
            terminal.draw(|f| ui::draw(f, app, theme))?;
            dirty = false;
        }
        let waited = Instant::now();
        // Short poll: store and worker answers arrive on channels, not as terminal events.
        let tick = Duration::from_millis(if work.busy() { 40 } else { 50 });
        if !event::poll(tick)? {
            // A hung-up terminal (its pty closed under us) makes poll return at once forever:
            // without this check matn would spin at full CPU as an orphan.
            if waited.elapsed() < Duration::from_millis(20) {
                quick_polls += 1;
                if quick_polls > 200 {
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
                let fx = update(app, action);
                if runner.run(app, fx, work) {
                    return Ok(0);
                }
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
