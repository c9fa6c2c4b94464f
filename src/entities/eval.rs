//! Evaluation against IOB2 gold data (conlleval-compatible strict entity-level scores).
//!
//! Gold tag mapping (ParsTwiNER → ours): PER→PER, LOC→LOC, ORG→ORG, POG (political groups,
//! parties, dynasties)→ORG, EVE→EVENT, NAT (nationalities)→NORP.
//!
//! Predictions become token tags like this: an entity covers a token when their byte ranges
//! overlap; the first token it covers gets B-, later ones I-; a token already covered by an
//! earlier entity keeps that one. Only PER, LOC, ORG, EVENT and NORP predictions count (gold has
//! no dates or numbers). An entity is correct when its token span and type both match exactly.

use std::collections::BTreeMap;
use std::ops::Range;

use super::{Entity, EntityKind};

/// One gold sentence: (token, tag) pairs.
pub type IobSentence = Vec<(String, String)>;

/// Parse IOB2 text: `token<TAB>tag` (or space-separated, last field is the tag) per line, blank
/// line between sentences. Lines without a tag are skipped.
pub fn read_iob(text: &str) -> Vec<IobSentence> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let (tok, tag) = match line.rsplit_once('\t').or_else(|| line.rsplit_once(' ')) {
            Some((a, b)) => (a.trim(), b.trim()),
            None => continue,
        };
        if tok.is_empty() {
            continue;
        }
        cur.push((tok.to_string(), tag.to_string()));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Join a sentence's tokens with single spaces; returns the text and each token's byte range.
pub fn join_tokens(sent: &[(String, String)]) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(sent.len());
    for (i, (tok, _)) in sent.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        let s = text.len();
        text.push_str(tok);
        spans.push(s..text.len());
    }
    (text, spans)
}

/// The kind and inside-flag of an IOB2 tag ("B-EVE" → (Event, false)); `None` for "O" and for
/// types we do not map.
pub fn tag_kind(tag: &str) -> Option<(EntityKind, bool)> {
    let (bi, ty) = tag.split_once('-')?;
    let inside = match bi {
        "B" => false,
        "I" => true,
        _ => return None,
    };
    let kind = EntityKind::from_code(ty)?;
    matches!(
        kind,
        EntityKind::Person
            | EntityKind::Location
            | EntityKind::Organization
            | EntityKind::Event
            | EntityKind::Norp
    )
    .then_some((kind, inside))
}

/// Entity spans (token index ranges) of a tag sequence, conlleval style: an I- tag whose type
/// differs from the previous token's (or that follows O) starts a new entity.
pub fn spans(tags: &[Option<(EntityKind, bool)>]) -> Vec<(Range<usize>, EntityKind)> {
    let mut out: Vec<(Range<usize>, EntityKind)> = Vec::new();
    let mut open: Option<(usize, EntityKind)> = None;
    for (i, t) in tags.iter().enumerate() {
        match (t, open) {
            (Some((k, true)), Some((_, ok))) if *k == ok => {}
            (Some((k, _)), o) => {
                if let Some((s, ok)) = o {
                    out.push((s..i, ok));
                }
                open = Some((i, *k));
            }
            (None, o) => {
                if let Some((s, ok)) = o {
                    out.push((s..i, ok));
                }
                open = None;
            }
        }
    }
    if let Some((s, k)) = open {
        out.push((s..tags.len(), k));
    }
    out
}

/// Token tags for predicted entities (see the module documentation for the overlap rule).
pub fn predicted_tags(
    token_bytes: &[Range<usize>],
    entities: &[Entity],
) -> Vec<Option<(EntityKind, bool)>> {
    let mut tags = vec![None; token_bytes.len()];
    for e in entities {
        if tag_kind(&format!("B-{}", e.kind.code())).is_none() {
            continue;
        }
        let mut first = true;
        for (i, t) in token_bytes.iter().enumerate() {
            if t.start < e.byte_range.end && e.byte_range.start < t.end {
                if tags[i].is_none() {
                    tags[i] = Some((e.kind, !first));
                }
                first = false;
            }
        }
    }
    tags
}

/// Counts for one type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Entities in the gold data.
    pub gold: usize,
    /// Entities predicted.
    pub predicted: usize,
    /// Predicted entities with the exact gold span and type.
    pub correct: usize,
}

impl Counts {
    /// Precision in percent (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        pct(self.correct, self.predicted)
    }
    /// Recall in percent.
    pub fn recall(&self) -> f64 {
        pct(self.correct, self.gold)
    }
    /// F1 in percent.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.correct += o.correct;
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Scores: per type and overall.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// Per type (sorted by type).
    pub per_kind: BTreeMap<EntityKind, Counts>,
    /// Over all types.
    pub overall: Counts,
    /// Tokens seen.
    pub tokens: usize,
}

