//! Schema migrations. `PRAGMA user_version` = number of migrations applied. Append only: a
//! released migration is never edited, because stores in the wild have already run it.

use anyhow::{Result, bail};
use rusqlite::{Connection, TransactionBehavior};

/// Migration `i` takes a store from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: documents with their text, annotations with quote and both offset units.
    "CREATE TABLE documents (
         id TEXT PRIMARY KEY,
         key TEXT,
         title TEXT,
         source_path TEXT,
         text_hash TEXT NOT NULL,
         text TEXT NOT NULL,
         added INTEGER NOT NULL,
         updated INTEGER NOT NULL
     );
     CREATE INDEX documents_key ON documents(key);
     CREATE TABLE annotations (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         doc_id TEXT NOT NULL REFERENCES documents(id),
         byte_start INTEGER NOT NULL,
         byte_end INTEGER NOT NULL,
         char_start INTEGER NOT NULL,
         char_end INTEGER NOT NULL,
         exact TEXT NOT NULL,
         prefix TEXT NOT NULL,
         suffix TEXT NOT NULL,
         label TEXT NOT NULL,
         note TEXT NOT NULL DEFAULT '',
         created INTEGER NOT NULL,
         updated INTEGER NOT NULL
     );
     CREATE INDEX annotations_doc ON annotations(doc_id, byte_start);",
    // 2: re-anchoring (orphan flag) and reading positions.
    "ALTER TABLE annotations ADD COLUMN orphaned INTEGER NOT NULL DEFAULT 0;
     CREATE TABLE reading_positions (
         doc_id TEXT PRIMARY KEY REFERENCES documents(id),
         byte INTEGER NOT NULL,
         updated INTEGER NOT NULL
     );",
    // 3: entities the reader rejected, per document (kind code + normalised key).
    "CREATE TABLE rejected_entities (
         doc_id TEXT NOT NULL REFERENCES documents(id),
         kind TEXT NOT NULL,
         key TEXT NOT NULL,
         created INTEGER NOT NULL,
         PRIMARY KEY (doc_id, kind, key)
     );",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Bring the store up to [`SCHEMA_VERSION`]. The version is read inside an IMMEDIATE
/// transaction so two processes opening a fresh store at once do not both migrate.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        bail!(
            "store has schema version {version}, newer than this matn understands \
             ({SCHEMA_VERSION}); upgrade matn"
        );
    }
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(version)?)
    {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    tx.commit()?;
    Ok(())
}
