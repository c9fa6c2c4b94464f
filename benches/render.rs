//! `matn render` on ~10 MB of Persian text at width 80, and the same file through
//! `fribidi --nobreak` (Debian `libfribidi-bin`) for comparison.
//!
//! `in_process_*` measure `render_text` (split into line paragraphs, analyse, lay out, write the
//! rows) on all cores and on one; `cli_*` run the release binaries on a file, as a user would,
//! so reading, decoding and process start are included for both programs. The fribidi case is
//! skipped (with a note) when `fribidi` is not installed.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use matn::cli::render::{DirArg, FormatArg, render_text, render_text_threads};
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

/// The same text as a file, written once per process.
fn persian_10mb_file() -> PathBuf {
    static PATH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let path =
            std::env::temp_dir().join(format!("matn-bench-fa10mb-{}.txt", std::process::id()));
        std::fs::write(&path, persian_10mb()).expect("write the benchmark file");
        path
    })
    .clone()
}

fn opts(shape: bool) -> LayoutOptions {
    LayoutOptions {
        width_col: 80,
        shape,
        ..LayoutOptions::default()
    }
}

#[divan::bench(args = [false, true], sample_count = 5)]
fn in_process_all_cores(bencher: divan::Bencher, shape: bool) {
    let text = persian_10mb();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            let mut sink = std::io::sink();
            render_text(
                divan::black_box(&text),
                DirArg::Auto,
                &opts(shape),
                FormatArg::Text,
                &mut sink,
            )
        });
}

#[divan::bench(args = [false, true], sample_count = 5)]
fn in_process_one_thread(bencher: divan::Bencher, shape: bool) {
    let text = persian_10mb();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            let mut sink = std::io::sink();
            render_text_threads(
                divan::black_box(&text),
                1,
                DirArg::Auto,
                &opts(shape),
                FormatArg::Text,
                &mut sink,
            )
        });
}

/// Run a command with stdout to /dev/null; panics when it fails.
fn run(cmd: &mut Command) {
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .status()
        .expect("start the command");
    assert!(status.success(), "{cmd:?} failed");
}

/// `matn render --width 80 --shape on FILE` (the release binary cargo built for the bench),
/// on all cores (`threads` 0) and on one.
#[divan::bench(args = [0, 1], sample_count = 5)]
fn cli_matn_render(bencher: divan::Bencher, threads: usize) {
    let file = persian_10mb_file();
    bencher.bench(|| {
        run(Command::new(env!("CARGO_BIN_EXE_matn"))
            .args(["render", "--width", "80", "--shape", "on", "--threads"])
            .arg(threads.to_string())
            .arg(&file));
    });
}

/// The same through a pipe (`… | matn render`), which streams: the bench writes the file into
/// matn's stdin while it lays out what has arrived.
#[divan::bench(sample_count = 5)]
fn cli_matn_render_piped(bencher: divan::Bencher) {
    let bytes = std::fs::read(persian_10mb_file()).expect("read the benchmark file");
    bencher.bench(|| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_matn"))
            .args(["render", "--width", "80", "--shape", "on"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start matn");
        let mut stdin = child.stdin.take().expect("stdin");
        std::thread::scope(|scope| {
            scope.spawn(|| std::io::Write::write_all(&mut stdin, &bytes).expect("write"));
        });
        drop(stdin);
        assert!(child.wait().expect("wait").success());
    });
}

/// `fribidi --nobreak FILE`: reorders and shapes, but does not wrap.
#[divan::bench(sample_count = 5)]
fn cli_fribidi_nobreak(bencher: divan::Bencher) {
    let file = persian_10mb_file();
    if Command::new("fribidi").arg("--version").output().is_err() {
        eprintln!("fribidi is not installed (apt-get install libfribidi-bin): skipped");
        return;
    }
    bencher.bench(|| run(Command::new("fribidi").arg("--nobreak").arg(&file)));
}
