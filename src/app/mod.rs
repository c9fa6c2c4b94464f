//! Application state and `update(&mut App, Action) -> Vec<Effect>` (TEA style); no terminal
//! types. The ui draws from `&App`; the tui turns terminal events into [`Action`]s and runs the
//! returned [`Effect`]s.
//!
//! Slow work plugs in as an effect whose result comes back as an action: e.g. entity recognition
//! would be an `Effect::RecognizeEntities { article_id }` answered by [`Action::EntitiesReady`],
//! which fills [`App::entities`] (highlighted in the article, listed in the entities pane).

pub mod annotate;
pub mod entities;
pub mod geometry;
pub mod keymap;
pub mod search;
pub mod selection;
pub mod view;

use std::ops::Range;
use std::path::PathBuf;

use crate::annotations::LabelSet;
use crate::article::Article;
use crate::config::{Settings, ShapeMode};
use crate::layout::{Dir, LayoutOptions, Order};
use annotate::{AnnotationList, Change, Done, LabelTarget, NoteEditor, StoreOp};
use geometry::{Pane, PaneLayout, PaneWishes, Rect};
use keymap::{Command, Key, KeyEvent, KeyMap};
use search::Search;
use selection::Selection;
use view::ArticleView;

/// What the user is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// Typing a search query in the input line.
    Search,
    /// The help overlay is open.
    Help,
    /// Visual selection (`v`): motions move the cursor end of the selection.
    Select,
    /// Waiting for a label key for the selection (or for a relabel).
    Label,
    /// Editing a note (multi-line).
    Note,
    /// The library-wide annotation list overlay.
    AnnotationList,
}

/// A mouse event the app cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mouse {
    WheelUp,
    WheelDown,
    /// Left button pressed at screen cell (col, row): places the selection cursor.
    Down {
        col: u16,
        row: u16,
    },
    /// Dragged with the left button to (col, row): extends the selection.
    Drag {
        col: u16,
        row: u16,
    },
}

/// A recognised entity in the open document (filled by [`Action::EntitiesReady`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntityItem {
    /// Absolute byte range in the article text.
    pub byte_range: Range<usize>,
    /// The kind code (`LOC`).
    pub label: String,
    /// Normalised key shared by all mentions of one thing (groups the entities pane).
    pub key: String,
    /// The recogniser layer that found it.
    pub source: String,
    /// Confidence in percent (an integer so actions stay `Eq`).
    pub confidence_pct: u8,
    /// Extra information, e.g. a date in the other calendar.
    pub detail: Option<String>,
}

/// A user annotation of the open document (filled by [`Action::NotesReady`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteItem {
    /// Store id of the annotation.
    pub id: i64,
    /// Absolute byte range in the article text (meaningless when `orphaned`).
    pub byte_range: Range<usize>,
    pub label: Option<String>,
    pub note: String,
    /// The text it covered (when it was made).
    pub quote: String,
    /// The document changed and the quote was not found again: listed, not drawn.
    pub orphaned: bool,
}

/// Everything that can happen to the app.
// Messages pass once per event or store write: their size does not matter, boxing would only
// make matching noisier.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Key(KeyEvent),
    Mouse(Mouse),
    Resize {
        cols: u16,
        rows: u16,
    },
    /// A command, as bound in the keymap (also used directly by tests and scripts).
    Command(Command),
    /// Show a message in the status bar (config problems, load errors).
    Message(String),
    /// Entities of document `article_id` were recognised.
    EntitiesReady {
        article_id: String,
        entities: Vec<EntityItem>,
    },
    /// The stored rejected entities (kind, key) of document `article_id` were loaded.
    RejectionsReady {
        article_id: String,
        rejected: Vec<(String, String)>,
    },
    /// Annotations of document `article_id` were loaded.
    NotesReady {
        article_id: String,
        notes: Vec<NoteItem>,
    },
    /// The store finished an operation (after COMMIT), or failed.
    StoreDone(Result<Done, String>),
    /// The stored reading position of a document (restored if the reader has not moved yet).
    ReadingPosition {
        article_id: String,
        byte: usize,
    },
    /// The store cannot be used: the reader goes on read-only.
    StoreUnavailable(String),
    /// The whole file of a document shown from its head was read (or failed to be).
    DocumentLoaded {
        head_id: String,
        result: Result<entities::DocRef, String>,
    },
    /// Accepted entities were written to the store (`error` is `None` after the commit).
    EntitiesAccepted {
        article_id: String,
        count: usize,
        error: Option<String>,
    },
}

