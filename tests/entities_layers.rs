//! Per-layer behaviour through the public API: normalisation round-trips, word boundaries,
//! user annotations, learning, and the CLI.

use matn::entities::normalize::{FoldOptions, fold};
use matn::entities::{EntityKind, Layer, Recognizer};

#[test]
fn fold_round_trip_offsets_are_exact() {
    // ZWNJ, harakat, tatweel, Persian and Arabic-Indic digits, Arabic yeh/kaf, RLM.
    let text = "\u{200F}رئيس‌جمهورِ ايران در ۱۴۰۴ و ٢٠٢٥ به كـشور";
    let f = fold(text, &FoldOptions::default());
    assert_eq!(f.text, "رییسجمهور ایران در 1404 و 2025 به کشور");
    for (needle, original) in [
        ("رییسجمهور", "رئيس‌جمهورِ"),
        ("ایران", "ايران"),
        ("1404", "۱۴۰۴"),
        ("2025", "٢٠٢٥"),
        ("کشور", "كـشور"),
    ] {
        let hits = f.find_all(needle);
        assert_eq!(hits.len(), 1, "{needle}");
        assert_eq!(&text[hits[0].clone()], original);
    }
    // Every folded char maps to a char-boundary range of the original.
    for (b, c) in f.text.char_indices() {
        let r = f.original_range(b..b + c.len_utf8()).unwrap();
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
}

#[test]
fn hebrew_points_fold() {
    let f = fold("שָׁלוֹם ישראל", &FoldOptions::default());
    assert_eq!(f.text, "שלום ישראל");
}

#[test]
fn no_entity_inside_a_longer_word() {
    let rec = Recognizer::without_tagger();
    let text = "ایرانی‌ها و ایرانیان و ایرانشهر و ایران‌خودرو و ایران";
    let ents = rec.recognize(text, Some("fa"));
    let got: Vec<_> = ents.iter().map(|e| (e.text.as_str(), e.kind)).collect();
    assert_eq!(
        got,
        vec![
            ("ایرانی‌ها", EntityKind::Norp),
            ("ایرانیان", EntityKind::Norp),
            ("ایران", EntityKind::Location),
        ]
    );
    // Persian digits inside a word are no number; Persian digits alone are.
    let ents = rec.recognize("کد A۱۲ و ۱۲ نفر", Some("fa"));
    assert_eq!(ents.len(), 1);
    assert_eq!(ents[0].text, "۱۲");
    assert_eq!(ents[0].key, "num:12");
}

#[test]
fn arabic_text_keeps_its_letters_and_finds_places() {
    let rec = Recognizer::without_tagger();
    let text = "وصل الرئيس إلى إيران يوم الجمعة 12 ديسمبر 2025 بنسبة 5 بالمئة";
    let ents = rec.recognize(text, None);
    let got: Vec<_> = ents.iter().map(|e| (e.text.as_str(), e.kind)).collect();
    assert!(got.contains(&("إيران", EntityKind::Location)), "{got:?}");
    assert!(
        got.contains(&("الجمعة 12 ديسمبر 2025", EntityKind::Date)),
        "{got:?}"
    );
    assert!(got.contains(&("5 بالمئة", EntityKind::Percent)), "{got:?}");
}

#[test]
fn user_annotations_override_and_learning_extends() {
    let mut rec = Recognizer::without_tagger();
    let text = "سفر به قزاقستان و دیدار با توکایف";
    // The user says قزاقستان here is an ORG (their call) and marks توکایف as PER.
    let k = text.find("قزاقستان").unwrap();
    let t = text.find("توکایف").unwrap();
    let ents = rec.recognize_with(
        text,
        Some("fa"),
        &[
            (k..k + "قزاقستان".len(), EntityKind::Organization),
            (t..t + "توکایف".len(), EntityKind::Person),
        ],
    );
    assert_eq!(ents.len(), 2);
    assert!(ents.iter().all(|e| e.source == Layer::User));
    assert_eq!(ents[0].kind, EntityKind::Organization);
    // Learning makes later mentions recognised without the user's spans.
    rec.learn("توکایف", EntityKind::Person);
    let ents = rec.recognize("توکایف گفت", Some("fa"));
    assert_eq!(ents.len(), 1);
    assert_eq!(
        (ents[0].kind, ents[0].source),
        (EntityKind::Person, Layer::Gazetteer)
    );
    assert_eq!(ents[0].key, "text:توکایف");
}

#[test]
fn codes_round_trip() {
    for k in EntityKind::ALL {
        assert_eq!(EntityKind::from_code(k.code()), Some(k));
        assert!(!k.display_name().is_empty());
    }
}

#[test]
fn bad_input_is_harmless() {
    let rec = Recognizer::new();
    assert!(rec.recognize("", None).is_empty());
    let junk: String = (0u32..3000).filter_map(char::from_u32).collect();
    let _ = rec.recognize(&junk, None);
    let long_line = "۱".repeat(100_000);
    let ents = rec.recognize(&long_line, Some("fa"));
    assert!(ents.len() <= 1);
    // Out-of-range or non-boundary user spans are ignored, not a panic.
    let ents = rec.recognize_with(
        "ایران",
        Some("fa"),
        &[(3..99, EntityKind::Person), (1..2, EntityKind::Person)],
    );
    assert!(ents.iter().all(|e| e.source != Layer::User));
}

fn matn() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_matn"))
}

