//! `matn open` (skeleton: filled in by its issue).

/// Arguments.
#[derive(Debug, clap::Args)]
pub struct OpenArgs {}

/// Run it; returns the process exit code.
pub fn run(_args: OpenArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}
