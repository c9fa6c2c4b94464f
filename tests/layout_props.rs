//! Property tests of the layout engine (DESIGN.md §6).

use matn::layout::{self, DirPolicy, LayoutOptions, Order, ParagraphLayout};
use proptest::prelude::*;

/// Fragments of mixed-direction text, including the hard parts: marks, ZWNJ, bidi controls,
/// brackets, numbers, wide characters, tabs and C0 controls.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,14}",
        "[א-ת]{1,9}",
        "[ا-ي]{1,9}",
        Just("لا".to_owned()),
        Just("می‌خواهم".to_owned()),
        Just("שָׁלוֹם".to_owned()),
        Just("e\u{301}".to_owned()),
        "[0-9]{1,6}",
        "[()\\[\\]<>{}.,:;!?%$+-]",
        Just(" ".to_owned()),
        Just("  ".to_owned()),
        Just("漢字".to_owned()),
        Just("\u{202B}".to_owned()),
        Just("\u{202E}".to_owned()),
        Just("\u{202C}".to_owned()),
        Just("\u{2067}".to_owned()),
        Just("\u{2069}".to_owned()),
        Just("\u{200F}".to_owned()),
        Just("\t".to_owned()),
        Just("\u{1B}[31m".to_owned()),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|v| v.concat())
}

fn policy() -> impl Strategy<Value = DirPolicy> {
    prop_oneof![
        Just(DirPolicy::Auto),
        Just(DirPolicy::Ltr),
        Just(DirPolicy::Rtl),
        Just(DirPolicy::AutoOr(layout::Dir::Rtl)),
    ]
}

fn opts(width_col: usize, shape: bool, order: Order) -> LayoutOptions {
    LayoutOptions {
        width_col,
        shape,
        align: true,
        order,
        reveal_controls: false,
    }
}

