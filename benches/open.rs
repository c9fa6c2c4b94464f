//! Time to first frame: open a plain-text document and lay out the first ~60 rows at 80 columns,
//! for a 50 KB and a 50 MB file (Persian news-like paragraphs).
//!
//! - `first_frame_full`: `open_path` (read, decode, normalise, scan all blocks, id) + layout.
//! - `first_frame_head`: `open_head` with a 256 KB head (what the reader shows while the whole
//!   file loads off the UI path) + layout.
//!
//! Run: `cargo bench --bench open`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use matn::article::{self, Article, OpenOptions};
use matn::layout::{self, Dir, DirPolicy, LayoutOptions};

const SIZES: [usize; 2] = [50_000, 50_000_000];
const HEAD_BYTES: usize = 256 * 1024;
const ROWS: usize = 60;

fn main() {
    divan::main();
}

/// The files, generated once per run in a temporary directory.
fn files() -> &'static (tempfile::TempDir, Vec<PathBuf>) {
    static FILES: OnceLock<(tempfile::TempDir, Vec<PathBuf>)> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let paragraph = "رئیس جمهور در تشریح نتایج سفر خود به قزاقستان و ترکمنستان گفت: در نتیجه دیدارهای \
                         انجام شده و رایزنی‌های صورت گرفته در این سفرها، نتایج مثبتی در پیشبرد سیاست \
                         همسایگی (Neighbourhood Policy) در سال 1404 حاصل شد.\n";
        let paths = SIZES
            .iter()
            .map(|&size| {
                let mut text = String::from("پزشکیان:\nدستاوردهای سازنده در سفر به قزاقستان\n");
                while text.len() < size {
                    text.push_str(paragraph);
                }
                let path = dir.path().join(format!("article-{size}.txt"));
                std::fs::write(&path, text).expect("write bench file");
                path
            })
            .collect();
        (dir, paths)
    })
}

fn path_for(size: usize) -> &'static Path {
    let (_, paths) = files();
    let i = SIZES.iter().position(|&s| s == size).expect("known size");
    &paths[i]
}

/// Lay out blocks from the top until the screen has `ROWS` rows; returns the rows laid out.
fn first_screen(a: &Article) -> usize {
    let opts = LayoutOptions {
        width_col: 80,
        ..LayoutOptions::default()
    };
    let doc_dir = a.meta.direction.unwrap_or(Dir::Ltr);
    let mut rows = 0;
    for (i, block) in a.blocks.iter().enumerate() {
        let policy = match block.dir {
            Some(Dir::Ltr) => DirPolicy::Ltr,
            Some(Dir::Rtl) => DirPolicy::Rtl,
            None => DirPolicy::AutoOr(doc_dir),
        };
        let text = a.layout_text(i);
        rows += layout::analyze(&text, policy).layout(&opts).lines.len() + 1;
        if rows >= ROWS {
            break;
        }
    }
    rows
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn first_frame_full(bencher: divan::Bencher, size: usize) {
    let path = path_for(size);
    bencher.bench(|| {
        let a = article::open_path(divan::black_box(path)).expect("open");
        first_screen(&a)
    });
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn first_frame_head(bencher: divan::Bencher, size: usize) {
    let path = path_for(size);
    bencher.bench(|| {
        let head = article::open_head(divan::black_box(path), &OpenOptions::default(), HEAD_BYTES)
            .expect("open head");
        first_screen(&head.article)
    });
}
