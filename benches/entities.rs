//! Throughput of the whole recogniser (rules, gazetteers, tagger, merge) on ~10 MB of Persian
//! news text (the sample article repeated).

use matn::entities::Recognizer;

fn main() {
    divan::main();
}

const SAMPLE: &str = include_str!("../seeds/fa-pezeshkian-kazakhstan-turkmenistan.txt");

fn corpus(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + SAMPLE.len());
    while s.len() < bytes {
        s.push_str(SAMPLE);
        s.push('\n');
    }
    s
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn recognize_10mb(bencher: divan::Bencher) {
    let rec = Recognizer::new();
    let text = corpus(10 << 20);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench_local(|| rec.recognize(divan::black_box(&text), Some("fa")).len());
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn recognize_10mb_without_tagger(bencher: divan::Bencher) {
    let rec = Recognizer::without_tagger();
    let text = corpus(10 << 20);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench_local(|| rec.recognize(divan::black_box(&text), Some("fa")).len());
}

#[divan::bench]
fn recognizer_new() -> Recognizer {
    Recognizer::new()
}
