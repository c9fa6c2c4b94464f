//! The label set: which labels exist, the key that applies each, and its highlight colour.
//!
//! The defaults ship in `assets/labels.toml` (embedded, so matn works with no config); a user file
//! `<config dir>/matn/labels.toml` replaces them. A broken user file must not stop the reader, so
//! [`LabelSet::load`] falls back to the defaults and hands back the error (file and line) for the
//! status bar.

use std::path::{Path, PathBuf};

/// The default label set, embedded so a fresh install needs no files.
pub const DEFAULT_LABELS_TOML: &str = include_str!("../../assets/labels.toml");

/// One label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The single key that applies it in annotate mode.
    pub key: char,
    /// The name written to every export (brat type, CoNLL tag, JSONL label).
    pub name: String,
    /// Highlight colour as `(r, g, b)`.
    pub colour: (u8, u8, u8),
}

/// An ordered set of labels with unique keys and names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelSet {
    pub labels: Vec<Label>,
}

/// A label file that could not be used; names the file and the 1-based line.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}: {message}", file.display())]
pub struct LabelFileError {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelFile {
    label: Vec<toml::Spanned<LabelEntry>>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelEntry {
    key: toml::Spanned<String>,
    name: toml::Spanned<String>,
    colour: toml::Spanned<String>,
}

/// 1-based line of a byte offset in `src`.
fn line_of(src: &str, byte: usize) -> usize {
    src.as_bytes()[..byte.min(src.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Whether `name` is usable as a label in every export format (brat types allow no spaces).
pub fn is_valid_label_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

fn parse_colour(s: &str) -> Option<(u8, u8, u8)> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

impl LabelSet {
    /// Parse a label file; `file` is only used in error messages.
    pub fn parse(src: &str, file: &Path) -> Result<LabelSet, LabelFileError> {
        let err = |byte: usize, message: String| LabelFileError {
            file: file.to_owned(),
            line: line_of(src, byte),
            message,
        };
        let parsed: LabelFile = toml::from_str(src).map_err(|e| {
            let byte = e.span().map_or(0, |s| s.start);
            err(byte, e.message().to_owned())
        })?;
        let mut labels: Vec<Label> = Vec::new();
        for entry in &parsed.label {
            let e = entry.get_ref();
            let mut key_chars = e.key.get_ref().chars();
            let key = match (key_chars.next(), key_chars.next()) {
                (Some(k), None) if !k.is_control() && !k.is_whitespace() => k,
                _ => {
                    return Err(err(
                        e.key.span().start,
                        format!(
                            "key must be one printable character, got {:?}",
                            e.key.get_ref()
                        ),
                    ));
                }
            };
            let name = e.name.get_ref().clone();
            if !is_valid_label_name(&name) {
                return Err(err(
                    e.name.span().start,
                    format!("label name {name:?} must be letters, digits, '_' or '-'"),
                ));
            }
            let colour = parse_colour(e.colour.get_ref()).ok_or_else(|| {
                err(
                    e.colour.span().start,
                    format!("colour must be \"#rrggbb\", got {:?}", e.colour.get_ref()),
                )
            })?;
            if labels.iter().any(|l| l.key == key) {
                return Err(err(e.key.span().start, format!("key {key:?} used twice")));
            }
            if labels.iter().any(|l| l.name == name) {
                return Err(err(
                    e.name.span().start,
                    format!("label {name:?} defined twice"),
                ));
            }
            labels.push(Label { key, name, colour });
        }
        if labels.is_empty() {
            return Err(err(0, "no [[label]] entries".to_owned()));
        }
        Ok(LabelSet { labels })
    }

    /// The embedded defaults (PER, LOC, ORG, NORP, EVENT, DATE, NUM, MONEY, PERCENT, MISC).
    pub fn defaults() -> LabelSet {
        // The embedded file is checked by a unit test, so this cannot fail at run time; the
        // fallback keeps the reader usable even if someone breaks the asset.
        LabelSet::parse(DEFAULT_LABELS_TOML, Path::new("assets/labels.toml")).unwrap_or(LabelSet {
            labels: vec![Label {
                key: 'x',
                name: "MISC".to_owned(),
                colour: (0xab, 0xb2, 0xbf),
            }],
        })
    }

    /// The user's label file path: `<config dir>/matn/labels.toml`.
    pub fn user_file() -> Option<PathBuf> {
        use etcetera::BaseStrategy;
        etcetera::choose_base_strategy()
            .ok()
            .map(|s| s.config_dir().join("matn").join("labels.toml"))
    }

    /// Load `file` if it exists, else the defaults. On a bad file: the defaults plus the error,
    /// so the caller can show it without refusing to start.
    pub fn load(file: Option<&Path>) -> (LabelSet, Option<LabelFileError>) {
        let Some(file) = file else {
            return (LabelSet::defaults(), None);
        };
        match std::fs::read_to_string(file) {
            Ok(src) => match LabelSet::parse(&src, file) {
                Ok(set) => (set, None),
                Err(e) => (LabelSet::defaults(), Some(e)),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (LabelSet::defaults(), None),
            Err(e) => (
                LabelSet::defaults(),
                Some(LabelFileError {
                    file: file.to_owned(),
                    line: 0,
                    message: e.to_string(),
                }),
            ),
        }
    }

    /// [`LabelSet::load`] of [`LabelSet::user_file`]: what the app calls at start-up.
    pub fn load_user() -> (LabelSet, Option<LabelFileError>) {
        LabelSet::load(LabelSet::user_file().as_deref())
    }

    /// The label applied by `key`.
    pub fn by_key(&self, key: char) -> Option<&Label> {
        self.labels.iter().find(|l| l.key == key)
    }

    /// The label called `name`.
    pub fn by_name(&self, name: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_have_the_issue_labels() {
        let set = LabelSet::parse(DEFAULT_LABELS_TOML, Path::new("labels.toml")).unwrap();
        let names: Vec<&str> = set.labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "PER", "LOC", "ORG", "NORP", "EVENT", "DATE", "NUM", "MONEY", "PERCENT", "MISC"
            ]
        );
        assert_eq!(set.by_key('p').unwrap().name, "PER");
        assert_eq!(set, LabelSet::defaults());
    }

    #[test]
    fn bad_file_names_file_and_line_and_falls_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("labels.toml");
        std::fs::write(
            &file,
            "[[label]]\nkey = \"a\"\nname = \"A\"\ncolour = \"#000000\"\n\n[[label]]\nkey = \"b\"\nname = \"B\"\ncolour = \"red\"\n",
        )
        .unwrap();
        let (set, err) = LabelSet::load(Some(&file));
        let err = err.unwrap();
        assert_eq!(err.line, 9);
        assert!(
            err.to_string()
                .starts_with(&format!("{}:9:", file.display()))
        );
        assert_eq!(set, LabelSet::defaults());
    }

    #[test]
    fn syntax_error_and_duplicate_key_are_located() {
        let e = LabelSet::parse("[[label]]\nkey = \"a\nname=1\n", Path::new("f")).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        let e = LabelSet::parse(
            "[[label]]\nkey='a'\nname='A'\ncolour='#010203'\n[[label]]\nkey='a'\nname='B'\ncolour='#010203'\n",
            Path::new("f"),
        )
        .unwrap_err();
        assert_eq!(e.line, 6, "{e}");
        let e = LabelSet::parse(
            "[[label]]\nkey='ab'\nname='A'\ncolour='#010203'\n",
            Path::new("f"),
        )
        .unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn missing_user_file_is_not_an_error() {
        let (set, err) = LabelSet::load(Some(Path::new("/nonexistent/matn/labels.toml")));
        assert!(err.is_none());
        assert_eq!(set.labels.len(), 10);
    }
}
