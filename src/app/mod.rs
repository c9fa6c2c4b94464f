//! Application state and `update(&mut App, Action) -> Effects`; no terminal types.
