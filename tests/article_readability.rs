//! The HTML reader against Mozilla Readability's expected output for the pages in
//! tests/data/corpus/html/readability/: the extracted text must match the text of
//! `expected.html` closely, and title/direction must match `expected-metadata.json`.
//!
//! Similarity figures (both in 0..=1, printed with `--nocapture`):
//! - `token_dice`: bag-of-words Dice coefficient over whitespace-separated tokens,
//!   2·|A∩B| / (|A|+|B|) with multiset intersection — how much of the same text is there.
//! - `bigram_dice`: the same over consecutive token pairs — also sensitive to order and to
//!   words glued together or split apart.
//!
//! Both texts are produced by the same block walker (`matn::article::html::fragment_text` for
//! `expected.html`), so the figure measures extraction, not whitespace conventions.
//! - `raw_token_dice`: token Dice against the DOM `textContent` of `expected.html` (no walker
//!   on that side): checks the walker itself neither drops nor invents words. Block separators
//!   let it split words that `textContent` glues across tags, so it is a little lower.

use std::collections::HashMap;
use std::path::Path;

use matn::article::{self, BlockKind};

fn dice<T: std::hash::Hash + Eq>(a: Vec<T>, b: Vec<T>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (la, lb) = (a.len(), b.len());
    let mut counts: HashMap<T, isize> = HashMap::new();
    for t in a {
        *counts.entry(t).or_default() += 1;
    }
    let mut common = 0usize;
    for t in b {
        if let Some(c) = counts.get_mut(&t)
            && *c > 0
        {
            *c -= 1;
            common += 1;
        }
    }
    2.0 * common as f64 / (la + lb) as f64
}

fn tokens(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

fn bigrams(s: &str) -> Vec<(&str, &str)> {
    let t = tokens(s);
    t.windows(2).map(|w| (w[0], w[1])).collect()
}

/// (page, minimum token Dice, minimum bigram Dice)
const PAGES: &[(&str, f64, f64)] = &[
    ("001", 0.99, 0.99),
    ("medium-3", 0.99, 0.99),
    ("rtl-1", 0.99, 0.99),
    ("rtl-2", 0.99, 0.99),
    ("wikipedia", 0.99, 0.99),
];

#[test]
fn readability_pages_match_expected_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus/html/readability");
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for &(page, min_tokens, min_bigrams) in PAGES {
        let a = article::open_path(&dir.join(page).join("source.html")).unwrap();
        // The reader prepends the metadata title as a block; Readability's content omits it.
        let skip = usize::from(a.blocks.first().is_some_and(|b| b.kind == BlockKind::Title));
        let got: Vec<&str> = (skip..a.blocks.len()).map(|i| a.block_text(i)).collect();
        let got = got.join("\n\n");
        let expected_html = std::fs::read_to_string(dir.join(page).join("expected.html")).unwrap();
        let expected = article::html::fragment_text(&expected_html);
        let t = dice(tokens(&got), tokens(&expected));
        let raw = dom_query::Document::from(expected_html.as_str())
            .root()
            .text()
            .to_string();
        let r = dice(tokens(&got), tokens(&raw));
        let b = dice(bigrams(&got), bigrams(&expected));
        report.push(format!(
            "{page:10} token_dice={t:.4} bigram_dice={b:.4} raw_token_dice={r:.4} tokens got={} expected={}",
            tokens(&got).len(),
            tokens(&expected).len()
        ));
        if t < min_tokens || b < min_bigrams || r < 0.95 {
            failures.push(page);
        }
        let meta: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(page).join("expected-metadata.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(
            a.meta.title.as_deref(),
            meta["title"].as_str(),
            "{page}: title"
        );
        if let Some(d) = meta["dir"].as_str() {
            let want = if d == "rtl" {
                matn::layout::Dir::Rtl
            } else {
                matn::layout::Dir::Ltr
            };
            assert_eq!(a.meta.direction, Some(want), "{page}: dir");
        }
        if let Some(by) = meta["byline"].as_str() {
            assert_eq!(a.meta.byline.as_deref(), Some(by), "{page}: byline");
        }
    }
    println!("{}", report.join("\n"));
    assert!(
        failures.is_empty(),
        "below threshold: {failures:?}\n{}",
        report.join("\n")
    );
}
