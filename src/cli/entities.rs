//! `matn entities FILE`: list the recognised entities of a document, one per line.
//!
//! TSV columns: start, end (code points into the article text, end exclusive), type code, text,
//! source layer, key, detail (empty when none). Tabs and line breaks inside the text are shown as
//! spaces so every entity stays on one line. `--format json` prints an array of objects with the
//! same fields plus the confidence.

use std::io::{Read, Write};
use std::path::PathBuf;

use crate::article::{Article, Source, open_path};
use crate::entities::{Entity, Recognizer};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EntitiesFormat {
    /// Tab-separated, one entity per line.
    Tsv,
    /// A JSON array.
    Json,
}

/// Arguments.
#[derive(Debug, clap::Args)]
pub struct EntitiesArgs {
    /// The document (`-` for standard input).
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "tsv")]
    pub format: EntitiesFormat,
    /// Language (BCP 47), overriding the document's metadata and the letter-based guess.
    #[arg(long)]
    pub lang: Option<String>,
    /// Rules and gazetteers only (skip the statistical tagger).
    #[arg(long)]
    pub no_tagger: bool,
}

/// Read the document named on the command line (`-` = stdin, decoded as UTF-8 with
/// replacement characters for invalid bytes).
pub fn read_article(path: &std::path::Path) -> anyhow::Result<Article> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes)?;
        let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
        Ok(Article::from_plain_text(text, Source::Stdin))
    } else {
        open_path(path)
    }
}

/// Byte offsets → code-point offsets for entities sorted by start (one pass over the text).
pub fn char_offsets(text: &str, entities: &[Entity]) -> Vec<(usize, usize)> {
    let mut marks: Vec<usize> = entities
        .iter()
        .flat_map(|e| [e.byte_range.start, e.byte_range.end])
        .collect();
    marks.sort_unstable();
    marks.dedup();
    let mut map = std::collections::HashMap::with_capacity(marks.len());
    let mut next = 0usize;
    let bytes = text.char_indices().map(|(b, _)| b).chain([text.len()]);
    for (chars, b) in bytes.enumerate() {
        while next < marks.len() && marks[next] <= b {
            map.insert(marks[next], chars);
            next += 1;
        }
    }
    entities
        .iter()
        .map(|e| {
            (
                map.get(&e.byte_range.start).copied().unwrap_or(0),
                map.get(&e.byte_range.end).copied().unwrap_or(0),
            )
        })
        .collect()
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Run it; returns the process exit code.
pub fn run(args: EntitiesArgs) -> anyhow::Result<i32> {
    let article = read_article(&args.file)?;
    let lang = args.lang.clone().or_else(|| article.meta.language.clone());
    let rec = if args.no_tagger {
        Recognizer::without_tagger()
    } else {
        Recognizer::new()
    };
    let entities = rec.recognize(&article.text, lang.as_deref());
    let offsets = char_offsets(&article.text, &entities);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        EntitiesFormat::Tsv => {
            for (e, (s, t)) in entities.iter().zip(&offsets) {
                writeln!(
                    out,
                    "{s}\t{t}\t{}\t{}\t{}\t{}\t{}",
                    e.kind.code(),
                    one_line(&e.text),
                    e.source.name(),
                    one_line(&e.key),
                    one_line(e.detail.as_deref().unwrap_or(""))
                )?;
            }
        }
        EntitiesFormat::Json => {
            let arr: Vec<serde_json::Value> = entities
                .iter()
                .zip(&offsets)
                .map(|(e, (s, t))| {
                    serde_json::json!({
                        "start": s,
                        "end": t,
                        "type": e.kind.code(),
                        "text": e.text,
                        "source": e.source.name(),
                        "key": e.key,
                        "confidence": e.confidence,
                        "detail": e.detail,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &arr)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(0)
}