fn cols_of(laid: &ParagraphLayout) -> Vec<(usize, usize, usize)> {
    // (row, col, cell index) of every cell
    let mut out = Vec::new();
    for (row, line) in laid.lines.iter().enumerate() {
        let mut col = line.indent_col;
        for (i, c) in line.cells.iter().enumerate() {
            out.push((row, col, i));
            col += usize::from(c.width_col);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Every grapheme appears exactly once: the cells' byte ranges partition the paragraph,
    /// each cell is one grapheme (or a lam-alef pair of two), and no symbol holds a control.
    #[test]
    fn each_grapheme_exactly_once(text in paragraph(), policy in policy(), width in 0usize..50,
                                  shape in any::<bool>(), visual in any::<bool>()) {
        let a = layout::analyze(&text, policy);
        let order = if visual { Order::Visual } else { Order::Logical };
        let laid = a.layout(&opts(width, shape, order));
        let mut ranges: Vec<_> = laid.lines.iter().flat_map(|l| l.cells.iter().map(|c| c.byte_range.clone())).collect();
        for c in laid.lines.iter().flat_map(|l| &l.cells) {
            prop_assert!(!c.symbol.chars().any(char::is_control), "{:?}", c.symbol);
        }
        ranges.sort_by_key(|r| r.start);
        let graphemes: Vec<_> = a.grapheme_ranges().collect();
        let mut gi = 0;
        let mut at = 0;
        for r in &ranges {
            prop_assert_eq!(r.start, at);
            // One grapheme, or two for a ligature.
            prop_assert_eq!(graphemes[gi].start, r.start);
            if graphemes[gi].end == r.end { gi += 1; } else {
                prop_assert!(shape);
                prop_assert_eq!(graphemes[gi + 1].end, r.end);
                gi += 2;
            }
            at = r.end;
        }
        prop_assert_eq!(at, text.len());
        prop_assert_eq!(gi, graphemes.len());
        // Lines are contiguous in logical order.
        let mut at = 0;
        for line in &laid.lines {
            prop_assert_eq!(line.byte_range.start, at);
            at = line.byte_range.end;
        }
        prop_assert_eq!(at, text.len());
    }

    /// The text renderer's path (`write_lines`: symbols straight to a string in visual order)
    /// prints exactly the rows of `layout`, and an analysis reused for another paragraph
    /// (`reanalyze`, as `matn render` does) lays out like a fresh one.
    #[test]
    fn text_path_and_reuse_match_layout(text in paragraph(), before in paragraph(),
                                        policy in policy(), width in 0usize..50,
                                        shape in any::<bool>(), visual in any::<bool>(),
                                        reveal in any::<bool>()) {
        let order = if visual { Order::Visual } else { Order::Logical };
        let o = LayoutOptions { reveal_controls: reveal, ..opts(width, shape, order) };
        let fresh = layout::analyze(&text, policy);
        let mut expected = String::new();
        for line in fresh.layout(&o).lines {
            let start = expected.len();
            expected.push_str(&" ".repeat(line.indent_col));
            for cell in &line.cells {
                expected.push_str(&cell.symbol);
            }
            let kept = expected[start..].trim_end().len();
            expected.truncate(start + kept);
            expected.push('\n');
        }
        let mut reused = layout::analyze(&before, DirPolicy::Rtl);
        let mut scratch = layout::LayoutScratch::default();
        let mut ignored = String::new();
        reused.write_lines(&o, &mut scratch, &mut ignored);
        reused.reanalyze(&text, policy);
        let mut got = String::new();
        reused.write_lines(&o, &mut scratch, &mut got);
        prop_assert_eq!(&got, &expected);
        prop_assert_eq!(reused.layout(&o).lines, fresh.layout(&o).lines);
    }

    /// No row (indent included) is wider than the width, for widths of at least 2 cells
    /// (a double-width character needs two).
    #[test]
    fn no_row_wider_than_width(text in paragraph(), policy in policy(), width in 2usize..60,
                               shape in any::<bool>()) {
        let laid = layout::analyze(&text, policy).layout(&opts(width, shape, Order::Visual));
        for line in &laid.lines {
            prop_assert!(line.indent_col + line.width_col() <= width,
                "row {} + {} > {width}", line.indent_col, line.width_col());
        }
    }

    /// byte → (row, col) → byte round-trips for every drawn cell; every byte maps somewhere;
    /// a cell's byte range is exactly one piece at its place.
    #[test]
    fn mappings_round_trip(text in paragraph(), policy in policy(), width in 0usize..40,
                           shape in any::<bool>()) {
        let laid = layout::analyze(&text, policy).layout(&opts(width, shape, Order::Visual));
        for (row, col, i) in cols_of(&laid) {
            let cell = &laid.lines[row].cells[i];
            for byte in cell.byte_range.clone() {
                if text.is_char_boundary(byte) {
                    prop_assert_eq!(laid.byte_to_pos(byte), Some((row, col)));
                }
            }
            if cell.width_col > 0 {
                prop_assert_eq!(laid.pos_to_byte(row, col), Some(cell.byte_range.start));
                let w = usize::from(cell.width_col);
                prop_assert_eq!(laid.pos_to_byte(row, col + w - 1), Some(cell.byte_range.start));
                prop_assert_eq!(laid.range_pieces(cell.byte_range.clone()), vec![(row, col..col + w)]);
            }
        }
        // The whole paragraph: pieces cover exactly the drawn cells of each row.
        let pieces = laid.range_pieces(0..text.len());
        let drawn: usize = laid.lines.iter().map(|l| l.width_col()).sum();
        let covered: usize = pieces.iter().map(|(_, r)| r.len()).sum();
        prop_assert_eq!(covered, drawn);
    }

    /// Pure-LTR text (ASCII words, single spaces) lays out exactly like a plain greedy word wrap.
    #[test]
    fn ltr_equals_plain_word_wrap(words in prop::collection::vec("[a-z]{1,15}", 1..30), width in 1usize..30) {
        let text = words.join(" ");
        let laid = layout::analyze(&text, DirPolicy::Auto).layout(&opts(width, false, Order::Visual));
        let got: Vec<String> = laid.lines.iter()
            .map(|l| l.cells.iter().map(|c| c.symbol.as_str()).collect::<String>().trim_end().to_owned())
            .collect();
        prop_assert_eq!(got, greedy_wrap(&words, width));
    }
}

/// The textbook greedy wrap: a word goes on the line if it fits after a space; a word longer
/// than the width is cut into width-sized pieces, the last of which continues as a line.
fn greedy_wrap(words: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in words {
        let sep = usize::from(!line.is_empty());
        if line.len() + sep + word.len() <= width {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest = word.as_str();
        while rest.len() > width {
            lines.push(rest[..width].to_owned());
            rest = &rest[width..];
        }
        line = rest.to_owned();
    }
    lines.push(line);
    lines
}
