//! Subcommands. Each submodule has an `Args` struct (clap) and a `run(args) -> anyhow::Result<i32>`
//! entry point (the process exit code) that `main.rs` dispatches to.

pub mod annotations;
pub mod entities;
pub mod eval_ner;
pub mod open;
pub mod render;
