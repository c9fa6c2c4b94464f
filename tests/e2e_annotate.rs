//! End-to-end annotation: the real binary in tmux, annotating the sample article with label keys
//! (one with a Persian note), then `kill -9` — every annotation whose "saved" appeared on screen
//! must be in the store. Also: two readers writing to one store at once, and the brat export of
//! what was annotated. Skipped with a message only when tmux is missing and CI is not set.

// Helpers outside #[test] fns set up fixtures; a failure there is a test failure.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

mod common;
use common::{BIN, shell_quote, tmux_ok};
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/fa-pezeshkian-kazakhstan-turkmenistan.txt"
);

struct Tmux {
    socket: String,
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

impl Tmux {
    /// Start matn (exec'd, so the pane's pid is matn's) on `doc` with store `data`.
    fn start(name: &str, work: &Path, doc: &Path, data: &Path) -> Self {
        let config = work.join("config.toml");
        std::fs::write(&config, "").unwrap();
        let script = format!(
            "exec {} --config {} --shape off --data-dir {} {}",
            shell_quote(BIN),
            shell_quote(&config.to_string_lossy()),
            shell_quote(&data.to_string_lossy()),
            shell_quote(&doc.to_string_lossy()),
        );
        let socket = format!("matn-ann-{name}-{}", std::process::id());
        let t = Tmux { socket };
        let out = Command::new("tmux")
            .args(["-L", &t.socket, "-f", "/dev/null", "new-session", "-d"])
            .args(["-x", "160", "-y", "40"])
            .args(["sh", "-c", &script])
            .env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .env_remove("MATN_DATA_DIR")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "tmux: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t.tmux(&["set-option", "-t", "0", "remain-on-exit", "on"]);
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Send keys one `send-keys` at a time, pausing after Esc: "Esc G" in one write reaches
    /// the program as the bytes ESC G, which terminals (and crossterm) read as Alt-G.
    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "0", k]);
            if k.eq_ignore_ascii_case("esc") || k.eq_ignore_ascii_case("escape") {
                std::thread::sleep(Duration::from_millis(150));
            }
        }
    }

    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "0", "-l", text]);
    }

    fn status(&self) -> String {
        let screen = self.tmux(&["capture-pane", "-p", "-t", "0"]);
        screen
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("")
            .to_owned()
    }

    /// Wait until the status line satisfies `pred`; panics with the screen after 20 s.
    fn wait_status(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.status();
            if pred(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}; screen:\n{}",
                self.tmux(&["capture-pane", "-p", "-t", "0"])
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    fn pid(&self) -> u32 {
        self.tmux(&["display-message", "-p", "-t", "0", "#{pane_pid}"])
            .trim()
            .parse()
            .unwrap()
    }

    /// Search `word`, select the match (snapped to its word) and press the label key; when
    /// `note` is given, the shifted key opens the editor and the note is typed and saved.
    /// Returns once the status bar says "saved".
    fn annotate(&self, word: &str, label_key: char, note: Option<&str>) {
        self.wait_status("reading mode", |s| s.contains(" READ "));
        self.keys(&["/"]);
        self.type_text(word);
        self.keys(&["Enter"]);
        self.wait_status("a match", |s| s.contains(" READ ") && s.contains(" 1/"));
        self.keys(&["v"]);
        self.wait_status("selection mode", |s| s.contains(" SELECT "));
        self.keys(&["Enter"]);
        self.wait_status("label mode", |s| s.contains(" LABEL "));
        match note {
            None => self.type_text(&label_key.to_string()),
            Some(n) => {
                self.type_text(&label_key.to_uppercase().to_string());
                self.wait_status("note editor", |s| s.contains(" NOTE "));
                self.type_text(n);
                self.keys(&["C-s"]);
            }
        }
        self.wait_status("saved", |s| {
            s.contains("saved ") && !s.contains("NOT saved")
        });
    }
}

