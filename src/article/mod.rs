//! Documents: one logical `text` + blocks as byte ranges + metadata (DESIGN.md §5).
//!
//! Readers for plain text, Markdown, HTML, stdin and directories all produce an [`Article`], so
//! layout, entities and annotations never care where a document came from.
//!
//! NOTE (skeleton): only a minimal UTF-8 plain-text reader is here; the readers issue replaces it.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::layout::Dir;

/// The kind of a block, which decides its style in the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Kicker,
    Title,
    Lead,
    Paragraph,
    Heading(u8),
    Quote,
    ListItem,
    Code,
}

/// One block of the article: a byte range of [`Article::text`] (no trailing newline inside).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub byte_range: Range<usize>,
    /// Direction declared for this block (HTML `dir`, code blocks = LTR); `None` = auto.
    pub dir: Option<Dir>,
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Path(PathBuf),
    Stdin,
    Bundled(&'static str),
}

/// Metadata of a document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metadata {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    /// BCP 47 language tag, from metadata or detected from the script.
    pub language: Option<String>,
    /// Document direction, from metadata or detected from the script.
    pub direction: Option<Dir>,
    /// The encoding the bytes were decoded from (e.g. "UTF-8", "windows-1256").
    pub encoding: Option<String>,
    /// Link targets found in the document (text kept in `text`).
    pub links: Vec<String>,
}

/// A document ready for layout: logical text (line ends normalised to LF), blocks, metadata.
#[derive(Debug, Clone)]
pub struct Article {
    /// Stable id derived from the normalised text, so annotations follow the text, not the path.
    pub id: String,
    pub text: String,
    pub blocks: Vec<Block>,
    pub meta: Metadata,
    pub source: Source,
}

/// The sample article bundled with matn, opened when no argument is given.
pub const SAMPLE_NAME: &str = "fa-pezeshkian-kazakhstan-turkmenistan.txt";
/// Its text.
pub const SAMPLE_TEXT: &str = include_str!("../../seeds/fa-pezeshkian-kazakhstan-turkmenistan.txt");

/// Stable document id: hex SHA-256 prefix of the text.
pub fn document_id(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

impl Article {
    /// Build a plain-text article: one paragraph block per non-empty line.
    pub fn from_plain_text(text: String, source: Source) -> Self {
        let mut blocks = Vec::new();
        let mut start = 0;
        for line in text.split('\n') {
            let end = start + line.len();
            if !line.trim().is_empty() {
                blocks.push(Block {
                    kind: BlockKind::Paragraph,
                    byte_range: start..end,
                    dir: None,
                });
            }
            start = end + 1;
        }
        let id = document_id(&text);
        Article {
            id,
            text,
            blocks,
            meta: Metadata::default(),
            source,
        }
    }

    /// The bundled sample.
    pub fn sample() -> Self {
        Self::from_plain_text(SAMPLE_TEXT.to_owned(), Source::Bundled(SAMPLE_NAME))
    }
}

/// Open a file as an article.
pub fn open_path(path: &Path) -> anyhow::Result<Article> {
    let bytes =
        std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: invalid UTF-8 at byte {}",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(Article::from_plain_text(
        text.replace("\r\n", "\n"),
        Source::Path(path.to_owned()),
    ))
}
