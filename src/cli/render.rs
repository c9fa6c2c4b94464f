//! `matn render`: lay a document out as visual lines (a bidi-correct `fribidi --width`).
//!
//! Each input line is one paragraph (LF is a paragraph separator, as in fribidi and UAX #9).
//! Text output prints the visual lines; JSON output prints one object per paragraph per line
//! (JSON Lines) with code point indices, so scripts can check the reordering.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::article::Source;
use crate::article::stream::{self, LineBatches, Opened};
use crate::layout::{self, Dir, DirPolicy, LayoutOptions, Order};

/// Paragraph direction choice on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DirArg {
    /// First strong letter of each paragraph (UAX #9 P2/P3); neutral paragraphs follow the
    /// previous paragraph.
    Auto,
    Ltr,
    Rtl,
}

/// Whether to convert Arabic letters to presentation forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShapeArg {
    /// Shape when stdout is a terminal known not to shape Arabic; never into a pipe.
    Auto,
    On,
    Off,
}

/// Order of the printed lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OrderArg {
    /// UAX #9 visual order, for terminals that do no bidi.
    Visual,
    /// Wrapped but unreordered, for terminals that do their own bidi.
    Logical,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Text,
    /// JSON Lines: `{"level", "lines": [{"text", "order", "levels"}]}` per paragraph; indices
    /// are code points within the paragraph.
    Json,
}

/// Arguments of `matn render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The document; `-` or nothing reads stdin (a pipe is laid out line by line as it arrives).
    pub file: Option<PathBuf>,
    /// Line width in cells; 0 = no wrapping. Default: the terminal width, or 80 into a pipe.
    #[arg(long)]
    pub width: Option<usize>,
    /// Paragraph direction.
    #[arg(long, value_enum, default_value_t = DirArg::Auto)]
    pub dir: DirArg,
    /// Arabic shaping to presentation forms.
    #[arg(long, value_enum, default_value_t = ShapeArg::Auto)]
    pub shape: ShapeArg,
    /// Do not right-align RTL paragraphs.
    #[arg(long)]
    pub no_align: bool,
    /// Visual (reordered) or logical (wrapped only) lines.
    #[arg(long, value_enum, default_value_t = OrderArg::Visual)]
    pub order: OrderArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Decode the input from this encoding (WHATWG label, e.g. windows-1256) instead of
    /// detecting it.
    #[arg(long)]
    pub encoding: Option<String>,
    /// Threads for inputs of 256 KB or more; 0 = one per core. The output does not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// Open the document: a regular file (or stdin redirected from one) is read whole through the
/// article readers; a pipe, terminal or FIFO is streamed when it holds plain UTF-8 text, so
/// `tail -f log | matn render` prints each line as it comes (see [`crate::article::stream`]).
/// All input goes through here so the readers can be swapped in one place.
fn open_input(path: Option<&Path>, encoding: Option<&str>) -> anyhow::Result<Opened> {
    let opts = crate::article::OpenOptions {
        encoding: encoding.map(str::to_owned),
        ..Default::default()
    };
    match path {
        Some(p) if p != Path::new("-") => {
            // Missing files, directories and regular files get the whole reader's messages.
            let special = std::fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir());
            if !special {
                return Ok(Opened::Whole(crate::article::open_path_text(p, &opts)?));
            }
            let file = std::fs::File::open(p)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", p.display()))?;
            let ext = p.extension().and_then(|e| e.to_str());
            stream::open_stream(file, Source::Path(p.to_owned()), ext, encoding)
        }
        _ if stdin_is_regular_file() => Ok(Opened::Whole(crate::article::open_stdin_text(&opts)?)),
        _ => stream::open_stream(std::io::stdin(), Source::Stdin, None, encoding),
    }
}

