//! Annotating in the reader: selection mode, label keys, the note editor, undo/redo, and the
//! messages exchanged with the store.
//!
//! The app never touches the store: it emits [`StoreOp`]s (as `Effect::Store`) and learns the
//! outcome from `Action::StoreDone` after the store has committed. That is why the status bar
//! can promise "saved" only when it is true, and why undo history only records changes the
//! store confirmed.

use std::ops::Range;

use crate::annotations::{Annotation, NewAnnotation};
use crate::store::{AnnotationChange, DocInfo, Filter};

use super::keymap::{BindMode, Command, Key, KeyEvent};
use super::selection::Selection;
use super::{App, Effect, Mode, NoteItem, Pane};
use crate::app::search::LineInput;

/// A change the store confirmed, as kept in the undo/redo history.
// Messages pass once per event or store write: their size does not matter, boxing would only
// make matching noisier.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Created(Annotation),
    Deleted(Annotation),
    Updated {
        before: Annotation,
        after: Annotation,
    },
    /// A recognised entity rejected for a document (undo takes the rejection back).
    Rejected(Rejection),
}

/// A recognised entity the reader said is wrong, for one document: its kind code and
/// normalised key (every mention of it is hidden).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub doc_id: String,
    pub kind: String,
    pub key: String,
    /// How it reads in the text, for messages.
    pub display: String,
}

impl Change {
    pub fn doc_id(&self) -> &str {
        match self {
            Change::Created(a) | Change::Deleted(a) => &a.doc_id,
            Change::Updated { after, .. } => &after.doc_id,
            Change::Rejected(r) => &r.doc_id,
        }
    }
}

/// Work for the store (run by the tui's store thread).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreOp {
    Create(NewAnnotation),
    Update {
        id: i64,
        change: AnnotationChange,
    },
    Delete {
        id: i64,
    },
    /// Apply the inverse of a change (delete a creation, restore a deletion or an old state).
    Undo(Change),
    /// Apply a change again.
    Redo(Change),
    SetReadingPosition {
        doc_id: String,
        byte: usize,
    },
    /// Every annotation in the store matching a filter (the library-wide list).
    ListAll(Filter),
    /// Remember a rejected entity (answered by `Applied(Change::Rejected)`).
    RejectEntity(Rejection),
}

/// What the store did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// A user's change, committed.
    Applied(Change),
    Undone(Change),
    Redone(Change),
    PositionSaved,
    Listed(Vec<(DocInfo, Annotation)>),
}

/// What a label key applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelTarget {
    /// A new annotation over this absolute byte range.
    New(Range<usize>),
    /// An existing annotation (relabel).
    Existing(i64),
}

/// What the note editor saves into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteTarget {
    New {
        byte_range: Range<usize>,
        label: String,
    },
    Existing(i64),
}

/// A small multi-line text buffer for notes: one string with `\n`, a cursor byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEditor {
    pub text: String,
    pub cursor_byte: usize,
    pub target: NoteTarget,
}

impl NoteEditor {
    /// Byte range of the line holding the cursor.
    pub fn line_range(&self) -> Range<usize> {
        let start = self.text[..self.cursor_byte]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let end = self.text[self.cursor_byte..]
            .find('\n')
            .map_or(self.text.len(), |i| self.cursor_byte + i);
        start..end
    }

    /// The cursor's line as a one-line input (for bidi-aware drawing and motion).
    pub fn line_input(&self) -> (Range<usize>, LineInput) {
        let r = self.line_range();
        let input = LineInput {
            text: self.text[r.clone()].to_owned(),
            cursor_byte: self.cursor_byte - r.start,
        };
        (r, input)
    }

    fn with_line(&mut self, f: impl FnOnce(&mut LineInput)) {
        let (r, mut input) = self.line_input();
        f(&mut input);
        self.text.replace_range(r.clone(), &input.text);
        self.cursor_byte = r.start + input.cursor_byte;
    }

    /// Move to the previous (`up`) or next line, at the same char column as far as possible.
    fn vertical(&mut self, up: bool) {
        let r = self.line_range();
        let col_char = self.text[r.start..self.cursor_byte].chars().count();
        let target = if up {
            if r.start == 0 {
                return;
            }
            let end = r.start - 1;
            let start = self.text[..end].rfind('\n').map_or(0, |i| i + 1);
            start..end
        } else {
            if r.end >= self.text.len() {
                return;
            }
            let start = r.end + 1;
            let end = self.text[start..]
                .find('\n')
                .map_or(self.text.len(), |i| start + i);
            start..end
        };
        let line = &self.text[target.clone()];
        self.cursor_byte = target.start
            + line
                .char_indices()
                .nth(col_char)
                .map_or(line.len(), |(b, _)| b);
    }
}

/// One row of the library-wide annotation list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryNote {
    pub doc_title: String,
    pub doc_id: String,
    pub doc_path: Option<std::path::PathBuf>,
    pub note: NoteItem,
}