/// Work for the runner (tui) to do outside `update`.
// Messages pass once per event or store write: their size does not matter, boxing would only
// make matching noisier.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Leave the program (exit code 0).
    Quit,
    /// Document `doc` (index into `App::docs`) is now shown: record it in the store, re-anchor
    /// its annotations, answer with `NotesReady` and `ReadingPosition`.
    OpenDocument { doc: usize },
    /// A store operation, answered by `StoreDone` (and `NotesReady` after writes).
    Store(StoreOp),
    /// Recognise the entities of a document off the UI path; answered by
    /// [`Action::EntitiesReady`].
    RecognizeEntities {
        article_id: String,
        text: std::sync::Arc<str>,
        lang: Option<String>,
        /// The store whose annotated names the recogniser learns first (`--data-dir`).
        data_dir: Option<PathBuf>,
    },
    /// Read the whole file of a document shown from its head; answered by
    /// [`Action::DocumentLoaded`].
    LoadDocument {
        head_id: String,
        path: PathBuf,
        encoding: Option<String>,
    },
    /// Store machine entities as annotations (label = kind code); answered by
    /// [`Action::EntitiesAccepted`].
    AcceptEntities {
        doc: entities::DocRef,
        items: Vec<(Range<usize>, String)>,
        data_dir: Option<PathBuf>,
    },
}

/// The whole state of the reader.
#[derive(Debug, Clone)]
pub struct App {
    /// Open documents (the library).
    pub docs: Vec<Article>,
    /// Direction of each document (declared, else its first strong letter's), for the library.
    pub doc_dirs: Vec<Dir>,
    /// Index of the document shown.
    pub current: usize,
    pub view: ArticleView,
    pub keymap: KeyMap,
    pub settings: Settings,
    /// Whether the terminal shapes Arabic itself (decides [`ShapeMode::Auto`]).
    pub terminal_shapes: bool,
    pub mode: Mode,
    pub focus: Pane,
    pub wishes: PaneWishes,
    /// Terminal size in cells.
    pub cols: u16,
    pub rows: u16,
    pub panes: PaneLayout,
    /// The text column inside the article pane.
    pub text_area: Rect,
    pub search: Search,
    /// Where the view was when search mode started (restored on Esc).
    search_origin_byte: usize,
    /// Selected row of the library list.
    pub library_sel: usize,
    pub entities: Vec<EntityItem>,
    pub entity_sel: usize,
    pub notes: Vec<NoteItem>,
    pub note_sel: usize,
    /// Status-bar message, cleared by the next key.
    pub message: Option<String>,
    pub help_scroll: usize,
    /// Where annotations will be stored (`--data-dir`).
    pub data_dir: Option<PathBuf>,
    /// Labels and their keys.
    pub labels: LabelSet,
    /// The visual selection (selection mode).
    pub selection: Option<Selection>,
    /// What the next label key applies to (label mode).
    pub label_target: Option<LabelTarget>,
    /// The note being edited (note mode).
    pub editor: Option<NoteEditor>,
    /// Why the store cannot be used, if it cannot (the reader is then read-only).
    pub store_error: Option<String>,
    /// Confirmed changes, newest last.
    pub undo: Vec<Change>,
    pub redo: Vec<Change>,
    /// The library-wide annotation list.
    pub list: AnnotationList,
    /// Select this annotation id in the notes pane when the notes arrive.
    pub pending_sel_id: Option<i64>,
    /// Effects produced by helpers deep inside `update`, returned at its end.
    outbox: Vec<Effect>,
    /// Entity groups, toggles, rejections and background work (see [`entities`]).
    pub ents: entities::EntityState,
}

