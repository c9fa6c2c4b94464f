//! Two matn instances writing one store at once: every write lands, none fails with
//! "database is locked", and the database stays intact.

// Helpers outside #[test] fns panic on broken fixtures, which is what a test should do.
#![allow(clippy::unwrap_used)]

use std::process::Command;

use matn::annotations::NewAnnotation;
use matn::article::{Article, open_path};
use matn::store::{Filter, Store};

#[test]
fn threads_with_separate_connections_hammer_create() {
    let dir = tempfile::tempdir().unwrap();
    let article = Article::sample();
    {
        let mut store = Store::open(dir.path()).unwrap();
        store.upsert_document(&article).unwrap();
    }
    const THREADS: usize = 4;
    const PER_THREAD: usize = 60;
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let dir = dir.path().to_owned();
            let article = article.clone();
            std::thread::spawn(move || {
                // Each thread opens its own connection, like a separate process would.
                let mut store = Store::open(&dir).unwrap();
                let starts: Vec<usize> = article.text.char_indices().map(|(i, _)| i).collect();
                for k in 0..PER_THREAD {
                    let s = starts[(t * PER_THREAD + k) % (starts.len() - 1)];
                    let e = starts[(t * PER_THREAD + k) % (starts.len() - 1) + 1];
                    // A whitespace/newline-only range would be rejected; widen until it is not.
                    let r = if article.text[s..e].trim().is_empty() {
                        0..starts[3]
                    } else {
                        s..e
                    };
                    store
                        .create(NewAnnotation {
                            doc_id: article.id.clone(),
                            byte_range: r,
                            label: format!("T{t}"),
                            note: format!("{k}"),
                        })
                        .unwrap_or_else(|e| panic!("thread {t} write {k}: {e:#}"));
                    if k % 10 == 0 {
                        store.set_reading_position(&article.id, s).unwrap();
                        store.annotations_for(&article.id).unwrap();
                    }
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let all = store.all_annotations(&Filter::default()).unwrap();
    assert_eq!(all.len(), THREADS * PER_THREAD);
    for t in 0..THREADS {
        let mine: Vec<_> = all
            .iter()
            .filter(|(_, a)| a.label == format!("T{t}"))
            .collect();
        assert_eq!(mine.len(), PER_THREAD);
    }
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn two_processes_write_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let doc = dir.path().join("doc.txt");
    std::fs::write(&doc, matn::article::SAMPLE_TEXT).unwrap();
    const PER_PROC: usize = 15;
    // Each child runs a shell loop of `matn annotations add`, so two processes contend for the
    // store (opening, migrating a fresh store, writing) throughout.
    let spawn = |label: &str| {
        let script = format!(
            "for i in $(seq 1 {PER_PROC}); do \"$0\" annotations add \"$1\" --label {label} \
             --match در --occurrence $i --note $i >/dev/null || exit 1; done"
        );
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(env!("CARGO_BIN_EXE_matn"))
            .arg(&doc)
            .env("MATN_DATA_DIR", &data)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let a = spawn("AAA");
    let b = spawn("BBB");
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(!stderr.contains("locked"), "{stderr}");
    }
    let store = Store::open(&data).unwrap();
    let article = open_path(&doc).unwrap();
    let anns = store.annotations_for(&article.id).unwrap();
    assert_eq!(anns.len(), 2 * PER_PROC);
    for label in ["AAA", "BBB"] {
        let mut notes: Vec<usize> = anns
            .iter()
            .filter(|a| a.label == label)
            .map(|a| a.note.parse().unwrap())
            .collect();
        notes.sort_unstable();
        assert_eq!(notes, (1..=PER_PROC).collect::<Vec<_>>());
    }
    assert_eq!(store.integrity_check().unwrap(), "ok");
}
