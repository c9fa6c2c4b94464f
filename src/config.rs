//! Settings: theme, keymap, default shaping and order, line width, from a TOML file in the XDG
//! config dir (`$XDG_CONFIG_HOME/matn/config.toml`) or `--config PATH`.
//!
//! A bad config file must never stop the reader from starting: [`load`] returns the defaults plus
//! a message naming the file and line, which the app shows in its status bar.

use std::path::{Path, PathBuf};

use crate::layout::Order;

/// Whether to convert Arabic letters to presentation forms before drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ShapeMode {
    /// Decide from the terminal ([`terminal_shapes_arabic`]).
    #[default]
    Auto,
    On,
    Off,
}

impl ShapeMode {
    /// Parse `auto`, `on`, `off`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "auto" => Some(Self::Auto),
            "on" => Some(Self::On),
            "off" => Some(Self::Off),
            _ => None,
        }
    }

    /// The next mode in the toggle cycle auto → on → off → auto.
    pub fn cycle(self) -> Self {
        match self {
            Self::Auto => Self::On,
            Self::On => Self::Off,
            Self::Off => Self::Auto,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::On => "on",
            Self::Off => "off",
        }
    }
}

/// Parse `visual` / `logical`.
pub fn parse_order(s: &str) -> Option<Order> {
    match s {
        "visual" => Some(Order::Visual),
        "logical" => Some(Order::Logical),
        _ => None,
    }
}

/// Does the terminal described by these environment variables shape Arabic itself?
///
/// If it does, sending presentation forms is harmless but unnecessary; if it does not and we do
/// not shape, Persian shows as unjoined letters. So the answer is "yes" only for terminals known
/// to shape, and "no" (we shape) for everything else, including tmux/screen whose outer terminal
/// is unknown.
///
/// The decision table lives in one place, [`crate::layout::terminal_needs_shaping`] (shared with
/// `matn render --shape auto`, and honouring `MATN_SHAPE`); this is its negation.
pub fn terminal_shapes_arabic(env: &dyn Fn(&str) -> Option<String>) -> bool {
    !crate::layout::terminal_needs_shaping(env)
}

/// The reader settings that the config file and the command line can set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub shaping: ShapeMode,
    pub order: Order,
    /// Readable maximum text width in columns, used while `limit_width` is on.
    pub max_width_col: usize,
    pub limit_width: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            shaping: ShapeMode::Auto,
            order: Order::Visual,
            max_width_col: 76,
            limit_width: true,
        }
    }
}

/// Everything read from the config file. Keymap and theme tables are kept raw: the app parses
/// the keymap and the ui parses the theme, each in its own layer.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub settings: Settings,
    /// `[[bind]]` entries overriding `assets/keymap.toml`.
    pub keys: Option<toml::Value>,
    /// `[theme]` table overriding `assets/theme.toml`.
    pub theme: Option<toml::Table>,
    /// The file the config came from, for messages.
    pub path: Option<PathBuf>,
}

/// The default config path: `$XDG_CONFIG_HOME/matn/config.toml` (macOS too, via etcetera).
pub fn default_path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    etcetera::choose_base_strategy()
        .ok()
        .map(|s| s.config_dir().join("matn").join("config.toml"))
}

