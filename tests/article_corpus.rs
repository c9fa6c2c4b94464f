//! Every file of the corpus copy in tests/data/corpus opens: no panic, sensible blocks, the right
//! direction and language; legacy files decode exactly to their expected UTF-8.

use std::path::{Path, PathBuf};

use matn::article::{self, Article, BlockKind, OpenOptions, Source};
use matn::layout::Dir;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus")
}

fn all_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("corpus dir") {
        let path = entry.expect("corpus entry").path();
        if path.is_dir() {
            all_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Structural invariants every article must satisfy.
fn check_invariants(a: &Article, what: &str) {
    let mut prev_end = 0;
    for (i, b) in a.blocks.iter().enumerate() {
        let r = &b.byte_range;
        assert!(r.start < r.end, "{what}: empty block {i}");
        assert!(
            r.start >= prev_end,
            "{what}: block {i} overlaps/out of order"
        );
        assert!(r.end <= a.text.len(), "{what}: block {i} past the text");
        assert!(a.text.is_char_boundary(r.start) && a.text.is_char_boundary(r.end));
        let t = &a.text[r.clone()];
        assert_eq!(t, t.trim(), "{what}: block {i} has surrounding whitespace");
        prev_end = r.end;
    }
    assert!(!a.text.contains('\r'), "{what}: CR left in text");
    assert_eq!(a.id, article::document_id(&a.text));
}

/// Share of RTL letters among the strong letters of a text.
fn rtl_share(text: &str) -> f64 {
    use unicode_bidi::BidiClass;
    let (mut l, mut r) = (0usize, 0usize);
    for c in text.chars() {
        match unicode_bidi::bidi_class(c) {
            BidiClass::L => l += 1,
            BidiClass::R | BidiClass::AL => r += 1,
            _ => {}
        }
    }
    if l + r == 0 {
        0.0
    } else {
        r as f64 / (l + r) as f64
    }
}

/// Expected (direction, language) from a corpus file name.
fn expected(path: &Path) -> Option<(Dir, &'static str)> {
    let name = path.file_name()?.to_str()?;
    let rel = path.strip_prefix(corpus()).ok()?.to_str()?.to_owned();
    let table: &[(&str, Dir, &str)] = &[
        ("udhr_pes", Dir::Rtl, "fa"),
        ("udhr_arb", Dir::Rtl, "ar"),
        ("udhr_heb", Dir::Rtl, "he"),
        ("udhr_urd", Dir::Rtl, "ur"),
        ("udhr_ydd", Dir::Rtl, "yi"),
        ("udhr_eng", Dir::Ltr, "en"),
        ("articles/fa/", Dir::Rtl, "fa"),
        ("articles/ar/", Dir::Rtl, "ar"),
        ("articles/he/", Dir::Rtl, "he"),
        ("markdown/fa-", Dir::Rtl, "fa"),
        ("markdown/ar-", Dir::Rtl, "ar"),
        ("markdown/he-", Dir::Rtl, "he"),
        ("Arabic_Alarabia", Dir::Rtl, "ar"),
        ("Hebrew_Ivrit", Dir::Rtl, "he"),
        ("newspaper/arabic", Dir::Rtl, "ar"),
        ("article-text-size.ar", Dir::Rtl, "ar"),
        ("uba-basics.en", Dir::Ltr, "en"),
        ("test_UTF-8_persian.input", Dir::Rtl, "fa"),
    ];
    table
        .iter()
        .find(|(key, _, _)| rel.contains(key) || name.contains(key))
        .map(|(_, d, l)| (*d, *l))
}

#[test]
fn every_corpus_file_opens() {
    let mut files = Vec::new();
    all_files(&corpus(), &mut files);
    files.sort();
    assert!(files.len() >= 60, "corpus copy incomplete: {}", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let what = path.strip_prefix(corpus()).unwrap().display().to_string();
        let a = match article::open_path(path) {
            Ok(a) => a,
            Err(e) => {
                failures.push(format!("{what}: {e:#}"));
                continue;
            }
        };
        check_invariants(&a, &what);
        if what.ends_with("expected-metadata.json") {
            continue;
        }
        assert!(!a.blocks.is_empty(), "{what}: no blocks");
        assert!(!a.title().is_empty(), "{what}: no title");
        assert!(matches!(a.source, Source::Path(_)));
        if let Some((dir, lang)) = expected(path) {
            assert_eq!(a.meta.direction, Some(dir), "{what}: direction");
            let got = a.meta.language.as_deref().unwrap_or("?");
            assert!(
                got == lang || got.starts_with(&format!("{lang}-")),
                "{what}: language {got}, expected {lang}"
            );
            // Paragraph directions: every prose block largely in RTL letters lays out RTL,
            // and most prose blocks of an RTL document do.
            if dir == Dir::Rtl {
                let prose: Vec<usize> = (0..a.blocks.len())
                    .filter(|&i| a.blocks[i].kind != BlockKind::Code)
                    .collect();
                for &i in &prose {
                    if rtl_share(a.block_text(i)) >= 0.3 {
                        assert_eq!(
                            a.block_dir(i),
                            Some(Dir::Rtl),
                            "{what}: block {i} {:?}",
                            a.block_text(i)
                        );
                    }
                }
                let rtl = prose
                    .iter()
                    .filter(|&&i| a.block_dir(i) == Some(Dir::Rtl))
                    .count();
                assert!(
                    rtl * 10 >= prose.len() * 6,
                    "{what}: only {rtl}/{} prose blocks RTL",
                    prose.len()
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "failed to open:\n{}",
        failures.join("\n")
    );
}

#[test]
fn legacy_files_decode_exactly() {
    let dir = corpus().join("legacy");
    for (name, encoding) in [
        ("udhr_Arabic_Alarabia-Arabic.windows-1256", "windows-1256"),
        // The file is valid in both; chardetng names it windows-1255 (a superset for these
        // bytes), which decodes to the same text.
        ("udhr_Hebrew_Ivrit-Hebrew.iso-8859-8", "windows-1255"),
    ] {
        let a = article::open_path(&dir.join(format!("{name}.txt"))).unwrap();
        let expected =
            std::fs::read_to_string(dir.join(format!("{name}.expected-utf8.txt"))).unwrap();
        assert!(
            a.text == expected,
            "{name}: decoded text differs from expected"
        );
        assert_eq!(a.meta.encoding.as_deref(), Some(encoding), "{name}");
        // The override gives the same text.
        let forced = article::open_path_with(
            &dir.join(format!("{name}.txt")),
            &OpenOptions {
                encoding: Some(name.rsplit('.').next().unwrap().to_owned()),
                ..Default::default()
            },
        )
        .unwrap();
        assert!(
            forced.text == expected,
            "{name}: override decodes differently"
        );
    }
}

#[test]
fn legacy_control_byte_is_kept() {
    let a =
        article::open_path(&corpus().join("legacy/udhr_Arabic_Alarabia-Arabic.windows-1256.txt"))
            .unwrap();
    assert!(
        a.text.contains('\u{1C}'),
        "the stray 0x1C control must stay in the text"
    );
}

#[test]
fn plain_text_is_the_file_text() {
    for rel in [
        "udhr/udhr_pes_1.txt",
        "articles/he/he_wiki_heq_test_037.txt",
        "bidi/vte/bidi-demo.txt",
    ] {
        let path = corpus().join(rel);
        let a = article::open_path(&path).unwrap();
        let raw = std::fs::read_to_string(&path)
            .unwrap()
            .replace("\r\n", "\n");
        assert!(a.text == raw, "{rel}: plain text must be the file text");
    }
}

#[test]
fn wikipedia_extract_shape() {
    let a = article::open_path(&corpus().join("articles/fa/fa_wiki_pqa_test_030.txt")).unwrap();
    let kinds: Vec<BlockKind> = a.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, [BlockKind::Title, BlockKind::Paragraph]);
    assert_eq!(a.title(), "فرودگاه بین‌المللی دوبی");
    // UDHR: no kicker/lead invented.
    let a = article::open_path(&corpus().join("udhr/udhr_arb.txt")).unwrap();
    assert!(
        !a.blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Kicker | BlockKind::Lead))
    );
}

#[test]
fn markdown_corpus_structure() {
    let a = article::open_path(&corpus().join("markdown/fa-editor-setup.md")).unwrap();
    assert_eq!(a.meta.title.as_deref(), Some("تنظیم اولیه ویرایشگر"));
    assert!(!a.text.contains("<Intro>") && !a.text.contains("YouWillLearn"));
    assert!(!a.text.contains("{/"), "MDX heading ids must not show");
    assert!(
        a.meta
            .links
            .iter()
            .any(|l| l == "https://code.visualstudio.com/")
    );
    // "[WebStorm](…) یک محیط …": starts with a Latin word, laid out RTL.
    let i = (0..a.blocks.len())
        .find(|&i| a.block_text(i).starts_with("WebStorm"))
        .unwrap();
    assert_eq!(a.block_dir(i), Some(Dir::Rtl));
    assert!(a.blocks.iter().any(|b| b.kind == BlockKind::Heading(2)));
    assert!(a.blocks.iter().any(|b| b.kind == BlockKind::ListItem));
    for (i, b) in a.blocks.iter().enumerate() {
        if b.kind == BlockKind::Code {
            assert_eq!(b.dir, Some(Dir::Ltr));
        } else if rtl_share(a.block_text(i)) >= 0.3 {
            assert_eq!(
                a.block_dir(i),
                Some(Dir::Rtl),
                "block {i}: {:?}",
                a.block_text(i)
            );
        }
    }
}

#[test]
fn html_metadata() {
    let a = article::open_path(&corpus().join("html/newspaper/arabic_article.html")).unwrap();
    assert_eq!(a.meta.language.as_deref(), Some("ar"));
    assert_eq!(a.meta.direction, Some(Dir::Rtl));
    assert!(a.blocks.len() >= 5);
    let a = article::open_path(&corpus().join("html/readability/rtl-1/source.html")).unwrap();
    assert_eq!(a.meta.direction, Some(Dir::Rtl));
    assert_eq!(a.title(), "RTL Test");
    let a = article::open_path(&corpus().join("html/w3c/article-text-size.ar.html")).unwrap();
    assert_eq!(a.meta.direction, Some(Dir::Rtl));
}
