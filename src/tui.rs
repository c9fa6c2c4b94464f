//! Terminal session: raw mode, alternate screen, bidi handshake, event loop.
