//! Keys (the app's own, no terminal types) and the keymap: defaults from `assets/keymap.toml`,
//! overridden by the user's `[[bind]]` entries. The help overlay is generated from the resolved
//! keymap, so it can never disagree with what the keys do.

use serde::Deserialize;

/// A key, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// A character, shift already applied (`G`, `?`, `}`).
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    F(u8),
}

/// A key with its modifiers (shift is part of [`Key::Char`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyEvent {
    pub key: Key,
    pub ctrl: bool,
    pub alt: bool,
}

impl KeyEvent {
    pub fn plain(key: Key) -> Self {
        Self {
            key,
            ctrl: false,
            alt: false,
        }
    }

    pub fn ctrl(c: char) -> Self {
        Self {
            key: Key::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// Parse a key name as written in keymap files (`j`, `C-d`, `PageDown`, `Space`).
    pub fn parse(name: &str) -> Option<Self> {
        let mut rest = name;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            if let Some(r) = rest.strip_prefix("C-").filter(|r| !r.is_empty()) {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("A-").filter(|r| !r.is_empty()) {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let key = match rest {
            "Space" => Key::Char(' '),
            "Enter" => Key::Enter,
            "Esc" => Key::Esc,
            "Tab" => Key::Tab,
            "BackTab" => Key::BackTab,
            "Backspace" => Key::Backspace,
            "Delete" => Key::Delete,
            "Up" => Key::Up,
            "Down" => Key::Down,
            "Left" => Key::Left,
            "Right" => Key::Right,
            "PageUp" => Key::PageUp,
            "PageDown" => Key::PageDown,
            "Home" => Key::Home,
            "End" => Key::End,
            f if f.len() > 1 && f.starts_with('F') => Key::F(f[1..].parse().ok()?),
            s => {
                let mut chars = s.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                Key::Char(c)
            }
        };
        Some(Self { key, ctrl, alt })
    }

    /// The name used in keymap files and the help.
    pub fn name(&self) -> String {
        let base = match self.key {
            Key::Char(' ') => "Space".to_owned(),
            Key::Char(c) => c.to_string(),
            Key::F(n) => format!("F{n}"),
            k => format!("{k:?}"),
        };
        format!(
            "{}{}{base}",
            if self.ctrl { "C-" } else { "" },
            if self.alt { "A-" } else { "" }
        )
    }
}

/// A command the keymap can bind. Names are the snake_case strings of [`Command::NAMES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    ScrollDown,
    ScrollUp,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    NextParagraph,
    PrevParagraph,
    NextDocument,
    PrevDocument,
    Search,
    NextMatch,
    PrevMatch,
    Open,
    FocusNext,
    FocusPrev,
    ToggleLibrary,
    ToggleEntities,
    ToggleNotes,
    ToggleShaping,
    ToggleOrder,
    ToggleControls,
    ToggleWidth,
    Help,
    Quit,
    // Annotation (normal mode)
    SelectMode,
    NextAnnotation,
    PrevAnnotation,
    EditNote,
    Relabel,
    DeleteAnnotation,
    Undo,
    Redo,
    AnnotationList,
    // Selection mode
    SelLeft,
    SelRight,
    SelUp,
    SelDown,
    SelWordNext,
    SelWordPrev,
    SelWordEnd,
    SelSentenceNext,
    SelSentencePrev,
    SelParagraph,
    SelSwap,
    SelToggleSnap,
    SelLabel,
    SelCancel,
    /// Entity highlights on/off.
    ToggleHighlight,
    /// Highlights of one entity type on/off (index into `EntityKind::ALL`).
    ToggleKind(u8),
    /// Highlights of the selected entity's type on/off.
    ToggleSelectedKind,
    /// Next / previous mention of the selected entity.
    NextMention,
    PrevMention,
    /// Store the selected entity's current mention (or all its mentions) as an annotation.
    AcceptEntity,
    AcceptEntityAll,
    /// Hide the selected entity for this document.
    RejectEntity,
}

/// Which mode a binding belongs to: the same key may mean different things in normal reading
/// and in selection mode (`b` pages up while reading, moves a word back while selecting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BindMode {
    #[default]
    Normal,
    Select,
}

impl Command {
    /// Every command with its keymap name.
    pub const NAMES: &'static [(&'static str, Command)] = &[
        ("scroll_down", Command::ScrollDown),
        ("scroll_up", Command::ScrollUp),
        ("page_down", Command::PageDown),
        ("page_up", Command::PageUp),
        ("half_page_down", Command::HalfPageDown),
        ("half_page_up", Command::HalfPageUp),
        ("top", Command::Top),
        ("bottom", Command::Bottom),
        ("next_paragraph", Command::NextParagraph),
        ("prev_paragraph", Command::PrevParagraph),
        ("next_document", Command::NextDocument),
        ("prev_document", Command::PrevDocument),
        ("search", Command::Search),
        ("next_match", Command::NextMatch),
        ("prev_match", Command::PrevMatch),
        ("open", Command::Open),
        ("focus_next", Command::FocusNext),
        ("focus_prev", Command::FocusPrev),
        ("toggle_library", Command::ToggleLibrary),
        ("toggle_entities", Command::ToggleEntities),
        ("toggle_notes", Command::ToggleNotes),
        ("toggle_shaping", Command::ToggleShaping),
        ("toggle_order", Command::ToggleOrder),
        ("toggle_controls", Command::ToggleControls),
        ("toggle_width", Command::ToggleWidth),
        ("help", Command::Help),
        ("quit", Command::Quit),
        ("select", Command::SelectMode),
        ("next_annotation", Command::NextAnnotation),
        ("prev_annotation", Command::PrevAnnotation),
        ("edit_note", Command::EditNote),
        ("relabel", Command::Relabel),
        ("delete_annotation", Command::DeleteAnnotation),
        ("undo", Command::Undo),
        ("redo", Command::Redo),
        ("annotation_list", Command::AnnotationList),
        ("sel_left", Command::SelLeft),
        ("sel_right", Command::SelRight),
        ("sel_up", Command::SelUp),
        ("sel_down", Command::SelDown),
        ("sel_word_next", Command::SelWordNext),
        ("sel_word_prev", Command::SelWordPrev),
        ("sel_word_end", Command::SelWordEnd),
        ("sel_sentence_next", Command::SelSentenceNext),
        ("sel_sentence_prev", Command::SelSentencePrev),
        ("sel_paragraph", Command::SelParagraph),
        ("sel_swap", Command::SelSwap),
        ("sel_toggle_snap", Command::SelToggleSnap),
        ("sel_label", Command::SelLabel),
        ("sel_cancel", Command::SelCancel),
        ("toggle_highlight", Command::ToggleHighlight),
        ("toggle_type_1", Command::ToggleKind(0)),
        ("toggle_type_2", Command::ToggleKind(1)),
        ("toggle_type_3", Command::ToggleKind(2)),
        ("toggle_type_4", Command::ToggleKind(3)),
        ("toggle_type_5", Command::ToggleKind(4)),
        ("toggle_type_6", Command::ToggleKind(5)),
        ("toggle_type_7", Command::ToggleKind(6)),
        ("toggle_type_8", Command::ToggleKind(7)),
        ("toggle_type_9", Command::ToggleKind(8)),
        ("toggle_selected_type", Command::ToggleSelectedKind),
        ("next_mention", Command::NextMention),
        ("prev_mention", Command::PrevMention),
        ("accept_entity", Command::AcceptEntity),
        ("accept_entity_all", Command::AcceptEntityAll),
        ("reject_entity", Command::RejectEntity),
    ];

