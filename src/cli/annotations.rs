//! `matn annotations` (skeleton: filled in by its issue).

/// Arguments.
#[derive(Debug, clap::Args)]
pub struct AnnotationsArgs {}

/// Run it; returns the process exit code.
pub fn run(_args: AnnotationsArgs) -> anyhow::Result<i32> {
    anyhow::bail!("not implemented yet")
}
