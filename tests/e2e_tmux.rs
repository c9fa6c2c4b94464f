//! End-to-end: the real binary in tmux (send-keys, capture-pane). Skipped with a message only
//! when tmux is missing and CI is not set; in CI a missing tmux fails the test.
//!
//! Screen text is checked in both logical and visual spelling of Persian words, so the test
//! holds for the layout engine in either state; the match count in the status bar is exact.

// Helpers outside #[test] fns set up fixtures; a failure there is a test failure.
#![allow(clippy::unwrap_used)]

mod common;
use common::*;
use std::path::{Path, PathBuf};

#[test]
fn sample_scroll_search_persian_and_quit() {
    if !tmux_ok() {
        return;
    }
    let t = Tmux::start("sample", 100, 30, &["--shape", "off"]);
    let screen = t.wait_for("the reader", |s| s.contains(" READ "));
    assert!(shows(&screen, "پزشکیان"), "{screen}");
    assert!(status_line(&screen).contains("RTL"), "{screen}");
    t.keys(&["j", "j", "k"]);
    t.keys(&["/"]);
    t.type_text("قزاقستان");
    let typing = t.wait_for("the query", |s| status_line(s).contains("/9"));
    assert!(
        shows(status_line(&typing), "قزاقستان"),
        "query shown: {typing}"
    );
    t.keys(&["Enter"]);
    // (The count already shows while typing: wait for the reading mode too, or a slow machine
    // is caught between the two.)
    let screen = t.wait_for("match 1/9 in reading mode", |s| {
        status_line(s).contains(" 1/9") && status_line(s).contains(" READ ")
    });
    assert!(shows(&screen, "قزاقستان"), "{screen}");
    // Previous from the first match wraps to the last one, in the paragraph "… مجدد …".
    t.keys(&["N"]);
    let screen = t.wait_for("match 9/9", |s| status_line(s).contains(" 9/9"));
    assert!(shows(&screen, "مجدد"), "{screen}");
    t.keys(&["n"]);
    t.wait_for("match 1/9 again", |s| status_line(s).contains(" 1/9"));
    t.keys(&["G"]);
    let screen = t.wait_for("the end", |s| status_line(s).contains("100%"));
    assert!(shows(&screen, "پاکستان"), "{screen}");
    t.keys(&["?"]);
    let screen = t.wait_for("help", |s| s.contains("Help"));
    assert!(screen.contains("Next paragraph"), "{screen}");
    t.keys(&["q", "q"]);
    assert_eq!(t.wait_exit(), "EXIT:0");
}

#[test]
fn ctrl_c_quits_from_search_mode() {
    if !tmux_ok() {
        return;
    }
    let t = Tmux::start("ctrlc", 60, 15, &[]);
    t.wait_for("the reader", |s| s.contains(" READ "));
    t.keys(&["/"]);
    t.type_text("abc");
    t.keys(&["C-c"]);
    assert_eq!(t.wait_exit(), "EXIT:0");
}

#[test]
fn missing_file_is_a_clear_error() {
    if !tmux_ok() {
        return;
    }
    let t = Tmux::start("missing", 80, 10, &["/nonexistent/file.txt"]);
    assert_eq!(t.wait_exit(), "EXIT:1");
}

/// Parameters of every SGR sequence (`ESC [ … m`) in `s`.
fn sgr_params(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("\x1b[") {
        rest = &rest[i + 2..];
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'));
        if let Some(e) = end
            && rest[e..].starts_with('m')
        {
            out.push(rest[..e].to_owned());
        }
    }
    out
}

fn write_doc(dir: &Path) -> PathBuf {
    let path = dir.join("hostile.txt");
    let text = "before the sequences\n\
        \u{1b}[2J\u{1b}[31mafter-clear\u{1b}[0m\n\
        \u{1b}]0;pwned-title\u{7}title-line\n\
        \u{9b}41m c1-line \u{85} next\n\
        \u{202e}override-line\u{202c} and \u{2067}isolate\u{2069}\n\
        bell\u{7} tail-line";
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn document_escape_sequences_have_no_effect() {
    if !tmux_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let doc = write_doc(dir.path());
    let t = Tmux::start("hostile", 80, 20, &[doc.to_str().unwrap()]);
    let screen = t.wait_for("the document", |s| s.contains(" READ "));
    for word in [
        "before the sequences",
        "after-clear",
        "title-line",
        "c1-line",
        "tail-line",
    ] {
        assert!(screen.contains(word), "{word} missing:\n{screen}");
    }
    assert!(
        screen.contains('\u{FFFD}') || screen.contains('␛'),
        "placeholders:\n{screen}"
    );
    let styled = t.capture_styled();
    for p in sgr_params(&styled) {
        let parts: Vec<&str> = p.split(';').collect();
        assert!(
            !parts.contains(&"31") && !parts.contains(&"41"),
            "document colour leaked: ESC[{p}m in\n{styled}"
        );
    }
    let title = t.tmux(&["display-message", "-p", "-t", "0", "#{pane_title}"]);
    assert!(!title.contains("pwned"), "title changed to {title}");
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), "EXIT:0");
}
