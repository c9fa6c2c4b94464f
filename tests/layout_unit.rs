//! Behaviour of the layout engine on small, readable cases.

use matn::layout::{self, Dir, DirPolicy, LayoutOptions, Order, ParagraphLayout};

fn opts(width_col: usize) -> LayoutOptions {
    LayoutOptions {
        width_col,
        ..LayoutOptions::default()
    }
}

fn rows(laid: &ParagraphLayout) -> Vec<String> {
    laid.lines
        .iter()
        .map(|l| {
            let mut s = " ".repeat(l.indent_col);
            for c in &l.cells {
                s.push_str(&c.symbol);
            }
            s
        })
        .collect()
}

fn lay(text: &str, policy: DirPolicy, o: &LayoutOptions) -> Vec<String> {
    rows(&layout::analyze(text, policy).layout(o))
}

#[test]
fn rtl_paragraph_wraps_in_logical_order_and_right_aligns() {
    // Logical: אבג דהו זחט — the first words stay on the first row (unlike fribidi --width).
    let got = lay("אבג דהו זחט", DirPolicy::Auto, &opts(8));
    // The first row's trailing space hangs at its visual start (left), the text is flush right.
    assert_eq!(got, vec![" והד גבא", "     טחז"]);
}

#[test]
fn mixed_line_reorders_runs_and_mirrors_brackets() {
    assert_eq!(
        lay("abc (אבג) def", DirPolicy::Auto, &opts(0)),
        vec!["abc (גבא) def"]
    );
    // In an RTL paragraph the brackets are at odd levels and mirror.
    assert_eq!(
        lay("אבג (דהו)", DirPolicy::Auto, &opts(0)),
        vec!["(והד) גבא"]
    );
}

#[test]
fn marks_stay_on_their_base_when_reversed() {
    let laid = layout::analyze("שָׁלוֹם", DirPolicy::Auto).layout(&opts(0));
    let symbols: Vec<&str> = laid.lines[0]
        .cells
        .iter()
        .map(|c| c.symbol.as_str())
        .collect();
    assert_eq!(symbols, vec!["ם", "וֹ", "ל", "שָׁ"]);
}

#[test]
fn auto_or_gives_neutral_paragraphs_the_fallback_direction() {
    assert_eq!(layout::analyze("123 !", DirPolicy::Auto).base, Dir::Ltr);
    assert_eq!(
        layout::analyze("123 !", DirPolicy::AutoOr(Dir::Rtl)).base,
        Dir::Rtl
    );
    assert_eq!(
        layout::analyze("abc", DirPolicy::AutoOr(Dir::Rtl)).base,
        Dir::Ltr
    );
    // Strong letters inside an isolate do not count (P2).
    assert_eq!(
        layout::analyze("\u{2067}abc\u{2069} אב", DirPolicy::Auto).base,
        Dir::Rtl
    );
}

#[test]
fn control_characters_become_visible_placeholders() {
    let got = lay("a\u{1B}[31mb\tc\u{7F}d\u{9B}e", DirPolicy::Ltr, &opts(0));
    assert_eq!(got, vec!["a␛[31mb␉c␡d\u{FFFD}e"]);
}

#[test]
fn bidi_controls_are_hidden_unless_revealed() {
    let text = "a\u{202E}bc\u{202C}d";
    let laid = layout::analyze(text, DirPolicy::Ltr).layout(&opts(0));
    assert_eq!(rows(&laid), vec!["acbd"]);
    let hidden: Vec<_> = laid.lines[0]
        .cells
        .iter()
        .filter(|c| c.width_col == 0)
        .map(|c| c.byte_range.clone())
        .collect();
    assert_eq!(hidden.len(), 2);
    let revealed = lay(
        text,
        DirPolicy::Ltr,
        &LayoutOptions {
            reveal_controls: true,
            ..opts(0)
        },
    );
    assert_eq!(revealed, vec!["a⇤cb↥d"]);
}

#[test]
fn trailing_spaces_never_push_a_row_over_the_width() {
    let laid = layout::analyze("abcd      efgh", DirPolicy::Ltr).layout(&opts(4));
    assert_eq!(rows(&laid), vec!["abcd", "efgh"]);
    for line in &laid.lines {
        assert!(line.width_col() <= 4);
    }
    // The spaces still belong to the first line (every byte maps somewhere).
    assert_eq!(laid.lines[0].byte_range, 0..10);
}

#[test]
fn long_words_break_at_grapheme_boundaries() {
    let got = lay(
        "e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}",
        DirPolicy::Ltr,
        &opts(2),
    );
    assert_eq!(
        got,
        vec!["e\u{301}e\u{301}", "e\u{301}e\u{301}", "e\u{301}"]
    );
    // Wide characters count two cells.
    assert_eq!(
        lay("漢字漢字", DirPolicy::Ltr, &opts(5)),
        vec!["漢字", "漢字"]
    );
}

#[test]
fn shaping_joins_letters_and_makes_lam_alef_one_cell() {
    let o = LayoutOptions {
        shape: true,
        ..opts(0)
    };
    let laid = layout::analyze("سلام", DirPolicy::Auto).layout(&o);
    let cells = &laid.lines[0].cells;
    // Visual: ligature-final? no: lam joins seen, so lam-alef final form; then mim isolated.
    let symbols: Vec<&str> = cells.iter().map(|c| c.symbol.as_str()).collect();
    assert_eq!(symbols, vec!["\u{FEE1}", "\u{FEFC}", "\u{FEB3}"]);
    // The ligature covers both characters (lam U+0644 at bytes 2..4, alef at 4..6).
    assert_eq!(cells[1].byte_range, 2..6);
    assert_eq!(cells[1].width_col, 1);
}

