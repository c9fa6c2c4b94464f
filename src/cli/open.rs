//! `matn [FILE…]`: the interactive reader.

use std::path::PathBuf;

use crate::app::entities::PendingLoad;
use crate::app::keymap::KeyMap;
use crate::app::{Action, App, update};
use crate::article::{self, Article};
use crate::config::{self, ShapeMode};
use crate::ui::theme::Theme;

/// Arguments of the reader.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OpenArgs {
    /// Files or directories to open (`-` = standard input); none = the bundled sample article.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Arabic shaping: auto (decide from the terminal), on, off.
    #[arg(long, value_parser = ["auto", "on", "off"])]
    pub shape: Option<String>,
    /// Cell order: visual (matn does the bidi) or logical (for terminals that do their own).
    #[arg(long, value_parser = ["visual", "logical"])]
    pub order: Option<String>,
    /// Where annotations are stored.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Decode input files from this encoding (WHATWG label, e.g. windows-1256).
    #[arg(long)]
    pub encoding: Option<String>,
    /// Config file to use instead of $XDG_CONFIG_HOME/matn/config.toml.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

/// Load the documents named on the command line through the readers (plain text, Markdown,
/// HTML, stdin, directories, legacy encodings). A directory contributes its readable documents
/// (unreadable ones become status messages); a missing path or unreadable named file is an error.
pub fn load_articles(args: &OpenArgs) -> anyhow::Result<(Vec<Article>, Vec<String>)> {
    if args.files.is_empty() {
        return Ok((vec![Article::sample()], Vec::new()));
    }
    let opts = article::OpenOptions {
        encoding: args.encoding.clone(),
        ..Default::default()
    };
    let report = article::open_args_report(&args.files, &opts)?;
    let mut msgs: Vec<String> = report
        .errors
        .iter()
        .map(|(path, e)| format!("skipped {}: {e:#}", path.display()))
        .collect();
    if report.truncated {
        msgs.push("directory listing truncated".to_owned());
    }
    if report.articles.is_empty() {
        anyhow::bail!("no readable documents in {}", args.files[0].display());
    }
    Ok((report.articles, msgs))
}

/// Files larger than this open from their head first (the rest loads off the UI thread).
pub const HEAD_THRESHOLD_BYTES: u64 = 1 << 20;
/// How much of a large file the first frame is built from.
pub const HEAD_BYTES: usize = 256 << 10;

/// A single large regular file opens from its head, so the first screen does not wait for the
/// whole file to be read, decoded and split. `None`: load normally (stdin, directories, several
/// files, small files, or a head that already is the whole file).
fn load_head(args: &OpenArgs) -> anyhow::Result<Option<(Article, PendingLoad)>> {
    let [path] = args.files.as_slice() else {
        return Ok(None);
    };
    let big = path.as_os_str() != "-"
        && std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > HEAD_THRESHOLD_BYTES);
    if !big {
        return Ok(None);
    }
    let opts = article::OpenOptions {
        encoding: args.encoding.clone(),
        ..Default::default()
    };
    let head = article::open_head(path, &opts, HEAD_BYTES)?;
    if head.complete {
        return Ok(None);
    }
    let pending = PendingLoad {
        head_id: head.article.id.clone(),
        path: path.clone(),
        encoding: args.encoding.clone(),
        requested: false,
    };
    Ok(Some((head.article, pending)))
}

/// Build the app from arguments and config (everything except the terminal), with the messages
/// to show in the status bar. Shared by `run` and tests.
pub fn build_app(args: &OpenArgs) -> anyhow::Result<(App, Theme)> {
    let (cfg, mut msgs) = config::load(args.config.as_deref());
    let mut settings = cfg.settings.clone();
    if let Some(m) = args.shape.as_deref().and_then(ShapeMode::parse) {
        settings.shaping = m;
    }
    if let Some(o) = args.order.as_deref().and_then(config::parse_order) {
        settings.order = o;
    }
    let (keymap, kmsgs) = KeyMap::with_overrides(cfg.keys.as_ref());
    let (theme, tmsgs) = Theme::load(cfg.theme.as_ref());
    let (docs, dmsgs, pending) = match load_head(args)? {
        Some((head, pending)) => (vec![head], Vec::new(), Some(pending)),
        None => {
            let (docs, msgs) = load_articles(args)?;
            (docs, msgs, None)
        }
    };
    msgs.extend(kmsgs.into_iter().chain(tmsgs).chain(dmsgs));
    let mut app = App::new(docs, settings, keymap);
    app.terminal_shapes = config::terminal_shapes_arabic(&|k| std::env::var(k).ok());
    app.data_dir = args.data_dir.clone();
    app.ents.pending.extend(pending);
    if !msgs.is_empty() {
        update(&mut app, Action::Message(msgs.join(" | ")));
    }
    Ok((app, theme))
}

/// Run the reader; returns the process exit code.
pub fn run(args: OpenArgs) -> anyhow::Result<i32> {
    let (app, theme) = build_app(&args)?;
    crate::tui::run(app, theme)
}
