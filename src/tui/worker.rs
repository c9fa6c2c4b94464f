//! The background worker: runs the app's slow effects off the UI thread and answers with
//! actions. One long-lived thread owns the entity [`Recognizer`] (built lazily on first use:
//! it takes ~150 ms) and a [`Store`] handle for accepted entities (opened lazily; SQLite WAL
//! and a busy timeout make a second connection beside other store users safe). Full loads of
//! huge files get a thread each so recognition of another document never waits for them.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::annotations::NewAnnotation;
use crate::app::entities::DocRef;
use crate::app::{Action, Effect, EntityItem};
use crate::entities::Recognizer;
use crate::store::Store;

/// Handle to the worker: submit effects, collect the actions they produce.
pub struct Worker {
    jobs: Sender<Effect>,
    results: Receiver<Action>,
    results_tx: Sender<Action>,
    /// Jobs submitted and not finished (the event loop polls faster while work is in flight).
    in_flight: Arc<AtomicUsize>,
}

impl Worker {
    pub fn start() -> Self {
        let (jobs, job_rx) = channel::<Effect>();
        let (results_tx, results) = channel::<Action>();
        let in_flight = Arc::new(AtomicUsize::new(0));
        let tx = results_tx.clone();
        let count = Arc::clone(&in_flight);
        std::thread::Builder::new()
            .name("matn-worker".into())
            .spawn(move || worker_loop(&job_rx, &tx, &count))
            .ok();
        Self {
            jobs,
            results,
            results_tx,
            in_flight,
        }
    }

    /// Hand effects to the worker (`Quit` is the caller's business and is ignored here).
    pub fn submit(&self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Quit => {}
                Effect::LoadDocument {
                    head_id,
                    path,
                    encoding,
                } => {
                    self.in_flight.fetch_add(1, Ordering::SeqCst);
                    let tx = self.results_tx.clone();
                    let count = Arc::clone(&self.in_flight);
                    std::thread::spawn(move || {
                        let result = load(path, encoding);
                        let _ = tx.send(Action::DocumentLoaded { head_id, result });
                        count.fetch_sub(1, Ordering::SeqCst);
                    });
                }
                other => {
                    self.in_flight.fetch_add(1, Ordering::SeqCst);
                    if self.jobs.send(other).is_err() {
                        self.in_flight.fetch_sub(1, Ordering::SeqCst);
                    }
                }
            }
        }
    }

    /// Actions produced so far.
    pub fn drain(&self) -> Vec<Action> {
        self.results.try_iter().collect()
    }

    /// Whether work is in flight.
    pub fn busy(&self) -> bool {
        self.in_flight.load(Ordering::SeqCst) > 0
    }
}

fn load(path: PathBuf, encoding: Option<String>) -> Result<DocRef, String> {
    let opts = crate::article::OpenOptions {
        encoding,
        ..Default::default()
    };
    crate::article::open_path_with(&path, &opts)
        .map(|a| DocRef(Arc::new(a)))
        .map_err(|e| format!("{e:#}"))
}

/// Teach the recogniser every name the user has annotated (label PER, LOC, ORG, NORP, EVENT),
/// from the store: marking a name once makes matn find it everywhere. Names already learned
/// cost nothing; a store that cannot be opened teaches nothing (recognition goes on).
fn learn_from_store(
    rec: &mut Recognizer,
    store: &mut Option<(Option<PathBuf>, Store)>,
    data_dir: Option<PathBuf>,
) {
    let Ok(store) = open_store(store, data_dir) else {
        return;
    };
    let Ok(spans) = store.labelled_spans() else {
        return;
    };
    let names = spans.iter().filter_map(|(text, label)| {
        crate::entities::EntityKind::from_code(label)
            .filter(|k| k.is_name())
            .map(|k| (text.as_str(), k))
    });
    let added = rec.learn_all(names);
    if added > 0 {
        tracing::debug!(added, "learned names from the store");
    }
}

