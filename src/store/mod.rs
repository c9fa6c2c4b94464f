//! SQLite persistence for annotations and reading positions.