/// State of the library-wide annotation list overlay.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnotationList {
    pub filter: LineInput,
    /// Index into the label set; `None` = every label.
    pub label: Option<usize>,
    pub items: Vec<LibraryNote>,
    pub sel: usize,
}

impl From<&Annotation> for NoteItem {
    fn from(a: &Annotation) -> Self {
        NoteItem {
            id: a.id,
            byte_range: a.byte_range.clone(),
            label: Some(a.label.clone()),
            note: a.note.clone(),
            quote: a.quote.exact.clone(),
            orphaned: a.orphaned,
        }
    }
}

/// The keymap hint of the label keys, for the status bar.
pub fn label_hint(app: &App) -> String {
    let mut s: Vec<String> = app
        .labels
        .labels
        .iter()
        .map(|l| format!("{} {}", l.key, l.name))
        .collect();
    s.push("Shift+key +note".into());
    s.push("Esc back".into());
    s.join("  ")
}

impl App {
    /// Where selection starts: the current search match if on screen, else the selected
    /// annotation if on screen, else the start of the top row.
    fn selection_start(&mut self) -> usize {
        let top = self.view.top_byte();
        let text = std::mem::take(&mut self.docs[self.current].text);
        let below = self.view.byte_below_screen(&text);
        self.docs[self.current].text = text;
        let on_screen = |b: usize| b >= top && below.is_none_or(|e| b < e);
        if let Some(m) = self
            .search
            .current
            .and_then(|i| self.search.matches.get(i))
            .filter(|m| on_screen(m.start))
        {
            return m.start;
        }
        if let Some(n) = self
            .notes
            .get(self.note_sel)
            .filter(|n| !n.orphaned && on_screen(n.byte_range.start))
        {
            return n.byte_range.start;
        }
        top
    }

    /// The selected logical range, if selecting.
    pub fn selection_range(&self) -> Option<Range<usize>> {
        let sel = self.selection?;
        Some(sel.range(&self.view, &self.article().text))
    }

    /// Start selecting at absolute `byte` (mouse click, or `v`).
    pub fn begin_selection(&mut self, byte: usize) {
        self.selection = Some(Selection::at(byte));
        self.mode = Mode::Select;
        self.focus = Pane::Article;
    }

    pub(super) fn annotations_usable(&mut self) -> bool {
        if let Some(e) = &self.store_error {
            self.message = Some(format!("read-only: {e}"));
            return false;
        }
        true
    }

    /// The annotation commands of normal mode.
    pub(super) fn annotation_command(&mut self, cmd: Command) -> bool {
        match cmd {
            Command::SelectMode => {
                let b = self.selection_start();
                self.begin_selection(b);
            }
            Command::NextAnnotation | Command::PrevAnnotation => {
                self.step_annotation(cmd == Command::NextAnnotation);
            }
            Command::EditNote => {
                if let Some(n) = self.current_note() {
                    let text = n.note.clone();
                    let id = n.id;
                    if self.annotations_usable() {
                        self.mode = Mode::Note;
                        self.editor = Some(NoteEditor {
                            cursor_byte: text.len(),
                            text,
                            target: NoteTarget::Existing(id),
                        });
                    }
                }
            }
            Command::Relabel => {
                if let Some(id) = self.current_note().map(|n| n.id)
                    && self.annotations_usable()
                {
                    self.label_target = Some(LabelTarget::Existing(id));
                    self.mode = Mode::Label;
                }
            }
            Command::DeleteAnnotation => {
                if let Some(id) = self.current_note().map(|n| n.id)
                    && self.annotations_usable()
                {
                    self.outbox.push(Effect::Store(StoreOp::Delete { id }));
                    self.message = Some("deleting…".into());
                }
            }
            Command::Undo => match self.undo.pop() {
                Some(c) => self.outbox.push(Effect::Store(StoreOp::Undo(c))),
                None => self.message = Some("Nothing to undo".into()),
            },
            Command::Redo => match self.redo.pop() {
                Some(c) => self.outbox.push(Effect::Store(StoreOp::Redo(c))),
                None => self.message = Some("Nothing to redo".into()),
            },
            Command::AnnotationList => {
                self.mode = Mode::AnnotationList;
                self.request_list();
            }
            _ => return false,
        }
        true
    }

    /// The annotation the annotation commands act on: the one selected in the notes pane
    /// (moved by `m`/`M`, by the pane, and set to each new annotation).
    pub fn current_note(&mut self) -> Option<&NoteItem> {
        if self.notes.is_empty() {
            self.message = Some("No annotation here (m jumps to the next one)".into());
            return None;
        }
        self.notes.get(self.note_sel)
    }