fn list(data: &Path) -> Vec<String> {
    let out = Command::new(BIN)
        .args(["annotations", "list", "--data-dir"])
        .arg(data)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn copy_sample(dir: &Path) -> PathBuf {
    let doc = dir.join("sample.txt");
    std::fs::copy(SAMPLE, &doc).unwrap();
    doc
}

#[test]
fn annotations_shown_as_saved_survive_kill_9_and_export_as_brat() {
    if !tmux_ok() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let doc = copy_sample(work.path());
    let t = Tmux::start("kill9", work.path(), &doc, &data);
    let wanted = [
        ("پزشکیان", 'p', None, "PER"),
        ("قزاقستان", 'l', None, "LOC"),
        ("ترکمنستان", 'l', None, "LOC"),
        ("ایلنا", 'o', Some("خبرگزاری کار ایران ILNA"), "ORG"),
        ("میانمار", 'l', None, "LOC"),
    ];
    for (word, key, note, _) in &wanted {
        t.annotate(word, *key, *note);
    }
    let pid = t.pid();
    let killed = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let rows = list(&data);
    assert_eq!(rows.len(), wanted.len(), "{rows:#?}");
    for (word, _, note, label) in &wanted {
        let row = rows
            .iter()
            .find(|r| r.contains(word))
            .unwrap_or_else(|| panic!("{word} missing: {rows:#?}"));
        let cols: Vec<&str> = row.split('\t').collect();
        assert_eq!(cols[2], *label, "{row}");
        if let Some(n) = note {
            assert_eq!(cols[5], *n, "{row}");
        }
    }

    // The brat export of the annotated document has brat's standoff shapes.
    let ann = work.path().join("sample.ann");
    let out = Command::new(BIN)
        .args(["annotations", "export", "--format", "brat", "--data-dir"])
        .arg(&data)
        .arg(&doc)
        .arg("-o")
        .arg(&ann)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&ann).unwrap();
    let t_line = regex::Regex::new(r"^T\d+\t[A-Za-z0-9_-]+ \d+ \d+(;\d+ \d+)*\t.+$").unwrap();
    let note_line = regex::Regex::new(r"^#\d+\tAnnotatorNotes T\d+\t.+$").unwrap();
    let (mut ts, mut notes) = (0, 0);
    for line in text.lines() {
        if t_line.is_match(line) {
            ts += 1;
        } else if note_line.is_match(line) {
            notes += 1;
            assert!(line.contains("ILNA"), "{line}");
        } else {
            panic!("not a brat standoff line: {line:?}\n{text}");
        }
    }
    assert_eq!((ts, notes), (wanted.len(), 1), "{text}");
    // Offsets are code points into the document: check one span against the text.
    let doc_text = std::fs::read_to_string(&doc).unwrap();
    let chars: Vec<char> = doc_text.chars().collect();
    for line in text.lines().filter(|l| l.starts_with('T')) {
        let f: Vec<&str> = line.split('\t').collect();
        let span: Vec<usize> = f[1]
            .split([' ', ';'])
            .skip(1)
            .map(|n| n.parse().unwrap())
            .collect();
        let covered: String = chars[span[0]..span[1]].iter().collect();
        assert!(f[2].starts_with(&covered), "{line}: {covered}");
    }
}

#[test]
fn two_readers_writing_to_one_store_at_once_keep_both_sets() {
    if !tmux_ok() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let doc = copy_sample(work.path());
    let a = Tmux::start("two-a", work.path(), &doc, &data);
    let b = Tmux::start("two-b", work.path(), &doc, &data);
    let words_a = [("پزشکیان", 'p'), ("ترکمنستان", 'l'), ("پاکستان", 'l')];
    let words_b = [("قزاقستان", 'l'), ("ایلنا", 'o'), ("میانمار", 'l')];
    let ta = std::thread::scope(|s| {
        let ha = s.spawn(|| {
            for (w, k) in words_a {
                a.annotate(w, k, None);
            }
        });
        let hb = s.spawn(|| {
            for (w, k) in words_b {
                b.annotate(w, k, None);
            }
        });
        (ha.join().is_ok(), hb.join().is_ok())
    });
    assert_eq!(ta, (true, true), "both sessions annotated");
    a.keys(&["q"]);
    b.keys(&["q"]);
    let rows = list(&data);
    assert_eq!(rows.len(), 6, "{rows:#?}");
    for (w, _) in words_a.iter().chain(&words_b) {
        assert!(rows.iter().any(|r| r.contains(w)), "{w} missing: {rows:#?}");
    }
    let store = matn::store::Store::open(&data).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn unwritable_data_dir_leaves_a_working_read_only_reader() {
    if !tmux_ok() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    // A regular file where the data dir should be: the store cannot be created, even as root.
    let data = work.path().join("not-a-dir");
    std::fs::write(&data, "x").unwrap();
    let doc = copy_sample(work.path());
    let t = Tmux::start("ro", work.path(), &doc, &data);
    t.wait_status("read-only message", |s| s.contains("read-only"));
    t.keys(&["j", "v", "Enter", "p"]);
    t.wait_status("refusal", |s| s.contains("read-only"));
    t.keys(&["Escape", "Escape", "G"]);
    t.wait_status("scrolled", |s| s.contains("100%"));
}

/// The "¶n/m" paragraph position in a status line.
fn para_pos(status: &str) -> Option<String> {
    status
        .split_whitespace()
        .find(|w| w.starts_with('¶'))
        .map(str::to_owned)
}

#[test]
fn reading_position_is_restored_on_the_next_open() {
    if !tmux_ok() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    // Longer than any screen, so a position other than the top exists.
    let doc = work.path().join("long.txt");
    let text: Vec<String> = (1..=300)
        .map(|i| format!("پاراگراف {i} — paragraph {i}."))
        .collect();
    std::fs::write(&doc, text.join("\n")).unwrap();
    let at;
    {
        let t = Tmux::start("pos1", work.path(), &doc, &data);
        t.wait_status("reader", |s| s.contains(" READ "));
        assert_eq!(para_pos(&t.status()).as_deref(), Some("¶1/300"));
        t.keys(&[
            "C-d", "C-d", "C-d", "C-d", "C-d", "C-d", "C-d", "C-d", "C-d", "C-d",
        ]);
        let s = t.wait_status("scrolled", |s| {
            para_pos(s).is_some_and(|p| p != "¶1/300") && !s.contains("100%")
        });
        std::thread::sleep(Duration::from_millis(300));
        at = para_pos(&t.status()).unwrap();
        assert_ne!(at, "¶1/300", "{s}");
        t.keys(&["q"]);
        let start = Instant::now();
        while t
            .tmux(&["display-message", "-p", "-t", "0", "#{pane_dead}"])
            .trim()
            != "1"
        {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "matn did not quit"
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }
    let t = Tmux::start("pos2", work.path(), &doc, &data);
    t.wait_status("restored position", |s| {
        para_pos(s).as_deref() == Some(at.as_str())
    });
}
