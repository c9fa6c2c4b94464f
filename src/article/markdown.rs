//! Markdown (CommonMark + tables, strikethrough, YAML front matter) via pulldown-cmark.
//!
//! The text is built from the rendered content: blocks separated by a blank line, emphasis and
//! inline code kept as their text, link text kept with the target in `meta.links`. HTML and
//! MDX tags (`<Intro>`, `<YouWillLearn>`) are dropped, text between them is kept; MDX heading
//! ids `{/*id*/}` are dropped. Code blocks keep their lines and are LTR.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::layout::Dir;

use super::{Article, Block, BlockKind, Metadata, Source};

/// Builds text + blocks; shared by the HTML reader's DOM walk.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    pub text: String,
    pub blocks: Vec<Block>,
    /// Start of the open block in `text`, its kind and dir.
    open: Option<(usize, BlockKind, Option<Dir>)>,
}

impl Builder {
    /// Start a block (closing any open one).
    pub fn start(&mut self, kind: BlockKind, dir: Option<Dir>) {
        self.finish();
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        self.open = Some((self.text.len(), kind, dir));
    }

    /// Append inline text, collapsing runs of whitespace (not in code blocks) and dropping
    /// leading whitespace of a block.
    pub fn push_inline(&mut self, s: &str) {
        if self.open.is_none() {
            if s.trim().is_empty() {
                return;
            }
            self.start(BlockKind::Paragraph, None);
        }
        let Some((start, kind, _)) = self.open else {
            return;
        };
        if kind == BlockKind::Code {
            self.text.push_str(s);
            return;
        }
        for c in s.chars() {
            if c.is_whitespace() && c != '\u{00A0}' {
                let at_start = self.text.len() == start;
                if !at_start && !self.text.ends_with([' ', '\n']) {
                    self.text.push(if c == '\n' { ' ' } else { c.min(' ') });
                }
            } else {
                self.text.push(c);
            }
        }
    }

    /// A hard line break inside the open block.
    pub fn hard_break(&mut self) {
        if let Some((start, _, _)) = self.open
            && self.text.len() > start
        {
            while self.text.ends_with(' ') {
                self.text.pop();
            }
            self.text.push('\n');
        }
    }

    /// Put `sep` between cells of the open block (after trimming trailing spaces).
    pub fn separator(&mut self, sep: &str) {
        if let Some((start, _, _)) = self.open {
            let trimmed = self.text[start..].trim_end().len();
            if trimmed > 0 {
                self.text.truncate(start + trimmed);
                self.text.push_str(sep);
            }
        }
    }

    /// Close the open block: trim it; drop it if empty or only invisible format characters
    /// (a stray U+FEFF or LRM between tags is not a paragraph).
    pub fn finish(&mut self) {
        let Some((start, kind, dir)) = self.open.take() else {
            return;
        };
        let trimmed_len = self.text[start..].trim_end().len();
        self.text.truncate(start + trimmed_len);
        let invisible = self.text[start..].chars().all(|c| {
            matches!(c, '\u{FEFF}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}')
        });
        if invisible {
            self.text.truncate(start);
        }
        if self.text.len() == start {
            // Empty block: remove the separator pushed for it.
            let without_sep = self.text.trim_end_matches('\n').len();
            self.text.truncate(without_sep);
            return;
        }
        self.blocks.push(Block {
            kind,
            byte_range: start..self.text.len(),
            dir,
        });
    }

    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }
}