    fn step_annotation(&mut self, forward: bool) {
        let placed: Vec<usize> = (0..self.notes.len())
            .filter(|&i| !self.notes[i].orphaned)
            .collect();
        if placed.is_empty() {
            self.message = Some("No annotations in this document".into());
            return;
        }
        let cur = self.note_sel;
        let next = if forward {
            placed
                .iter()
                .copied()
                .find(|&i| i > cur)
                .unwrap_or(placed[0])
        } else {
            placed
                .iter()
                .copied()
                .rev()
                .find(|&i| i < cur)
                .unwrap_or(placed[placed.len() - 1])
        };
        self.note_sel = next;
        if let Some(b) = self.notes.get(next).map(|n| n.byte_range.start) {
            self.reveal_byte(b);
        }
    }

    pub(super) fn select_key(&mut self, ev: KeyEvent) {
        let Some(mut sel) = self.selection else {
            self.mode = Mode::Normal;
            return;
        };
        let Some(cmd) = self.keymap.lookup_in(BindMode::Select, &ev) else {
            return;
        };
        let text = std::mem::take(&mut self.docs[self.current].text);
        match cmd {
            Command::SelLeft => sel.move_visual(&mut self.view, &text, -1),
            Command::SelRight => sel.move_visual(&mut self.view, &text, 1),
            Command::SelUp => sel.move_row(&mut self.view, &text, -1),
            Command::SelDown => sel.move_row(&mut self.view, &text, 1),
            Command::SelWordNext => sel.word_next(&self.view, &text),
            Command::SelWordPrev => sel.word_prev(&self.view, &text),
            Command::SelWordEnd => sel.word_end(&self.view, &text),
            Command::SelSentenceNext => sel.sentence_next(&self.view, &text),
            Command::SelSentencePrev => sel.sentence_prev(&self.view, &text),
            Command::SelParagraph => sel.paragraph(&self.view, &text),
            Command::SelSwap => std::mem::swap(&mut sel.anchor_byte, &mut sel.cursor_byte),
            Command::SelToggleSnap => sel.snap = !sel.snap,
            Command::SelLabel => {
                let r = sel.range(&self.view, &text);
                if r.is_empty() {
                    self.message = Some("Empty selection".into());
                } else {
                    self.label_target = Some(LabelTarget::New(r));
                    self.mode = Mode::Label;
                }
            }
            Command::SelCancel => {
                self.selection = None;
                self.mode = Mode::Normal;
            }
            _ => {}
        }
        self.docs[self.current].text = text;
        if self.selection.is_some() {
            self.selection = Some(sel);
            self.reveal_byte(sel.cursor_byte);
        }
    }

    pub(super) fn label_key(&mut self, ev: KeyEvent) {
        let Some(target) = self.label_target.clone() else {
            self.mode = Mode::Normal;
            return;
        };
        let back = || {
            if matches!(target, LabelTarget::New(_)) {
                Mode::Select
            } else {
                Mode::Normal
            }
        };
        let Key::Char(c) = ev.key else {
            if ev.key == Key::Esc {
                self.mode = back();
                self.label_target = None;
            }
            return;
        };
        if ev.ctrl || ev.alt {
            return;
        }
        let with_note = c.is_uppercase();
        let lower = c.to_lowercase().next().unwrap_or(c);
        let label = self
            .labels
            .by_key(c)
            .or_else(|| with_note.then(|| self.labels.by_key(lower)).flatten())
            .map(|l| l.name.clone());
        let Some(label) = label else {
            self.message = Some(format!("No label on {c:?}: {}", label_hint(self)));
            return;
        };
        let with_note = with_note && self.labels.by_key(c).is_none();
        if !self.annotations_usable() {
            self.mode = back();
            return;
        }
        self.label_target = None;
        match target {
            LabelTarget::New(byte_range) => {
                self.selection = None;
                if with_note {
                    self.mode = Mode::Note;
                    self.editor = Some(NoteEditor {
                        text: String::new(),
                        cursor_byte: 0,
                        target: NoteTarget::New { byte_range, label },
                    });
                } else {
                    self.mode = Mode::Normal;
                    self.save_new(byte_range, label, String::new());
                }
            }
            LabelTarget::Existing(id) => {
                self.mode = Mode::Normal;
                self.outbox.push(Effect::Store(StoreOp::Update {
                    id,
                    change: AnnotationChange {
                        label: Some(label),
                        ..Default::default()
                    },
                }));
                self.message = Some("saving…".into());
            }
        }
    }

    fn save_new(&mut self, byte_range: Range<usize>, label: String, note: String) {
        let doc_id = self.article().id.clone();
        self.outbox
            .push(Effect::Store(StoreOp::Create(NewAnnotation {
                doc_id,
                byte_range,
                label,
                note,
            })));
        self.message = Some("saving…".into());
    }

