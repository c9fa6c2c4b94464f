//! Store behaviour the app relies on: undo/redo material, reading positions, re-anchoring,
//! filters, migrations.

// Helpers outside #[test] fns panic on broken fixtures, which is what a test should do.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use matn::annotations::NewAnnotation;
use matn::article::{Article, Source, open_path};
use matn::store::{AnnotationChange, Filter, MIGRATIONS, SCHEMA_VERSION, Store};

fn new(article: &Article, needle: &str, label: &str) -> NewAnnotation {
    let start = article.text.find(needle).unwrap();
    NewAnnotation {
        doc_id: article.id.clone(),
        byte_range: start..start + needle.len(),
        label: label.into(),
        note: String::new(),
    }
}

fn write_doc(dir: &Path, text: &str) -> Article {
    let p = dir.join("article.txt");
    std::fs::write(&p, text).unwrap();
    open_path(&p).unwrap()
}

#[test]
fn create_update_delete_restore_give_undo_material() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let article = Article::sample();
    store.upsert_document(&article).unwrap();
    let a = store.create(new(&article, "قزاقستان", "LOC")).unwrap();
    assert_eq!(store.annotations_for(&article.id).unwrap(), vec![a.clone()]);

    let up = store
        .update(
            a.id,
            &AnnotationChange {
                note: Some("کشور".into()),
                label: Some("MISC".into()),
                byte_range: None,
            },
        )
        .unwrap();
    assert_eq!(up.before, a);
    assert_eq!(
        (up.after.label.as_str(), up.after.note.as_str()),
        ("MISC", "کشور")
    );
    assert_eq!(store.annotation(a.id).unwrap(), up.after);

    // Undo the update.
    store.restore(&up.before).unwrap();
    assert_eq!(store.annotation(a.id).unwrap(), a);

    // Delete, then undo the delete: same id, same content.
    let gone = store.delete(a.id).unwrap();
    assert_eq!(gone, a);
    assert!(store.annotations_for(&article.id).unwrap().is_empty());
    assert!(store.delete(a.id).is_err());
    assert_eq!(store.restore(&gone).unwrap(), a);

    // Range change re-quotes.
    let start = article.text.find("ترکمنستان").unwrap();
    let up = store
        .update(
            a.id,
            &AnnotationChange {
                byte_range: Some(start..start + "ترکمنستان".len()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(up.after.quote.exact, "ترکمنستان");
    assert_eq!(
        up.after.char_range.start,
        article.text[..start].chars().count()
    );
}

#[test]
fn bad_ranges_and_unknown_documents_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let article = Article::sample();
    let mut n = new(&article, "قزاقستان", "LOC");
    assert!(store.create(n.clone()).is_err(), "document not stored yet");
    store.upsert_document(&article).unwrap();
    n.byte_range.start += 1; // inside a two-byte letter
    let err = store.create(n.clone()).unwrap_err();
    assert!(err.to_string().contains("inside a character"), "{err}");
    n.byte_range = 0..article.text.len() + 1;
    assert!(store.create(n.clone()).is_err());
    n.byte_range = 3..3;
    assert!(store.create(n.clone()).is_err());
    n.byte_range = 0..2;
    n.label = "two words".into();
    assert!(store.create(n).is_err());
    assert!(store.annotations_for(&article.id).unwrap().is_empty());
    assert!(store.set_reading_position("nope", 3).is_err());
}

#[test]
fn reading_position_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let article = Article::sample();
    store.upsert_document(&article).unwrap();
    assert_eq!(store.reading_position(&article.id).unwrap(), None);
    store.set_reading_position(&article.id, 120).unwrap();
    store.set_reading_position(&article.id, 240).unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.reading_position(&article.id).unwrap(), Some(240));
}

#[test]
fn changed_document_reanchors_and_orphans_without_dropping() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("store")).unwrap();
    let v1 = write_doc(
        dir.path(),
        "سفر به قزاقستان. دیدار در آستانه. قزاقستان و ترکمنستان همسایه‌اند.\nپایان",
    );
    store.reanchor(&v1).unwrap();
    // The second "قزاقستان", told apart from the first by its context.
    let second = v1.text.rfind("قزاقستان").unwrap();
    let kz = store
        .create(NewAnnotation {
            byte_range: second..second + "قزاقستان".len(),
            ..new(&v1, "قزاقستان", "LOC")
        })
        .unwrap();
    let astana = store.create(new(&v1, "آستانه", "LOC")).unwrap();
    let tm = store.create(new(&v1, "ترکمنستان", "LOC")).unwrap();
    store.set_reading_position(&v1.id, second).unwrap();

    // Edit: text inserted before, "آستانه" removed.
    let v2 = write_doc(
        dir.path(),
        "خبر فوری: سفر به قزاقستان. دیدار در پایتخت. قزاقستان و ترکمنستان همسایه‌اند.\nپایان",
    );
    assert_ne!(v1.id, v2.id);
    let anns = store.reanchor(&v2).unwrap();
    assert_eq!(anns.len(), 3, "nothing dropped");
    let by_id = |id: i64| anns.iter().find(|a| a.id == id).unwrap();
    let kz2 = by_id(kz.id);
    assert!(!kz2.orphaned);
    assert_eq!(kz2.byte_range.start, v2.text.rfind("قزاقستان").unwrap());
    assert_eq!(kz2.doc_id, v2.id);
    assert_eq!(
        kz2.char_range.start,
        v2.text[..kz2.byte_range.start].chars().count()
    );
    assert!(!by_id(tm.id).orphaned);
    let orphan = by_id(astana.id);
    assert!(orphan.orphaned);
    assert_eq!(orphan.quote, astana.quote);
    // The old version is gone from the document list; positions carried over.
    let docs = store.documents().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].id, v2.id);
    assert!(store.reading_position(&v2.id).unwrap().is_some());
    // Orphans are left out of exports but listed.
    let all = store.all_annotations(&Filter::default()).unwrap();
    assert_eq!(all.len(), 3);

    // The word comes back: the orphan is placed again.
    let v3 = write_doc(dir.path(), &v1.text);
    let anns = store.reanchor(&v3).unwrap();
    assert!(anns.iter().all(|a| !a.orphaned));
    assert_eq!(
        anns.iter().find(|a| a.id == astana.id).unwrap().byte_range,
        astana.byte_range
    );
}

