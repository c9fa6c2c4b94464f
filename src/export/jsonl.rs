//! JSONL, doccano-style: one JSON object per document and line.
//!
//! ```json
//! {"id": "…", "title": …, "source": …, "text": "…", "offset_unit": "codepoint",
//!  "label": [[start, end, "LABEL"], …], "notes": [[start, end, "LABEL", "note"], …]}
//! ```
//! `label` is what doccano reads (but doccano counts UTF-16 units; we write code points and say
//! so in `offset_unit`). `notes` repeats the span of each annotation that has a note; on import
//! a note goes to the first same-span, same-label entry of `label` still without one, so
//! duplicates keep their order.

use serde::{Deserialize, Serialize};

use super::{ExportDoc, ImportError, Imported, import_err};
use crate::annotations::{CharOffsets, labels::is_valid_label_name};

/// The value of `offset_unit` this module writes and accepts.
pub const OFFSET_UNIT: &str = "codepoint";

#[derive(Serialize, Deserialize)]
struct Line {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    source: Option<String>,
    text: String,
    #[serde(default)]
    offset_unit: Option<String>,
    #[serde(default)]
    label: Vec<(usize, usize, String)>,
    #[serde(default)]
    notes: Vec<(usize, usize, String, String)>,
}

/// One JSONL line (with trailing newline) for a document.
pub fn write_line(doc: &ExportDoc<'_>) -> String {
    let placed = doc.placed();
    let line = Line {
        id: Some(doc.id.to_owned()),
        title: doc.title.map(str::to_owned),
        source: doc.source.map(str::to_owned),
        text: doc.text.to_owned(),
        offset_unit: Some(OFFSET_UNIT.to_owned()),
        label: placed
            .iter()
            .map(|(r, a)| (r.start, r.end, a.label.clone()))
            .collect(),
        notes: placed
            .iter()
            .filter(|(_, a)| !a.note.is_empty())
            .map(|(r, a)| (r.start, r.end, a.label.clone(), a.note.clone()))
            .collect(),
    };
    // Serialising plain strings and numbers cannot fail.
    let mut s = serde_json::to_string(&line).unwrap_or_default();
    s.push('\n');
    s
}

/// Code point where `a` and `b` first differ.
fn first_difference(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Read the annotations of the document `text` from a JSONL file: the line whose `text` is this
/// document's text (or the only line, which must then match).
pub fn parse(text: &str, src: &str) -> Result<Vec<Imported>, ImportError> {
    let mut candidates = Vec::new();
    for (i, raw) in src.split('\n').enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let line: Line = serde_json::from_str(raw)
            .map_err(|e| import_err(i + 1, format!("not a JSONL document line: {e}")))?;
        candidates.push((i + 1, line));
    }
    let n_candidates = candidates.len();
    let (line_no, line) = match candidates.iter().position(|(_, l)| l.text == text) {
        Some(pos) => candidates.swap_remove(pos),
        None if n_candidates == 1 => {
            let (n, l) = &candidates[0];
            return Err(import_err(
                *n,
                format!(
                    "\"text\" differs from the document from code point {}",
                    first_difference(&l.text, text)
                ),
            ));
        }
        None => {
            return Err(import_err(
                0,
                format!("none of the {n_candidates} lines has this document's text"),
            ));
        }
    };
    if let Some(unit) = &line.offset_unit
        && unit != OFFSET_UNIT
    {
        return Err(import_err(
            line_no,
            format!("offset_unit {unit:?} is not supported (only {OFFSET_UNIT:?})"),
        ));
    }
    let offsets = CharOffsets::new(text);
    let mut out: Vec<Imported> = Vec::with_capacity(line.label.len());
    for (k, (start, end, label)) in line.label.iter().enumerate() {
        if !is_valid_label_name(label) {
            return Err(import_err(
                line_no,
                format!("label #{k}: bad label {label:?}"),
            ));
        }
        let byte_range = (start < end)
            .then(|| offsets.char_range_to_bytes(&(*start..*end)))
            .flatten()
            .ok_or_else(|| {
                import_err(
                    line_no,
                    format!(
                        "label #{k}: offsets {start}..{end} out of range (text has {} code points)",
                        offsets.char_len()
                    ),
                )
            })?;
        out.push(Imported {
            char_range: *start..*end,
            byte_range,
            label: label.clone(),
            note: String::new(),
        });
    }
    for (start, end, label, note) in &line.notes {
        let target = out
            .iter_mut()
            .find(|a| a.char_range == (*start..*end) && a.label == *label && a.note.is_empty());
        match target {
            Some(a) => a.note = note.clone(),
            None => {
                return Err(import_err(
                    line_no,
                    format!("note for {start}..{end} {label} has no matching label entry"),
                ));
            }
        }
    }
    Ok(out)
}