    /// The mode whose key table holds this command.
    pub fn mode(self) -> BindMode {
        if self.name().starts_with("sel_") {
            BindMode::Select
        } else {
            BindMode::Normal
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| *c)
    }

    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, c)| *c == self)
            .map_or("?", |(n, _)| n)
    }
}

/// One binding: a command, its keys and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub command: Command,
    pub keys: Vec<KeyEvent>,
    pub desc: String,
}

/// The resolved keymap, in the order of the default file (the help's order).
#[derive(Debug, Clone, Default)]
pub struct KeyMap {
    pub bindings: Vec<Binding>,
}

/// The default keymap text.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

#[derive(Debug, Deserialize)]
struct RawBinding {
    action: String,
    #[serde(default)]
    keys: Vec<String>,
    desc: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawKeymap {
    #[serde(default)]
    bind: Vec<RawBinding>,
}

impl KeyMap {
    /// The built-in keymap.
    pub fn default_map() -> Self {
        let mut map = KeyMap::default();
        // The bundled file is tested; a failure here would be a build defect, reported not hidden.
        let raw: RawKeymap = toml::from_str(DEFAULT_KEYMAP).unwrap_or(RawKeymap { bind: vec![] });
        let mut msgs = Vec::new();
        map.apply(raw.bind, &mut msgs);
        map
    }