/// Whether stdin is redirected from a regular file (read whole: nothing to wait for, and the
/// layout can use every core on it).
fn stdin_is_regular_file() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        std::io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .map(std::fs::File::from)
            .and_then(|f| f.metadata())
            .is_ok_and(|m| m.is_file())
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Run it; returns the process exit code.
pub fn run(args: RenderArgs) -> anyhow::Result<i32> {
    let input = open_input(args.file.as_deref(), args.encoding.as_deref())?;
    let stdout = std::io::stdout();
    let is_tty = stdout.is_terminal();
    let width_col = match args.width {
        Some(w) => w,
        None if is_tty => crossterm::terminal::size().map_or(80, |(cols, _)| usize::from(cols)),
        None => 80,
    };
    let shape = match args.shape {
        ShapeArg::On => true,
        ShapeArg::Off => false,
        ShapeArg::Auto => is_tty && layout::terminal_needs_shaping(|k| std::env::var(k).ok()),
    };
    let opts = LayoutOptions {
        width_col,
        shape,
        align: !args.no_align,
        order: match args.order {
            OrderArg::Visual => Order::Visual,
            OrderArg::Logical => Order::Logical,
        },
        reveal_controls: false,
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match input {
        Opened::Whole(text) => {
            let threads = match args.threads {
                0 => auto_threads(text.len()),
                n => n,
            };
            render_text_threads(&text, threads, args.dir, &opts, args.format, &mut out)
                .and_then(|()| out.flush())
        }
        Opened::Stream(batches) => render_stream(
            batches,
            args.threads,
            args.dir,
            &opts,
            args.format,
            &mut out,
        )?,
    };
    match written {
        // A closed pipe (`| head`) is a normal end, not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(0),
    }
}

/// Lay out streamed input batch by batch, flushing after each so every line is on screen as
/// soon as it has arrived. The output is byte for byte what the whole input would give: a
/// batch is whole lines, and a neutral paragraph inherits the direction carried over from the
/// batches before. Input errors are the outer `Err`; output errors the inner one (so a closed
/// pipe can end quietly).
pub fn render_stream(
    mut batches: LineBatches,
    threads: usize,
    dir: DirArg,
    opts: &LayoutOptions,
    format: FormatArg,
    out: &mut impl Write,
) -> anyhow::Result<std::io::Result<()>> {
    let mut previous = Dir::Ltr;
    while let Some(batch) = batches.next_batch()? {
        let text = batch.strip_suffix('\n').unwrap_or(&batch);
        let threads = match threads {
            0 => auto_threads(text.len()),
            n => n,
        };
        let written = render_paragraphs(text, threads, dir, previous, opts, format, out)
            .and_then(|()| out.flush());
        if written.is_err() {
            return Ok(written);
        }
        previous = inherited_dir(text).unwrap_or(previous);
    }
    Ok(Ok(()))
}

/// Inputs at least this long are laid out on several threads (below it, starting threads
/// costs more than it saves).
const PARALLEL_MIN_BYTES: usize = 256 * 1024;
/// At most this many threads.
const MAX_THREADS: usize = 8;

/// Lay out `text` (one paragraph per line) and write it as `format`. The whole of `matn
/// render` after reading and option handling; public so the benchmark measures exactly this.
///
/// Large inputs are cut at line ends into one chunk per core, laid out in parallel and written
/// in order: paragraphs are independent except for the direction a neutral paragraph inherits
/// from the one before, which is found by looking back from each chunk's start. The output is
/// byte for byte the same as laying out on one thread.
pub fn render_text(
    text: &str,
    dir: DirArg,
    opts: &LayoutOptions,
    format: FormatArg,
    out: &mut impl Write,
) -> std::io::Result<()> {
    render_text_threads(text, auto_threads(text.len()), dir, opts, format, out)
}

/// One thread per core (at most [`MAX_THREADS`]) for inputs of [`PARALLEL_MIN_BYTES`] or more,
/// else one.
fn auto_threads(text_bytes: usize) -> usize {
    if text_bytes >= PARALLEL_MIN_BYTES {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
    } else {
        1
    }
}

/// [`render_text`] on `threads` threads (1 = all on the calling thread).
pub fn render_text_threads(
    text: &str,
    threads: usize,
    dir: DirArg,
    opts: &LayoutOptions,
    format: FormatArg,
    out: &mut impl Write,
) -> std::io::Result<()> {
    if text.is_empty() {
        return Ok(());
    }
    let text = text.strip_suffix('\n').unwrap_or(text);
    render_paragraphs(text, threads, dir, Dir::Ltr, opts, format, out)
}

/// The paragraphs of `text` (split at LF; empty text is one empty paragraph) on `threads`
/// threads; `previous` is the direction of the paragraph before the first.
fn render_paragraphs(
    text: &str,
    threads: usize,
    dir: DirArg,
    previous: Dir,
    opts: &LayoutOptions,
    format: FormatArg,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let chunks = split_at_lines(text, threads);
    if chunks.len() <= 1 {
        return render_lines(text, dir, previous, opts, format, out);
    }
    let rendered: Vec<std::io::Result<Vec<u8>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                let previous = inherited_dir(&text[..chunk.start]).unwrap_or(previous);
                let lines = &text[chunk.clone()];
                scope.spawn(move || {
                    let mut buf = Vec::with_capacity(lines.len() * 3 / 2);
                    render_lines(lines, dir, previous, opts, format, &mut buf).map(|()| buf)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("a layout thread panicked")))
            })
            .collect()
    });
    for chunk in rendered {
        out.write_all(&chunk?)?;
    }
    Ok(())
}