impl Scores {
    /// Add one sentence's gold and predicted tags (same length).
    pub fn add_sentence(
        &mut self,
        gold: &[Option<(EntityKind, bool)>],
        pred: &[Option<(EntityKind, bool)>],
    ) {
        let g = spans(gold);
        let p = spans(pred);
        self.tokens += gold.len();
        for (_, k) in &g {
            self.per_kind.entry(*k).or_default().gold += 1;
        }
        for (r, k) in &p {
            let c = self.per_kind.entry(*k).or_default();
            c.predicted += 1;
            if g.iter().any(|(gr, gk)| gr == r && gk == k) {
                c.correct += 1;
            }
        }
        let mut all = Counts::default();
        for c in self.per_kind.values() {
            all.add(c);
        }
        self.overall = all;
    }

    /// A conlleval-like report.
    pub fn report(&self) -> String {
        let o = &self.overall;
        let mut s = format!(
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.\n",
            self.tokens, o.gold, o.predicted, o.correct
        );
        s.push_str(&format!(
            "{:>9}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}\n",
            "overall",
            o.precision(),
            o.recall(),
            o.f1()
        ));
        for (k, c) in &self.per_kind {
            s.push_str(&format!(
                "{:>9}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {} (gold {})\n",
                k.code(),
                c.precision(),
                c.recall(),
                c.f1(),
                c.predicted,
                c.gold
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<Option<(EntityKind, bool)>> {
        s.split_whitespace().map(tag_kind).collect()
    }

    #[test]
    fn spans_conlleval_style() {
        let t = tags("B-PER I-PER O I-LOC I-LOC B-ORG B-ORG I-PER");
        let s = spans(&t);
        assert_eq!(
            s,
            vec![
                (0..2, EntityKind::Person),
                (3..5, EntityKind::Location),
                (5..6, EntityKind::Organization),
                (6..7, EntityKind::Organization),
                (7..8, EntityKind::Person),
            ]
        );
    }

    #[test]
    fn hand_computed_scores() {
        // Gold: PER(0..2), LOC(3), ORG(5..7). Predicted: PER(0..2) correct, LOC(3..5) wrong span,
        // ORG(5..7) correct, NORP(8) spurious.
        let gold = tags("B-PER I-PER O B-LOC O B-ORG I-ORG O O");
        let pred = tags("B-PER I-PER O B-LOC I-LOC B-ORG I-ORG O B-NAT");
        let mut s = Scores::default();
        s.add_sentence(&gold, &pred);
        assert_eq!(
            s.overall,
            Counts {
                gold: 3,
                predicted: 4,
                correct: 2
            }
        );
        assert!((s.overall.precision() - 50.0).abs() < 1e-9);
        assert!((s.overall.recall() - 200.0 / 3.0).abs() < 1e-9);
        assert!((s.overall.f1() - 2.0 * 50.0 * (200.0 / 3.0) / (50.0 + 200.0 / 3.0)).abs() < 1e-9);
        assert_eq!(
            s.per_kind[&EntityKind::Location],
            Counts {
                gold: 1,
                predicted: 1,
                correct: 0
            }
        );
        assert_eq!(s.per_kind[&EntityKind::Norp].precision(), 0.0);
        assert!(s.report().contains("found: 4 phrases; correct: 2."));
    }

    #[test]
    fn gold_mapping_and_overlap_projection() {
        assert_eq!(tag_kind("B-EVE"), Some((EntityKind::Event, false)));
        assert_eq!(tag_kind("I-POG"), Some((EntityKind::Organization, true)));
        assert_eq!(tag_kind("B-NAT"), Some((EntityKind::Norp, false)));
        assert_eq!(tag_kind("B-DATE"), None);
        assert_eq!(tag_kind("O"), None);
        let sent = read_iob("a\tO\nbb\tB-PER\nc\tI-PER\n\nd\tO\n");
        assert_eq!(sent.len(), 2);
        let (text, toks) = join_tokens(&sent[0]);
        assert_eq!(text, "a bb c");
        let e = Entity {
            byte_range: 3..6,
            kind: EntityKind::Person,
            key: String::new(),
            source: super::super::Layer::Tagger,
            confidence: 1.0,
            text: "b c".into(),
            detail: None,
        };
        let p = predicted_tags(&toks, &[e]);
        assert_eq!(
            p,
            vec![
                None,
                Some((EntityKind::Person, false)),
                Some((EntityKind::Person, true))
            ]
        );
    }
}