#[test]
fn filter_by_label_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let article = Article::sample();
    store.upsert_document(&article).unwrap();
    store.create(new(&article, "قزاقستان", "LOC")).unwrap();
    let mut p = new(&article, "پزشکیان", "PER");
    p.note = "President".into();
    store.create(p).unwrap();
    let by_label = store
        .all_annotations(&Filter {
            label: Some("PER".into()),
            text: None,
        })
        .unwrap();
    assert_eq!(by_label.len(), 1);
    assert_eq!(by_label[0].1.quote.exact, "پزشکیان");
    assert_eq!(by_label[0].0.id, article.id);
    let by_note = store
        .all_annotations(&Filter {
            label: None,
            text: Some("president".into()),
        })
        .unwrap();
    assert_eq!(by_note.len(), 1);
    let by_quote = store
        .all_annotations(&Filter {
            label: None,
            text: Some("قزاق".into()),
        })
        .unwrap();
    assert_eq!(by_quote[0].1.label, "LOC");
}

#[test]
fn old_schema_is_migrated_with_data_kept() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join(matn::store::DB_FILE)).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO documents VALUES ('d1', 'k', NULL, NULL, 'h', 'سلام دنیا', 0, 0)",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO annotations (doc_id, byte_start, byte_end, char_start, char_end, exact, \
             prefix, suffix, label, note, created, updated) \
             VALUES ('d1', 0, 8, 0, 4, 'سلام', '', ' دنیا', 'MISC', '', 5, 6)",
            [],
        )
        .unwrap();
    }
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    const { assert!(SCHEMA_VERSION > 1) };
    let anns = store.annotations_for("d1").unwrap();
    assert_eq!(anns.len(), 1);
    assert!(!anns[0].orphaned);
    assert_eq!(anns[0].quote.exact, "سلام");
    store.set_reading_position("d1", 8).unwrap();
    assert_eq!(store.reading_position("d1").unwrap(), Some(8));
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn empty_file_at_version_zero_is_initialised_and_newer_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(matn::store::DB_FILE), b"").unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let mode: String = rusqlite::Connection::open(store.path())
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(store);
    let conn = rusqlite::Connection::open(dir.path().join(matn::store::DB_FILE)).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    let err = Store::open(dir.path()).unwrap_err();
    assert!(format!("{err:#}").contains("newer"), "{err:#}");
}

#[test]
fn garbage_file_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(matn::store::DB_FILE), vec![0xAB; 4096]).unwrap();
    assert!(Store::open(dir.path()).is_err());
}

#[test]
fn rejected_entities_are_stored_per_document_and_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = Article::from_plain_text("سفر به قزاقستان و ترکمنستان".into(), Source::Bundled("a"));
    let b = Article::from_plain_text("another text".into(), Source::Bundled("b"));
    store.upsert_document(&a).unwrap();
    store.upsert_document(&b).unwrap();
    store.reject_entity(&a.id, "LOC", "قزاقستان").unwrap();
    store.reject_entity(&a.id, "LOC", "قزاقستان").unwrap(); // idempotent
    store.reject_entity(&a.id, "PER", "x").unwrap();
    assert_eq!(
        store.rejected_entities(&b.id).unwrap(),
        Vec::<(String, String)>::new()
    );
    let mut got = store.rejected_entities(&a.id).unwrap();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("LOC".into(), "قزاقستان".into()),
            ("PER".into(), "x".into())
        ]
    );
    // A rejection needs a stored document.
    assert!(store.reject_entity("no-such-doc", "LOC", "x").is_err());
    // Survives reopening; unreject takes it back.
    drop(store);
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.rejected_entities(&a.id).unwrap().len(), 2);
    store.unreject_entity(&a.id, "PER", "x").unwrap();
    assert_eq!(
        store.rejected_entities(&a.id).unwrap(),
        vec![("LOC".to_owned(), "قزاقستان".to_owned())]
    );
}
