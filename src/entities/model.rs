//! The statistical tagger: a greedy left-to-right averaged perceptron over IOB2 labels
//! (PER, LOC, ORG, EVENT, NORP), trained and run by the same Rust code, so training and
//! inference features cannot drift apart.
//!
//! Training: `cargo run --release --example train_ner -- /work/shared/ner/parstwiner/train.txt
//! assets/ner/parstwiner.model` (ParsTwiNER, MIT). Retrain when the gazetteer changes: its
//! hits are features.
//!
//! Tokens are runs of letters/digits of the folded text (ZWNJ folds away, so "سرخ‌های" is one
//! token) or single punctuation marks; sentences end at `. ! ? ؟` or a line break. Features per
//! token: the word, its neighbours (±2), word bigrams, prefixes and suffixes (1–3 chars), the
//! shape, the gazetteer kind covering the token and its neighbours, and the previous two
//! predicted labels. Features are FNV-1a hashes (u32) of template id + strings.
//!
//! Model file (little-endian): magic `MATNNER1`, u32 label count, each label as u8 length +
//! UTF-8, u32 feature count, then per feature: u32 hash, u8 n, n × (u8 label, f32 weight).

use std::collections::HashMap;
use std::ops::Range;

use anyhow::{Context, bail};

use super::gazetteer::{Gazetteer, HitIndex};
use super::normalize::{FoldOptions, Folded, fold};
use super::{Candidate, EntityKind, Layer, at_word_boundary, text_key};

/// The labels, in model order.
pub const LABELS: [&str; 11] = [
    "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-EVENT", "I-EVENT", "B-NORP",
    "I-NORP",
];
const NC: usize = LABELS.len();
const KINDS: [EntityKind; 5] = [
    EntityKind::Person,
    EntityKind::Location,
    EntityKind::Organization,
    EntityKind::Event,
    EntityKind::Norp,
];
const MAGIC: &[u8; 8] = b"MATNNER1";
const MODEL: &[u8] = include_bytes!("../../assets/ner/parstwiner.model");

/// The label index for a kind and position.
pub fn label_index(kind: EntityKind, inside: bool) -> usize {
    let k = KINDS
        .iter()
        .position(|k| *k == kind)
        .map_or(0, |p| 1 + 2 * p);
    if k == 0 { 0 } else { k + usize::from(inside) }
}

fn label_kind(label: usize) -> Option<(EntityKind, bool)> {
    if label == 0 || label >= NC {
        return None;
    }
    Some((KINDS[(label - 1) / 2], (label - 1) % 2 == 1))
}

/// Whether `label` may follow `prev` (I-X only after B-X or I-X).
fn allowed(prev: usize, label: usize) -> bool {
    match label_kind(label) {
        Some((k, true)) => label_kind(prev).is_some_and(|(pk, _)| pk == k),
        _ => true,
    }
}

/// Token ranges (folded bytes) of `folded`: letter/digit runs or single punctuation marks.
pub fn tokenize(folded: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (b, c) in folded.char_indices() {
        let word = super::is_alnum_fast(c) || c == '_';
        match (word, start) {
            (true, None) => start = Some(b),
            (true, Some(_)) => {}
            (false, s) => {
                if let Some(s) = s {
                    out.push(s..b);
                    start = None;
                }
                if !c.is_whitespace() {
                    if matches!(c, '@' | '#')
                        && folded[b + 1..].starts_with(|n: char| n.is_alphanumeric())
                    {
                        start = Some(b);
                    } else {
                        out.push(b..b + c.len_utf8());
                    }
                }
            }
        }
    }
    if let Some(s) = start {
        out.push(s..folded.len());
    }
    out
}

/// Split token indices into sentences.
fn sentences(folded: &str, tokens: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut s = 0;
    for i in 0..tokens.len() {
        let t = &folded[tokens[i].clone()];
        let end_here = matches!(t, "." | "!" | "?" | "؟")
            || tokens
                .get(i + 1)
                .is_some_and(|n| folded[tokens[i].end..n.start].contains('\n'));
        if end_here || i - s >= 200 {
            out.push(s..i + 1);
            s = i + 1;
        }
    }
    if s < tokens.len() {
        out.push(s..tokens.len());
    }
    out
}

struct Hasher(u32);

