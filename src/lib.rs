//! matn — a terminal reader and annotator for articles in any script, right-to-left first.
//!
//! Layers (DESIGN.md §2); a module imports only from lower layers:
//! - L0 [`layout`], [`article`], [`config`]: leaves.
//! - L1 [`entities`], [`annotations`].
//! - L2 [`store`], [`export`].
//! - L3 [`app`]: state and `update`, no terminal types.
//! - L4 [`ui`] (draws `&App`), [`tui`] (terminal session).
//! - L5 `main.rs` and [`cli`]: argument parsing and subcommands.

pub mod annotations;
pub mod app;
pub mod article;
pub mod cli;
pub mod config;
pub mod entities;
pub mod export;
pub mod layout;
pub mod store;
pub mod tui;
pub mod ui;