/// 1-based line of a byte offset, for error messages.
pub fn line_of(text: &str, byte: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(byte.min(text.len()))
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Load the config: `explicit` (from `--config`, must exist) or the default path (may be
/// missing). Returns the config (defaults where the file is bad) and messages for the user.
pub fn load(explicit: Option<&Path>) -> (Config, Vec<String>) {
    let path = match explicit {
        Some(p) => p.to_owned(),
        None => match default_path() {
            Some(p) if p.exists() => p,
            _ => return (Config::default(), Vec::new()),
        },
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text, &path),
        Err(e) => (
            Config::default(),
            vec![format!("config {}: {e}; using defaults", path.display())],
        ),
    }
}

/// Parse config text; `path` only names the file in messages.
pub fn parse(text: &str, path: &Path) -> (Config, Vec<String>) {
    let mut messages = Vec::new();
    let mut config = Config {
        path: Some(path.to_owned()),
        ..Config::default()
    };
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            let e: toml::de::Error = e;
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            let what = e
                .message()
                .lines()
                .next()
                .unwrap_or("syntax error")
                .to_owned();
            messages.push(format!(
                "config {}:{line}: {what}; using defaults",
                path.display()
            ));
            return (config, messages);
        }
    };
    let place = |key: &str| {
        // toml::Table loses spans; find the key's line textually for the message.
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .map_or(1, |i| i + 1);
        format!("{}:{line}", path.display())
    };
    if let Some(reader) = table.get("reader") {
        let Some(reader) = reader.as_table() else {
            messages.push(format!(
                "config {}: [reader] must be a table",
                place("reader")
            ));
            return (config, messages);
        };
        for (key, value) in reader {
            let ok = match key.as_str() {
                "shaping" => value
                    .as_str()
                    .and_then(ShapeMode::parse)
                    .map(|m| config.settings.shaping = m)
                    .is_some(),
                "order" => value
                    .as_str()
                    .and_then(parse_order)
                    .map(|o| config.settings.order = o)
                    .is_some(),
                "max_width" => value
                    .as_integer()
                    .filter(|n| (10..=1000).contains(n))
                    .and_then(|n| usize::try_from(n).ok())
                    .map(|n| config.settings.max_width_col = n)
                    .is_some(),
                "limit_width" => value
                    .as_bool()
                    .map(|b| config.settings.limit_width = b)
                    .is_some(),
                _ => {
                    messages.push(format!("config {}: unknown key {key}", place(key)));
                    true
                }
            };
            if !ok {
                messages.push(format!(
                    "config {}: bad value for {key} ({value}); using the default",
                    place(key)
                ));
            }
        }
    }
    config.keys = table.get("bind").cloned();
    match table.get("theme") {
        Some(toml::Value::Table(t)) => config.theme = Some(t.clone()),
        Some(_) => messages.push(format!(
            "config {}: [theme] must be a table",
            place("theme")
        )),
        None => {}
    }
    (config, messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_names_file_and_line_and_keeps_defaults() {
        let (config, msgs) = parse(
            "[reader]\nshaping = \"on\"\nmax_width = = 3\n",
            Path::new("/x/c.toml"),
        );
        assert_eq!(config.settings, Settings::default());
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].starts_with("config /x/c.toml:3:"), "{}", msgs[0]);
    }

    #[test]
    fn reader_settings_parse_and_bad_values_are_reported() {
        let (config, msgs) = parse(
            "[reader]\nshaping = \"off\"\norder = \"logical\"\nmax_width = 60\nlimit_width = \"x\"\n",
            Path::new("c.toml"),
        );
        assert_eq!(config.settings.shaping, ShapeMode::Off);
        assert_eq!(config.settings.order, Order::Logical);
        assert_eq!(config.settings.max_width_col, 60);
        assert!(config.settings.limit_width);
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].contains("c.toml:5"), "{}", msgs[0]);
    }

    #[test]
    fn shaping_table() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert!(!terminal_shapes_arabic(&env(&[("TERM", "xterm-256color")])));
        assert!(terminal_shapes_arabic(&env(&[("VTE_VERSION", "7600")])));
        assert!(!terminal_shapes_arabic(&env(&[("VTE_VERSION", "5200")])));
        assert!(terminal_shapes_arabic(&env(&[("MLTERM", "3.9")])));
        assert!(!terminal_shapes_arabic(&env(&[
            ("TMUX", "/tmp/x"),
            ("TERM_PROGRAM", "WezTerm")
        ])));
        assert!(!terminal_shapes_arabic(&env(&[("TERM", "xterm-kitty")])));
    }
}
