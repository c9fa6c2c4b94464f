//! `matn render` (skeleton: filled in by its issue).

/// Arguments.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {}

/// Run it; returns the process exit code.
pub fn run(_args: RenderArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}
