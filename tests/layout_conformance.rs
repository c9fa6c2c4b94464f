//! Unicode conformance of the layout engine: UAX #9 (BidiCharacterTest, BidiTest: levels after
//! L1 and visual order L1–L2 as the files define them) and UAX #14 (LineBreakTest).
//!
//! Data: tests/data/conformance/ (Unicode 15.0.0, see tests/data/README-layout.md).

use std::io::{BufRead, BufReader};

use flate2::read::GzDecoder;
use matn::layout::{self, DirPolicy, LayoutOptions, Order};

fn gz_lines(name: &str) -> impl Iterator<Item = String> {
    let path = format!(
        "{}/tests/data/conformance/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let file = std::fs::File::open(&path).expect("conformance file");
    BufReader::new(GzDecoder::new(file))
        .lines()
        .map(|l| l.expect("line"))
}

/// Code point index of each char start byte of `text`.
fn char_index_of_byte(text: &str) -> Vec<usize> {
    let mut map = vec![usize::MAX; text.len() + 1];
    for (i, (b, _)) in text.char_indices().enumerate() {
        map[b] = i;
    }
    map
}

fn parse_levels(field: &str) -> Vec<Option<u8>> {
    field
        .split_whitespace()
        .map(|t| {
            if t == "x" {
                None
            } else {
                Some(t.parse().expect("level"))
            }
        })
        .collect()
}

fn parse_order(field: &str) -> Vec<usize> {
    field
        .split_whitespace()
        .map(|t| t.parse().expect("index"))
        .collect()
}

/// Checks one case; returns a description of the first mismatch.
fn check(
    text: &str,
    policy: DirPolicy,
    para_level: Option<u8>,
    levels: &[Option<u8>],
    order: &[usize],
    check_cells: bool,
) -> Result<(), String> {
    let a = layout::analyze(text, policy);
    if let Some(p) = para_level
        && a.para_level() != p
    {
        return Err(format!("paragraph level {} != {p}", a.para_level()));
    }
    let got: Vec<Option<u8>> = a
        .line_char_levels(0..text.len())
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    let masked: Vec<Option<u8>> = got.iter().zip(levels).map(|(g, e)| e.and(*g)).collect();
    if masked != levels {
        return Err(format!("levels {got:?} != {levels:?}"));
    }
    let idx = char_index_of_byte(text);
    let got_order: Vec<usize> = a
        .line_char_order(0..text.len())
        .into_iter()
        .map(|b| idx[b])
        .collect();
    if got_order != order {
        return Err(format!("order {got_order:?} != {order:?}"));
    }
    if check_cells && a.grapheme_ranges().count() == text.chars().count() {
        // The layout itself (cells by grapheme, unwrapped) gives the same order.
        let laid = a.layout(&LayoutOptions {
            width_col: 0,
            order: Order::Visual,
            ..LayoutOptions::default()
        });
        let cells: Vec<usize> = laid.lines[0]
            .cells
            .iter()
            .filter(|c| !a.is_removed_by_x9(c.byte_range.start))
            .map(|c| idx[c.byte_range.start])
            .collect();
        if cells != order {
            return Err(format!("layout cells {cells:?} != {order:?}"));
        }
    }
    Ok(())
}

#[test]
fn bidi_character_test_all_cases() {
    let (mut pass, mut fail) = (0usize, Vec::new());
    for (n, line) in gz_lines("BidiCharacterTest.txt.gz").enumerate() {
        let line = line.split('#').next().unwrap_or("").trim().to_owned();
        if line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split(';').collect();
        assert_eq!(f.len(), 5, "line {}", n + 1);
        let text: String = f[0]
            .split_whitespace()
            .map(|h| char::from_u32(u32::from_str_radix(h, 16).expect("hex")).expect("char"))
            .collect();
        let policy = match f[1] {
            "0" => DirPolicy::Ltr,
            "1" => DirPolicy::Rtl,
            _ => DirPolicy::Auto,
        };
        let para: u8 = f[2].parse().expect("para level");
        match check(
            &text,
            policy,
            Some(para),
            &parse_levels(f[3]),
            &parse_order(f[4]),
            true,
        ) {
            Ok(()) => pass += 1,
            Err(e) => fail.push(format!("line {}: {e}", n + 1)),
        }
    }
    eprintln!("BidiCharacterTest: {pass} passed, {} failed", fail.len());
    assert!(
        fail.is_empty(),
        "{} failures, first: {:#?}",
        fail.len(),
        &fail[..fail.len().min(10)]
    );
    assert_eq!(pass, 91_707);
}

/// One character of each bidi class, to synthesise BidiTest's class sequences.
fn char_of_class(class: &str) -> char {
    match class {
        "L" => 'a',
        "R" => '\u{05D0}',
        "AL" => '\u{0627}',
        "EN" => '1',
        "ES" => '+',
        "ET" => '$',
        "AN" => '\u{0660}',
        "CS" => ',',
        "NSM" => '\u{0300}',
        "BN" => '\u{00AD}',
        "B" => '\u{2029}',
        "S" => '\t',
        "WS" => ' ',
        "ON" => '!',
        "LRE" => '\u{202A}',
        "RLE" => '\u{202B}',
        "PDF" => '\u{202C}',
        "LRO" => '\u{202D}',
        "RLO" => '\u{202E}',
        "LRI" => '\u{2066}',
        "RLI" => '\u{2067}',
        "FSI" => '\u{2068}',
        "PDI" => '\u{2069}',
        other => panic!("unknown class {other}"),
    }
}

#[test]
fn bidi_test_all_cases_all_directions() {
    let mut levels: Vec<Option<u8>> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    let (mut runs, mut fail) = (0usize, Vec::new());
    for (n, line) in gz_lines("BidiTest.txt.gz").enumerate() {
        let line = line.split('#').next().unwrap_or("").trim().to_owned();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("@Levels:") {
            levels = parse_levels(rest);
            continue;
        }
        if let Some(rest) = line.strip_prefix("@Reorder:") {
            order = parse_order(rest);
            continue;
        }
        if line.starts_with('@') {
            continue;
        }
        let (classes, bits) = line.split_once(';').expect("data line");
        let text: String = classes.split_whitespace().map(char_of_class).collect();
        let bits: u8 = bits.trim().parse().expect("bitset");
        for (bit, policy) in [
            (1, DirPolicy::Auto),
            (2, DirPolicy::Ltr),
            (4, DirPolicy::Rtl),
        ] {
            if bits & bit == 0 {
                continue;
            }
            runs += 1;
            // Cells are checked on BidiCharacterTest; here the classes are what matter.
            if let Err(e) = check(&text, policy, None, &levels, &order, false) {
                fail.push(format!("line {} {policy:?} [{classes}]: {e}", n + 1));
            }
        }
    }
    eprintln!("BidiTest: {} of {runs} runs passed", runs - fail.len());
    assert!(
        fail.is_empty(),
        "{} failures, first: {:#?}",
        fail.len(),
        &fail[..fail.len().min(10)]
    );
    assert_eq!(runs, 770_241);
}

/// UAX #14: every case must pass except those whose differing positions are decided by the
/// numbers tailoring of §8.2 (rules numbered 25.xx in the file's comments), which
/// `unicode-linebreak` does not implement.
#[test]
fn line_break_test_all_but_numbers_tailoring() {
    let path = format!(
        "{}/tests/data/conformance/LineBreakTest.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let data = std::fs::read_to_string(path).expect("LineBreakTest");
    let (mut pass, mut tailoring, mut other) = (0usize, 0usize, Vec::new());
    for (n, line) in data.lines().enumerate() {
        let (case, comment) = line.split_once('#').unwrap_or((line, ""));
        if case.trim().is_empty() {
            continue;
        }
        // Rules at each position (0 = before the first char), from the comment.
        let rules: Vec<&str> = comment
            .split('[')
            .skip(1)
            .map(|s| s.split(']').next().unwrap_or(""))
            .collect();
        let mut text = String::new();
        let mut expected = Vec::new(); // byte offsets with a break before them (excluding 0)
        let mut positions = Vec::new(); // byte offset of each position after the first
        for tok in case.split_whitespace() {
            match tok {
                "÷" | "×" => {
                    if !text.is_empty() {
                        positions.push(text.len());
                        if tok == "÷" {
                            expected.push(text.len());
                        }
                    }
                }
                hex => text.push(
                    char::from_u32(u32::from_str_radix(hex, 16).expect("hex")).expect("char"),
                ),
            }
        }
        let got: Vec<usize> = layout::break_opportunities(&text)
            .into_iter()
            .map(|(b, _)| b)
            .collect();
        if got == expected {
            pass += 1;
            continue;
        }
        // Which positions differ, and which rule decided them in the file?
        let differing: Vec<(usize, &str)> = positions
            .iter()
            .enumerate()
            .filter(|&(_, b)| got.contains(b) != expected.contains(b))
            .map(|(i, &b)| (b, rules.get(i + 1).copied().unwrap_or("?")))
            .collect();
        // The numbers tailoring (UAX #14 §8.2 example 7) replaces LB25's pair rules by a regex
        // over whole numbers; the file then labels those positions LB31 (999.0) or 25.xx.
        let tailoring_only = differing.iter().all(|&(b, rule)| {
            (rule == "999.0" || rule.starts_with("25.")) && is_lb25_pair(&text, b)
        });
        if tailoring_only {
            tailoring += 1;
        } else {
            other.push(format!("line {}: rules {differing:?}: {case}", n + 1));
        }
    }
    eprintln!(
        "LineBreakTest: {pass} passed, {tailoring} differ only by the numbers tailoring (LB25), {} other failures",
        other.len()
    );
    assert!(other.is_empty(), "{:#?}", other);
    assert!(pass >= 7_620, "pass count {pass}");
}

/// Whether the position `byte` of `text` sits between a pair that UAX #14's default LB25 keeps
/// together (resolved classes, CM attached per LB9/LB10): the pairs the numbers tailoring changes.
fn is_lb25_pair(text: &str, byte: usize) -> bool {
    use unicode_linebreak::{BreakClass as C, break_property};
    let mut base = C::Alphabetic;
    for ch in text[..byte].chars() {
        match break_property(u32::from(ch)) {
            C::CombiningMark | C::ZeroWidthJoiner => {
                if matches!(
                    base,
                    C::Mandatory
                        | C::CarriageReturn
                        | C::LineFeed
                        | C::NextLine
                        | C::Space
                        | C::ZeroWidthSpace
                ) {
                    base = C::Alphabetic;
                }
            }
            other => base = other,
        }
    }
    let Some(next) = text[byte..].chars().next() else {
        return false;
    };
    let next = break_property(u32::from(next));
    matches!(
        (base, next),
        (
            C::ClosePunctuation | C::CloseParenthesis,
            C::Postfix | C::Prefix
        ) | (C::Numeric, C::Postfix | C::Prefix | C::Numeric)
            | (C::Postfix | C::Prefix, C::OpenPunctuation | C::Numeric)
            | (C::Hyphen | C::InfixSeparator | C::Symbol, C::Numeric)
    )
}
