//! `matn eval_ner` (skeleton: filled in by its issue).

/// Arguments.
#[derive(Debug, clap::Args)]
pub struct EvalNerArgs {}

/// Run it; returns the process exit code.
pub fn run(_args: EvalNerArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}
