//! Layout of real text: the fribidi Persian shaping pairs, the VTE bidi demo's reference
//! renderings, and readable expected rows of the UDHR in Persian, Arabic, Hebrew, Urdu, Yiddish.
//! Data: tests/data/corpus-bidi/ (sources and licences in tests/data/README-layout.md).

use matn::layout::{self, DirPolicy, LayoutOptions, Order, ParagraphLayout};

fn data(name: &str) -> String {
    let path = format!(
        "{}/tests/data/corpus-bidi/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("corpus file")
}

/// Rows as strings: indent spaces, then the cell symbols.
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

fn render(text: &str, policy: DirPolicy, width_col: usize, shape: bool) -> Vec<String> {
    rows(&layout::analyze(text, policy).layout(&LayoutOptions {
        width_col,
        shape,
        align: true,
        order: Order::Visual,
        reveal_controls: false,
    }))
}

/// fribidi's test_UTF-8_persian: shaped (presentation forms, lam-alef) visual lines equal
/// fribidi's reference (which drops ZWNJ and pads RTL lines on the left).
#[test]
fn fribidi_persian_shaping_pairs() {
    let input = data("test_UTF-8_persian.input");
    let reference = data("test_UTF-8_persian.reference");
    let mut checked = 0;
    for (line, expected) in input.lines().zip(reference.lines()) {
        let (logical, visual) = expected.split_once(" => ").expect("reference pair");
        assert_eq!(line, logical);
        let got = render(line, DirPolicy::Auto, 0, true).concat();
        assert_eq!(
            got.replace('\u{200C}', ""),
            visual.trim_start(),
            "for {line}"
        );
        checked += 1;
    }
    assert_eq!(checked, input.lines().count());
    assert!(checked >= 10);
}

/// Hebrew letters of the VTE demo → the Latin look-alikes its reference lines use.
fn vte_transliterate(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !('\u{0591}'..='\u{05C7}').contains(c) && !('\u{0300}'..='\u{036F}').contains(c)
        })
        .map(|c| match c {
            // The demo's references are precomposed, its real lines decomposed: compare bases.
            'Á' => 'A',
            'í' => 'i',
            'ű' | 'ü' | 'ú' => 'u',
            'ő' | 'ö' | 'ó' => 'o',
            'é' => 'e',
            'ש' => 'w',
            'ל' => '7',
            'ו' => 'i',
            'ם' => 'o',
            'א' => 'x',
            'ת' => 'n',
            other => other,
        })
        .collect()
}

/// The VTE bidi demo's implicit-mode sections: every reference line using the look-alike
/// glyphs ("oi7w" for שלום, mirrored ⸢⸥ brackets) must equal our rendering of the real line
/// that follows it, at the demo's 80 columns.
#[test]
fn vte_demo_reference_renderings() {
    let demo = data("vte-bidi-demo.noescapes.txt");
    let lines: Vec<&str> = demo.lines().collect();
    let mut policy = None;
    let mut checked = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.contains('┤') {
            policy = if line.contains("1 – Implicit LTR") {
                Some(DirPolicy::Ltr)
            } else if line.contains("2 – Implicit RTL") {
                Some(DirPolicy::Rtl)
            } else if line.contains("3 – Implicit auto (LTR fallback)") {
                Some(DirPolicy::Auto)
            } else if line.contains("4 – Implicit auto (RTL fallback)") {
                Some(DirPolicy::AutoOr(layout::Dir::Rtl))
            } else {
                None
            };
            continue;
        }
        let Some(policy) = policy else { continue };
        if !line.contains("oi7w") || i + 1 >= lines.len() {
            continue;
        }
        let actual = lines[i + 1];
        let got = render(actual, policy, 80, false);
        assert_eq!(got.len(), 1, "{actual}");
        assert_eq!(
            vte_transliterate(&got[0]).trim_end(),
            vte_transliterate(line.trim_end()),
            "line {} ({policy:?}): {actual}",
            i + 2
        );
        checked += 1;
    }
    assert_eq!(checked, 12);
}

/// The first article paragraph after the header of a UDHR file.
fn udhr_paragraph(name: &str, skip: usize) -> String {
    data(name)
        .lines()
        .nth(skip)
        .expect("line")
        .trim()
        .to_owned()
}

/// Prints rows for writing the expectations below (run with --nocapture).
fn show(rows: &[String]) -> String {
    rows.iter().map(|r| format!("{r:?},\n")).collect()
}