impl App {
    /// A reader over `docs` (the sample when empty).
    pub fn new(mut docs: Vec<Article>, settings: Settings, keymap: KeyMap) -> Self {
        if docs.is_empty() {
            docs.push(Article::sample());
        }
        let opts = LayoutOptions {
            width_col: 0,
            shape: settings.shaping == ShapeMode::On,
            align: true,
            order: settings.order,
            reveal_controls: false,
        };
        let view = ArticleView::new(&docs[0], opts);
        let doc_dirs = docs
            .iter()
            .map(|d| {
                d.meta
                    .direction
                    .or_else(|| view::first_strong_dir(&d.text))
                    .unwrap_or(Dir::Ltr)
            })
            .collect();
        let mut app = Self {
            doc_dirs,
            view,
            docs,
            current: 0,
            keymap,
            settings,
            terminal_shapes: false,
            mode: Mode::Normal,
            focus: Pane::Article,
            wishes: PaneWishes {
                library: true,
                entities: true,
                notes: true,
            },
            cols: 0,
            rows: 0,
            panes: PaneLayout::default(),
            text_area: Rect::default(),
            search: Search::default(),
            search_origin_byte: 0,
            library_sel: 0,
            entities: Vec::new(),
            entity_sel: 0,
            notes: Vec::new(),
            note_sel: 0,
            message: None,
            help_scroll: 0,
            data_dir: None,
            labels: LabelSet::defaults(),
            selection: None,
            label_target: None,
            editor: None,
            store_error: None,
            undo: Vec::new(),
            redo: Vec::new(),
            list: AnnotationList::default(),
            pending_sel_id: None,
            outbox: Vec::new(),
            ents: entities::EntityState::default(),
        };
        let lang = app.article().meta.language.clone();
        app.search.reset_document(lang.as_deref());
        app
    }

    /// The document shown.
    pub fn article(&self) -> &Article {
        // `current` is always a valid index: set only by `open_doc`, which checks it.
        &self.docs[self.current.min(self.docs.len().saturating_sub(1))]
    }

    /// Whether Arabic is shaped now (the auto setting resolved).
    pub fn shaping_on(&self) -> bool {
        match self.settings.shaping {
            ShapeMode::On => true,
            ShapeMode::Off => false,
            ShapeMode::Auto => !self.terminal_shapes,
        }
    }

    /// Layout options for text in the current settings at `width_col`.
    pub fn layout_options(&self, width_col: usize) -> LayoutOptions {
        LayoutOptions {
            width_col,
            shape: self.shaping_on(),
            align: true,
            order: self.settings.order,
            reveal_controls: self.view.opts.reveal_controls,
        }
    }

    /// A display title: the metadata title, else the file name.
    pub fn doc_title(&self, i: usize) -> String {
        let Some(doc) = self.docs.get(i) else {
            return String::new();
        };
        if let Some(t) = &doc.meta.title {
            return t.clone();
        }
        match &doc.source {
            crate::article::Source::Path(p) => p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            crate::article::Source::Stdin => "(stdin)".to_owned(),
            crate::article::Source::Bundled(name) => (*name).to_owned(),
        }
    }

    /// Document direction, for the status bar and inputs.
    pub fn doc_dir(&self) -> Dir {
        self.view.doc_dir
    }

    /// Recompute geometry and layout after a size or setting change.
    fn relayout(&mut self) {
        self.panes = geometry::layout(self.cols, self.rows, self.wishes);
        if !self.visible(self.focus) {
            self.focus = Pane::Article;
        }
        let max = self
            .settings
            .limit_width
            .then_some(self.settings.max_width_col);
        self.text_area = if self.panes.fits {
            geometry::text_area(self.panes.article, max)
        } else {
            Rect::default()
        };
        if self.text_area.is_empty() {
            // Width 0 would mean "no wrapping": never lay out for an invisible pane.
            self.view.height = 0;
            return;
        }
        let opts = self.layout_options(usize::from(self.text_area.w));
        let text = std::mem::take(&mut self.docs[self.current].text);
        self.view.height = usize::from(self.text_area.h);
        self.view.set_opts(&text, opts);
        self.view.clamp(&text);
        self.docs[self.current].text = text;
    }

