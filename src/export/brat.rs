//! brat standoff (`.txt` + `.ann`), <https://brat.nlplab.org/standoff.html>.
//!
//! - `T{n}\t{LABEL} {START} {END}\t{text}` with code-point offsets into the `.txt`, which is the
//!   document text byte for byte.
//! - A span containing line breaks is written as fragments `S1 E1;S2 E2` split at the newlines
//!   (brat cannot show a fragment across lines); the text field is the fragments joined by a
//!   space, as brat itself writes it.
//! - A note is `#{m}\tAnnotatorNotes T{n}\t{note}`. brat notes are one line, so `\`, newline,
//!   CR and tab in notes are written as `\\`, `\n`, `\r`, `\t` and read back the same way.
//!
//! Import reads T and `AnnotatorNotes` lines; other kinds (relations, events, attributes) are
//! an error rather than silently dropped. A fragmented span is read back as the range from its
//! first start to its last end, which is only allowed when the gaps are whitespace — a truly
//! discontinuous span is refused, since matn cannot represent it.

use std::collections::HashMap;
use std::ops::Range;

use super::{ExportDoc, ImportError, Imported, import_err};
use crate::annotations::{CharOffsets, labels::is_valid_label_name};

fn escape_note(note: &str) -> String {
    let mut out = String::with_capacity(note.len());
    for c in note.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

fn unescape_note(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Split a code-point range of `text` into fragments at `\n` (empty pieces dropped).
fn fragments(text: &str, offsets: &CharOffsets, chars: &Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (Some(b0), Some(b1)) = (
        offsets.char_to_byte(chars.start),
        offsets.char_to_byte(chars.end),
    ) else {
        return out;
    };
    let mut frag_start = chars.start;
    for (k, c) in text[b0..b1].chars().enumerate() {
        let at = chars.start + k;
        if c == '\n' {
            if frag_start < at {
                out.push(frag_start..at);
            }
            frag_start = at + 1;
        }
    }
    if frag_start < chars.end {
        out.push(frag_start..chars.end);
    }
    out
}

fn fragment_text(text: &str, offsets: &CharOffsets, frags: &[Range<usize>]) -> Option<String> {
    let mut pieces = Vec::with_capacity(frags.len());
    for f in frags {
        pieces.push(&text[offsets.char_range_to_bytes(f)?]);
    }
    Some(pieces.join(" "))
}

/// The `.ann` file for a document (its `.txt` is `doc.text` unchanged).
pub fn write_ann(doc: &ExportDoc<'_>) -> String {
    let offsets = CharOffsets::new(doc.text);
    let mut out = String::new();
    let mut t = 0;
    let mut notes = 0;
    for (chars, ann) in doc.placed() {
        let frags = fragments(doc.text, &offsets, &chars);
        let Some(span_text) = fragment_text(doc.text, &offsets, &frags) else {
            continue;
        };
        if frags.is_empty() {
            continue;
        }
        t += 1;
        let frag_list: Vec<String> = frags
            .iter()
            .map(|f| format!("{} {}", f.start, f.end))
            .collect();
        out.push_str(&format!(
            "T{t}\t{} {}\t{span_text}\n",
            ann.label,
            frag_list.join(";")
        ));
        if !ann.note.is_empty() {
            notes += 1;
            out.push_str(&format!(
                "#{notes}\tAnnotatorNotes T{t}\t{}\n",
                escape_note(&ann.note)
            ));
        }
    }
    out
}

fn parse_usize(s: &str, line: usize, what: &str) -> Result<usize, ImportError> {
    s.parse()
        .map_err(|_| import_err(line, format!("{what} {s:?} is not a number")))
}

/// Read a `.ann` file against the document `text`.
pub fn parse_ann(text: &str, ann: &str) -> Result<Vec<Imported>, ImportError> {
    let offsets = CharOffsets::new(text);
    let mut out: Vec<Imported> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut noted: HashMap<usize, usize> = HashMap::new(); // annotation index -> note line
    let mut notes: Vec<(usize, String, String)> = Vec::new(); // (line, T id, note)
    for (i, raw) in ann.split('\n').enumerate() {
        let line = i + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() {
            continue;
        }
        let mut parts = raw.splitn(3, '\t');
        let id = parts.next().unwrap_or_default();
        let middle = parts
            .next()
            .ok_or_else(|| import_err(line, "expected tab-separated fields"))?;
        let last = parts.next();
        if id.starts_with('T') {
            let span_text = last.ok_or_else(|| import_err(line, "T line has no text field"))?;
            let (label, frag_list) = middle
                .split_once(' ')
                .ok_or_else(|| import_err(line, "expected \"LABEL START END\""))?;
            if !is_valid_label_name(label) {
                return Err(import_err(line, format!("bad label {label:?}")));
            }
            let mut frags = Vec::new();
            for f in frag_list.split(';') {
                let (s, e) = f
                    .trim()
                    .split_once(' ')
                    .ok_or_else(|| import_err(line, format!("bad fragment {f:?}")))?;
                let s = parse_usize(s, line, "start")?;
                let e = parse_usize(e, line, "end")?;
                if s >= e || e > offsets.char_len() {
                    return Err(import_err(
                        line,
                        format!(
                            "offsets {s} {e} out of range (text has {} code points)",
                            offsets.char_len()
                        ),
                    ));
                }
                if let Some(prev) = frags.last().map(|r: &Range<usize>| r.end)
                    && s < prev
                {
                    return Err(import_err(line, "fragments out of order"));
                }
                frags.push(s..e);
            }
            let actual = fragment_text(text, &offsets, &frags).unwrap_or_default();
            if actual != span_text {
                return Err(import_err(
                    line,
                    format!(
                        "{id}: text at {frag_list} is {actual:?}, but the file says {span_text:?}"
                    ),
                ));
            }
            let (Some(first), Some(last)) = (frags.first(), frags.last()) else {
                return Err(import_err(line, "no fragments"));
            };
            let char_range = first.start..last.end;
            for pair in frags.windows(2) {
                let gap = offsets
                    .char_range_to_bytes(&(pair[0].end..pair[1].start))
                    .map(|b| &text[b])
                    .unwrap_or_default();
                if !gap.chars().all(char::is_whitespace) {
                    return Err(import_err(
                        line,
                        format!("{id}: discontinuous spans are not supported"),
                    ));
                }
            }
            let byte_range = offsets
                .char_range_to_bytes(&char_range)
                .ok_or_else(|| import_err(line, "offsets out of range"))?;
            if by_id.insert(id.to_owned(), out.len()).is_some() {
                return Err(import_err(line, format!("{id} defined twice")));
            }
            out.push(Imported {
                char_range,
                byte_range,
                label: label.to_owned(),
                note: String::new(),
            });
        } else if id.starts_with('#') {
            let target = middle
                .strip_prefix("AnnotatorNotes ")
                .ok_or_else(|| import_err(line, "only AnnotatorNotes comments are supported"))?;
            notes.push((
                line,
                target.trim().to_owned(),
                unescape_note(last.unwrap_or_default()),
            ));
        } else {
            return Err(import_err(
                line,
                format!("unsupported annotation {id:?} (matn reads T and # AnnotatorNotes lines)"),
            ));
        }
    }
    for (line, target, note) in notes {
        let idx = *by_id
            .get(&target)
            .ok_or_else(|| import_err(line, format!("note refers to unknown {target}")))?;
        if let Some(prev) = noted.insert(idx, line) {
            return Err(import_err(
                line,
                format!("{target} already has a note (line {prev})"),
            ));
        }
        out[idx].note = note;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_escape_round_trip() {
        for s in ["a\\nb", "x\ny\tz\r", "\\", "plain", "ends with \\"] {
            assert_eq!(unescape_note(&escape_note(s)), s);
            assert!(!escape_note(s).contains(['\n', '\t', '\r']));
        }
    }

    #[test]
    fn fragments_split_at_newlines() {
        let text = "ab\ncd\n\nef";
        let o = CharOffsets::new(text);
        assert_eq!(fragments(text, &o, &(0..9)), vec![0..2, 3..5, 7..9]);
        assert_eq!(fragments(text, &o, &(1..4)), vec![1..2, 3..4]);
    }
}
