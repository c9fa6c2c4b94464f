//! `matn eval-ner GOLD`: strict entity-level precision/recall/F1 of the recogniser on IOB2 gold
//! data, conlleval style. Tokens of each sentence are joined with single spaces and the whole
//! recogniser (rules, gazetteers, tagger) runs on that text; see `entities::eval` for the gold
//! tag mapping (EVE→EVENT, POG→ORG, NAT→NORP) and the token-overlap projection.

use std::path::PathBuf;

use anyhow::Context;

use crate::entities::Recognizer;
use crate::entities::eval::{Scores, join_tokens, predicted_tags, read_iob, tag_kind};

/// Gold file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GoldFormat {
    /// `token<TAB>tag` per line (IOB2), blank line between sentences.
    Conll,
}

/// Arguments.
#[derive(Debug, clap::Args)]
pub struct EvalNerArgs {
    /// The gold IOB2 file.
    pub gold: PathBuf,
    /// Format of the gold file.
    #[arg(long, value_enum, default_value = "conll")]
    pub format: GoldFormat,
    /// Language of the gold text.
    #[arg(long, default_value = "fa")]
    pub lang: String,
    /// Rules and gazetteers only (skip the statistical tagger).
    #[arg(long)]
    pub no_tagger: bool,
    /// Use this tagger model file instead of the embedded one (training experiments).
    #[arg(long)]
    pub model: Option<PathBuf>,
}

/// Run it; returns the process exit code.
pub fn run(args: EvalNerArgs) -> anyhow::Result<i32> {
    let GoldFormat::Conll = args.format;
    let bytes = std::fs::read(&args.gold)
        .with_context(|| format!("cannot read {}", args.gold.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let sentences = read_iob(&text);
    if sentences.is_empty() {
        anyhow::bail!("{}: no IOB sentences found", args.gold.display());
    }
    let rec = if args.no_tagger {
        Recognizer::without_tagger()
    } else if let Some(path) = &args.model {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let tagger = crate::entities::model::Tagger::from_bytes(&bytes)
            .with_context(|| format!("{}: not a tagger model", path.display()))?;
        Recognizer::with_tagger(tagger)
    } else {
        Recognizer::new()
    };
    let mut scores = Scores::default();
    for sent in &sentences {
        let (sentence, spans) = join_tokens(sent);
        let entities = rec.recognize(&sentence, Some(&args.lang));
        let pred = predicted_tags(&spans, &entities);
        let gold: Vec<_> = sent.iter().map(|(_, t)| tag_kind(t)).collect();
        scores.add_sentence(&gold, &pred);
    }
    print!("{}", scores.report());
    Ok(0)
}
