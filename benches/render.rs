//! `matn render`'s work (`render_text`: split into line paragraphs, analyse, lay out at width
//! 80, write the rows) on ~10 MB of Persian text. Compare with `fribidi --nobreak` on the same file
//! (see the layout report: hyperfine on the release binary).

use matn::cli::render::{DirArg, FormatArg, render_text};
use matn::layout::LayoutOptions;

fn main() {
    divan::main();
}

/// ~10 MB of Persian: the UDHR text repeated, one paragraph per line as in the file.
fn persian_10mb() -> String {
    let udhr = include_str!("../tests/data/corpus-bidi/udhr_pes_1.txt");
    let mut text = String::with_capacity(10_500_000);
    while text.len() < 10_000_000 {
        text.push_str(udhr);
    }
    text
}

#[divan::bench(args = [false, true], sample_count = 5)]
fn render_10mb_persian_width_80(bencher: divan::Bencher, shape: bool) {
    let text = persian_10mb();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            let opts = LayoutOptions {
                width_col: 80,
                shape,
                ..LayoutOptions::default()
            };
            let mut sink = std::io::sink();
            render_text(
                divan::black_box(&text),
                DirArg::Auto,
                &opts,
                FormatArg::Text,
                &mut sink,
            )
        });
}
