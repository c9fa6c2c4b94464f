//! Layout engine throughput on single huge paragraphs: 1 MB vs 2 MB must scale linearly
//! (unicode-bidi's per-line APIs made this quadratic: DESIGN.md §3).

use matn::layout::{self, DirPolicy, LayoutOptions};

fn main() {
    divan::main();
}

/// One paragraph of about `bytes` bytes of Persian prose (UDHR lines joined with spaces).
fn paragraph(bytes: usize) -> String {
    let udhr = include_str!("../tests/data/corpus-bidi/udhr_pes_1.txt");
    let unit: String = udhr
        .lines()
        .skip(6)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut text = String::with_capacity(bytes + unit.len());
    while text.len() < bytes {
        text.push_str(&unit);
        text.push(' ');
    }
    text
}

#[divan::bench(args = [1_000_000, 2_000_000], sample_count = 10)]
fn analyze_and_layout_width_80(bencher: divan::Bencher, bytes: usize) {
    let text = paragraph(bytes);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            let a = layout::analyze(divan::black_box(&text), DirPolicy::Auto);
            a.layout(&LayoutOptions {
                width_col: 80,
                shape: true,
                ..LayoutOptions::default()
            })
        });
}

#[divan::bench(args = [1_000_000, 2_000_000], sample_count = 10)]
fn layout_only_width_80(bencher: divan::Bencher, bytes: usize) {
    let text = paragraph(bytes);
    let a = layout::analyze(&text, DirPolicy::Auto);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            a.layout(&LayoutOptions {
                width_col: 80,
                ..LayoutOptions::default()
            })
        });
}

#[divan::bench(args = [250_000, 500_000, 1_000_000, 2_000_000], sample_count = 10)]
fn unwrapped_width_0(bencher: divan::Bencher, bytes: usize) {
    let text = paragraph(bytes);
    let a = layout::analyze(&text, DirPolicy::Auto);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            a.layout(&LayoutOptions {
                width_col: 0,
                ..LayoutOptions::default()
            })
        });
}