    pub(super) fn note_key(&mut self, ev: KeyEvent, rtl_line: bool) {
        let Some(ed) = self.editor.as_mut() else {
            self.mode = Mode::Normal;
            return;
        };
        match ev.key {
            Key::Esc => {
                self.editor = None;
                self.mode = Mode::Normal;
                self.message = Some("note discarded".into());
            }
            Key::Char('s') if ev.ctrl => {
                let Some(ed) = self.editor.take() else { return };
                self.mode = Mode::Normal;
                match ed.target {
                    NoteTarget::New { byte_range, label } => {
                        self.save_new(byte_range, label, ed.text);
                    }
                    NoteTarget::Existing(id) => {
                        self.outbox.push(Effect::Store(StoreOp::Update {
                            id,
                            change: AnnotationChange {
                                note: Some(ed.text),
                                ..Default::default()
                            },
                        }));
                        self.message = Some("saving…".into());
                    }
                }
            }
            Key::Enter => {
                ed.text.insert(ed.cursor_byte, '\n');
                ed.cursor_byte += 1;
            }
            Key::Backspace if ed.cursor_byte > 0 && ed.line_range().start == ed.cursor_byte => {
                // Join with the previous line.
                ed.text.remove(ed.cursor_byte - 1);
                ed.cursor_byte -= 1;
            }
            Key::Delete
                if ed.cursor_byte < ed.text.len() && ed.line_range().end == ed.cursor_byte =>
            {
                ed.text.remove(ed.cursor_byte);
            }
            Key::Backspace => ed.with_line(LineInput::backspace),
            Key::Delete => ed.with_line(LineInput::delete),
            // Arrows move visually: in a right-to-left line, Left goes towards its end.
            Key::Left if rtl_line => ed.with_line(LineInput::forward),
            Key::Right if rtl_line => ed.with_line(LineInput::backward),
            Key::Left => ed.with_line(LineInput::backward),
            Key::Right => ed.with_line(LineInput::forward),
            Key::Home => ed.with_line(LineInput::home),
            Key::End => ed.with_line(LineInput::end),
            Key::Up => ed.vertical(true),
            Key::Down => ed.vertical(false),
            Key::Char(c) if !ev.ctrl && !ev.alt && !c.is_control() => {
                ed.with_line(|i| i.insert(c));
            }
            _ => {}
        }
    }

    /// Ask the store for the library-wide list with the current filter.
    pub(super) fn request_list(&mut self) {
        let label = self
            .list
            .label
            .and_then(|i| self.labels.labels.get(i))
            .map(|l| l.name.clone());
        let text = Some(self.list.filter.text.clone()).filter(|t| !t.is_empty());
        self.outbox
            .push(Effect::Store(StoreOp::ListAll(Filter { label, text })));
    }

    pub(super) fn list_key(&mut self, ev: KeyEvent) {
        let input = &mut self.list.filter;
        let mut refilter = false;
        match ev.key {
            Key::Esc => self.mode = Mode::Normal,
            Key::Down => {
                self.list.sel = (self.list.sel + 1).min(self.list.items.len().saturating_sub(1));
            }
            Key::Up => self.list.sel = self.list.sel.saturating_sub(1),
            Key::Tab | Key::BackTab => {
                let n = self.labels.labels.len();
                self.list.label = match (self.list.label, ev.key == Key::Tab) {
                    (None, true) => Some(0).filter(|_| n > 0),
                    (Some(i), true) => Some(i + 1).filter(|&j| j < n),
                    (None, false) => n.checked_sub(1),
                    (Some(i), false) => i.checked_sub(1),
                };
                refilter = true;
            }
            Key::Enter => {
                if let Some(item) = self.list.items.get(self.list.sel).cloned() {
                    self.mode = Mode::Normal;
                    self.open_library_note(&item);
                }
            }
            Key::Backspace => {
                input.backspace();
                refilter = true;
            }
            Key::Char(c) if !ev.ctrl && !ev.alt && !c.is_control() => {
                input.insert(c);
                refilter = true;
            }
            _ => {}
        }
        if refilter {
            self.request_list();
        }
    }

    fn open_library_note(&mut self, item: &LibraryNote) {
        let idx = self
            .docs
            .iter()
            .position(|d| d.id == item.doc_id)
            .or_else(|| {
                let path = item.doc_path.as_ref()?;
                self.docs
                    .iter()
                    .position(|d| matches!(&d.source, crate::article::Source::Path(p) if p == path))
            });
        match idx {
            Some(i) => {
                if i != self.current {
                    self.open_doc(i);
                }
                self.pending_sel_id = Some(item.note.id);
                self.focus = Pane::Article;
                if !item.note.orphaned {
                    self.reveal_byte(item.note.byte_range.start);
                }
                if let Some(k) = self.notes.iter().position(|n| n.id == item.note.id) {
                    self.note_sel = k;
                }
            }
            None => {
                self.message = Some(format!(
                    "{} is not open in this session (open it: matn {})",
                    item.doc_title,
                    item.doc_path
                        .as_ref()
                        .map_or_else(|| "FILE".to_owned(), |p| p.display().to_string())
                ));
            }
        }
    }

