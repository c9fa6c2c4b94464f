//! `matn entities` (skeleton: filled in by its issue).

/// Arguments.
#[derive(Debug, clap::Args)]
pub struct EntitiesArgs {}

/// Run it; returns the process exit code.
pub fn run(_args: EntitiesArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}
