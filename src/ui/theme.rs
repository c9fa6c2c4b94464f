//! Styles, from `assets/theme.toml` overridden by the config file's `[theme]` table.

use ratatui::style::{Color, Modifier, Style};

use crate::article::BlockKind;

/// Every style the ui uses.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub body: Style,
    pub kicker: Style,
    pub title: Style,
    pub lead: Style,
    pub heading: Style,
    pub quote: Style,
    pub list_item: Style,
    pub code: Style,
    pub match_: Style,
    pub current_match: Style,
    pub entity: Style,
    pub note: Style,
    pub status: Style,
    pub status_mode: Style,
    pub message: Style,
    pub border: Style,
    pub border_focus: Style,
    pub selected: Style,
    pub dim: Style,
    pub scrollbar: Style,
    pub scrollbar_thumb: Style,
    /// The visual selection.
    pub selection: Style,
    /// The selection cursor cell.
    pub cursor: Style,
    /// One style per entity type, in `EntityKind::ALL` order (`entity_per`, `entity_loc`, …).
    pub entity_kinds: [Style; 9],
}

/// The default theme text.
pub const DEFAULT_THEME: &str = include_str!("../../assets/theme.toml");

fn parse_style(value: &toml::Value) -> Result<Style, String> {
    let table = value.as_table().ok_or("a style must be a table")?;
    let mut style = Style::default();
    for (k, v) in table {
        match k.as_str() {
            "fg" | "bg" => {
                let s = v.as_str().ok_or(format!("{k} must be a string"))?;
                let c: Color = s.parse().map_err(|_| format!("unknown colour {s:?}"))?;
                style = if k == "fg" { style.fg(c) } else { style.bg(c) };
            }
            m => {
                let modifier = match m {
                    "bold" => Modifier::BOLD,
                    "italic" => Modifier::ITALIC,
                    "underlined" => Modifier::UNDERLINED,
                    "reversed" => Modifier::REVERSED,
                    "dim" => Modifier::DIM,
                    _ => return Err(format!("unknown style key {m:?}")),
                };
                if v.as_bool().ok_or(format!("{m} must be true or false"))? {
                    style = style.add_modifier(modifier);
                }
            }
        }
    }
    Ok(style)
}

/// The slot of an `entity_<code>` theme name (`entity_loc` → the Location slot).
fn entity_slot(name: &str) -> Option<usize> {
    let code = name.strip_prefix("entity_")?.to_ascii_uppercase();
    crate::entities::EntityKind::ALL
        .iter()
        .position(|k| k.code() == code)
}

impl Theme {
    /// Apply a `[theme]` table; returns messages for entries that could not be used.
    pub fn apply(&mut self, table: &toml::Table) -> Vec<String> {
        let mut msgs = Vec::new();
        for (name, value) in table {
            let slot = match name.as_str() {
                "body" => &mut self.body,
                "kicker" => &mut self.kicker,
                "title" => &mut self.title,
                "lead" => &mut self.lead,
                "heading" => &mut self.heading,
                "quote" => &mut self.quote,
                "list_item" => &mut self.list_item,
                "code" => &mut self.code,
                "match" => &mut self.match_,
                "current_match" => &mut self.current_match,
                "entity" => &mut self.entity,
                "note" => &mut self.note,
                "status" => &mut self.status,
                "status_mode" => &mut self.status_mode,
                "message" => &mut self.message,
                "border" => &mut self.border,
                "border_focus" => &mut self.border_focus,
                "selected" => &mut self.selected,
                "dim" => &mut self.dim,
                "scrollbar" => &mut self.scrollbar,
                "scrollbar_thumb" => &mut self.scrollbar_thumb,
                "selection" => &mut self.selection,
                "cursor" => &mut self.cursor,
                n if entity_slot(n).is_some() => {
                    let i = entity_slot(n).unwrap_or(0);
                    &mut self.entity_kinds[i]
                }
                other => {
                    msgs.push(format!("theme: unknown style {other:?}"));
                    continue;
                }
            };
            match parse_style(value) {
                Ok(s) => *slot = s,
                Err(e) => msgs.push(format!("theme.{name}: {e}")),
            }
        }
        msgs
    }

    /// The bundled theme, then `user` on top. Returns messages about the user's table.
    pub fn load(user: Option<&toml::Table>) -> (Self, Vec<String>) {
        let mut theme = Theme::default();
        if let Ok(t) = DEFAULT_THEME.parse::<toml::Table>()
            && let Some(toml::Value::Table(t)) = t.get("theme")
        {
            theme.apply(t);
        }
        let msgs = user.map(|u| theme.apply(u)).unwrap_or_default();
        (theme, msgs)
    }

    /// Highlight style of an entity kind code (the generic entity style for unknown codes).
    pub fn entity_kind(&self, code: &str) -> Style {
        crate::entities::EntityKind::ALL
            .iter()
            .position(|k| k.code() == code)
            .and_then(|i| self.entity_kinds.get(i))
            .copied()
            .unwrap_or(self.entity)
    }

    /// Style of a block kind.
    pub fn block(&self, kind: BlockKind) -> Style {
        match kind {
            BlockKind::Kicker => self.kicker,
            BlockKind::Title => self.title,
            BlockKind::Lead => self.lead,
            BlockKind::Paragraph => self.body,
            BlockKind::Heading(_) => self.heading,
            BlockKind::Quote => self.quote,
            BlockKind::ListItem => self.list_item,
            BlockKind::Code => self.code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_theme_parses_without_messages_and_user_errors_are_named() {
        let t: toml::Table = DEFAULT_THEME.parse().unwrap();
        let mut theme = Theme::default();
        let msgs = theme.apply(t["theme"].as_table().unwrap());
        assert!(msgs.is_empty(), "{msgs:?}");
        assert_eq!(theme.match_.bg, Some(Color::Yellow));
        let user: toml::Table = "title = { fg = \"nocolour\" }\nbogus = {}".parse().unwrap();
        let (theme2, msgs) = Theme::load(Some(&user));
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert_eq!(theme2.title, theme.title);
    }
}