impl Hasher {
    fn new(template: u8) -> Self {
        let mut h = Hasher(0x811C_9DC5);
        h.byte(template);
        h
    }
    fn byte(&mut self, b: u8) {
        self.0 ^= u32::from(b);
        self.0 = self.0.wrapping_mul(0x0100_0193);
    }
    fn str(mut self, s: &str) -> Self {
        for b in s.bytes() {
            self.byte(b);
        }
        self.byte(0x1F);
        self
    }
    fn num(mut self, n: usize) -> Self {
        for b in (n as u32).to_le_bytes() {
            self.byte(b);
        }
        self
    }
}

fn shape(w: &str) -> &'static str {
    let mut digit = false;
    let mut latin = false;
    let mut other_letter = false;
    let mut punct = false;
    for c in w.chars() {
        if c.is_ascii_digit() {
            digit = true;
        } else if c.is_ascii_alphabetic() {
            latin = true;
        } else if super::is_alnum_fast(c) {
            other_letter = true;
        } else {
            punct = true;
        }
    }
    match (digit, latin, other_letter, punct) {
        (true, false, false, false) => "D",
        (false, true, false, false) => "L",
        (false, false, true, false) => "A",
        (false, false, false, true) => "P",
        _ => "M",
    }
}

fn prefix(w: &str, n: usize) -> &str {
    match w.char_indices().nth(n) {
        Some((b, _)) => &w[..b],
        None => w,
    }
}

fn suffix(w: &str, n: usize) -> &str {
    let count = w.chars().count();
    if count <= n {
        return w;
    }
    match w.char_indices().nth(count - n) {
        Some((b, _)) => &w[b..],
        None => w,
    }
}

/// The feature hashes of token `i` of a sentence: `words` are folded tokens, `gaz` the gazetteer
/// code per token (0 none, else 1 + 2 × kind + begin), `prev`/`prev2` the previous labels
/// (NC = sentence start).
pub fn features(
    words: &[&str],
    gaz: &[u8],
    i: usize,
    prev: usize,
    prev2: usize,
    out: &mut Vec<u32>,
) {
    out.clear();
    let w = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 {
            "<s>"
        } else {
            words.get(j as usize).copied().unwrap_or("</s>")
        }
    };
    let g = |k: isize| -> usize {
        let j = i as isize + k;
        if j < 0 {
            99
        } else {
            gaz.get(j as usize).map_or(99, |&c| usize::from(c))
        }
    };
    let w0 = w(0);
    out.push(Hasher::new(0).0);
    out.push(Hasher::new(1).str(w0).0);
    out.push(Hasher::new(2).str(w(-1)).0);
    out.push(Hasher::new(3).str(w(1)).0);
    out.push(Hasher::new(4).str(w(-2)).0);
    out.push(Hasher::new(5).str(w(2)).0);
    out.push(Hasher::new(6).str(w(-1)).str(w0).0);
    out.push(Hasher::new(7).str(w0).str(w(1)).0);
    for n in 1..=3 {
        out.push(Hasher::new(8).num(n).str(prefix(w0, n)).0);
        out.push(Hasher::new(9).num(n).str(suffix(w0, n)).0);
    }
    out.push(Hasher::new(10).str(shape(w0)).0);
    out.push(Hasher::new(11).num(w0.chars().count().min(12)).0);
    out.push(Hasher::new(12).num(g(0)).0);
    out.push(Hasher::new(13).num(g(-1)).0);
    out.push(Hasher::new(14).num(g(1)).0);
    out.push(Hasher::new(15).num(g(0)).str(w0).0);
    out.push(Hasher::new(16).num(prev).0);
    out.push(Hasher::new(17).num(prev).num(prev2).0);
    out.push(Hasher::new(18).num(prev).str(w0).0);
    out.push(Hasher::new(19).num(prev).str(suffix(w0, 2)).0);
    out.push(
        Hasher::new(20)
            .str(shape(w(-1)))
            .str(shape(w0))
            .str(shape(w(1)))
            .0,
    );
}

/// The gazetteer code of a token (see [`features`]).
fn gaz_code(hits: &HitIndex, original: &Range<usize>) -> u8 {
    match hits.kind_at(original) {
        Some((kind, begin)) => {
            let k = EntityKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
            1 + 2 * k as u8 + u8::from(begin)
        }
        None => 0,
    }
}

/// Feature keys are already FNV hashes: hash them again with the identity.
#[derive(Debug, Clone, Copy, Default)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        // Spread the bits so hashbrown's top-7-bit tags differ.
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type FeatureMap<V> = HashMap<u32, V, std::hash::BuildHasherDefault<IdHasher>>;

