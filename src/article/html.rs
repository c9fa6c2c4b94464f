//! HTML articles: readability-style extraction with dom_smoothie (a port of Readability.js), then
//! a walk over the extracted content that keeps block structure (headings, paragraphs, quotes,
//! list items, preformatted code, table rows) and `dir` attributes.
//!
//! Title, byline, date, language and direction come from the page's metadata. When extraction
//! fails (tiny or unusual pages) the whole `<body>` is walked instead, so a page never opens
//! empty just because it does not look like an article.

use dom_query::{Document, NodeRef};

use crate::layout::Dir;

use super::markdown::Builder;
use super::{Article, Block, BlockKind, Metadata, Source, script};

/// Deepest element nesting handed to readability: its scoring is quadratic in depth (20,000
/// nested `<div>`s took minutes), real articles nest a few dozen levels.
const MAX_READABILITY_DEPTH: usize = 256;

/// Read an HTML page.
pub fn read(html: &str, source: Source) -> anyhow::Result<Article> {
    let cfg = dom_smoothie::Config {
        // Bound the work on pathological pages; real articles are far below this.
        max_elements_to_parse: 200_000,
        ..Default::default()
    };
    let mut meta = Metadata::default();
    let doc = Document::from(html);
    let extracted = if max_depth(doc.root()) > MAX_READABILITY_DEPTH {
        None
    } else {
        dom_smoothie::Readability::with_document(doc, None, Some(cfg))
            .and_then(|mut r| r.parse())
            .ok()
    };
    let (text, blocks) = match extracted {
        Some(page) => {
            meta.title = Some(page.title.trim().to_owned()).filter(|t| !t.is_empty());
            meta.byline = page
                .byline
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty());
            meta.date = page.published_time.or(page.modified_time);
            meta.url = page.url;
            meta.language = page
                .lang
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty());
            meta.direction = page.dir.as_deref().and_then(script::parse_dir);
            let content = Document::from(page.content.as_ref());
            let (text, blocks) = walk(content.root(), meta.direction, &mut meta.links);
            if text.trim().is_empty() {
                walk_body(&Document::from(html), meta.direction, &mut meta.links)
            } else {
                (text, blocks)
            }
        }
        None => {
            // Readability consumed or refused the document: parse again (rare path).
            let doc = Document::from(html);
            meta.title = doc
                .select("title")
                .nodes()
                .first()
                .map(|n| n.text().trim().to_owned())
                .filter(|t| !t.is_empty());
            let root = doc.html_root();
            meta.language = root
                .attr("lang")
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty());
            meta.direction = root.attr("dir").as_deref().and_then(script::parse_dir);
            walk_body(&doc, meta.direction, &mut meta.links)
        }
    };
    let (text, blocks) = prepend_title(text, blocks, meta.title.as_deref(), meta.direction);
    Ok(Article::assemble(text, blocks, meta, source))
}

/// Deepest element nesting under `root` (iterative).
fn max_depth(root: NodeRef<'_>) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(root, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if deepest > MAX_READABILITY_DEPTH {
            break;
        }
        stack.extend(
            node.children_it(false)
                .filter(|c| c.is_element())
                .map(|c| (c, depth + 1)),
        );
    }
    deepest
}

/// Walk the page's `<body>` (or the whole document) without extraction.
fn walk_body(
    doc: &Document,
    page_dir: Option<Dir>,
    links: &mut Vec<String>,
) -> (String, Vec<Block>) {
    links.clear();
    match doc.body() {
        Some(body) => walk(body, page_dir, links),
        None => walk(doc.root(), page_dir, links),
    }
}

/// Put the metadata title first as a Title block unless the content already starts with it.
fn prepend_title(
    text: String,
    blocks: Vec<Block>,
    title: Option<&str>,
    page_dir: Option<Dir>,
) -> (String, Vec<Block>) {
    let Some(title) = title.map(str::trim).filter(|t| !t.is_empty()) else {
        return (text, blocks);
    };
    let title: String = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(first) = blocks.first()
        && matches!(first.kind, BlockKind::Heading(_))
        && text[first.byte_range.clone()].trim() == title
    {
        let mut blocks = blocks;
        blocks[0].kind = BlockKind::Title;
        return (text, blocks);
    }
    let shift = title.len() + if text.is_empty() { 0 } else { 2 };
    let mut out = String::with_capacity(text.len() + shift);
    out.push_str(&title);
    if !text.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(&text);
    let mut new_blocks = Vec::with_capacity(blocks.len() + 1);
    new_blocks.push(Block {
        kind: BlockKind::Title,
        byte_range: 0..title.len(),
        dir: page_dir,
    });
    new_blocks.extend(blocks.into_iter().map(|b| Block {
        byte_range: b.byte_range.start + shift..b.byte_range.end + shift,
        ..b
    }));
    (out, new_blocks)
}