    /// The store answered.
    /// Show a stored rejection (or its undoing): hide or show that entity's mentions. Only after
    /// the store has committed it, like every other change.
    fn apply_rejection(&mut self, change: &Change, rejected: bool) {
        let Change::Rejected(r) = change else {
            return;
        };
        let key = (r.doc_id.clone(), r.kind.clone(), r.key.clone());
        if rejected {
            self.ents.rejected.insert(key);
        } else {
            self.ents.rejected.remove(&key);
        }
        super::entities::rebuild(self);
    }

    /// A committed annotation labelled with an entity name kind (PER, LOC, ORG, NORP, EVENT)
    /// teaches the recogniser that name: recognise the shown document again, so its other
    /// mentions light up (the worker learns every such annotation from the store first).
    fn relearn_if_named(&mut self, change: &Change) {
        let label = match change {
            Change::Created(a) => &a.label,
            Change::Updated { after, .. } => &after.label,
            _ => return,
        };
        if crate::entities::EntityKind::from_code(label).is_some_and(|k| k.is_name())
            && change.doc_id() == self.article().id
        {
            self.ents.requested = None;
        }
    }

    pub(super) fn store_done(&mut self, result: Result<Done, String>) {
        match result {
            Ok(Done::Applied(change)) => {
                self.message = Some(match &change {
                    Change::Created(a) => {
                        self.pending_sel_id = Some(a.id);
                        format!("saved {} «{}»", a.label, short(&a.quote.exact))
                    }
                    Change::Deleted(a) => {
                        format!("deleted {} «{}» (u undoes)", a.label, short(&a.quote.exact))
                    }
                    Change::Updated { after, .. } => {
                        self.pending_sel_id = Some(after.id);
                        format!("saved {} «{}»", after.label, short(&after.quote.exact))
                    }
                    Change::Rejected(r) => {
                        format!(
                            "rejected {} «{}» in this document, saved (u undoes)",
                            r.kind,
                            short(&r.display)
                        )
                    }
                });
                self.apply_rejection(&change, true);
                self.relearn_if_named(&change);
                self.undo.push(change);
                self.redo.clear();
            }
            Ok(Done::Undone(change)) => {
                self.message = Some("undone (saved)".into());
                self.apply_rejection(&change, false);
                self.redo.push(change);
            }
            Ok(Done::Redone(change)) => {
                self.message = Some("redone (saved)".into());
                self.apply_rejection(&change, true);
                self.undo.push(change);
            }
            Ok(Done::PositionSaved) => {}
            Ok(Done::Listed(rows)) => {
                self.list.items = rows
                    .iter()
                    .map(|(d, a)| LibraryNote {
                        doc_title: d
                            .title
                            .clone()
                            .or_else(|| {
                                d.source_path
                                    .as_ref()
                                    .and_then(|p| p.file_name())
                                    .map(|n| n.to_string_lossy().into_owned())
                            })
                            .unwrap_or_else(|| d.id.chars().take(8).collect()),
                        doc_id: d.id.clone(),
                        doc_path: d.source_path.clone(),
                        note: NoteItem::from(a),
                    })
                    .collect();
                self.list.sel = self.list.sel.min(self.list.items.len().saturating_sub(1));
            }
            Err(e) => self.message = Some(format!("NOT saved: {e}")),
        }
    }
}