/// UDHR (fa), first rows at 40 columns, right-aligned, unshaped.
#[test]
fn udhr_fa_rows_at_40() {
    let text = udhr_paragraph("udhr_pes_1.txt", 9);
    let got = render(&text, DirPolicy::Auto, 40, false);
    let expected = [
        "یاضعا هٔیلک یتاذ تیثیح یئاسانش هک اجنآ زا",
        "      لاقتنا و ناسکی قوقح و یرشب هداوناخ",
        " ار حلص و تلادع و یدازآ ساسا نانآ ریذپان",
        "                    ،دهدیم لیکشت ناهج رد",
    ];
    let got: Vec<&str> = got
        .iter()
        .map(|r| r.trim_end())
        .take(expected.len())
        .collect();
    assert_eq!(
        got,
        expected,
        "got:\n{}",
        show(&got.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    );
}

/// UDHR (ar), first rows at 40 columns, right-aligned, unshaped.
#[test]
fn udhr_ar_rows_at_40() {
    let text = udhr_paragraph("udhr_arb.txt", 7);
    let got = render(&text, DirPolicy::Auto, 40, false);
    let expected = [
        " فلأ 217 ةماعلا ةيعمجلا رارق بجومب دمتُعا",
        " ربمسيد / لوألا نوناك 10 يف خرؤملا (3-د)",
        "                                   .1948",
    ];
    let got: Vec<&str> = got
        .iter()
        .map(|r| r.trim_end())
        .take(expected.len())
        .collect();
    assert_eq!(
        got,
        expected,
        "got:\n{}",
        show(&got.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    );
}

/// UDHR (he), first rows at 40 columns, right-aligned, unshaped.
#[test]
fn udhr_he_rows_at_40() {
    let text = udhr_paragraph("udhr_heb.txt", 7);
    let got = render(&text, DirPolicy::Auto, 40, false);
    let expected = [
        "     ינב לכל רשא יעבטה דובכב הרכהו ליאוה",
        "     יתלבהו תוושה םהיתויוכזבו םדאה תהפשמ",
        "      םולשהו קדצה ,שפוחה דוסי אוה תועקפנ",
        "                                  .םלועב",
    ];
    let got: Vec<&str> = got
        .iter()
        .map(|r| r.trim_end())
        .take(expected.len())
        .collect();
    assert_eq!(
        got,
        expected,
        "got:\n{}",
        show(&got.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    );
}

/// UDHR (ur), first rows at 40 columns, right-aligned, unshaped.
#[test]
fn udhr_ur_rows_at_40() {
    let text = udhr_paragraph("udhr_urd.txt", 7);
    let got = render(&text, DirPolicy::Auto, 40, false);
    let expected = [
        " ربمسد ؍۱۰ ےن یلبمسا لرنج یک ہدحتم مِاوقا",
        "  “روشنم یملاع اک قوقح یناسنا” وک ء؁۱۹۴۸",
        "   ےلگا ۔ایک ماع نِالعا اک سا ےک رک روظنم",
        "سا ۔ےہ جرد نتم لمکم اک روشنم سا رپ تاحفص",
        "    ےنپا ےن یلبمسا دعب ےک ےمانراک یخیرات",
        "    یھب ہو ہک اید روز رپ کلامم ربمم مامت",
    ];
    let got: Vec<&str> = got
        .iter()
        .map(|r| r.trim_end())
        .take(expected.len())
        .collect();
    assert_eq!(
        got,
        expected,
        "got:\n{}",
        show(&got.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    );
}

/// UDHR (yi), first rows at 40 columns, right-aligned, unshaped.
#[test]
fn udhr_yi_rows_at_40() {
    let text = udhr_paragraph("udhr_ydd.txt", 7);
    let got = render(&text, DirPolicy::Auto, 40, false);
    let expected = [
        "   עיצולאָזער יװ טרימאַלקאָרפּ ןוא ןסײהעגטוג",
        "  גנולמאַזראַפֿ רענײמעגלאַ רעד ןופֿ (3) A 217",
        "  ,רעבמעצעד 10 ,רעקלעפֿ עטקינײאראַפֿ יד ןופֿ",
        "                                   .1948",
    ];
    let got: Vec<&str> = got
        .iter()
        .map(|r| r.trim_end())
        .take(expected.len())
        .collect();
    assert_eq!(
        got,
        expected,
        "got:\n{}",
        show(&got.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    );
}
