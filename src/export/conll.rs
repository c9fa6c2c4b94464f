//! CoNLL IOB2: one `TOKEN\tTAG` line per token, a blank line after each sentence.
//!
//! - **Sentences** are paragraphs: the text split at `\n`, blank lines skipped. (Sentence
//!   splitting of Persian/Arabic is unreliable; a paragraph is a unit annotators recognise.)
//! - **Tokens** are the UAX #29 word-boundary segments of a paragraph that are not whitespace:
//!   words (ZWNJ and combining marks stay inside their word, so `می‌خواهم` is one token), numbers
//!   (`3.5`), each punctuation mark on its own, emoji sequences whole.
//! - **Tags**: `B-LABEL` on the first token that overlaps an annotation, `I-LABEL` on the rest,
//!   `O` elsewhere. A token partly inside a span belongs to it.
//!   A span that runs over a paragraph break restarts with `B-` in the next sentence.
//! - **Nesting**: IOB cannot nest, so the outermost annotation wins: spans are taken by start,
//!   longest first, and any span overlapping one already taken is left out (for crossing spans
//!   the earlier one wins).
//! - Several documents are separated by a `-DOCSTART-\tO` line and a blank line.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::ExportDoc;

/// A token: its byte range in the document text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub byte_range: Range<usize>,
    /// Index of the paragraph (sentence) it belongs to, counting non-blank lines.
    pub sentence: usize,
}

/// Tokenise `text` as described in the module docs.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut line_start = 0;
    let mut sentence = 0;
    for line in text.split('\n') {
        let mut any = false;
        for (i, seg) in line.split_word_bound_indices() {
            if seg.chars().all(char::is_whitespace) {
                continue;
            }
            any = true;
            out.push(Token {
                byte_range: line_start + i..line_start + i + seg.len(),
                sentence,
            });
        }
        if any {
            sentence += 1;
        }
        line_start += line.len() + 1;
    }
    out
}

/// The spans kept for IOB tagging (outermost wins), as (byte range, label).
fn outermost(doc: &ExportDoc<'_>) -> Vec<(Range<usize>, String)> {
    let mut spans: Vec<(Range<usize>, String)> = doc
        .annotations
        .iter()
        .filter(|a| !a.orphaned && a.byte_range.end <= doc.text.len())
        .map(|a| (a.byte_range.clone(), a.label.clone()))
        .collect();
    spans.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut kept: Vec<(Range<usize>, String)> = Vec::new();
    for (r, label) in spans {
        if kept.last().is_none_or(|(k, _)| r.start >= k.end) {
            kept.push((r, label));
        }
    }
    kept
}

/// The CoNLL text of one document.
pub fn write_doc(doc: &ExportDoc<'_>) -> String {
    let spans = outermost(doc);
    let mut out = String::new();
    let mut span_idx = 0;
    let mut last_tagged_span: Option<usize> = None;
    let toks = tokens(doc.text);
    for (k, tok) in toks.iter().enumerate() {
        if k > 0 && toks[k - 1].sentence != tok.sentence {
            // A span running into the next sentence restarts with B-, as IOB2 readers expect.
            last_tagged_span = None;
        }
        while span_idx < spans.len() && spans[span_idx].0.end <= tok.byte_range.start {
            span_idx += 1;
        }
        let tag = match spans.get(span_idx) {
            Some((r, label)) if r.start < tok.byte_range.end => {
                let first = last_tagged_span != Some(span_idx);
                last_tagged_span = Some(span_idx);
                format!("{}-{label}", if first { "B" } else { "I" })
            }
            _ => "O".to_owned(),
        };
        out.push_str(&doc.text[tok.byte_range.clone()]);
        out.push('\t');
        out.push_str(&tag);
        out.push('\n');
        if toks
            .get(k + 1)
            .is_none_or(|next| next.sentence != tok.sentence)
        {
            out.push('\n');
        }
    }
    out
}

/// CoNLL text of several documents.
pub fn write(docs: &[ExportDoc<'_>]) -> String {
    if let [doc] = docs {
        return write_doc(doc);
    }
    let mut out = String::new();
    for doc in docs {
        out.push_str("-DOCSTART-\tO\n\n");
        out.push_str(&write_doc(doc));
    }
    out
}
