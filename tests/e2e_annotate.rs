//! End-to-end annotation: the real binary in tmux, annotating the sample article with label keys
//! (one with a Persian note), then `kill -9` — every annotation whose "saved" appeared on screen
//! must be in the store. Also: two readers writing to one store at once, and the brat export of
//! what was annotated. Skipped with a message only when tmux is missing and CI is not set.

// Helpers outside #[test] fns set up fixtures; a failure there is a test failure.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

mod common;
use common::{BIN, Tmux, tmux_ok};
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/seeds/fa-pezeshkian-kazakhstan-turkmenistan.txt"
);

/// Start matn (exec'd, so the pane's pid is matn's) on `doc` with store `data`.
fn start(name: &str, doc: &Path, data: &Path) -> Tmux {
    let (doc, data) = (doc.to_string_lossy(), data.to_string_lossy());
    Tmux::start_exec(
        &format!("ann-{name}"),
        160,
        40,
        &["--shape", "off", "--data-dir", &data, &doc],
    )
}

/// Search `word`, select the match (snapped to its word) and press the label key; when
/// `note` is given, the shifted key opens the editor and the note is typed and saved.
/// Returns once the status bar says "saved".
fn annotate(t: &Tmux, word: &str, label_key: char, note: Option<&str>) {
    t.wait_status("reading mode", |s| s.contains(" READ "));
    t.keys(&["/"]);
    t.type_text(word);
    t.keys(&["Enter"]);
    t.wait_status("a match", |s| s.contains(" READ ") && s.contains(" 1/"));
    t.keys(&["v"]);
    t.wait_status("selection mode", |s| s.contains(" SELECT "));
    t.keys(&["Enter"]);
    t.wait_status("label mode", |s| s.contains(" LABEL "));
    match note {
        None => t.type_text(&label_key.to_string()),
        Some(n) => {
            t.type_text(&label_key.to_uppercase().to_string());
            t.wait_status("note editor", |s| s.contains(" NOTE "));
            t.type_text(n);
            t.keys(&["C-s"]);
        }
    }
    t.wait_status("saved", |s| {
        s.contains("saved ") && !s.contains("NOT saved")
    });
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
    let t = start("kill9", &doc, &data);
    let wanted = [
        ("پزشکیان", 'p', None, "PER"),
        ("قزاقستان", 'l', None, "LOC"),
        ("ترکمنستان", 'l', None, "LOC"),
        ("ایلنا", 'o', Some("خبرگزاری کار ایران ILNA"), "ORG"),
        ("میانمار", 'l', None, "LOC"),
    ];
    for (word, key, note, _) in &wanted {
        annotate(&t, word, *key, *note);
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
    let a = start("two-a", &doc, &data);
    let b = start("two-b", &doc, &data);
    let words_a = [("پزشکیان", 'p'), ("ترکمنستان", 'l'), ("پاکستان", 'l')];
    let words_b = [("قزاقستان", 'l'), ("ایلنا", 'o'), ("میانمار", 'l')];
    let ta = std::thread::scope(|s| {
        let ha = s.spawn(|| {
            for (w, k) in words_a {
                annotate(&a, w, k, None);
            }
        });
        let hb = s.spawn(|| {
            for (w, k) in words_b {
                annotate(&b, w, k, None);
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
    let t = start("ro", &doc, &data);
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
        let t = start("pos1", &doc, &data);
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
        t.wait_dead();
    }
    let t = start("pos2", &doc, &data);
    t.wait_status("restored position", |s| {
        para_pos(s).as_deref() == Some(at.as_str())
    });
}