    /// The default keymap overridden by `user` (the `bind` value of the config file).
    /// Returns messages for entries that could not be used.
    pub fn with_overrides(user: Option<&toml::Value>) -> (Self, Vec<String>) {
        let mut map = Self::default_map();
        let mut msgs = Vec::new();
        if let Some(value) = user {
            let wrapped =
                toml::Value::Table(toml::Table::from_iter([("bind".to_owned(), value.clone())]));
            match wrapped.try_into::<RawKeymap>() {
                Ok(raw) => map.apply(raw.bind, &mut msgs),
                Err(e) => msgs.push(format!("keymap: {}", e.message())),
            }
        }
        (map, msgs)
    }

    fn apply(&mut self, raw: Vec<RawBinding>, msgs: &mut Vec<String>) {
        for entry in raw {
            let Some(command) = Command::from_name(&entry.action) else {
                msgs.push(format!("keymap: unknown action {:?}", entry.action));
                continue;
            };
            let mut keys = Vec::new();
            for k in &entry.keys {
                match KeyEvent::parse(k) {
                    Some(ev) => keys.push(ev),
                    None => msgs.push(format!("keymap: unknown key {k:?} for {}", entry.action)),
                }
            }
            // A key means one thing per mode: take it away from whatever had it there.
            for b in &mut self.bindings {
                if b.command.mode() == command.mode() {
                    b.keys.retain(|k| !keys.contains(k));
                }
            }
            match self.bindings.iter_mut().find(|b| b.command == command) {
                Some(b) => {
                    b.keys = keys;
                    if let Some(d) = entry.desc {
                        b.desc = d;
                    }
                }
                None => self.bindings.push(Binding {
                    command,
                    keys,
                    desc: entry.desc.unwrap_or_else(|| entry.action.replace('_', " ")),
                }),
            }
        }
    }

    /// The normal-mode command bound to `ev`, if any.
    pub fn lookup(&self, ev: &KeyEvent) -> Option<Command> {
        self.lookup_in(BindMode::Normal, ev)
    }

    /// The command bound to `ev` in `mode`, if any.
    pub fn lookup_in(&self, mode: BindMode, ev: &KeyEvent) -> Option<Command> {
        self.bindings
            .iter()
            .find(|b| b.command.mode() == mode && b.keys.contains(ev))
            .map(|b| b.command)
    }

    /// The first key bound to `command`, for hints (`None` when unbound).
    pub fn key_for(&self, command: Command) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| b.command == command)
            .and_then(|b| b.keys.first())
            .map(KeyEvent::name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_keymap_parses_completely() {
        let raw: RawKeymap = toml::from_str(DEFAULT_KEYMAP).expect("bundled keymap parses");
        let mut map = KeyMap::default();
        let mut msgs = Vec::new();
        map.apply(raw.bind, &mut msgs);
        assert!(msgs.is_empty(), "{msgs:?}");
        for (name, cmd) in Command::NAMES {
            assert!(map.key_for(*cmd).is_some(), "{name} has no default key");
        }
        assert_eq!(
            map.lookup(&KeyEvent::ctrl('d')),
            Some(Command::HalfPageDown)
        );
        assert_eq!(
            map.lookup(&KeyEvent::plain(Key::Char(' '))),
            Some(Command::PageDown)
        );
    }

    #[test]
    fn user_override_moves_keys_and_reports_bad_entries() {
        let user: toml::Value = toml::from_str::<toml::Table>(
            "bind = [{action = \"quit\", keys = [\"x\", \"j\"]}, {action = \"nope\", keys = []}, {action = \"top\", keys = [\"C-\"]}]",
        )
        .unwrap()["bind"]
            .clone();
        let (map, msgs) = KeyMap::with_overrides(Some(&user));
        assert_eq!(
            map.lookup(&KeyEvent::plain(Key::Char('j'))),
            Some(Command::Quit)
        );
        assert_eq!(map.lookup(&KeyEvent::plain(Key::Char('q'))), None);
        assert_eq!(
            map.lookup(&KeyEvent::plain(Key::Down)),
            Some(Command::ScrollDown)
        );
        assert_eq!(msgs.len(), 2, "{msgs:?}");
    }

    #[test]
    fn key_names_round_trip() {
        for name in ["j", "C-d", "Space", "PageDown", "F1", "A-x", "?", "{"] {
            assert_eq!(KeyEvent::parse(name).unwrap().name(), name);
        }
    }
}