    /// Run `f` on the view with the article text (borrow split).
    fn with_view(&mut self, f: impl FnOnce(&mut ArticleView, &str)) {
        if self.text_area.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.docs[self.current].text);
        f(&mut self.view, &text);
        self.view.clamp(&text);
        self.docs[self.current].text = text;
    }

    pub fn visible(&self, pane: Pane) -> bool {
        self.panes.rect(pane).is_some() && (pane == Pane::Article || self.panes.fits)
    }

    /// Show document `i`.
    fn open_doc(&mut self, i: usize) {
        if i >= self.docs.len() {
            return;
        }
        self.current = i;
        self.library_sel = i;
        self.view = ArticleView::new(&self.docs[i], self.view.opts);
        self.entities.clear();
        self.notes.clear();
        self.entity_sel = 0;
        self.note_sel = 0;
        self.selection = None;
        self.outbox.push(Effect::OpenDocument { doc: i });
        let lang = self.article().meta.language.clone();
        self.search.reset_document(lang.as_deref());
        if !self.search.input.text.is_empty() {
            let text = std::mem::take(&mut self.docs[i].text);
            self.search.run(&text);
            self.docs[i].text = text;
        }
        self.relayout();
    }

    /// Bring absolute `byte` into view (a third down the screen) unless it is visible.
    fn reveal_byte(&mut self, byte: usize) {
        let h = self.view.height;
        self.with_view(|v, text| {
            let visible =
                byte >= v.top_byte() && v.byte_below_screen(text).is_none_or(|b| byte < b);
            if !visible {
                v.goto_byte(text, byte, h / 3);
            }
        });
    }

    /// The paragraph number (1-based) at the top and the count, for the status bar.
    pub fn paragraph_position(&self) -> (usize, usize) {
        (self.view.top.para + 1, self.view.paras.len())
    }
}

fn half(h: usize) -> isize {
    isize::try_from((h / 2).max(1)).unwrap_or(1)
}

fn page(h: usize) -> isize {
    isize::try_from(h.saturating_sub(2).max(1)).unwrap_or(1)
}

/// The TEA update: apply `action` to `app`, return work for the runner.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let mut fx = update_inner(app, action);
    fx.append(&mut app.outbox);
    fx
}

/// Absolute byte of the text drawn at screen cell (col, row), if the cell shows text.
pub fn byte_at_screen(app: &App, col: u16, row: u16) -> Option<usize> {
    let a = app.text_area;
    if a.is_empty() || col < a.x || row < a.y || col >= a.x + a.w || row >= a.y + a.h {
        return None;
    }
    let (x, mut y) = (usize::from(col - a.x), usize::from(row - a.y));
    let opts = app.view.opts;
    let mut i = app.view.top.para;
    let mut r = app.view.top.row;
    loop {
        let p = app.view.paras.get(i)?;
        let l = p.layout(&opts)?;
        let rows = l.lines.len().max(1) + usize::from(p.gap_after);
        if r + y < rows {
            let row = r + y;
            // Past the end of a short row: the nearest cell on it.
            let line = l.lines.get(row)?;
            let edge = line.indent_col + line.width_col();
            let b = l.pos_to_byte(row, x).or_else(|| {
                (0..edge.max(x))
                    .rev()
                    .find_map(|c| l.pos_to_byte(row, c).filter(|_| x >= edge))
                    .or_else(|| (x..edge).find_map(|c| l.pos_to_byte(row, c)))
            })?;
            return Some(p.byte_range.start + b);
        }
        y -= rows - r;
        r = 0;
        i += 1;
    }
}

