//! W3C Web Annotation Data Model (JSON-LD), <https://www.w3.org/TR/annotation-model/>.
//!
//! One `AnnotationCollection` holding every annotation of every exported document. Each target
//! carries both a `TextQuoteSelector` (exact/prefix/suffix, robust to edits) and a
//! `TextPositionSelector` (start/end in code points, as the model specifies). The body is a
//! `TextualBody` with purpose `tagging` holding the label, plus one with purpose `commenting`
//! holding the note when there is one.

use serde_json::{Value, json};

use super::ExportDoc;
use crate::annotations::Quote;

/// ISO 8601 UTC timestamp of a Unix time in milliseconds.
pub fn iso8601(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm), valid for the proleptic Gregorian calendar.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Percent-encode a path for a `file://` IRI (everything but unreserved bytes and `/`).
fn file_iri(path: &str) -> String {
    let mut out = String::from("file://");
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The IRI that identifies a document: its file if it has an absolute path, else a URN of its id.
pub fn document_iri(doc: &ExportDoc<'_>) -> String {
    match doc.source {
        Some(p) if p.starts_with('/') => file_iri(p),
        _ => format!("urn:matn:doc:{}", doc.id),
    }
}

/// The annotations of one document as W3C annotation objects.
pub fn annotations(doc: &ExportDoc<'_>) -> Vec<Value> {
    let source = document_iri(doc);
    doc.placed()
        .into_iter()
        .map(|(chars, ann)| {
            let quote = Quote::from_text(doc.text, ann.byte_range.clone());
            let mut body = vec![json!({
                "type": "TextualBody",
                "purpose": "tagging",
                "value": ann.label,
            })];
            if !ann.note.is_empty() {
                body.push(json!({
                    "type": "TextualBody",
                    "purpose": "commenting",
                    "value": ann.note,
                    "format": "text/plain",
                }));
            }
            json!({
                "id": format!("urn:matn:annotation:{}:{}", doc.id, ann.id),
                "type": "Annotation",
                "created": iso8601(ann.created),
                "modified": iso8601(ann.updated),
                "body": body,
                "target": {
                    "source": source,
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": quote.exact,
                            "prefix": quote.prefix,
                            "suffix": quote.suffix,
                        },
                        {
                            "type": "TextPositionSelector",
                            "start": chars.start,
                            "end": chars.end,
                        },
                    ],
                },
            })
        })
        .collect()
}

/// A JSON-LD `AnnotationCollection` of all annotations of `docs`, pretty-printed.
pub fn write(docs: &[ExportDoc<'_>]) -> String {
    let items: Vec<Value> = docs.iter().flat_map(annotations).collect();
    let collection = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "label": "matn annotations",
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    let mut s = serde_json::to_string_pretty(&collection).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_known_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_765_497_600_000), "2025-12-12T00:00:00Z");
        assert_eq!(iso8601(951_782_400_000 + 3_723_000), "2000-02-29T01:02:03Z");
    }

    #[test]
    fn file_iri_encodes() {
        assert_eq!(file_iri("/a b/ک.txt"), "file:///a%20b/%DA%A9.txt");
    }
}