#[test]
fn cli_entities_tsv_uses_code_points() {
    let out = matn()
        .args([
            "entities",
            "seeds/fa-pezeshkian-kazakhstan-turkmenistan.txt",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let text = std::fs::read_to_string("seeds/fa-pezeshkian-kazakhstan-turkmenistan.txt").unwrap();
    let chars: Vec<char> = text.chars().collect();
    let line = stdout.lines().find(|l| l.contains("\tDATE\t")).unwrap();
    let cols: Vec<&str> = line.split('\t').collect();
    let (s, e): (usize, usize) = (cols[0].parse().unwrap(), cols[1].parse().unwrap());
    assert_eq!(chars[s..e].iter().collect::<String>(), "جمعه 21 آذر 1404");
    assert_eq!(cols[3], "جمعه 21 آذر 1404");
    assert_eq!(cols[4], "rule");
    assert_eq!(cols[5], "date:2025-12-12");
}

#[test]
fn cli_entities_json_from_stdin_and_missing_file() {
    use std::io::Write;
    let mut child = matn()
        .args(["entities", "-", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("خبرگزاری ایلنا در تهران".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let arr = v.as_array().unwrap();
    assert!(
        arr.iter()
            .any(|e| e["text"] == "تهران" && e["type"] == "LOC" && e["start"] == 18)
    );
    let out = matn()
        .args(["entities", "/nonexistent/file"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn cli_eval_ner_reports_conlleval_lines() {
    let path = "tests/data/ner/parstwiner-train-head.iob";
    let out = matn().args(["eval-ner", path]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let data = std::fs::read_to_string(path).unwrap();
    let tokens = data.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(
        stdout.starts_with(&format!("processed {tokens} tokens with ")),
        "{stdout}"
    );
    assert!(stdout.contains("overall: precision:"));
    assert!(stdout.contains("      PER: precision:"));
}

/// A learned name is found at every mention, and it does not change what the tagger says about
/// the words around it (its gazetteer features are the ones it was trained with): once, a
/// learned name turned a neighbouring «و» into an ORG.
#[test]
fn learned_names_do_not_shift_the_taggers_other_answers() {
    let text = "کاووسیان امروز گفت که کار ادامه دارد. سپس کاووسیان به تهران رفت و کاووسیان بازگشت.";
    let mut rec = Recognizer::new();
    let before = rec.recognize(text, Some("fa"));
    rec.learn("کاووسیان", EntityKind::Person);
    let after = rec.recognize(text, Some("fa"));
    let mentions = after
        .iter()
        .filter(|e| e.kind == EntityKind::Person && &text[e.byte_range.clone()] == "کاووسیان")
        .count();
    assert_eq!(mentions, 3, "{after:?}");
    let name = |e: &matn::entities::Entity| text[e.byte_range.clone()].contains("کاووسیان");
    let others = |v: &[matn::entities::Entity]| -> Vec<(String, EntityKind)> {
        v.iter()
            .filter(|e| !name(e))
            .map(|e| (text[e.byte_range.clone()].to_owned(), e.kind))
            .collect()
    };
    assert_eq!(others(&after), others(&before));
}
