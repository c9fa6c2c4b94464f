//! matn command line: the TUI reader, or a subcommand for scripts. No logic of its own.

use clap::{Parser, Subcommand};
use matn::cli;

/// A terminal reader and annotator for articles in any script, right-to-left first.
#[derive(Debug, Parser)]
#[command(name = "matn", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    open: cli::open::OpenArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lay out a document as visual lines (a bidi-correct `fribidi --width`).
    Render(cli::render::RenderArgs),
    /// List the entities recognised in a document.
    Entities(cli::entities::EntitiesArgs),
    /// Score the entity recogniser against an IOB (CoNLL) file.
    EvalNer(cli::eval_ner::EvalNerArgs),
    /// List, export and import annotations.
    Annotations(cli::annotations::AnnotationsArgs),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        None => cli::open::run(cli.open),
        Some(Command::Render(a)) => cli::render::run(a),
        Some(Command::Entities(a)) => cli::entities::run(a),
        Some(Command::EvalNer(a)) => cli::eval_ner::run(a),
        Some(Command::Annotations(a)) => cli::annotations::run(a),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(err) => {
            eprintln!("matn: {err:#}");
            std::process::exit(1);
        }
    }
}
