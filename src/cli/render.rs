//! `matn render`: lay a document out as visual lines (a bidi-correct `fribidi --width`).
//!
//! Each input line is one paragraph (LF is a paragraph separator, as in fribidi and UAX #9).
//! Text output prints the visual lines; JSON output prints one object per paragraph per line
//! (JSON Lines) with code point indices, so scripts can check the reordering.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

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
    /// The document; `-` or nothing reads stdin.
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
}

/// Read the document's text: a file through the article readers, or stdin.
/// All input goes through here so the readers can be swapped in one place.
fn load_input(path: Option<&Path>, encoding: Option<&str>) -> anyhow::Result<String> {
    let opts = crate::article::OpenOptions {
        encoding: encoding.map(str::to_owned),
        ..Default::default()
    };
    match path {
        Some(p) if p != Path::new("-") => crate::article::open_path_text(p, &opts),
        _ => crate::article::open_stdin_text(&opts),
    }
}

/// Run it; returns the process exit code.
pub fn run(args: RenderArgs) -> anyhow::Result<i32> {
    let text = load_input(args.file.as_deref(), args.encoding.as_deref())?;
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
    let written =
        render_text(&text, args.dir, &opts, args.format, &mut out).and_then(|()| out.flush());
    match written {
        // A closed pipe (`| head`) is a normal end, not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(0),
    }
}

/// Lay out `text` (one paragraph per line) and write it as `format`. The whole of `matn
/// render` after reading and option handling; public so the benchmark measures exactly this.
pub fn render_text(
    text: &str,
    dir: DirArg,
    opts: &LayoutOptions,
    format: FormatArg,
    out: &mut impl Write,
) -> std::io::Result<()> {
    if text.is_empty() {
        return Ok(());
    }
    let mut previous = Dir::Ltr;
    // Reused across paragraphs: the text path allocates per paragraph, not per cell or line.
    let mut scratch = layout::LayoutScratch::default();
    let mut analysis = layout::ParagraphAnalysis::default();
    let mut buf = String::new();
    let text = text.strip_suffix('\n').unwrap_or(text);
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
