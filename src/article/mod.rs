//! Documents: one logical `text` + blocks as byte ranges + metadata (DESIGN.md §5).
//!
//! Readers for plain text, Markdown, HTML, stdin and directories all produce an [`Article`], so
//! layout, entities and annotations never care where a document came from.
//!
//! - [`decode`]: bytes → text (BOM, UTF-8, UTF-16, legacy single-byte encodings via chardetng),
//!   binary refusal, line-end normalisation.
//! - [`plain`]: plain text; the text IS the file's text, structure is block ranges over it.
//! - [`markdown`], [`html`]: structured sources; the text is built from their content.
//! - [`script`]: language and direction from the letters of the text.
//! - [`dir`]: stdin, several files, directories.

pub mod decode;
pub mod dir;
pub mod html;
pub mod markdown;
pub mod plain;
pub mod script;
pub mod stream;

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::layout::Dir;

pub use dir::{OpenReport, open_args, open_args_report, open_stdin, open_stdin_text};

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
///
/// A block may contain single LFs inside: hard-wrapped lines of a plain-text paragraph, lines of
/// a code block, `<br>`/hard breaks. Lay it out with [`Article::layout_text`], which turns those
/// LFs into spaces (same byte length, so offsets stay valid) except in code blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub byte_range: Range<usize>,
    /// Direction declared for this block (HTML `dir`; code blocks = LTR; the document direction
    /// for a block largely in the document's script that starts with a foreign word, see
    /// [`script::majority_dir_override`]); `None` = auto (first strong letter).
    pub dir: Option<Dir>,
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Path(PathBuf),
    Stdin,
    Bundled(&'static str),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Path(p) => write!(f, "{}", p.display()),
            Source::Stdin => f.write_str("<stdin>"),
            Source::Bundled(name) => write!(f, "<bundled {name}>"),
        }
    }
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

/// Options for opening documents (CLI: `--encoding`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenOptions {
    /// Force this encoding (a WHATWG label: "windows-1256", "iso-8859-8", "utf-16le", …) instead
    /// of detecting it. A BOM still wins, as in browsers.
    pub encoding: Option<String>,
    /// Force the format instead of guessing from extension and content.
    pub format: Option<Format>,
}

/// Document formats matn reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Plain,
    Markdown,
    Html,
}

/// The sample article bundled with matn, opened when no argument is given.
pub const SAMPLE_NAME: &str = "fa-pezeshkian-kazakhstan-turkmenistan.txt";
/// Its text.
pub const SAMPLE_TEXT: &str = include_str!("../../seeds/fa-pezeshkian-kazakhstan-turkmenistan.txt");

/// The kind of a paragraph inside `quote_depth` quotes and `item_depth` list items (the readers
/// of nested formats share this: a list item inside a quote is a list item).
pub(crate) fn nested_block_kind(quote_depth: usize, item_depth: usize) -> BlockKind {
    if item_depth > 0 {
        BlockKind::ListItem
    } else if quote_depth > 0 {
        BlockKind::Quote
    } else {
        BlockKind::Paragraph
    }
}

