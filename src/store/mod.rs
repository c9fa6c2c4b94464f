//! SQLite persistence for documents, annotations and reading positions.
//!
//! Durability is the contract: every write runs in its own `BEGIN IMMEDIATE` transaction and
//! returns only after `COMMIT`, with `journal_mode=WAL` + `synchronous=FULL`, so when a method
//! returns `Ok` the change survives a crash or power loss and the UI may say "saved".
//! `busy_timeout` plus IMMEDIATE transactions (which take the write lock up front instead of
//! upgrading a read lock, the upgrade being the case SQLite cannot wait on) let two matn
//! processes share one store without "database is locked" errors.
//!
//! Documents are stored with their text, so exports work without the source file and
//! annotations made on an older version of a file can be re-anchored when it changes
//! ([`Store::reanchor`]).

mod migrations;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::annotations::{
    Annotation, CharOffsets, NewAnnotation, Quote, normalize_range, reanchor_one,
};
use crate::article::{Article, Source};

pub use migrations::{MIGRATIONS, SCHEMA_VERSION};

/// File name of the database inside the data dir.
pub const DB_FILE: &str = "matn.sqlite3";

/// How long a write waits for another matn holding the lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// A document as listed by the store (without its text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocInfo {
    /// [`Article::id`]: a hash of the text.
    pub id: String,
    /// What identifies "the same document" across edits: canonical path or `bundled:NAME`.
    /// `None` for stdin, which has no identity beyond its text.
    pub key: Option<String>,
    pub title: Option<String>,
    pub source_path: Option<PathBuf>,
    /// Hex SHA-256 of the text.
    pub text_hash: String,
}

/// Filter for [`Store::all_annotations`]; `None` fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Exact label name.
    pub label: Option<String>,
    /// Case-insensitive substring of the quoted text or the note.
    pub text: Option<String>,
}

/// Fields to change in [`Store::update`]; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnotationChange {
    pub label: Option<String>,
    pub note: Option<String>,
    /// New byte range in the document's current text (re-quotes the annotation).
    pub byte_range: Option<Range<usize>>,
}

/// Result of an update: both states, so the app can undo (restore `before`) and redo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Updated {
    pub before: Annotation,
    pub after: Annotation,
}

/// Result of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    /// Already present (same range, label and note): skipped so re-importing is harmless.
    pub skipped: usize,
}