fn worker_loop(jobs: &Receiver<Effect>, results: &Sender<Action>, in_flight: &AtomicUsize) {
    let mut recognizer: Option<Recognizer> = None;
    let mut store: Option<(Option<PathBuf>, Store)> = None;
    loop {
        let Ok(first) = jobs.recv() else { return };
        // Take what is queued: only the newest recognition matters (the user moved on from the
        // documents of the older ones, whose answers would be ignored anyway).
        let mut batch = vec![first];
        while let Ok(j) = jobs.try_recv() {
            batch.push(j);
        }
        let newest_recognition = batch
            .iter()
            .rposition(|j| matches!(j, Effect::RecognizeEntities { .. }));
        for (i, job) in batch.into_iter().enumerate() {
            let action = match job {
                Effect::RecognizeEntities {
                    article_id,
                    text,
                    lang,
                    data_dir,
                } if Some(i) == newest_recognition => {
                    let rec = recognizer.get_or_insert_with(Recognizer::new);
                    learn_from_store(rec, &mut store, data_dir);
                    let entities = rec
                        .recognize(&text, lang.as_deref())
                        .iter()
                        .map(EntityItem::from_entity)
                        .collect();
                    Some(Action::EntitiesReady {
                        article_id,
                        entities,
                    })
                }
                Effect::AcceptEntities {
                    doc,
                    items,
                    data_dir,
                } => Some(accept(&mut store, &doc, items, data_dir)),
                _ => None,
            };
            if let Some(a) = action
                && results.send(a).is_err()
            {
                return;
            }
            in_flight.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Store accepted entities; the answer comes after the commit of each one.
/// The worker's store connection for `data_dir`, opened on first use (and again when the
/// directory changes).
fn open_store(
    store: &mut Option<(Option<PathBuf>, Store)>,
    data_dir: Option<PathBuf>,
) -> anyhow::Result<&mut Store> {
    if store.as_ref().is_none_or(|(d, _)| *d != data_dir) {
        let opened = Store::open_default(data_dir.as_deref())?;
        *store = Some((data_dir, opened));
    }
    match store.as_mut() {
        Some((_, s)) => Ok(s),
        None => anyhow::bail!("store not open"),
    }
}

fn accept(
    store: &mut Option<(Option<PathBuf>, Store)>,
    doc: &DocRef,
    items: Vec<(std::ops::Range<usize>, String)>,
    data_dir: Option<PathBuf>,
) -> Action {
    let article_id = doc.0.id.clone();
    let run = || -> anyhow::Result<usize> {
        let s = open_store(store, data_dir)?;
        s.upsert_document(&doc.0)?;
        let mut n = 0;
        for (byte_range, label) in items {
            s.create(NewAnnotation {
                doc_id: doc.0.id.clone(),
                byte_range,
                label,
                note: String::new(),
            })?;
            n += 1;
        }
        Ok(n)
    };
    match run() {
        Ok(count) => Action::EntitiesAccepted {
            article_id,
            count,
            error: None,
        },
        Err(e) => Action::EntitiesAccepted {
            article_id,
            count: 0,
            error: Some(format!("{e:#}")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, Source};
    use crate::entities::EntityKind;

    /// A name the user labelled PER in one document is recognised in another; labels that are
    /// not name kinds (DATE, user labels) teach nothing.
    #[test]
    fn annotated_names_are_learned_from_the_store() {
        let dir = tempfile::tempdir().expect("temp dir");
        let data_dir = Some(dir.path().to_path_buf());
        let doc = Article::from_plain_text(
            "دیدار با زرینه‌پور و جمعه گذشته".into(),
            Source::Bundled("a"),
        );
        {
            let mut store = Store::open_default(data_dir.as_deref()).expect("store");
            store.upsert_document(&doc).expect("document");
            for (word, label) in [("زرینه‌پور", "PER"), ("جمعه", "DATE"), ("دیدار", "quote")]
            {
                let start = doc.text.find(word).expect("word");
                store
                    .create(NewAnnotation {
                        doc_id: doc.id.clone(),
                        byte_range: start..start + word.len(),
                        label: label.into(),
                        note: String::new(),
                    })
                    .expect("annotation");
            }
        }
        let mut rec = Recognizer::without_tagger();
        let other = "زرینه‌پور امروز سخنرانی کرد";
        let found = |rec: &Recognizer| {
            rec.recognize(other, Some("fa"))
                .iter()
                .any(|e| e.kind == EntityKind::Person && &other[e.byte_range.clone()] == "زرینه‌پور")
        };
        assert!(!found(&rec), "not a name the lists know");
        let mut store = None;
        learn_from_store(&mut rec, &mut store, data_dir.clone());
        assert!(found(&rec));
        // Again: nothing new to learn (the store stays open).
        assert_eq!(rec.learn_all([("زرینه‌پور", EntityKind::Person)]), 0);
        learn_from_store(&mut rec, &mut store, data_dir);
        assert!(
            !rec.recognize("دیدار", Some("fa"))
                .iter()
                .any(|e| e.kind.is_name()),
            "a non-entity label teaches nothing"
        );
    }
}
