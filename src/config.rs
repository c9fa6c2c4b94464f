//! Settings: theme, keymap, default shaping and order, from the XDG config dir.
