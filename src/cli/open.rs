//! `matn [FILE…]`: the interactive reader.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::app::keymap::KeyMap;
use crate::app::{Action, App, update};
use crate::article::{self, Article, Source};
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

fn decode(bytes: Vec<u8>, encoding: Option<&str>, name: &str) -> anyhow::Result<String> {
    match encoding {
        Some(label) => {
            let enc = encoding_rs::Encoding::for_label(label.as_bytes())
                .ok_or_else(|| anyhow::anyhow!("unknown encoding {label:?}"))?;
            Ok(enc.decode(&bytes).0.into_owned())
        }
        None => String::from_utf8(bytes).map_err(|e| {
            anyhow::anyhow!(
                "{name}: invalid UTF-8 at byte {} (try --encoding)",
                e.utf8_error().valid_up_to()
            )
        }),
    }
}

fn open_file(path: &Path, encoding: Option<&str>) -> anyhow::Result<Article> {
    if encoding.is_none() {
        return article::open_path(path);
    }
    let bytes =
        std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let text = decode(bytes, encoding, &path.display().to_string())?;
    Ok(Article::from_plain_text(
        text.replace("\r\n", "\n"),
        Source::Path(path.to_owned()),
    ))
}

/// Load the documents named on the command line. This is the one place documents are read
/// (to be re-pointed at the readers' `open_args`). A directory contributes its readable regular
/// files (sorted; unreadable ones become messages); a missing path or unreadable named file is
/// an error.
pub fn load_articles(args: &OpenArgs) -> anyhow::Result<(Vec<Article>, Vec<String>)> {
    let enc = args.encoding.as_deref();
    let mut docs = Vec::new();
    let mut msgs = Vec::new();
    for path in &args.files {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes)?;
            let text = decode(bytes, enc, "stdin")?;
            docs.push(Article::from_plain_text(
                text.replace("\r\n", "\n"),
                Source::Stdin,
            ));
        } else if path.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            entries.sort();
            for p in entries {
                match open_file(&p, enc) {
                    Ok(a) => docs.push(a),
                    Err(e) => msgs.push(format!("skipped {e}")),
                }
            }
            if docs.is_empty() {
                anyhow::bail!("{}: no readable documents", path.display());
            }
        } else {
            docs.push(open_file(path, enc)?);
        }
    }
    Ok((docs, msgs))
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
    let (docs, dmsgs) = load_articles(args)?;
    msgs.extend(kmsgs.into_iter().chain(tmsgs).chain(dmsgs));
    let mut app = App::new(docs, settings, keymap);
    app.terminal_shapes = config::terminal_shapes_arabic(&|k| std::env::var(k).ok());
    app.data_dir = args.data_dir.clone();
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