fn update_inner(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(ev) => {
            if ev.ctrl && ev.key == Key::Char('c') {
                return vec![Effect::Quit];
            }
            app.message = None;
            match app.mode {
                Mode::Help => help_key(app, ev),
                Mode::Search => search_key(app, ev),
                Mode::Select => app.select_key(ev),
                Mode::Label => app.label_key(ev),
                Mode::Note => {
                    let rtl = app.settings.order == Order::Visual
                        && app.editor.as_ref().is_some_and(|e| {
                            let r = e.line_range();
                            view::first_strong_dir(&e.text[r]).unwrap_or(app.doc_dir()) == Dir::Rtl
                        });
                    app.note_key(ev, rtl);
                }
                Mode::AnnotationList => app.list_key(ev),
                Mode::Normal => {
                    if let Some(cmd) = app.keymap.lookup(&ev) {
                        return command(app, cmd);
                    }
                }
            }
            Vec::new()
        }
        Action::Mouse(m) => {
            match m {
                Mouse::WheelUp | Mouse::WheelDown => {
                    let delta = if m == Mouse::WheelUp { -3 } else { 3 };
                    app.with_view(|v, t| v.scroll_by(t, delta));
                }
                Mouse::Down { col, row } => {
                    if matches!(app.mode, Mode::Normal | Mode::Select)
                        && let Some(b) = byte_at_screen(app, col, row)
                    {
                        app.begin_selection(b);
                    }
                }
                Mouse::Drag { col, row } => {
                    if app.mode == Mode::Select
                        && let Some(b) = byte_at_screen(app, col, row)
                        && let Some(sel) = app.selection.as_mut()
                    {
                        sel.cursor_byte = b;
                    }
                }
            }
            Vec::new()
        }
        Action::Resize { cols, rows } => {
            app.cols = cols;
            app.rows = rows;
            app.relayout();
            Vec::new()
        }
        Action::Command(cmd) => command(app, cmd),
        Action::Message(m) => {
            app.message = Some(m);
            Vec::new()
        }
        Action::EntitiesReady {
            article_id,
            entities,
        } => {
            if article_id == app.article().id {
                // A second answer for the same document (after the user taught a name) keeps
                // the pane's selection on the same entity.
                let selected = app
                    .ents
                    .groups
                    .get(app.entity_sel)
                    .map(|g| (g.kind.clone(), g.key.clone()));
                app.entities = entities;
                app.entities.sort_by_key(|e| e.byte_range.start);
                entities::entities_ready(app);
                app.entity_sel = selected
                    .and_then(|(kind, key)| {
                        app.ents
                            .groups
                            .iter()
                            .position(|g| g.kind == kind && g.key == key)
                    })
                    .unwrap_or(0);
            }
            Vec::new()
        }
        Action::RejectionsReady {
            article_id,
            rejected,
        } => {
            entities::rejections_ready(app, &article_id, rejected);
            Vec::new()
        }
        Action::NotesReady { article_id, notes } => {
            if article_id == app.article().id {
                let keep = app
                    .pending_sel_id
                    .take()
                    .or_else(|| app.notes.get(app.note_sel).map(|n| n.id));
                app.notes = notes;
                // Reading order; orphans (not placed in this text) last.
                app.notes.sort_by_key(|n| {
                    (
                        n.orphaned,
                        n.byte_range.start,
                        std::cmp::Reverse(n.byte_range.end),
                        n.id,
                    )
                });
                app.note_sel = keep
                    .and_then(|id| app.notes.iter().position(|n| n.id == id))
                    .unwrap_or(0)
                    .min(app.notes.len().saturating_sub(1));
            }
            Vec::new()
        }
        Action::StoreDone(result) => {
            app.store_done(result);
            Vec::new()
        }
        Action::ReadingPosition { article_id, byte } => {
            if article_id == app.article().id && app.view.top == view::Pos::default() {
                app.with_view(|v, t| v.goto_byte(t, byte, 0));
            }
            Vec::new()
        }
        Action::StoreUnavailable(e) => {
            app.message = Some(format!("read-only (annotations not saved): {e}"));
            app.store_error = Some(e);
            Vec::new()
        }
        Action::DocumentLoaded { head_id, result } => {
            entities::document_loaded(app, &head_id, result);
            Vec::new()
        }
        Action::EntitiesAccepted {
            article_id,
            count,
            error,
        } => {
            if article_id == app.article().id {
                entities::accepted(app, count, error);
            }
            Vec::new()
        }
    }
}

fn help_key(app: &mut App, ev: KeyEvent) {
    match app.keymap.lookup(&ev) {
        Some(Command::ScrollDown) => app.help_scroll += 1,
        Some(Command::ScrollUp) => app.help_scroll = app.help_scroll.saturating_sub(1),
        Some(Command::Help | Command::Quit) => app.mode = Mode::Normal,
        _ if ev.key == Key::Esc => app.mode = Mode::Normal,
        _ => {}
    }
}