#[test]
fn zwnj_breaks_joining_and_rides_in_its_grapheme() {
    let o = LayoutOptions {
        shape: true,
        ..opts(0)
    };
    // می‌خواهم: mim initial, yeh final + ZWNJ, khah initial …
    let laid = layout::analyze("می\u{200C}خ", DirPolicy::Auto).layout(&o);
    let symbols: Vec<&str> = laid.lines[0]
        .cells
        .iter()
        .map(|c| c.symbol.as_str())
        .collect();
    assert_eq!(symbols, vec!["\u{FEA5}", "\u{FBFD}\u{200C}", "\u{FEE3}"]);
}

#[test]
fn logical_order_wraps_without_reordering() {
    let o = LayoutOptions {
        order: Order::Logical,
        ..opts(8)
    };
    assert_eq!(
        lay("אבג דהו (זחט)", DirPolicy::Auto, &o),
        vec!["אבג דהו ", "(זחט)"]
    );
}

#[test]
fn range_pieces_split_across_runs_on_one_row() {
    // "ab אבג cd": the logical range "b אב" is drawn as two pieces: "b " … and "בא".
    let text = "ab אבג cd";
    let laid = layout::analyze(text, DirPolicy::Ltr).layout(&opts(0));
    assert_eq!(rows(&laid), vec!["ab גבא cd"]);
    let start = 1; // 'b'
    let end = text.find('ג').expect("gimel");
    let pieces = laid.range_pieces(start..end);
    assert_eq!(pieces, vec![(0, 1..3), (0, 4..6)]);
    assert_eq!(
        laid.byte_to_pos(text.find('א').expect("alef")),
        Some((0, 5))
    );
    assert_eq!(laid.pos_to_byte(0, 3), Some(text.find('ג').expect("gimel")));
    assert_eq!(laid.pos_to_byte(0, 40), None);
}

#[test]
fn mappings_work_on_hand_built_layouts_too() {
    let mut laid = layout::analyze("abc", DirPolicy::Ltr).layout(&opts(0));
    laid.lines[0].indent_col = 2; // edited after layout, as a widget might
    laid.lines[0].cells.pop();
    let hand = ParagraphLayout {
        lines: laid.lines.clone(),
    };
    assert_eq!(hand.byte_to_pos(1), Some((0, 3)));
    assert_eq!(hand.pos_to_byte(0, 2), Some(0));
    assert_eq!(hand.range_pieces(0..3), vec![(0, 2..4)]);
}

#[test]
fn empty_paragraph_has_one_empty_line() {
    let laid = layout::analyze("", DirPolicy::Auto).layout(&opts(10));
    assert_eq!(laid.lines.len(), 1);
    assert!(laid.lines[0].cells.is_empty());
    assert_eq!(laid.byte_to_pos(0), None);
}

#[test]
fn split_paragraphs_at_every_separator() {
    let text = "a\nb\r\nc\rd\u{2029}e\u{85}f";
    let paras: Vec<&str> = layout::split_paragraphs(text)
        .into_iter()
        .map(|r| &text[r])
        .collect();
    assert_eq!(paras, vec!["a", "b", "c", "d", "e", "f"]);
}

#[test]
fn terminal_table_decides_shaping() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    assert!(layout::terminal_needs_shaping(env(&[(
        "TERM",
        "xterm-256color"
    )])));
    assert!(layout::terminal_needs_shaping(env(&[(
        "TERM",
        "alacritty"
    )])));
    assert!(!layout::terminal_needs_shaping(env(&[
        ("TERM", "xterm-256color"),
        ("VTE_VERSION", "7600")
    ])));
    assert!(layout::terminal_needs_shaping(env(&[(
        "VTE_VERSION",
        "5202"
    )])));
    assert!(layout::terminal_needs_shaping(env(&[
        ("VTE_VERSION", "7600"),
        ("TMUX", "/tmp/x")
    ])));
    assert!(!layout::terminal_needs_shaping(env(&[(
        "TERM_PROGRAM",
        "iTerm.app"
    )])));
    assert!(!layout::terminal_needs_shaping(env(&[(
        "KONSOLE_VERSION",
        "230800"
    )])));
    assert!(!layout::terminal_needs_shaping(env(&[("TERM", "mlterm")])));
    assert!(!layout::terminal_needs_shaping(env(&[
        ("TERM", "xterm"),
        ("MATN_SHAPE", "off")
    ])));
    assert!(layout::terminal_needs_shaping(env(&[])));
}

/// A 2 MB single paragraph lays out (linear time: see benches/layout.rs for the numbers).
#[test]
fn two_megabyte_paragraph_lays_out() {
    let unit = "از آنجا که شناسائی حیثیت ذاتی کلیهٔ اعضای خانواده بشری (UDHR 1948) و ";
    let text = unit.repeat(2_000_000 / unit.len() + 1);
    let laid = layout::analyze(&text, DirPolicy::Auto).layout(&LayoutOptions {
        shape: true,
        ..opts(80)
    });
    assert!(laid.lines.len() > 10_000);
    assert_eq!(
        laid.lines.last().map(|l| l.byte_range.end),
        Some(text.len())
    );
    let mid = text.len() / 2;
    let mid = (mid..)
        .find(|&b| text.is_char_boundary(b))
        .expect("boundary");
    assert!(laid.byte_to_pos(mid).is_some());
}