/// Cut `text` into at most `parts` byte ranges of whole lines (separated in `text` by one LF
/// each, which the ranges leave out), of roughly equal size.
fn split_at_lines(text: &str, parts: usize) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::with_capacity(parts);
    let mut start = 0;
    for k in 1..parts {
        let target = (text.len() * k / parts).max(start);
        match text.as_bytes()[target..].iter().position(|&b| b == b'\n') {
            Some(i) => {
                ranges.push(start..target + i);
                start = target + i + 1;
            }
            None => break,
        }
    }
    ranges.push(start..text.len());
    ranges
}

/// The direction a paragraph right after `before` inherits under `--dir auto`: that of the
/// nearest earlier paragraph with a strong letter; `None` when none has one, and the paragraph
/// inherits what came before `before` (LTR at the start, as the sequential pass, which starts
/// from LTR and carries each paragraph's direction to the next).
fn inherited_dir(before: &str) -> Option<Dir> {
    let before = before.strip_suffix('\n').unwrap_or(before);
    if before.is_empty() {
        return None;
    }
    before.rsplit('\n').find_map(layout::first_strong_dir)
}

/// Lay out the lines of `text` in order; `previous` is the direction of the paragraph before
/// the first line (for `--dir auto`).
fn render_lines(
    text: &str,
    dir: DirArg,
    mut previous: Dir,
    opts: &LayoutOptions,
    format: FormatArg,
    out: &mut impl Write,
) -> std::io::Result<()> {
    // Reused across paragraphs: the text path allocates per paragraph, not per cell or line.
    let mut scratch = layout::LayoutScratch::default();
    let mut analysis = layout::ParagraphAnalysis::default();
    let mut buf = String::new();
    for para in text.split('\n') {
        let policy = match dir {
            DirArg::Auto => DirPolicy::AutoOr(previous),
            DirArg::Ltr => DirPolicy::Ltr,
            DirArg::Rtl => DirPolicy::Rtl,
        };
        analysis.reanalyze(para, policy);
        previous = analysis.base;
        match format {
            FormatArg::Text => {
                buf.clear();
                analysis.write_lines(opts, &mut scratch, &mut buf);
                out.write_all(buf.as_bytes())?;
            }
            FormatArg::Json => write_json(out, &analysis, &analysis.layout(opts))?,
        }
    }
    Ok(())
}

