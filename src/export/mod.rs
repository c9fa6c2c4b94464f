//! Annotation export/import: brat standoff, JSONL (doccano-style), W3C Web Annotation, CoNLL IOB.
//!
//! Every writer is a pure function of the document text and its annotations, so it can be tested
//! without a store. Every format counts offsets in Unicode code points (what Python's `str`
//! indexing, brat and the W3C TextPositionSelector use), never bytes or UTF-16 units.
//! Orphaned annotations are not exported: their ranges do not refer to this text.
//! Importers check every span against the text and fail naming the line; they return the whole
//! list or nothing, and the store imports it in one transaction.

pub mod brat;
pub mod conll;
pub mod jsonl;
pub mod w3c;

use std::ops::Range;

use crate::annotations::{Annotation, CharOffsets};

/// A document to export: its identity, text and annotations.
#[derive(Debug, Clone, Copy)]
pub struct ExportDoc<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    /// Where the document came from (path or `bundled:NAME`), if known.
    pub source: Option<&'a str>,
    pub text: &'a str,
    pub annotations: &'a [Annotation],
}

impl ExportDoc<'_> {
    /// Placed annotations with their code-point ranges recomputed from the text (the stored
    /// `char_range` is derived data; the byte range is the truth), ordered by position.
    pub fn placed(&self) -> Vec<(Range<usize>, &Annotation)> {
        let offsets = CharOffsets::new(self.text);
        let mut out: Vec<(Range<usize>, &Annotation)> = self
            .annotations
            .iter()
            .filter(|a| !a.orphaned)
            .filter_map(|a| Some((offsets.byte_range_to_chars(&a.byte_range)?, a)))
            .collect();
        out.sort_by_key(|(r, a)| (r.start, std::cmp::Reverse(r.end), a.id));
        out
    }
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Brat,
    Jsonl,
    W3c,
    Conll,
}

/// An annotation read back from a file, checked against the document text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub char_range: Range<usize>,
    pub byte_range: Range<usize>,
    pub label: String,
    pub note: String,
}

/// A file that does not fit the document; `line` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ImportError {
    pub line: usize,
    pub message: String,
}

pub(crate) fn import_err(line: usize, message: impl Into<String>) -> ImportError {
    ImportError {
        line,
        message: message.into(),
    }
}