/// An open store. Writes take `&mut self`: one connection is not shareable across threads, and
/// the app is expected to own it from the thread that runs its write effects.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Unix time in milliseconds.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The identity of a document across edits (see [`DocInfo::key`]).
pub fn document_key(source: &Source) -> Option<String> {
    match source {
        Source::Path(p) => {
            let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            Some(p.to_string_lossy().into_owned())
        }
        Source::Bundled(name) => Some(format!("bundled:{name}")),
        Source::Stdin => None,
    }
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_usize(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

const ANN_COLUMNS: &str = "a.id, a.doc_id, a.byte_start, a.byte_end, a.char_start, a.char_end, \
     a.exact, a.prefix, a.suffix, a.label, a.note, a.created, a.updated, a.orphaned";

fn row_to_annotation(row: &rusqlite::Row<'_>) -> rusqlite::Result<Annotation> {
    Ok(Annotation {
        id: row.get(0)?,
        doc_id: row.get(1)?,
        byte_range: to_usize(row.get(2)?)..to_usize(row.get(3)?),
        char_range: to_usize(row.get(4)?)..to_usize(row.get(5)?),
        quote: Quote {
            exact: row.get(6)?,
            prefix: row.get(7)?,
            suffix: row.get(8)?,
        },
        label: row.get(9)?,
        note: row.get(10)?,
        created: row.get(11)?,
        updated: row.get(12)?,
        orphaned: row.get::<_, i64>(13)? != 0,
    })
}

const DOC_COLUMNS: &str = "d.id, d.key, d.title, d.source_path, d.text_hash";

fn row_to_docinfo(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<DocInfo> {
    Ok(DocInfo {
        id: row.get(first)?,
        key: row.get(first + 1)?,
        title: row.get(first + 2)?,
        source_path: row.get::<_, Option<String>>(first + 3)?.map(PathBuf::from),
        text_hash: row.get(first + 4)?,
    })
}

/// Write an annotation row with every field as given: under `id` (replacing what is there), or
/// under a new id when `id` is `None`. Returns the row id.
fn write_annotation(conn: &Connection, id: Option<i64>, a: &Annotation) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT OR REPLACE INTO annotations (id, doc_id, byte_start, byte_end, char_start, \
         char_end, exact, prefix, suffix, label, note, created, updated, orphaned) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            id,
            a.doc_id,
            to_i64(a.byte_range.start),
            to_i64(a.byte_range.end),
            to_i64(a.char_range.start),
            to_i64(a.char_range.end),
            a.quote.exact,
            a.quote.prefix,
            a.quote.suffix,
            a.label,
            a.note,
            a.created,
            a.updated,
            i64::from(a.orphaned),
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

fn get_annotation(conn: &Connection, id: i64) -> Result<Annotation> {
    conn.query_row(
        &format!("SELECT {ANN_COLUMNS} FROM annotations a WHERE a.id = ?1"),
        [id],
        row_to_annotation,
    )
    .optional()?
    .ok_or_else(|| anyhow!("no annotation with id {id}"))
}

fn get_text(conn: &Connection, doc_id: &str) -> Result<String> {
    conn.query_row("SELECT text FROM documents WHERE id = ?1", [doc_id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| anyhow!("document {doc_id} is not in the store"))
}

/// Build a new annotation (without id) on `text`: validate + trim the range, quote it.
fn build(text: &str, new: &NewAnnotation, now: i64) -> Result<Annotation> {
    if !crate::annotations::labels::is_valid_label_name(&new.label) {
        bail!("label {:?} must be letters, digits, '_' or '-'", new.label);
    }
    let byte_range = normalize_range(text, new.byte_range.clone())?;
    let offsets = CharOffsets::new(text);
    let char_range = offsets
        .byte_range_to_chars(&byte_range)
        .ok_or_else(|| anyhow!("range is not on character boundaries"))?;
    Ok(Annotation {
        id: 0,
        doc_id: new.doc_id.clone(),
        quote: Quote::from_text(text, byte_range.clone()),
        byte_range,
        char_range,
        label: new.label.clone(),
        note: new.note.clone(),
        created: now,
        updated: now,
        orphaned: false,
    })
}

fn upsert_document_in(conn: &Connection, article: &Article, now: i64) -> Result<()> {
    let source_path = match &article.source {
        Source::Path(p) => Some(
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .to_string_lossy()
                .into_owned(),
        ),
        _ => None,
    };
    conn.execute(
        "INSERT INTO documents (id, key, title, source_path, text_hash, text, added, updated) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) \
         ON CONFLICT(id) DO UPDATE SET key = excluded.key, title = excluded.title, \
         source_path = excluded.source_path, updated = excluded.updated",
        params![
            article.id,
            document_key(&article.source),
            article.meta.title,
            source_path,
            sha256_hex(&article.text),
            article.text,
            now,
        ],
    )?;
    Ok(())
}

/// Put the store in WAL mode, waiting out other matn processes doing the same.
///
/// Why a loop on top of `busy_timeout`: on a fresh (still rollback-journal) file, two
/// connections that both read the header and then want the exclusive lock for the switch
/// would deadlock, so SQLite fails one of them with `SQLITE_BUSY` at once instead of calling
/// the busy handler. Retrying from scratch (the reader lock is dropped with the failed
/// statement) lets the winner finish; the loser then finds WAL already set. A store that is
/// already WAL is only read here, never switched again.
fn switch_to_wal(conn: &Connection) -> Result<()> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    let mut attempt: u32 = 0;
    loop {
        let result = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))
            .and_then(|mode| {
                if mode.eq_ignore_ascii_case("wal") {
                    Ok(mode)
                } else {
                    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                }
            });
        match result {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(mode) => bail!("cannot switch to WAL (got {mode})"),
            Err(e) if is_busy(&e) && std::time::Instant::now() < deadline => {
                attempt += 1;
                // 1, 2, 4 … 64 ms, plus a per-process offset so two losers do not collide
                // again in lock step.
                let backoff_ms = (1u64 << attempt.min(6)) + u64::from(std::process::id() % 7);
                std::thread::sleep(Duration::from_millis(backoff_ms));
            }
            Err(e) => return Err(e).context("cannot switch to WAL"),
        }
    }
}

/// `SQLITE_BUSY` or `SQLITE_LOCKED` (any extended code): another connection holds the lock.
fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

impl Store {
    /// Open (creating if needed) the store in `dir`, upgrading an older schema.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create data dir {}", dir.display()))?;
        let path = dir.join(DB_FILE);
        let mut conn = Connection::open(&path)
            .with_context(|| format!("cannot open store {}", path.display()))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        switch_to_wal(&conn).with_context(|| format!("{}", path.display()))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrations::migrate(&mut conn).with_context(|| format!("{}", path.display()))?;
        Ok(Store { conn, path })
    }

    /// The data dir: `data_dir_override`, else `$MATN_DATA_DIR`, else `<XDG data dir>/matn`.
    pub fn default_dir(data_dir_override: Option<&Path>) -> Result<PathBuf> {
        if let Some(dir) = data_dir_override {
            return Ok(dir.to_owned());
        }
        if let Some(dir) = std::env::var_os("MATN_DATA_DIR").filter(|d| !d.is_empty()) {
            return Ok(PathBuf::from(dir));
        }
        use etcetera::BaseStrategy;
        let base = etcetera::choose_base_strategy()
            .map_err(|e| anyhow!("cannot find the data dir: {e}"))?;
        Ok(base.data_dir().join("matn"))
    }

    /// Open the store in [`Store::default_dir`].
    pub fn open_default(data_dir_override: Option<&Path>) -> Result<Store> {
        Store::open(&Store::default_dir(data_dir_override)?)
    }

    /// Path of the database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Schema version of the open store (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check` result ("ok" when healthy).
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    fn write<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Record a document (text included). Metadata is refreshed; the text of an id never
    /// changes because the id is the text's hash.
    pub fn upsert_document(&mut self, article: &Article) -> Result<()> {
        let now = now_ms();
        self.write(|c| upsert_document_in(c, article, now))
    }

    /// All documents, most recently opened first.
    pub fn documents(&self) -> Result<Vec<DocInfo>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {DOC_COLUMNS} FROM documents d ORDER BY d.updated DESC, d.id"
        ))?;
        let rows = stmt.query_map([], |r| row_to_docinfo(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One document and its text.
    pub fn document(&self, doc_id: &str) -> Result<Option<(DocInfo, String)>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {DOC_COLUMNS}, d.text FROM documents d WHERE d.id = ?1"),
                [doc_id],
                |r| Ok((row_to_docinfo(r, 0)?, r.get(5)?)),
            )
            .optional()?)
    }

    /// Annotations of a document ordered by position, orphaned ones included (flagged; the
    /// viewer must not draw their ranges, which refer to an older text).
    pub fn annotations_for(&self, doc_id: &str) -> Result<Vec<Annotation>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ANN_COLUMNS} FROM annotations a WHERE a.doc_id = ?1 \
             ORDER BY a.orphaned, a.byte_start, a.byte_end DESC, a.id"
        ))?;
        let rows = stmt.query_map([doc_id], row_to_annotation)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Annotations across all documents matching `filter`.
    pub fn all_annotations(&self, filter: &Filter) -> Result<Vec<(DocInfo, Annotation)>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ANN_COLUMNS}, {DOC_COLUMNS} FROM annotations a \
             JOIN documents d ON d.id = a.doc_id \
             WHERE (?1 IS NULL OR a.label = ?1) \
             ORDER BY d.updated DESC, d.id, a.orphaned, a.byte_start, a.byte_end DESC, a.id"
        ))?;
        let rows = stmt.query_map([filter.label.as_deref()], |r| {
            Ok((row_to_docinfo(r, 14)?, row_to_annotation(r)?))
        })?;
        let needle = filter.text.as_deref().map(str::to_lowercase);
        let mut out = Vec::new();
        for row in rows {
            let (doc, ann) = row?;
            if let Some(n) = &needle
                && !ann.quote.exact.to_lowercase().contains(n)
                && !ann.note.to_lowercase().contains(n)
            {
                continue;
            }
            out.push((doc, ann));
        }
        Ok(out)
    }

    /// Get one annotation.
    pub fn annotation(&self, id: i64) -> Result<Annotation> {
        get_annotation(&self.conn, id)
    }

    /// Create an annotation on a stored document. The range is checked against the stored text
    /// and trimmed of line breaks at both ends (see [`normalize_range`]).
    pub fn create(&mut self, new: NewAnnotation) -> Result<Annotation> {
        let now = now_ms();
        self.write(|c| {
            let text = get_text(c, &new.doc_id)?;
            let mut ann = build(&text, &new, now)?;
            ann.id = write_annotation(c, None, &ann)?;
            Ok(ann)
        })
    }

    /// Change label, note and/or range; returns the states before and after.
    pub fn update(&mut self, id: i64, change: &AnnotationChange) -> Result<Updated> {
        let now = now_ms();
        self.write(|c| {
            let before = get_annotation(c, id)?;
            let mut after = before.clone();
            if let Some(range) = &change.byte_range {
                let text = get_text(c, &before.doc_id)?;
                let new = NewAnnotation {
                    doc_id: before.doc_id.clone(),
                    byte_range: range.clone(),
                    label: before.label.clone(),
                    note: String::new(),
                };
                let built = build(&text, &new, now)?;
                after.byte_range = built.byte_range;
                after.char_range = built.char_range;
                after.quote = built.quote;
                after.orphaned = false;
            }
            if let Some(label) = &change.label {
                if !crate::annotations::labels::is_valid_label_name(label) {
                    bail!("label {label:?} must be letters, digits, '_' or '-'");
                }
                after.label = label.clone();
            }
            if let Some(note) = &change.note {
                after.note = note.clone();
            }
            after.updated = now;
            write_annotation(c, Some(after.id), &after)?;
            Ok(Updated { before, after })
        })
    }

    /// Delete an annotation; returns it so the app can undo with [`Store::restore`].
    pub fn delete(&mut self, id: i64) -> Result<Annotation> {
        self.write(|c| {
            let ann = get_annotation(c, id)?;
            c.execute("DELETE FROM annotations WHERE id = ?1", [id])?;
            Ok(ann)
        })
    }

    /// Put an annotation back exactly as given (same id and times): undo of a delete or an
    /// update, redo of a create. Its document must be in the store.
    pub fn restore(&mut self, ann: &Annotation) -> Result<Annotation> {
        self.write(|c| {
            get_text(c, &ann.doc_id)?;
            write_annotation(c, Some(ann.id), ann)?;
            get_annotation(c, ann.id)
        })
    }

    /// Add many annotations to one document in a single transaction: all or nothing.
    /// With `replace`, the document's existing annotations are deleted first.
    pub fn import(
        &mut self,
        doc_id: &str,
        new: &[NewAnnotation],
        replace: bool,
    ) -> Result<ImportReport> {
        let now = now_ms();
        self.write(|c| {
            let text = get_text(c, doc_id)?;
            if replace {
                c.execute("DELETE FROM annotations WHERE doc_id = ?1", [doc_id])?;
            }
            let mut report = ImportReport {
                added: 0,
                skipped: 0,
            };
            for (i, n) in new.iter().enumerate() {
                let mut n = n.clone();
                n.doc_id = doc_id.to_owned();
                let ann = build(&text, &n, now).with_context(|| format!("annotation {}", i + 1))?;
                let exists: bool = c.query_row(
                    "SELECT EXISTS (SELECT 1 FROM annotations WHERE doc_id = ?1 AND \
                     byte_start = ?2 AND byte_end = ?3 AND label = ?4 AND note = ?5 \
                     AND orphaned = 0)",
                    params![
                        doc_id,
                        to_i64(ann.byte_range.start),
                        to_i64(ann.byte_range.end),
                        ann.label,
                        ann.note
                    ],
                    |r| r.get(0),
                )?;
                if exists {
                    report.skipped += 1;
                } else {
                    write_annotation(c, None, &ann)?;
                    report.added += 1;
                }
            }
            Ok(report)
        })
    }

    /// Where the reader was in a document (byte offset), if recorded.
    pub fn reading_position(&self, doc_id: &str) -> Result<Option<usize>> {
        Ok(self
            .conn
            .query_row(
                "SELECT byte FROM reading_positions WHERE doc_id = ?1",
                [doc_id],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .map(to_usize))
    }

    /// Record the reading position (byte offset) of a stored document.
    pub fn set_reading_position(&mut self, doc_id: &str, byte: usize) -> Result<()> {
        let now = now_ms();
        self.write(|c| {
            get_text(c, doc_id)?;
            c.execute(
                "INSERT INTO reading_positions (doc_id, byte, updated) VALUES (?1, ?2, ?3) \
                 ON CONFLICT(doc_id) DO UPDATE SET byte = excluded.byte, updated = excluded.updated",
                params![doc_id, to_i64(byte), now],
            )?;
            Ok(())
        })
    }

    /// The distinct (quoted text, label) pairs of all placed annotations: what the user has
    /// marked, for the recogniser to learn from.
    pub fn labelled_spans(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT exact, label FROM annotations WHERE orphaned = 0 ORDER BY label, exact",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Remember that the reader rejected the recognised entity `kind`/`key` in a stored
    /// document (idempotent).
    pub fn reject_entity(&mut self, doc_id: &str, kind: &str, key: &str) -> Result<()> {
        let now = now_ms();
        self.write(|c| {
            get_text(c, doc_id)?;
            c.execute(
                "INSERT OR IGNORE INTO rejected_entities (doc_id, kind, key, created) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![doc_id, kind, key, now],
            )?;
            Ok(())
        })
    }

    /// Take a rejection back (idempotent).
    pub fn unreject_entity(&mut self, doc_id: &str, kind: &str, key: &str) -> Result<()> {
        self.write(|c| {
            c.execute(
                "DELETE FROM rejected_entities WHERE doc_id = ?1 AND kind = ?2 AND key = ?3",
                params![doc_id, kind, key],
            )?;
            Ok(())
        })
    }

    /// The rejected entities of a document: (kind, key), oldest first.
    pub fn rejected_entities(&self, doc_id: &str) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT kind, key FROM rejected_entities WHERE doc_id = ?1 ORDER BY created, kind, key",
        )?;
        let rows = stmt.query_map([doc_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Call when opening a document: stores it, moves the annotations of older versions of the
    /// same document (same [`DocInfo::key`], different text) onto it by their quotes, retries
    /// orphans, carries the reading position over, and returns the document's annotations.
    /// Annotations that cannot be placed are kept with `orphaned = true`. One transaction.
    pub fn reanchor(&mut self, article: &Article) -> Result<Vec<Annotation>> {
        let now = now_ms();
        let key = document_key(&article.source);
        self.write(|c| {
            upsert_document_in(c, article, now)?;
            let offsets = CharOffsets::new(&article.text);
            let old_ids: Vec<String> = match &key {
                Some(k) => {
                    let mut stmt =
                        c.prepare("SELECT id FROM documents WHERE key = ?1 AND id <> ?2")?;
                    let rows = stmt.query_map(params![k, article.id], |r| r.get(0))?;
                    rows.collect::<rusqlite::Result<_>>()?
                }
                None => Vec::new(),
            };
            let mut stmt = c.prepare(&format!(
                "SELECT {ANN_COLUMNS} FROM annotations a WHERE a.doc_id = ?1 \
                 AND (a.orphaned = 1 OR a.doc_id <> ?2)"
            ))?;
            let mut moving = Vec::new();
            for id in old_ids.iter().chain(std::iter::once(&article.id)) {
                let rows = stmt.query_map(params![id, article.id], row_to_annotation)?;
                for row in rows {
                    moving.push(row?);
                }
            }
            drop(stmt);
            for ann in &moving {
                let mut moved = reanchor_one(&article.text, &offsets, ann);
                moved.doc_id = article.id.clone();
                if moved != *ann {
                    moved.updated = now;
                }
                write_annotation(c, Some(moved.id), &moved)?;
            }
            for id in &old_ids {
                let has_pos: bool = c.query_row(
                    "SELECT EXISTS (SELECT 1 FROM reading_positions WHERE doc_id = ?1)",
                    [&article.id],
                    |r| r.get(0),
                )?;
                if !has_pos {
                    let old: Option<i64> = c
                        .query_row(
                            "SELECT byte FROM reading_positions WHERE doc_id = ?1",
                            [id],
                            |r| r.get(0),
                        )
                        .optional()?;
                    if let Some(byte) = old {
                        let mut byte = to_usize(byte).min(article.text.len());
                        while !article.text.is_char_boundary(byte) {
                            byte -= 1;
                        }
                        c.execute(
                            "INSERT INTO reading_positions (doc_id, byte, updated) \
                             VALUES (?1, ?2, ?3)",
                            params![article.id, to_i64(byte), now],
                        )?;
                    }
                }
                c.execute("DELETE FROM reading_positions WHERE doc_id = ?1", [id])?;
                c.execute("DELETE FROM documents WHERE id = ?1", [id])?;
            }
            let mut stmt = c.prepare(&format!(
                "SELECT {ANN_COLUMNS} FROM annotations a WHERE a.doc_id = ?1 \
                 ORDER BY a.orphaned, a.byte_start, a.byte_end DESC, a.id"
            ))?;
            let rows = stmt.query_map([&article.id], row_to_annotation)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