/// One JSON object for the paragraph. `order`: left to right, the code point index of each
/// character a line shows (characters of one cell in logical order; X9-removed characters are
/// not shown). `levels`: per code point of the line in logical order, the level after L1, null
/// for characters removed by X9.
fn write_json(
    out: &mut impl Write,
    analysis: &layout::ParagraphAnalysis,
    laid: &layout::ParagraphLayout,
) -> std::io::Result<()> {
    let text = &analysis.text;
    // byte → code point index, for the characters of this paragraph.
    let mut char_index = vec![usize::MAX; text.len() + 1];
    for (i, (byte, _)) in text.char_indices().enumerate() {
        char_index[byte] = i;
    }
    let lines: Vec<serde_json::Value> = laid
        .lines
        .iter()
        .map(|line| {
            let mut shown = String::new();
            let mut order = Vec::new();
            for cell in &line.cells {
                shown.push_str(&cell.symbol);
                for (off, _) in text[cell.byte_range.clone()].char_indices() {
                    let byte = cell.byte_range.start + off;
                    if !analysis.is_removed_by_x9(byte) {
                        order.push(char_index[byte]);
                    }
                }
            }
            let levels: Vec<Option<u8>> = analysis
                .line_char_levels(line.byte_range.clone())
                .into_iter()
                .map(|(_, level)| level)
                .collect();
            serde_json::json!({ "text": shown, "order": order, "levels": levels })
        })
        .collect();
    let obj = serde_json::json!({ "level": analysis.para_level(), "lines": lines });
    writeln!(out, "{obj}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parallel path prints exactly what one thread prints, whatever the number of chunks,
    /// including neutral paragraphs (which inherit the direction from before a chunk's start)
    /// right at the cuts.
    #[test]
    fn threads_print_what_one_thread_prints() {
        let mut text = String::new();
        for i in 0..400 {
            match i % 7 {
                0 => text.push_str("سلام دنیا (۱۲۳) «نقل» و 42 apples.\n"),
                1 | 2 => text.push_str("123 -- 456\n"),
                3 => text.push_str("Hello (world) و سلام\n"),
                4 => text.push('\n'),
                5 => text.push_str("\u{2067}abc\u{2069} 7\n"),
                _ => text.push_str("ליל שבת: שלום\n"),
            }
        }
        let opts = LayoutOptions {
            width_col: 17,
            shape: true,
            ..LayoutOptions::default()
        };
        for dir in [DirArg::Auto, DirArg::Ltr, DirArg::Rtl] {
            for format in [FormatArg::Text, FormatArg::Json] {
                let mut one = Vec::new();
                render_lines(
                    text.strip_suffix('\n').unwrap_or(&text),
                    dir,
                    Dir::Ltr,
                    &opts,
                    format,
                    &mut one,
                )
                .expect("render");
                for threads in 1..=9 {
                    let mut many = Vec::new();
                    render_text_threads(&text, threads, dir, &opts, format, &mut many)
                        .expect("render");
                    assert!(one == many, "{dir:?} {format:?} on {threads} threads");
                }
            }
        }
    }

    /// Streamed input, cut into batches wherever the reads happen to end, prints what the
    /// whole input prints: neutral paragraphs right after a cut still inherit the direction of
    /// the batch before.
    #[test]
    fn streaming_prints_what_the_whole_input_prints() {
        let mut text = String::new();
        for i in 0..120 {
            match i % 5 {
                0 => text.push_str("سلام دنیا (۱۲۳) «نقل» و 42 apples.\r\n"),
                1 | 2 => text.push_str("123 -- 456\n"),
                3 => text.push_str("Hello (world) و سلام\n"),
                _ => text.push('\n'),
            }
        }
        text.push_str("-- 7 --");
        let opts = LayoutOptions {
            width_col: 13,
            shape: true,
            ..LayoutOptions::default()
        };
        for format in [FormatArg::Text, FormatArg::Json] {
            let whole = crate::article::open_bytes_text(
                text.as_bytes(),
                Source::Stdin,
                None,
                &crate::article::OpenOptions::default(),
            )
            .expect("whole");
            let mut expected = Vec::new();
            render_text_threads(&whole, 1, DirArg::Auto, &opts, format, &mut expected)
                .expect("render");
            for (step, threads) in [(1, 1), (5, 3), (64, 1), (1 << 20, 2)] {
                let reader = stream::Trickle::new(text.as_bytes(), step);
                let Opened::Stream(batches) =
                    stream::open_stream(reader, Source::Stdin, None, None).expect("open")
                else {
                    panic!("plain UTF-8 should stream");
                };
                let mut streamed = Vec::new();
                render_stream(batches, threads, DirArg::Auto, &opts, format, &mut streamed)
                    .expect("input")
                    .expect("output");
                assert!(
                    streamed == expected,
                    "{format:?} step {step}:\n{}\n---\n{}",
                    String::from_utf8_lossy(&streamed),
                    String::from_utf8_lossy(&expected)
                );
            }
        }
    }

    #[test]
    fn cuts_fall_on_line_ends() {
        let text = "a\nbb\nccc\n\ndddd";
        for parts in 1..8 {
            let ranges = split_at_lines(text, parts);
            let joined: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
            assert_eq!(joined.join("\n"), text, "{parts} parts");
        }
    }
}
