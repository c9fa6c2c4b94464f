//! Property tests: arbitrary input into every reader never panics and finishes (inputs are
//! bounded, so a hang shows up as a test that never ends), and every article's blocks lie on
//! char boundaries inside the text, ordered and non-overlapping.

use matn::article::{self, Article, Format, OpenOptions, Source, decode, html, markdown, plain};
use proptest::prelude::*;

fn check(a: &Article) -> Result<(), TestCaseError> {
    let mut prev_end = 0;
    for b in &a.blocks {
        let r = &b.byte_range;
        prop_assert!(r.start < r.end, "empty block {r:?}");
        prop_assert!(
            r.start >= prev_end,
            "block {r:?} before previous end {prev_end}"
        );
        prop_assert!(r.end <= a.text.len());
        prop_assert!(a.text.is_char_boundary(r.start) && a.text.is_char_boundary(r.end));
        prev_end = r.end;
    }
    prop_assert!(!a.text.contains('\r'));
    prop_assert!(
        !a.text.contains(['\u{2028}', '\u{2029}']),
        "line separators left"
    );
    prop_assert_eq!(&a.id, &article::document_id(&a.text));
    for i in 0..a.blocks.len() {
        prop_assert_eq!(a.layout_text(i).len(), a.block_text(i).len());
    }
    let _ = a.title();
    Ok(())
}

/// Text made of the characters that matter to the readers: markup, line ends of every kind,
/// controls, RTL and LTR letters, marks and format characters.
fn texty() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "a",
        "Z",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "\u{2028}",
        "\u{2029}",
        "\u{85}",
        "\t",
        "\0",
        "\u{1b}[1m",
        "\u{1c}",
        "س",
        "پ",
        "ة",
        "ے",
        "ש",
        "װ",
        "\u{64b}",
        "\u{200c}",
        "\u{feff}",
        "\u{202e}",
        ":",
        ".",
        "#",
        "## ",
        "* ",
        "- ",
        "1. ",
        "> ",
        "```",
        "`",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
        "](http://x)",
        "<",
        ">",
        "</",
        "<p>",
        "<Intro>",
        "{/*x*/}",
        "---\n",
        "|",
        "\\",
        "&amp;",
        "!",
        "\u{10ffff}",
        "🙂",
        "é",
    ]);
    prop::collection::vec(atoms, 0..300).prop_map(|v| v.concat())
}

fn htmlish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "<!DOCTYPE html>",
        "<html dir=rtl lang=fa>",
        "<html>",
        "<head><title>t</title></head>",
        "<body>",
        "</body>",
        "<p>",
        "</p>",
        "<div dir=ltr>",
        "<div>",
        "</div>",
        "<h1>",
        "</h1>",
        "<h3>",
        "<li>",
        "<ul>",
        "</ul>",
        "<pre>",
        "</pre>",
        "<br>",
        "<table><tr><td>",
        "</td><td>",
        "</tr></table>",
        "<blockquote>",
        "</blockquote>",
        "<script>x<y</script>",
        "<a href=u>",
        "</a>",
        "<img src=x>",
        "<!-- c -->",
        "&amp;",
        "&nbsp;",
        "سلام دنیا",
        "שלום",
        "text ",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ",
        "\n",
        "\r\n",
        "\0",
        "<",
        ">",
        "\"",
        "<article>",
        "</article>",
        "<meta name=author content=\"A\">",
    ]);
    prop::collection::vec(atoms, 0..200).prop_map(|v| v.concat())
}

fn all_formats() -> impl Strategy<Value = Option<Format>> {
    prop::sample::select(vec![
        None,
        Some(Format::Plain),
        Some(Format::Markdown),
        Some(Format::Html),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_into_open_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        format in all_formats(),
        ext in prop::sample::select(vec![None, Some("txt"), Some("md"), Some("html"), Some("bin")]),
        encoding in prop::sample::select(vec![None, Some("utf-8"), Some("windows-1256"), Some("utf-16le"), Some("bogus")]),
    ) {
        let opts = OpenOptions { encoding: encoding.map(str::to_owned), format };
        if let Ok(a) = article::open_bytes(&bytes, Source::Stdin, ext, &opts) {
            check(&a)?;
        }
        let _ = decode::decode(&bytes, None);
    }

    #[test]
    fn text_into_every_reader(text in texty(), format in all_formats()) {
        let normalized = decode::normalize_line_ends(&text);
        let a = plain::read(normalized.clone(), Source::Stdin);
        check(&a)?;
        // Plain text is the file's text: nothing rewritten, nothing stripped.
        prop_assert_eq!(&a.text, &normalized);
        check(&markdown::read(&normalized, Source::Stdin))?;
        check(&html::read(&normalized, Source::Stdin).map_err(|e| TestCaseError::fail(e.to_string()))?)?;
        let opts = OpenOptions { encoding: None, format };
        if let Ok(a) = article::open_bytes(text.as_bytes(), Source::Stdin, None, &opts) {
            check(&a)?;
        }
    }

    #[test]
    fn html_into_readers(page in htmlish()) {
        let a = html::read(&page, Source::Stdin).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check(&a)?;
        prop_assert!(!a.text.contains("<script"));
        check(&markdown::read(&page, Source::Stdin))?;
        if let Ok(a) = article::open_bytes(page.as_bytes(), Source::Stdin, None, &OpenOptions::default()) {
            check(&a)?;
        }
    }

    #[test]
    fn utf16_roundtrip(text in texty()) {
        let normalized = decode::normalize_line_ends(&text);
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode::decode(&bytes, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(d.text, normalized);
    }
}

/// Deep nesting must not overflow the stack (the walker is iterative) nor take long
/// (readability is skipped for it; the HTML parser itself is superlinear in depth, so the depth
/// here is modest).
#[test]
fn deeply_nested_html() {
    let depth = 3_000;
    let page = format!(
        "<html><body>{}سلام{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let a = html::read(&page, Source::Stdin).unwrap();
    assert!(a.text.contains("سلام"));
    let md = format!("{}سلام", "> ".repeat(5_000));
    let _ = markdown::read(&md, Source::Stdin);
}

/// A huge single line is one block, found in linear time.
#[test]
fn huge_single_line() {
    let line = "سلام دنیا ".repeat(200_000);
    let a = plain::read(line.clone(), Source::Stdin);
    assert_eq!(a.blocks.len(), 1);
    assert_eq!(a.block_text(0), line.trim_end());
}