/// The input's direction: its first strong letter's, else the document's.
pub fn input_dir(app: &App) -> Dir {
    view::first_strong_dir(&app.search.input.text).unwrap_or(app.doc_dir())
}

fn search_key(app: &mut App, ev: KeyEvent) {
    let rtl = input_dir(app) == Dir::Rtl && app.settings.order == Order::Visual;
    let input = &mut app.search.input;
    let mut edited = false;
    match ev.key {
        Key::Esc => {
            input.clear();
            app.search.matches.clear();
            app.search.current = None;
            app.mode = Mode::Normal;
            let origin = app.search_origin_byte;
            app.with_view(|v, t| v.goto_byte(t, origin, 0));
            return;
        }
        Key::Enter => {
            app.mode = Mode::Normal;
            let origin = app.search_origin_byte;
            if let Some(m) = app.search.select_from(origin) {
                app.reveal_byte(m.start);
            } else if !app.search.input.text.is_empty() {
                app.message = Some(format!("Not found: {}", app.search.input.text));
            }
            return;
        }
        Key::Backspace if ev.ctrl => {
            input.clear();
            edited = true;
        }
        Key::Backspace => {
            input.backspace();
            edited = true;
        }
        Key::Delete => {
            input.delete();
            edited = true;
        }
        // Arrows move visually: in an RTL input, Left goes towards the end of the text.
        Key::Left if rtl => input.forward(),
        Key::Right if rtl => input.backward(),
        Key::Left => input.backward(),
        Key::Right => input.forward(),
        Key::Home => input.home(),
        Key::End => input.end(),
        Key::Char('u') if ev.ctrl => {
            input.clear();
            edited = true;
        }
        Key::Char(c) if !ev.ctrl && !ev.alt && !c.is_control() => {
            input.insert(c);
            edited = true;
        }
        _ => {}
    }
    if edited {
        let text = std::mem::take(&mut app.docs[app.current].text);
        app.search.run(&text);
        app.docs[app.current].text = text;
        // Incremental: show the first match after where the search started.
        if let Some(m) = app.search.select_from(app.search_origin_byte) {
            app.reveal_byte(m.start);
        }
    }
}

fn list_len(app: &App, pane: Pane) -> usize {
    match pane {
        Pane::Article => 0,
        Pane::Library => app.docs.len(),
        Pane::Entities => app.entities.len(),
        Pane::Notes => app.notes.len(),
    }
}

fn move_selection(app: &mut App, delta: isize) {
    let len = list_len(app, app.focus);
    let sel = match app.focus {
        Pane::Library => &mut app.library_sel,
        Pane::Entities => &mut app.entity_sel,
        Pane::Notes => &mut app.note_sel,
        Pane::Article => return,
    };
    if len == 0 {
        *sel = 0;
        return;
    }
    *sel = sel.saturating_add_signed(delta).min(len - 1);
    let target = match app.focus {
        Pane::Entities => app.entities.get(app.entity_sel).map(|e| e.byte_range.start),
        Pane::Notes => app.notes.get(app.note_sel).map(|n| n.byte_range.start),
        _ => None,
    };
    if let Some(byte) = target {
        app.reveal_byte(byte);
    }
}

fn cycle_focus(app: &mut App, forward: bool) {
    let order = Pane::ORDER;
    let at = order.iter().position(|p| *p == app.focus).unwrap_or(0);
    for step in 1..=order.len() {
        let i = if forward {
            (at + step) % order.len()
        } else {
            (at + order.len() - step) % order.len()
        };
        if app.visible(order[i]) {
            app.focus = order[i];
            return;
        }
    }
}