/// Stable document id: hex SHA-256 prefix of the text.
pub fn document_id(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

impl Article {
    /// Build a plain-text article with the plain reader (paragraph detection, news heuristics).
    /// `text` should already have normalised line ends ([`decode::normalize_line_ends`]).
    pub fn from_plain_text(text: String, source: Source) -> Self {
        plain::read(text, source)
    }

    /// Assemble an article from parts: computes the id, fills language/direction from the
    /// script when metadata did not give them, and resolves per-block directions.
    pub(crate) fn assemble(
        text: String,
        mut blocks: Vec<Block>,
        mut meta: Metadata,
        source: Source,
    ) -> Self {
        script::fill_meta(&text, &mut meta);
        for block in &mut blocks {
            if block.dir.is_none() {
                block.dir =
                    script::majority_dir_override(&text[block.byte_range.clone()], meta.direction);
            }
        }
        Article {
            id: document_id(&text),
            text,
            blocks,
            meta,
            source,
        }
    }

    /// The bundled sample, read by the plain-text reader (kicker, title, lead, body).
    pub fn sample() -> Self {
        let mut article =
            Self::from_plain_text(SAMPLE_TEXT.to_owned(), Source::Bundled(SAMPLE_NAME));
        article.meta.encoding = Some("UTF-8".into());
        article
    }

    /// The title: metadata title, else the Title block, else the first block's text (one line).
    pub fn title(&self) -> String {
        if let Some(t) = self
            .meta
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            return t.to_owned();
        }
        let block = self
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::Title)
            .or_else(|| self.blocks.first());
        match block {
            Some(b) => {
                let text = self.text[b.byte_range.clone()].trim();
                let line = text.lines().next().unwrap_or_default();
                let mut out: String = line.chars().take(120).collect();
                if line.chars().count() > 120 {
                    out.push('…');
                }
                out
            }
            None => match &self.source {
                Source::Path(p) => p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                other => other.to_string(),
            },
        }
    }

    /// The text of block `i` as stored (may contain LFs; see [`Block`]).
    pub fn block_text(&self, i: usize) -> &str {
        self.blocks
            .get(i)
            .and_then(|b| self.text.get(b.byte_range.clone()))
            .unwrap_or_default()
    }

    /// The text of block `i` for layout: LFs inside a non-code block become spaces. Same byte
    /// length as [`Article::block_text`], so layout byte offsets + `byte_range.start` are offsets
    /// into [`Article::text`].
    pub fn layout_text(&self, i: usize) -> Cow<'_, str> {
        let text = self.block_text(i);
        let is_code = self
            .blocks
            .get(i)
            .is_some_and(|b| b.kind == BlockKind::Code);
        if !is_code && text.contains('\n') {
            Cow::Owned(text.replace('\n', " "))
        } else {
            Cow::Borrowed(text)
        }
    }

    /// The direction block `i` is laid out in: its declared `dir`, else its first strong letter,
    /// else the document direction.
    pub fn block_dir(&self, i: usize) -> Option<Dir> {
        let block = self.blocks.get(i)?;
        block
            .dir
            .or_else(|| crate::layout::first_strong_dir(&self.text[block.byte_range.clone()]))
            .or(self.meta.direction)
    }
}

/// Format of a document from its extension and first bytes.
pub fn detect_format(bytes: &[u8], hint_ext: Option<&str>) -> Format {
    match hint_ext.map(str::to_ascii_lowercase).as_deref() {
        Some("md" | "markdown" | "mdown" | "mkd" | "mdx") => return Format::Markdown,
        Some("html" | "htm" | "xhtml" | "shtml") => return Format::Html,
        Some("txt" | "text") => return Format::Plain,
        _ => {}
    }
    if decode::looks_like_html(bytes) {
        Format::Html
    } else {
        Format::Plain
    }
}

/// Open a file as an article (format from extension/content, encoding detected).
pub fn open_path(path: &Path) -> anyhow::Result<Article> {
    open_path_with(path, &OpenOptions::default())
}

/// Open a file as an article with options.
pub fn open_path_with(path: &Path, opts: &OpenOptions) -> anyhow::Result<Article> {
    let bytes = read_file(path)?;
    let ext = path.extension().and_then(|e| e.to_str());
    open_bytes(&bytes, Source::Path(path.to_owned()), ext, opts)
}

/// The bytes of a file that is not a directory, with errors worded for the user.
fn read_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    if path.is_dir() {
        anyhow::bail!(
            "{} is a directory (`matn DIR` opens it as a library)",
            path.display()
        );
    }
    std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))
}

/// Only the text of a file, as [`open_path_with`] would give it in `Article::text`.
pub fn open_path_text(path: &Path, opts: &OpenOptions) -> anyhow::Result<String> {
    let bytes = read_file(path)?;
    let ext = path.extension().and_then(|e| e.to_str());
    open_bytes_text(&bytes, Source::Path(path.to_owned()), ext, opts)
}