/// Read Markdown source.
pub fn read(source_text: &str, source: Source) -> Article {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_FOOTNOTES;
    let mut b = Builder::default();
    let mut meta = Metadata::default();
    // Container stack: quote / list item depth decide a paragraph's kind.
    let mut quote_depth = 0usize;
    let mut item_depth = 0usize;
    let mut in_metadata = false;
    let mut in_heading = false;
    let mut cell_index = 0usize;
    for event in Parser::new_ext(source_text, opts) {
        match event {
            Event::Start(tag) => match tag {
                // A paragraph inside a list item continues the item's block when it is the
                // item's first content.
                Tag::Paragraph if !(item_depth > 0 && b.is_open() && b.blocks_open_is_empty()) => {
                    b.start(super::nested_block_kind(quote_depth, item_depth), None);
                }
                Tag::Heading { level, .. } => {
                    b.start(BlockKind::Heading(heading_level(level)), None);
                    in_heading = true;
                }
                Tag::BlockQuote(_) => quote_depth += 1,
                Tag::CodeBlock(_) => b.start(BlockKind::Code, Some(Dir::Ltr)),
                Tag::Item => {
                    item_depth += 1;
                    b.start(BlockKind::ListItem, None);
                }
                Tag::TableRow | Tag::TableHead => {
                    b.start(super::nested_block_kind(quote_depth, item_depth), None);
                    cell_index = 0;
                }
                Tag::TableCell => {
                    if cell_index > 0 {
                        b.separator(" | ");
                    }
                    cell_index += 1;
                }
                Tag::Link { dest_url, .. } if !dest_url.is_empty() => {
                    meta.links.push(dest_url.into_string());
                }
                Tag::MetadataBlock(_) => in_metadata = true,
                Tag::FootnoteDefinition(label) => {
                    b.start(BlockKind::Paragraph, None);
                    b.push_inline(&format!("[{label}] "));
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph if item_depth == 0 => b.finish(),
                TagEnd::Heading(_) => {
                    in_heading = false;
                    strip_mdx_heading_id(&mut b);
                    b.finish();
                }
                TagEnd::BlockQuote(_) => {
                    quote_depth = quote_depth.saturating_sub(1);
                    b.finish();
                }
                TagEnd::CodeBlock | TagEnd::TableRow | TagEnd::TableHead => b.finish(),
                TagEnd::Item => {
                    item_depth = item_depth.saturating_sub(1);
                    b.finish();
                }
                TagEnd::MetadataBlock(_) => in_metadata = false,
                TagEnd::FootnoteDefinition => b.finish(),
                _ => {}
            },
            Event::Text(t) => {
                if in_metadata {
                    parse_front_matter(&t, &mut meta);
                } else {
                    b.push_inline(&t);
                }
            }
            Event::Code(t) => b.push_inline(&t),
            Event::InlineMath(t) | Event::DisplayMath(t) => b.push_inline(&t),
            Event::SoftBreak => b.push_inline(" "),
            Event::HardBreak => b.hard_break(),
            Event::Html(h) => {
                // Block HTML / MDX: keep only text between tags (a `<p>text</p>` line), never
                // the tags themselves.
                let stripped = strip_tags(&h);
                if !stripped.trim().is_empty() {
                    if !b.is_open() {
                        b.start(super::nested_block_kind(quote_depth, item_depth), None);
                    }
                    b.push_inline(&stripped);
                } else if !in_heading && item_depth == 0 && quote_depth == 0 {
                    b.finish();
                }
            }
            Event::InlineHtml(h) => {
                if h.trim_start().starts_with("<br") {
                    b.hard_break();
                }
            }
            Event::FootnoteReference(label) => b.push_inline(&format!("[{label}]")),
            Event::Rule => b.finish(),
            Event::TaskListMarker(done) => b.push_inline(if done { "☑ " } else { "☐ " }),
        }
    }
    b.finish();
    if meta.title.is_none()
        && let Some(first) = b.blocks.first()
        && first.kind == BlockKind::Heading(1)
    {
        meta.title = Some(b.text[first.byte_range.clone()].to_owned());
    }
    Article::assemble(b.text, b.blocks, meta, source)
}

impl Builder {
    /// True when the open block has no text yet.
    fn blocks_open_is_empty(&self) -> bool {
        self.open
            .is_some_and(|(start, _, _)| self.text.len() == start)
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Drop a trailing MDX heading id `{/*your-editor*/}` from the open heading.
fn strip_mdx_heading_id(b: &mut Builder) {
    let Some((start, _, _)) = b.open else {
        return;
    };
    let current = b.text[start..].trim_end();
    // `{/*id*/}` arrives as "{/" + emphasis "id" + "/}": the stars are already gone.
    if current.ends_with("/}")
        && let Some(i) = current.rfind("{/")
    {
        b.text.truncate(start + i);
    }
}

/// Text of an HTML fragment without its tags and comments.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let close = if after.starts_with("<!--") {
            after.find("-->").map(|j| j + 3)
        } else {
            after.find('>').map(|j| j + 1)
        };
        match close {
            Some(j) => rest = &after[j..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `title:` (and `date:`, `author:`, `lang:`, `dir:`) from YAML front matter; a minimal reader,
/// because front matter is metadata, not content.
fn parse_front_matter(yaml: &str, meta: &mut Metadata) {
    for line in yaml.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() {
            continue;
        }
        match key.trim() {
            "title" => meta.title = Some(value.to_owned()),
            "date" => meta.date = Some(value.to_owned()),
            "author" | "byline" => meta.byline = Some(value.to_owned()),
            "lang" | "language" => meta.language = Some(value.to_owned()),
            "dir" => meta.direction = super::script::parse_dir(value),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(md: &str) -> Vec<(BlockKind, String)> {
        let a = read(md, Source::Stdin);
        a.blocks
            .iter()
            .map(|b| (b.kind, a.text[b.byte_range.clone()].to_owned()))
            .collect()
    }

    #[test]
    fn structure() {
        let md = "---\ntitle: عنوان\n---\n\n<Intro>\n\nمتن *مهم* با [پیوند](https://x.org) و `code`.\n\n</Intro>\n\n## بخش {/*part*/}\n\n> نقل قول\n\n* یک\n* دو\n\n```rust\nfn main() {}\nlet x = 1;\n```\n";
        let a = read(md, Source::Stdin);
        assert_eq!(a.meta.title.as_deref(), Some("عنوان"));
        assert_eq!(a.meta.links, ["https://x.org"]);
        assert_eq!(
            blocks(md),
            [
                (BlockKind::Paragraph, "متن مهم با پیوند و code.".to_owned()),
                (BlockKind::Heading(2), "بخش".to_owned()),
                (BlockKind::Quote, "نقل قول".to_owned()),
                (BlockKind::ListItem, "یک".to_owned()),
                (BlockKind::ListItem, "دو".to_owned()),
                (BlockKind::Code, "fn main() {}\nlet x = 1;".to_owned()),
            ]
        );
        let code = a.blocks.iter().find(|b| b.kind == BlockKind::Code).unwrap();
        assert_eq!(code.dir, Some(Dir::Ltr));
        assert!(!a.text.contains('<'));
        assert_eq!(a.meta.direction, Some(Dir::Rtl));
    }

    #[test]
    fn loose_list_items_are_one_block_each() {
        let md = "1. first para\n\n   second para\n2. next\n";
        let b = blocks(md);
        assert_eq!(b.len(), 3);
        assert!(b.iter().all(|(k, _)| *k == BlockKind::ListItem));
    }
}
