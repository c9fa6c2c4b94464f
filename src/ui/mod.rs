//! Drawing: `&App` → ratatui `Buffer`. Never mutates the app.