/// Only the text of a document, as [`open_bytes`] would give it in `Article::text`: for plain
/// text the reader's block structure and document id are skipped (`matn render` needs neither,
/// and on a 10 MB file they were a tenth of its time); Markdown and HTML still go through their
/// readers, whose text differs from the file's.
pub fn open_bytes_text(
    bytes: &[u8],
    source: Source,
    hint_ext: Option<&str>,
    opts: &OpenOptions,
) -> anyhow::Result<String> {
    let (decoded, format) = decode_and_detect(bytes, &source, hint_ext, opts)?;
    Ok(match format {
        Format::Plain => decoded.text,
        Format::Markdown => markdown::read(&decoded.text, source).text,
        Format::Html => html::read(&decoded.text, source)?.text,
    })
}

/// Decode `bytes` and decide their format (the option's, else from extension and content).
fn decode_and_detect(
    bytes: &[u8],
    source: &Source,
    hint_ext: Option<&str>,
    opts: &OpenOptions,
) -> anyhow::Result<(decode::Decoded, Format)> {
    let decoded = decode::decode(bytes, opts.encoding.as_deref())
        .map_err(|e| anyhow::anyhow!("{source}: {e}"))?;
    let format = opts
        .format
        .unwrap_or_else(|| detect_format(decoded.text.as_bytes(), hint_ext));
    Ok((decoded, format))
}

/// Open bytes as an article: decode (BOM / override / UTF-8 / UTF-16 / legacy detection), refuse
/// binaries, detect the format, and run its reader. Errors name the source.
pub fn open_bytes(
    bytes: &[u8],
    source: Source,
    hint_ext: Option<&str>,
    opts: &OpenOptions,
) -> anyhow::Result<Article> {
    let (decoded, format) = decode_and_detect(bytes, &source, hint_ext, opts)?;
    let mut article = match format {
        Format::Plain => plain::read(decoded.text, source),
        Format::Markdown => markdown::read(&decoded.text, source),
        Format::Html => html::read(&decoded.text, source)?,
    };
    article.meta.encoding = Some(decoded.encoding.to_owned());
    Ok(article)
}

/// The first part of a document, for showing the first screen of a huge file at once.
#[derive(Debug, Clone)]
pub struct HeadArticle {
    /// The article built from the head only (its `id` is the head's, not the file's).
    pub article: Article,
    /// True when the head is the whole file.
    pub complete: bool,
    /// Size of the whole file in bytes.
    pub total_bytes: u64,
}

/// Read at most about `max_bytes` of a file (cut at a line end) and open that as an article, so
/// the reader can show the first screen while the whole file loads off the UI path. Encoding is
/// detected on the head; plain text only gets its paragraphs from the head.
pub fn open_head(path: &Path, opts: &OpenOptions, max_bytes: usize) -> anyhow::Result<HeadArticle> {
    use std::io::Read;
    let file = std::fs::File::open(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let total_bytes = file
        .metadata()
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?
        .len();
    let mut bytes = Vec::with_capacity(max_bytes.min(64 << 20));
    file.take(max_bytes as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let complete = (bytes.len() as u64) >= total_bytes;
    if !complete && let Some(last_lf) = bytes.iter().rposition(|&b| b == b'\n') {
        // Cut at the last LF so no paragraph or multi-byte character is split (UTF-16 heads
        // are cut at an even length instead).
        if last_lf > 0 && !decode::looks_like_utf16(&bytes) {
            bytes.truncate(last_lf + 1);
        } else {
            bytes.truncate(bytes.len() & !1);
        }
    }
    let ext = path.extension().and_then(|e| e.to_str());
    let article = open_bytes(&bytes, Source::Path(path.to_owned()), ext, opts)?;
    Ok(HeadArticle {
        article,
        complete,
        total_bytes,
    })
}
