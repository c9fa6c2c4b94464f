//! Plain text: the document's text IS the file's text (decoded, line ends normalised to LF);
//! structure is only block ranges over it, so offsets point at what the user sees in the file.
//!
//! Paragraphs are lines, or runs of lines between blank lines when the file is hard-wrapped
//! prose (detected). News heuristics then name the first blocks: a short line ending in ':' is a
//! kicker before the title, and a kicker announces the news shape (title, then lead). A short
//! first line without sentence-final punctuation is a title. Nothing else is renamed, so UDHR
//! texts and Wikipedia extracts keep their paragraphs.

use std::ops::Range;

use super::{Article, Block, BlockKind, Metadata, Source};

/// Longest kicker, in chars ("پزشکیان:" is 8).
const KICKER_MAX_CHARS: usize = 60;
/// Longest title, in chars.
const TITLE_MAX_CHARS: usize = 200;

/// How the file separates paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphMode {
    /// Every non-blank line is a paragraph.
    Line,
    /// Paragraphs are separated by blank lines; single LFs are hard wraps.
    BlankLine,
}

/// Read plain text (already decoded and line-end normalised).
pub fn read(text: String, source: Source) -> Article {
    let blocks = blocks(&text);
    Article::assemble(text, blocks, Metadata::default(), source)
}

/// Paragraph blocks with news-shape kinds.
pub fn blocks(text: &str) -> Vec<Block> {
    let ranges = paragraphs(text, detect_mode(text));
    let mut blocks: Vec<Block> = ranges
        .into_iter()
        .map(|byte_range| Block {
            kind: BlockKind::Paragraph,
            byte_range,
            dir: None,
        })
        .collect();
    apply_news_heuristics(text, &mut blocks);
    blocks
}

/// Lines of `text` as byte ranges without the LF (the last line may be empty).
fn line_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        match memchr_lf(&text.as_bytes()[start..]) {
            Some(i) => {
                let r = start..start + i;
                start += i + 1;
                Some(r)
            }
            None => {
                done = true;
                Some(start..text.len())
            }
        }
    })
}

fn memchr_lf(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

fn is_blank(line: &str) -> bool {
    line.chars().all(char::is_whitespace)
}

/// Decide how paragraphs are separated, from the first 2,000 lines (linear, cheap): blank-line
/// mode when there are blank lines, most lines are short (hard-wrapped), lines usually continue
/// into a next non-blank line, and those continued lines are long enough to be prose (a poem's
/// stanzas stay line by line).
pub fn detect_mode(text: &str) -> ParagraphMode {
    // Blank lines that separate two non-blank lines (a trailing LF is no separator).
    let mut blank = 0usize;
    let mut after_blank = false;
    let mut nonblank = 0usize;
    let mut short = 0usize;
    let mut continued_lens: Vec<usize> = Vec::new();
    let mut prev_len: Option<usize> = None;
    for r in line_ranges(text).take(2000) {
        let line = &text[r];
        if is_blank(line) {
            after_blank = nonblank > 0;
            prev_len = None;
            continue;
        }
        if after_blank {
            blank += 1;
            after_blank = false;
        }
        let len = line.chars().count();
        nonblank += 1;
        if len <= 100 {
            short += 1;
        }
        if let Some(p) = prev_len {
            continued_lens.push(p);
        }
        prev_len = Some(len);
    }
    if blank == 0 || nonblank < 3 {
        return ParagraphMode::Line;
    }
    continued_lens.sort_unstable();
    let median_continued = continued_lens
        .get(continued_lens.len() / 2)
        .copied()
        .unwrap_or(0);
    let wrapped = short * 10 >= nonblank * 9;
    let continues = continued_lens.len() * 2 >= nonblank;
    if wrapped && continues && median_continued >= 40 {
        ParagraphMode::BlankLine
    } else {
        ParagraphMode::Line
    }
}

/// Paragraph byte ranges, trimmed of surrounding whitespace (ranges stay on char boundaries
/// because only ASCII/Unicode whitespace chars are skipped whole).
pub fn paragraphs(text: &str, mode: ParagraphMode) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for r in line_ranges(text) {
        let line = &text[r.clone()];
        if is_blank(line) {
            if let Some(c) = current.take() {
                out.push(c);
            }
            continue;
        }
        match mode {
            ParagraphMode::Line => out.push(r),
            ParagraphMode::BlankLine => match &mut current {
                Some(c) => c.end = r.end,
                None => current = Some(r),
            },
        }
    }
    if let Some(c) = current {
        out.push(c);
    }
    out.into_iter()
        .filter_map(|r| trim_range(text, r))
        .collect()
}