/// What leaving an element undoes.
#[derive(Debug, Clone, Copy, Default)]
struct Exit {
    block: bool,
    quote: bool,
    item: bool,
    pre: bool,
    dir: bool,
}

#[derive(Debug)]
enum Step<'a> {
    Enter(NodeRef<'a>),
    Exit(Exit),
}

/// Walk a DOM subtree into text + blocks, iteratively (deeply nested pages must not overflow the
/// stack). Link targets are appended to `links`.
pub(crate) fn walk(
    root: NodeRef<'_>,
    page_dir: Option<Dir>,
    links: &mut Vec<String>,
) -> (String, Vec<Block>) {
    let mut b = Builder::default();
    let mut quote_depth = 0usize;
    let mut item_depth = 0usize;
    let mut pre_depth = 0usize;
    // Blocks inherit the page's `dir`, as in a browser; elements' own `dir` override it.
    let mut dirs: Vec<Dir> = page_dir.into_iter().collect();
    let mut stack: Vec<Step<'_>> = root.children_it(true).map(Step::Enter).collect();
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Exit(exit) => {
                if exit.block {
                    b.finish();
                }
                quote_depth -= usize::from(exit.quote);
                item_depth -= usize::from(exit.item);
                pre_depth -= usize::from(exit.pre);
                if exit.dir {
                    dirs.pop();
                }
                continue;
            }
            Step::Enter(node) => node,
        };
        if node.is_text() {
            let text = node.text();
            if pre_depth > 0 {
                if !b.is_open() {
                    b.start(BlockKind::Code, Some(Dir::Ltr));
                }
                b.push_inline(&super::decode::normalize_line_ends(&text));
            } else if !text.trim().is_empty() || b.is_open() {
                if !b.is_open() {
                    b.start(
                        super::nested_block_kind(quote_depth, item_depth),
                        dirs.last().copied(),
                    );
                }
                b.push_inline(&text);
            }
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let Some(name) = node.node_name() else {
            continue;
        };
        let name = name.to_ascii_lowercase();
        let mut exit = Exit::default();
        match name.as_str() {
            "script" | "style" | "noscript" | "template" | "head" | "iframe" | "object"
            | "embed" | "svg" | "canvas" | "button" | "input" | "select" | "textarea" | "img"
            | "video" | "audio" | "picture" | "source" | "meta" | "link" | "title" => continue,
            "br" => {
                b.hard_break();
                continue;
            }
            "hr" => {
                b.finish();
                continue;
            }
            _ => {}
        }
        if node.attr("hidden").is_some() || node.attr("aria-hidden").as_deref() == Some("true") {
            continue;
        }
        if let Some(d) = node.attr("dir").as_deref().and_then(script::parse_dir) {
            dirs.push(d);
            exit.dir = true;
        }
        let dir = dirs.last().copied();
        match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.as_bytes()[1] - b'0';
                b.start(BlockKind::Heading(level), dir);
                exit.block = true;
            }
            "li" | "dt" | "dd" => {
                b.start(BlockKind::ListItem, dir);
                item_depth += 1;
                exit.item = true;
                exit.block = true;
            }
            "blockquote" => {
                b.finish();
                quote_depth += 1;
                exit.quote = true;
                exit.block = true;
            }
            "pre" => {
                b.start(BlockKind::Code, Some(Dir::Ltr));
                pre_depth += 1;
                exit.pre = true;
                exit.block = true;
            }
            "tr" => {
                b.start(super::nested_block_kind(quote_depth, item_depth), dir);
                exit.block = true;
            }
            "td" | "th" => {
                b.separator(" | ");
            }
            "a" => {
                if let Some(href) = node.attr("href") {
                    let href = href.trim();
                    if !href.is_empty()
                        && !href.starts_with('#')
                        && !href.starts_with("javascript:")
                    {
                        links.push(href.to_owned());
                    }
                }
            }
            "p" | "div" | "section" | "article" | "main" | "header" | "footer" | "aside"
            | "nav" | "figure" | "figcaption" | "table" | "thead" | "tbody" | "tfoot" | "ul"
            | "ol" | "dl" | "address" | "details" | "summary" | "form" | "fieldset" | "caption"
            | "center" | "body" | "html"
                if pre_depth == 0 =>
            {
                b.finish();
                exit.block = true;
            }
            _ => {}
        }
        stack.push(Step::Exit(exit));
        stack.extend(node.children_it(true).map(Step::Enter));
    }
    b.finish();
    (b.text, b.blocks)
}

/// Text of an HTML fragment as this reader extracts it, without readability: for comparing the
/// reader's output with Readability's `expected.html`.
pub fn fragment_text(html: &str) -> String {
    let doc = Document::from(html);
    walk(doc.root(), None, &mut Vec::new()).0
}