fn command(app: &mut App, cmd: Command) -> Vec<Effect> {
    let h = app.view.height;
    let in_list = app.focus != Pane::Article;
    if let Some(effects) = entities::command(app, cmd) {
        return effects;
    }
    match cmd {
        Command::Quit => return vec![Effect::Quit],
        Command::ScrollDown if in_list => move_selection(app, 1),
        Command::ScrollUp if in_list => move_selection(app, -1),
        Command::PageDown if in_list => move_selection(app, 10),
        Command::PageUp if in_list => move_selection(app, -10),
        Command::Top if in_list => move_selection(app, isize::MIN / 2),
        Command::Bottom if in_list => move_selection(app, isize::MAX / 2),
        Command::ScrollDown => app.with_view(|v, t| v.scroll_by(t, 1)),
        Command::ScrollUp => app.with_view(|v, t| v.scroll_by(t, -1)),
        Command::PageDown => app.with_view(|v, t| v.scroll_by(t, page(h))),
        Command::PageUp => app.with_view(|v, t| v.scroll_by(t, -page(h))),
        Command::HalfPageDown => app.with_view(|v, t| v.scroll_by(t, half(h))),
        Command::HalfPageUp => app.with_view(|v, t| v.scroll_by(t, -half(h))),
        Command::Top => app.with_view(|v, _| v.top = view::Pos::default()),
        Command::Bottom => app.with_view(|v, t| v.top = v.max_top(t)),
        Command::NextParagraph => app.with_view(|v, _| {
            v.top = view::Pos {
                para: v.top.para + 1,
                row: 0,
            };
        }),
        Command::PrevParagraph => app.with_view(|v, _| {
            let para = if v.top.row > 0 {
                v.top.para
            } else {
                v.top.para.saturating_sub(1)
            };
            v.top = view::Pos { para, row: 0 };
        }),
        Command::NextDocument => {
            if app.current + 1 < app.docs.len() {
                app.open_doc(app.current + 1);
            } else {
                app.message = Some("Last document".into());
            }
        }
        Command::PrevDocument => {
            if app.current > 0 {
                app.open_doc(app.current - 1);
            } else {
                app.message = Some("First document".into());
            }
        }
        Command::Open => {
            if app.focus == Pane::Library {
                app.open_doc(app.library_sel);
                app.focus = Pane::Article;
            } else if app.focus == Pane::Notes {
                match app.notes.get(app.note_sel) {
                    Some(n) if n.orphaned => {
                        app.message =
                            Some("orphaned: its text is no longer in the document".into());
                    }
                    Some(n) => {
                        let b = n.byte_range.start;
                        app.focus = Pane::Article;
                        app.reveal_byte(b);
                    }
                    None => {}
                }
            }
        }
        Command::Search => {
            app.mode = Mode::Search;
            app.search_origin_byte = app.view.top_byte();
            app.search.input.clear();
            app.search.matches.clear();
            app.search.current = None;
        }
        Command::NextMatch | Command::PrevMatch => {
            let fwd = cmd == Command::NextMatch;
            match app.search.step(fwd) {
                Some(m) => app.reveal_byte(m.start),
                None => app.message = Some("No search (press / to search)".into()),
            }
        }
        Command::FocusNext => cycle_focus(app, true),
        Command::FocusPrev => cycle_focus(app, false),
        Command::ToggleLibrary => {
            app.wishes.library = !app.wishes.library;
            app.relayout();
        }
        Command::ToggleEntities => {
            app.wishes.entities = !app.wishes.entities;
            app.relayout();
        }
        Command::ToggleNotes => {
            app.wishes.notes = !app.wishes.notes;
            app.relayout();
        }
        Command::ToggleShaping => {
            app.settings.shaping = app.settings.shaping.cycle();
            app.relayout();
        }
        Command::ToggleOrder => {
            app.settings.order = match app.settings.order {
                Order::Visual => Order::Logical,
                Order::Logical => Order::Visual,
            };
            app.relayout();
        }
        Command::ToggleControls => {
            let mut opts = app.view.opts;
            opts.reveal_controls = !opts.reveal_controls;
            app.with_view(|v, t| v.set_opts(t, opts));
            app.relayout();
        }
        Command::ToggleWidth => {
            app.settings.limit_width = !app.settings.limit_width;
            app.relayout();
        }
        Command::Help => {
            app.mode = Mode::Help;
            app.help_scroll = 0;
        }
        // Handled by `entities::command` above.
        Command::ToggleHighlight
        | Command::ToggleKind(_)
        | Command::ToggleSelectedKind
        | Command::NextMention
        | Command::PrevMention
        | Command::AcceptEntity
        | Command::AcceptEntityAll
        | Command::RejectEntity => {}
        other => {
            app.annotation_command(other);
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(cols: u16, rows: u16) -> App {
        let mut app = App::new(Vec::new(), Settings::default(), KeyMap::default_map());
        update(&mut app, Action::Resize { cols, rows });
        app
    }

    fn key(c: char) -> Action {
        Action::Key(KeyEvent::plain(Key::Char(c)))
    }

    #[test]
    fn scrolling_stays_in_bounds_and_reaches_the_end() {
        let mut a = app(60, 12);
        assert_eq!(a.view.top, view::Pos::default());
        update(&mut a, key('j'));
        assert_eq!(a.view.top.row + a.view.top.para, 1);
        update(&mut a, key('G'));
        assert!(a.view.at_end);
        assert_eq!(a.view.percent(), 100);
        let end = a.view.top;
        update(&mut a, key('j'));
        assert_eq!(a.view.top, end);
        update(&mut a, key('g'));
        assert_eq!(a.view.top, view::Pos::default());
        update(&mut a, Action::Command(Command::PageUp));
        assert_eq!(a.view.top, view::Pos::default());
        update(&mut a, key('}'));
        assert_eq!(a.view.top, view::Pos { para: 1, row: 0 });
        update(&mut a, key('{'));
        assert_eq!(a.view.top, view::Pos::default());
    }

    #[test]
    fn search_counts_and_steps_and_escape_restores() {
        let mut a = app(80, 24);
        update(&mut a, key('/'));
        assert_eq!(a.mode, Mode::Search);
        for c in "قزاقستان".chars() {
            update(&mut a, key(c));
        }
        let n = a.search.matches.len();
        assert!(n >= 9, "{n}");
        update(&mut a, Action::Key(KeyEvent::plain(Key::Enter)));
        assert_eq!(a.mode, Mode::Normal);
        assert_eq!(a.search.current, Some(0));
        update(&mut a, key('n'));
        assert_eq!(a.search.current, Some(1));
        update(&mut a, key('N'));
        update(&mut a, key('N'));
        assert_eq!(a.search.current, Some(n - 1));
        update(&mut a, key('/'));
        update(&mut a, key('x'));
        update(&mut a, Action::Key(KeyEvent::plain(Key::Esc)));
        assert!(a.search.matches.is_empty());
    }

    #[test]
    fn ctrl_c_quits_in_every_mode_and_focus_skips_hidden_panes() {
        let mut a = app(40, 12);
        update(&mut a, key('/'));
        assert_eq!(
            update(&mut a, Action::Key(KeyEvent::ctrl('c'))),
            vec![Effect::Quit]
        );
        a.mode = Mode::Normal;
        update(&mut a, Action::Command(Command::FocusNext));
        assert_eq!(a.focus, Pane::Article, "only the article fits at 40x12");
        update(
            &mut a,
            Action::Resize {
                cols: 200,
                rows: 50,
            },
        );
        update(&mut a, Action::Command(Command::FocusNext));
        assert_eq!(a.focus, Pane::Library);
        update(&mut a, Action::Command(Command::FocusPrev));
        update(&mut a, Action::Command(Command::FocusPrev));
        assert_eq!(a.focus, Pane::Notes);
    }

    #[test]
    fn toggles_and_tiny_sizes_never_panic() {
        let mut a = app(80, 24);
        for c in "sorw123sorw".chars() {
            update(&mut a, key(c));
        }
        for (c, r) in [
            (1, 1),
            (10, 3),
            (0, 0),
            (19, 4),
            (20, 4),
            (300, 100),
            (40, 12),
        ] {
            update(&mut a, Action::Resize { cols: c, rows: r });
            for k in "jGkg}{ ".chars() {
                update(&mut a, key(k));
            }
        }
    }

    #[test]
    fn entities_for_another_document_are_ignored() {
        let mut a = app(80, 24);
        let e = EntityItem {
            byte_range: 0..4,
            label: "PER".into(),
            ..Default::default()
        };
        update(
            &mut a,
            Action::EntitiesReady {
                article_id: "other".into(),
                entities: vec![e.clone()],
            },
        );
        assert!(a.entities.is_empty());
        let id = a.article().id.clone();
        update(
            &mut a,
            Action::EntitiesReady {
                article_id: id,
                entities: vec![e],
            },
        );
        assert_eq!(a.entities.len(), 1);
    }
}