/// Shrink a range to exclude leading/trailing whitespace; `None` if nothing is left.
pub fn trim_range(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.start + s.trim_end().len();
    (start < end).then_some(start..end)
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', '!', '?', '؟', '۔', '…', '。', '»', '"', '”', ';', '؛'])
}

/// Rename the first blocks per the news shape; see the module doc.
fn apply_news_heuristics(text: &str, blocks: &mut [Block]) {
    if blocks.len() < 2 {
        return;
    }
    let line = |b: &Block| &text[b.byte_range.clone()];
    let single_line = |b: &Block| !line(b).contains('\n');
    let first = line(&blocks[0]);
    let first_chars = first.chars().count();
    let is_kicker = single_line(&blocks[0])
        && first_chars <= KICKER_MAX_CHARS
        && first.trim_end().ends_with([':', '：'])
        && blocks.len() >= 3;
    let looks_like_title = |b: &Block| {
        let s = line(b);
        single_line(b)
            && s.chars().count() <= TITLE_MAX_CHARS
            && !ends_sentence(s)
            && !s.ends_with(':')
    };
    if is_kicker && looks_like_title(&blocks[1]) {
        blocks[0].kind = BlockKind::Kicker;
        blocks[1].kind = BlockKind::Title;
        // The kicker announces news: the paragraph after the title is its lead.
        if blocks.len() >= 4 || line(&blocks[2]).chars().count() > 40 {
            blocks[2].kind = BlockKind::Lead;
        }
    } else if looks_like_title(&blocks[0]) {
        blocks[0].kind = BlockKind::Title;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(BlockKind, &str)> {
        blocks(text)
            .into_iter()
            .map(|b| (b.kind, &text[b.byte_range]))
            .collect()
    }

    #[test]
    fn sample_news_shape() {
        let a = Article::sample();
        let k: Vec<BlockKind> = a.blocks.iter().map(|b| b.kind).take(4).collect();
        assert_eq!(
            k,
            [
                BlockKind::Kicker,
                BlockKind::Title,
                BlockKind::Lead,
                BlockKind::Paragraph
            ]
        );
        assert_eq!(a.block_text(0), "پزشکیان:");
        assert_eq!(a.meta.language.as_deref(), Some("fa"));
        assert_eq!(a.meta.direction, Some(crate::layout::Dir::Rtl));
        assert_eq!(a.text, super::super::SAMPLE_TEXT);
    }

    #[test]
    fn wikipedia_shape_is_title_and_paragraphs() {
        let t = "برلین\n\nبرلین پایتخت آلمان است. این شهر بزرگ است.\n\nپاراگراف دوم.\n";
        assert_eq!(
            kinds(t),
            [
                (BlockKind::Title, "برلین"),
                (
                    BlockKind::Paragraph,
                    "برلین پایتخت آلمان است. این شهر بزرگ است."
                ),
                (BlockKind::Paragraph, "پاراگراف دوم."),
            ]
        );
    }

    #[test]
    fn hard_wrapped_prose_uses_blank_lines() {
        let para = "This is a line of hard wrapped prose that goes on for a while\n".repeat(3);
        let t = format!("{para}\n{para}\n{para}");
        assert_eq!(detect_mode(&t), ParagraphMode::BlankLine);
        let b = blocks(&t);
        assert_eq!(b.len(), 3);
        assert!(t[b[0].byte_range.clone()].contains('\n'));
        // A poem: short lines in stanzas stays line by line.
        // Short lines without blank lines between them (a list, a log) are lines.
        let lines = "A line that is long enough to be prose, but never continued.\n".repeat(5);
        assert_eq!(detect_mode(&lines), ParagraphMode::Line);
        let poem = "roses are red\nviolets are blue\n\nsugar is sweet\nand so are you\n";
        assert_eq!(detect_mode(poem), ParagraphMode::Line);
    }

    #[test]
    fn no_mangling_of_single_or_empty() {
        assert!(kinds("").is_empty());
        assert!(kinds("\n\n  \n").is_empty());
        assert_eq!(kinds("Only line."), [(BlockKind::Paragraph, "Only line.")]);
        // A colon line followed by a full sentence is not a kicker + title.
        let t = "Note:\nThis is a sentence.\nAnother one.\n";
        assert_eq!(kinds(t)[0].0, BlockKind::Paragraph);
    }
}