/// A quote shortened for the status bar.
fn short(s: &str) -> String {
    let one_line = s.replace('\n', " ");
    if one_line.chars().count() > 24 {
        let mut t: String = one_line.chars().take(23).collect();
        t.push('…');
        t
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::KeyMap;
    use crate::app::{Action, update};
    use crate::article::{Article, Source};
    use crate::config::Settings;

    const MIXED: &str = "سلام world 123 دنیا و Tehran 2025.";

    fn app_with(text: &str) -> App {
        let doc = Article::from_plain_text(text.to_owned(), Source::Stdin);
        let mut app = App::new(vec![doc], Settings::default(), KeyMap::default_map());
        update(
            &mut app,
            Action::Resize {
                cols: 100,
                rows: 20,
            },
        );
        app
    }

    fn key(c: char) -> Action {
        Action::Key(KeyEvent::plain(Key::Char(c)))
    }

    fn selected(app: &App) -> String {
        let r = app.selection_range().expect("selecting");
        app.article().text[r].to_owned()
    }

    /// Absolute screen cell where the layout draws absolute `byte`.
    fn screen_of(app: &App, byte: usize) -> (u16, u16) {
        let p = &app.view.paras[app.view.para_at_byte(byte)];
        let l = p.layout(&app.view.opts).expect("laid out");
        let (row, col) = l.byte_to_pos(byte - p.byte_range.start).expect("drawn");
        let a = app.text_area;
        (
            a.x + u16::try_from(col).unwrap(),
            a.y + u16::try_from(row).unwrap(),
        )
    }

    #[test]
    fn word_motions_select_logical_words_in_mixed_text() {
        let mut a = app_with(MIXED);
        update(&mut a, key('v'));
        assert_eq!(a.mode, Mode::Select);
        assert_eq!(selected(&a), "سلام", "snapped to the first word");
        update(&mut a, key('w'));
        assert_eq!(selected(&a), "سلام world");
        update(&mut a, key('w'));
        assert_eq!(selected(&a), "سلام world 123");
        update(&mut a, key('o'));
        update(&mut a, key('w'));
        assert_eq!(selected(&a), "world 123", "the other end moved");
        update(&mut a, key('o'));
        update(&mut a, key('e'));
        assert_eq!(
            selected(&a),
            "world 123",
            "e: to the end of the current word"
        );
        update(&mut a, key('e'));
        assert_eq!(selected(&a), "world 123 دنیا");
        update(&mut a, key('b'));
        assert_eq!(
            selected(&a),
            "world 123 دنیا",
            "back to the start of the same word"
        );
        update(&mut a, key('b'));
        assert_eq!(selected(&a), "world 123");
        // Exact mode: single graphemes, no snapping.
        update(&mut a, key('g'));
        assert_eq!(selected(&a), "world 1");
        update(&mut a, key(')'));
        assert_eq!(selected(&a), "world 123 دنیا و Tehran 2025.");
        update(&mut a, key('p'));
        assert_eq!(selected(&a), MIXED);
    }

    #[test]
    fn label_key_saves_the_logical_range_and_saved_only_after_the_store() {
        let mut a = app_with(MIXED);
        update(&mut a, key('v'));
        update(&mut a, key('w'));
        update(&mut a, key('w'));
        let start = MIXED.find("world").unwrap();
        let range = start..start + "world 123".len();
        // Move the anchor to "world": o, w, o.
        update(&mut a, key('o'));
        update(&mut a, key('w'));
        update(&mut a, key('o'));
        assert_eq!(a.selection_range(), Some(range.clone()));
        update(&mut a, Action::Key(KeyEvent::plain(Key::Enter)));
        assert_eq!(a.mode, Mode::Label);
        let fx = update(&mut a, key('l'));
        let doc_id = a.article().id.clone();
        assert_eq!(
            fx,
            vec![Effect::Store(StoreOp::Create(NewAnnotation {
                doc_id: doc_id.clone(),
                byte_range: range.clone(),
                label: "LOC".into(),
                note: String::new(),
            }))]
        );
        assert_eq!(a.mode, Mode::Normal);
        assert!(
            !a.message.as_deref().unwrap_or("").starts_with("saved"),
            "no 'saved' before the store answered"
        );
        let ann = Annotation {
            id: 7,
            doc_id,
            byte_range: range.clone(),
            char_range: 5..14,
            quote: crate::annotations::Quote::from_text(MIXED, range.clone()),
            label: "LOC".into(),
            note: String::new(),
            created: 0,
            updated: 0,
            orphaned: false,
        };
        update(
            &mut a,
            Action::StoreDone(Ok(Done::Applied(Change::Created(ann.clone())))),
        );
        assert!(a.message.as_deref().unwrap().starts_with("saved LOC"));
        assert_eq!(a.undo.len(), 1);
        let fx = update(&mut a, key('u'));
        assert_eq!(
            fx,
            vec![Effect::Store(StoreOp::Undo(Change::Created(ann.clone())))]
        );
        update(
            &mut a,
            Action::StoreDone(Ok(Done::Undone(Change::Created(ann.clone())))),
        );
        let fx = update(&mut a, Action::Key(KeyEvent::ctrl('r')));
        assert_eq!(fx, vec![Effect::Store(StoreOp::Redo(Change::Created(ann)))]);
        // A failed write says so.
        update(&mut a, Action::StoreDone(Err("disk full".into())));
        assert_eq!(a.message.as_deref(), Some("NOT saved: disk full"));
    }

    #[test]
    fn shifted_label_key_opens_the_note_editor_and_ctrl_s_saves_persian() {
        let mut a = app_with(MIXED);
        update(&mut a, key('v'));
        update(&mut a, key('a'));
        update(&mut a, key('P'));
        assert_eq!(a.mode, Mode::Note);
        for c in "یادداشت ۲".chars() {
            update(&mut a, key(c));
        }
        update(&mut a, Action::Key(KeyEvent::plain(Key::Enter)));
        update(&mut a, key('x'));
        let fx = update(&mut a, Action::Key(KeyEvent::ctrl('s')));
        match fx.as_slice() {
            [Effect::Store(StoreOp::Create(n))] => {
                assert_eq!(n.label, "PER");
                assert_eq!(n.note, "یادداشت ۲\nx");
                assert_eq!(&MIXED[n.byte_range.clone()], "سلام");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn mouse_click_and_drag_map_through_the_layout_to_a_logical_range() {
        let mut a = app_with(MIXED);
        let w = MIXED.find("world").unwrap();
        let three = MIXED.find("123").unwrap() + 2;
        let (x0, y0) = screen_of(&a, w);
        let (x1, y1) = screen_of(&a, three);
        update(
            &mut a,
            Action::Mouse(crate::app::Mouse::Down { col: x0, row: y0 }),
        );
        assert_eq!(a.mode, Mode::Select);
        update(
            &mut a,
            Action::Mouse(crate::app::Mouse::Drag { col: x1, row: y1 }),
        );
        assert_eq!(selected(&a), "world 123");
        // A click outside the text does nothing.
        let mut b = app_with(MIXED);
        update(
            &mut b,
            Action::Mouse(crate::app::Mouse::Down { col: 0, row: 19 }),
        );
        assert_eq!(b.mode, Mode::Normal);
    }

    #[test]
    fn arrows_move_visually_in_a_right_to_left_paragraph() {
        let mut a = app_with(MIXED);
        update(&mut a, key('v'));
        update(&mut a, key('g')); // exact graphemes
        assert_eq!(a.selection.unwrap().cursor_byte, 0);
        // The paragraph is RTL: its first letter is drawn rightmost; Left goes on into the word.
        update(&mut a, Action::Key(KeyEvent::plain(Key::Left)));
        assert_eq!(a.selection.unwrap().cursor_byte, "س".len());
        assert_eq!(selected(&a), "سل");
        // Right from the first letter: nothing further right on the row.
        update(&mut a, Action::Key(KeyEvent::plain(Key::Right)));
        update(&mut a, Action::Key(KeyEvent::plain(Key::Right)));
        assert_eq!(a.selection.unwrap().cursor_byte, 0);
        // Walking left across "سلام " reaches the LTR run at its logical *end* ("123"),
        // because "world 123" is drawn left to right inside the RTL line.
        // (سلام is 3 cells when shaped — lam-alef is one — and 4 unshaped.)
        for _ in 0..6 {
            update(&mut a, Action::Key(KeyEvent::plain(Key::Left)));
            if a.selection.unwrap().cursor_byte > "سلام ".len() {
                break;
            }
        }
        let b = a.selection.unwrap().cursor_byte;
        assert_eq!(&MIXED[b..b + 1], "3", "cursor at {b}");
        assert_eq!(selected(&a), "سلام world 123");
    }

    #[test]
    fn down_and_right_off_the_row_end_continue_on_the_next_row() {
        let text: Vec<String> = (0..40).map(|i| format!("word{i}")).collect();
        let text = text.join(" ");
        let mut a = app_with(&text);
        let p = &a.view.paras[0];
        let l = p.layout(&a.view.opts).expect("laid out");
        assert!(l.lines.len() > 1, "wraps at this width");
        let row1 = l.lines[1].byte_range.start;
        let row0_last = l.lines[0]
            .cells
            .iter()
            .rev()
            .find(|c| c.width_col > 0)
            .unwrap()
            .byte_range
            .start;
        update(&mut a, key('v'));
        update(&mut a, key('g'));
        update(&mut a, key('j'));
        assert_eq!(a.selection.unwrap().cursor_byte, row1);
        update(&mut a, key('k'));
        assert_eq!(a.selection.unwrap().cursor_byte, 0);
        a.selection.as_mut().unwrap().cursor_byte = row0_last;
        update(&mut a, Action::Key(KeyEvent::plain(Key::Right)));
        assert_eq!(a.selection.unwrap().cursor_byte, row1);
        update(&mut a, Action::Key(KeyEvent::plain(Key::Left)));
        assert_eq!(a.selection.unwrap().cursor_byte, row0_last);
    }

    #[test]
    fn orphans_are_listed_not_drawn_and_notes_sort_in_reading_order() {
        let mut a = app_with(MIXED);
        let id = a.article().id.clone();
        let item = |id: i64, r: Range<usize>, orphaned: bool| NoteItem {
            id,
            byte_range: r,
            label: Some("PER".into()),
            note: String::new(),
            quote: "q".into(),
            orphaned,
        };
        update(
            &mut a,
            Action::NotesReady {
                article_id: id,
                notes: vec![
                    item(1, 0..3, true),
                    item(2, 10..12, false),
                    item(3, 2..4, false),
                ],
            },
        );
        let ids: Vec<i64> = a.notes.iter().map(|n| n.id).collect();
        assert_eq!(ids, vec![3, 2, 1]);
        update(&mut a, key('m'));
        assert_eq!(a.note_sel, 1);
        update(&mut a, key('m'));
        assert_eq!(a.note_sel, 0, "wraps, skipping the orphan");
        let fx = update(&mut a, key('x'));
        assert_eq!(fx, vec![Effect::Store(StoreOp::Delete { id: 3 })]);
    }

    #[test]
    fn read_only_store_refuses_to_annotate_with_a_clear_message() {
        let mut a = app_with(MIXED);
        update(&mut a, Action::StoreUnavailable("permission denied".into()));
        assert!(a.message.as_deref().unwrap().contains("read-only"));
        update(&mut a, key('v'));
        update(&mut a, key('a'));
        let fx = update(&mut a, key('p'));
        assert!(fx.is_empty());
        assert!(a.message.as_deref().unwrap().contains("read-only"));
        update(&mut a, key('j')); // reading still works
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;
    use crate::app::keymap::KeyMap;
    use crate::app::{Action, update};
    use crate::article::{Article, Source};
    use crate::config::Settings;

    fn app() -> App {
        let doc = Article::from_plain_text("Alice met Bob.".into(), Source::Stdin);
        let mut app = App::new(vec![doc], Settings::default(), KeyMap::default_map());
        update(
            &mut app,
            Action::Resize {
                cols: 100,
                rows: 20,
            },
        );
        let id = app.article().id.clone();
        update(
            &mut app,
            Action::NotesReady {
                article_id: id,
                notes: vec![NoteItem {
                    id: 4,
                    byte_range: 0..5,
                    label: Some("PER".into()),
                    note: "old".into(),
                    quote: "Alice".into(),
                    orphaned: false,
                }],
            },
        );
        app
    }

    fn key(c: char) -> Action {
        Action::Key(KeyEvent::plain(Key::Char(c)))
    }

    #[test]
    fn relabel_and_edit_note_of_the_current_annotation() {
        let mut a = app();
        update(&mut a, key('c'));
        assert_eq!(a.mode, Mode::Label);
        let fx = update(&mut a, key('o'));
        assert_eq!(
            fx,
            vec![Effect::Store(StoreOp::Update {
                id: 4,
                change: AnnotationChange {
                    label: Some("ORG".into()),
                    ..Default::default()
                }
            })]
        );
        update(&mut a, key('i'));
        assert_eq!(a.mode, Mode::Note);
        update(&mut a, Action::Key(KeyEvent::plain(Key::Backspace)));
        update(&mut a, key('k'));
        // Esc discards, C-s saves.
        update(&mut a, Action::Key(KeyEvent::plain(Key::Esc)));
        assert_eq!(a.mode, Mode::Normal);
        update(&mut a, key('i'));
        update(&mut a, Action::Key(KeyEvent::plain(Key::Enter)));
        update(&mut a, key('ب'));
        let fx = update(&mut a, Action::Key(KeyEvent::ctrl('s')));
        assert_eq!(
            fx,
            vec![Effect::Store(StoreOp::Update {
                id: 4,
                change: AnnotationChange {
                    note: Some("old\nب".into()),
                    ..Default::default()
                }
            })]
        );
    }

    #[test]
    fn note_editor_moves_between_lines_and_joins_them() {
        let mut ed = NoteEditor {
            text: "ab\ncdef".into(),
            cursor_byte: 6,
            target: NoteTarget::Existing(1),
        };
        ed.vertical(true);
        assert_eq!(ed.cursor_byte, 2, "column clamped to the shorter line");
        ed.vertical(false);
        assert_eq!(ed.cursor_byte, 5);
        assert_eq!(ed.line_range(), 3..7);
    }

    #[test]
    fn library_list_filters_by_label_and_text_and_opens_the_annotation() {
        let mut a = app();
        let fx = update(&mut a, key('A'));
        assert_eq!(a.mode, Mode::AnnotationList);
        assert_eq!(fx, vec![Effect::Store(StoreOp::ListAll(Filter::default()))]);
        let fx = update(&mut a, Action::Key(KeyEvent::plain(Key::Tab)));
        assert_eq!(
            fx,
            vec![Effect::Store(StoreOp::ListAll(Filter {
                label: Some("PER".into()),
                text: None
            }))]
        );
        let fx = update(&mut a, key('A'));
        assert_eq!(
            fx,
            vec![Effect::Store(StoreOp::ListAll(Filter {
                label: Some("PER".into()),
                text: Some("A".into())
            }))],
            "typed keys go to the filter"
        );
        let doc = a.article().clone();
        let info = DocInfo {
            id: doc.id.clone(),
            key: None,
            title: Some("T".into()),
            source_path: None,
            text_hash: String::new(),
        };
        let ann = Annotation {
            id: 4,
            doc_id: doc.id.clone(),
            byte_range: 0..5,
            char_range: 0..5,
            quote: crate::annotations::Quote::from_text(&doc.text, 0..5),
            label: "PER".into(),
            note: String::new(),
            created: 0,
            updated: 0,
            orphaned: false,
        };
        update(
            &mut a,
            Action::StoreDone(Ok(Done::Listed(vec![(info, ann)]))),
        );
        assert_eq!(a.list.items.len(), 1);
        update(&mut a, Action::Key(KeyEvent::plain(Key::Enter)));
        assert_eq!(a.mode, Mode::Normal);
        assert_eq!(a.note_sel, 0);
    }
}