/// The trained weights.
#[derive(Debug, Clone, Default)]
pub struct Tagger {
    weights: FeatureMap<[f32; NC]>,
}

/// One prepared sentence.
struct Sentence<'a> {
    words: Vec<&'a str>,
    gaz: Vec<u8>,
    /// Folded byte range per token.
    ranges: Vec<Range<usize>>,
}

impl Tagger {
    /// The model embedded in the binary.
    pub fn embedded() -> anyhow::Result<Self> {
        Self::from_bytes(MODEL)
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether the model has no weights.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Parse a model file.
    pub fn from_bytes(bytes: &[u8]) -> anyhow::Result<Self> {
        let mut r = Reader { b: bytes, at: 0 };
        if r.take(8)? != MAGIC {
            bail!("not a matn NER model (bad magic)");
        }
        let nl = r.u32()? as usize;
        if nl != NC {
            bail!("model has {nl} labels, expected {NC}");
        }
        for want in LABELS {
            let n = r.u8()? as usize;
            let got = std::str::from_utf8(r.take(n)?).context("label")?;
            if got != want {
                bail!("model label {got:?}, expected {want:?}");
            }
        }
        let nf = r.u32()? as usize;
        let mut weights = FeatureMap::default();
        weights.reserve(nf.min(10_000_000));
        for _ in 0..nf {
            let key = r.u32()?;
            let n = r.u8()?;
            let mut w = [0f32; NC];
            for _ in 0..n {
                let l = r.u8()? as usize;
                let v = f32::from_le_bytes(r.take(4)?.try_into().context("weight")?);
                if l >= NC {
                    bail!("label index {l} out of range");
                }
                w[l] = v;
            }
            weights.insert(key, w);
        }
        Ok(Self { weights })
    }

    /// Serialise (weights with |w| < `min_abs` are dropped to keep the file small).
    pub fn to_bytes(&self, min_abs: f32) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(NC as u32).to_le_bytes());
        for l in LABELS {
            out.push(l.len() as u8);
            out.extend_from_slice(l.as_bytes());
        }
        let mut keys: Vec<_> = self
            .weights
            .iter()
            .filter(|(_, w)| w.iter().any(|v| v.abs() >= min_abs))
            .map(|(k, _)| *k)
            .collect();
        keys.sort_unstable();
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for k in keys {
            let w = &self.weights[&k];
            out.extend_from_slice(&k.to_le_bytes());
            let kept: Vec<usize> = (0..NC).filter(|&l| w[l].abs() >= min_abs).collect();
            out.push(kept.len() as u8);
            for l in kept {
                out.push(l as u8);
                out.extend_from_slice(&w[l].to_le_bytes());
            }
        }
        out
    }

    fn scores(&self, feats: &[u32]) -> [f32; NC] {
        let mut s = [0f32; NC];
        for f in feats {
            if let Some(w) = self.weights.get(f) {
                for l in 0..NC {
                    s[l] += w[l];
                }
            }
        }
        s
    }

    fn best(scores: &[f32; NC], prev: usize) -> (usize, f32) {
        let mut best = 0;
        let mut second = f32::NEG_INFINITY;
        for l in 1..NC {
            if !allowed(prev, l) {
                continue;
            }
            if scores[l] > scores[best] {
                second = second.max(scores[best]);
                best = l;
            } else {
                second = second.max(scores[l]);
            }
        }
        if best != 0 {
            second = second.max(scores[0]);
        }
        (best, scores[best] - second)
    }

    /// Labels and margins for one prepared sentence.
    fn decode(&self, s: &Sentence<'_>) -> Vec<(usize, f32)> {
        let mut out = Vec::with_capacity(s.words.len());
        let (mut prev, mut prev2) = (NC, NC);
        let mut feats = Vec::with_capacity(32);
        for i in 0..s.words.len() {
            features(&s.words, &s.gaz, i, prev, prev2, &mut feats);
            let sc = self.scores(&feats);
            let (l, margin) = Self::best(&sc, if prev == NC { 0 } else { prev });
            out.push((l, margin));
            prev2 = prev;
            prev = l;
        }
        out
    }

    fn prepare<'a>(text: &str, folded: &'a Folded, gaz: &[Candidate]) -> Vec<Sentence<'a>> {
        let tokens = tokenize(&folded.text);
        let hits = HitIndex::new(gaz);
        sentences(&folded.text, &tokens)
            .into_iter()
            .map(|r| {
                let ranges: Vec<Range<usize>> = tokens[r].to_vec();
                let words = ranges.iter().map(|t| &folded.text[t.clone()]).collect();
                let gaz = ranges
                    .iter()
                    .map(|t| {
                        folded
                            .original_range(t.clone())
                            .map_or(0, |o| gaz_code(&hits, &o))
                    })
                    .collect();
                let _ = text;
                Sentence { words, gaz, ranges }
            })
            .collect()
    }

    /// Tag `text` (folded as `folded`); `gaz` are the gazetteer candidates (features).
    pub(crate) fn tag(&self, text: &str, folded: &Folded, gaz: &[Candidate]) -> Vec<Candidate> {
        let opts = FoldOptions::default();
        let mut out = Vec::new();
        for s in Self::prepare(text, folded, gaz) {
            let labels = self.decode(&s);
            let mut i = 0;
            while i < labels.len() {
                let Some((kind, false)) = label_kind(labels[i].0) else {
                    i += 1;
                    continue;
                };
                let mut j = i;
                while j + 1 < labels.len() && label_kind(labels[j + 1].0) == Some((kind, true)) {
                    j += 1;
                }
                let fr = s.ranges[i].start..s.ranges[j].end;
                let margin: f32 =
                    labels[i..=j].iter().map(|l| l.1).sum::<f32>() / (j - i + 1) as f32;
                if let Some(r) = folded.original_range(fr) {
                    let slice = &text[r.clone()];
                    if at_word_boundary(text, &r) && slice.chars().any(char::is_alphabetic) {
                        out.push(Candidate {
                            key: text_key(slice, &opts),
                            byte_range: r,
                            kind,
                            source: Layer::Tagger,
                            confidence: 1.0 / (1.0 + (-margin / 4.0).exp()),
                            detail: None,
                        });
                    }
                }
                i = j + 1;
            }
        }
        out
    }

    /// Train on IOB2 data (`token<TAB>tag` lines, blank line between sentences; tags mapped with
    /// [`EntityKind::from_code`]: EVE→EVENT, POG→ORG, NAT→NORP) for `epochs` passes.
    /// Deterministic: the shuffle uses a fixed seed.
    pub fn train(iob: &str, gazetteer: &Gazetteer, epochs: usize) -> Self {
        // Prepare: join tokens with spaces (as eval-ner does), fold, re-tokenise and project the
        // gold labels onto our tokens.
        let opts = FoldOptions::for_language(Some("fa"));
        struct Prepared {
            folded: Folded,
            gaz: Vec<u8>,
            ranges: Vec<Range<usize>>,
            gold: Vec<usize>,
        }
        let mut data: Vec<Prepared> = Vec::new();
        for sent in super::eval::read_iob(iob) {
            let (text, spans) = super::eval::join_tokens(&sent);
            let folded = fold(&text, &opts);
            let gcands = HitIndex::new(&gazetteer.find(&text, &folded, Some("fa")));
            let ranges = tokenize(&folded.text);
            let mut gold = Vec::with_capacity(ranges.len());
            let mut gaz = Vec::with_capacity(ranges.len());
            let mut last_tok: Option<usize> = None;
            for t in &ranges {
                let Some(o) = folded.original_range(t.clone()) else {
                    gold.push(0);
                    gaz.push(0);
                    continue;
                };
                gaz.push(gaz_code(&gcands, &o));
                let tok = spans
                    .iter()
                    .position(|s| s.start <= o.start && o.start < s.end);
                let tag = tok.map_or("O", |k| sent[k].1.as_str());
                let mut l = super::eval::tag_kind(tag)
                    .map_or(0, |(kind, inside)| label_index(kind, inside));
                if l != 0 && last_tok == tok && tok.is_some() {
                    // A later piece of the same gold token continues the entity.
                    if let Some((kind, _)) = label_kind(l) {
                        l = label_index(kind, true);
                    }
                }
                last_tok = tok;
                gold.push(l);
            }
            data.push(Prepared {
                folded,
                gaz,
                ranges,
                gold,
            });
        }

        let mut w: FeatureMap<[f32; NC]> = FeatureMap::default();
        let mut total: FeatureMap<[f64; NC]> = FeatureMap::default();
        let mut stamp: FeatureMap<[u64; NC]> = FeatureMap::default();
        let mut step: u64 = 1;
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut feats = Vec::with_capacity(32);
        for epoch in 0..epochs {
            // Fisher–Yates with a xorshift generator.
            for k in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(k, (seed % (k as u64 + 1)) as usize);
            }
            let mut errors = 0usize;
            let mut count = 0usize;
            for &si in &order {
                let p = &data[si];
                let words: Vec<&str> = p.ranges.iter().map(|r| &p.folded.text[r.clone()]).collect();
                let (mut prev, mut prev2) = (NC, NC);
                for i in 0..words.len() {
                    features(&words, &p.gaz, i, prev, prev2, &mut feats);
                    let mut sc = [0f32; NC];
                    for f in &feats {
                        if let Some(v) = w.get(f) {
                            for l in 0..NC {
                                sc[l] += v[l];
                            }
                        }
                    }
                    let (guess, _) = Self::best(&sc, if prev == NC { 0 } else { prev });
                    let gold = p.gold[i];
                    count += 1;
                    if guess != gold {
                        errors += 1;
                        for f in &feats {
                            let wv = w.entry(*f).or_insert([0.0; NC]);
                            let tv = total.entry(*f).or_insert([0.0; NC]);
                            let sv = stamp.entry(*f).or_insert([0; NC]);
                            for (l, delta) in [(gold, 1.0f32), (guess, -1.0f32)] {
                                tv[l] += (step - sv[l]) as f64 * f64::from(wv[l]);
                                sv[l] = step;
                                wv[l] += delta;
                            }
                        }
                    }
                    step += 1;
                    prev2 = prev;
                    prev = guess;
                }
            }
            eprintln!(
                "epoch {}: token error rate {:.4}",
                epoch + 1,
                errors as f64 / count.max(1) as f64
            );
        }
        // Average.
        let mut avg = FeatureMap::default();
        for (f, wv) in &w {
            let tv = &total[f];
            let sv = &stamp[f];
            let mut a = [0f32; NC];
            for l in 0..NC {
                let t = tv[l] + (step - sv[l]) as f64 * f64::from(wv[l]);
                a[l] = (t / step as f64) as f32;
            }
            avg.insert(*f, a);
        }
        Self { weights: avg }
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> anyhow::Result<&'a [u8]> {
        let s = self
            .b
            .get(self.at..self.at + n)
            .context("model file truncated")?;
        self.at += n;
        Ok(s)
    }
    fn u8(&mut self) -> anyhow::Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> anyhow::Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().context("u32")?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_keeps_zwnj_words_whole_and_splits_punctuation() {
        let f = fold("سرخ‌های پایتخت، @user_1 #تهران!", &FoldOptions::default());
        let toks: Vec<&str> = tokenize(&f.text).into_iter().map(|r| &f.text[r]).collect();
        assert_eq!(
            toks,
            vec!["سرخهای", "پایتخت", "،", "@user_1", "#تهران", "!"]
        );
    }

    #[test]
    fn labels_round_trip() {
        for (i, l) in LABELS.iter().enumerate().skip(1) {
            let (k, inside) = label_kind(i).unwrap();
            assert_eq!(label_index(k, inside), i, "{l}");
        }
        assert!(!allowed(0, label_index(EntityKind::Person, true)));
        assert!(allowed(
            label_index(EntityKind::Person, false),
            label_index(EntityKind::Person, true)
        ));
    }

    #[test]
    fn train_serialise_parse_tag() {
        let data = "علی\tB-PER\nرضایی\tI-PER\nبه\tO\nتهران\tB-LOC\nرفت\tO\n\n\
                    مریم\tB-PER\nاحمدی\tI-PER\nبه\tO\nشیراز\tB-LOC\nرفت\tO\n\n";
        let g = Gazetteer::embedded();
        let t = Tagger::train(data, &g, 5);
        let back = Tagger::from_bytes(&t.to_bytes(0.0)).unwrap();
        assert_eq!(back.len(), t.len());
        let text = "علی رضایی به تهران رفت";
        let f = fold(text, &FoldOptions::default());
        let gz = g.find(text, &f, Some("fa"));
        let got = back.tag(text, &f, &gz);
        assert!(got.iter().any(|c| c.kind == EntityKind::Person && &text[c.byte_range.clone()] == "علی رضایی"), "{got:?}");
        assert!(Tagger::from_bytes(b"garbage").is_err());
        assert!(Tagger::from_bytes(&t.to_bytes(0.0)[..20]).is_err());
    }
}
