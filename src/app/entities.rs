//! Machine entities in the reader: grouping by type and normalised key, per-type highlight
//! toggles, stepping through mentions, accept (write through the annotation store) and reject
//! (hide for the document, for the session) — and the off-UI-path work that feeds them:
//! recognition and the full load of a huge file whose head is shown first.
//!
//! The runner calls [`follow_up`] after every update: it notices a document that has no
//! recognition requested yet (opened, switched to, swapped in) and returns the effect, so no
//! code path that changes the current document can forget to ask for entities.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::annotate::{Rejection, StoreOp};
use super::geometry::Pane;
use super::keymap::Command;
use super::{App, Effect, EntityItem, view};
use crate::article::Article;
use crate::entities::{Entity, EntityKind};

/// A shared article in an effect or action. Compared by id: the id is the text's hash.
#[derive(Debug, Clone)]
pub struct DocRef(pub Arc<Article>);

impl PartialEq for DocRef {
    fn eq(&self, other: &Self) -> bool {
        self.0.id == other.0.id
    }
}

impl Eq for DocRef {}

/// A document shown from its head while the whole file loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingLoad {
    /// Id of the head article standing in for the document.
    pub head_id: String,
    pub path: PathBuf,
    pub encoding: Option<String>,
    /// The load effect has been handed to the runner.
    pub requested: bool,
}

/// One entity of the document: all mentions of one normalised key of one type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Kind code (`LOC`).
    pub kind: String,
    /// Normalised key shared by the mentions.
    pub key: String,
    /// Surface text of the first mention.
    pub display: String,
    /// Extra information (a date in other calendars).
    pub detail: Option<String>,
    /// Indices into [`App::entities`], in text order.
    pub mentions: Vec<usize>,
}

/// Entity state of the reader (kept apart from the rest of [`App`]).
#[derive(Debug, Clone, Default)]
pub struct EntityState {
    /// Kind codes whose highlight is switched off.
    pub hidden_kinds: HashSet<String>,
    /// All entity highlights off.
    pub highlight_off: bool,
    /// Groups of the current document; [`App::entity_sel`] indexes this.
    pub groups: Vec<Group>,
    /// The current mention of the selected group (index into its `mentions`).
    pub mention: Option<usize>,
    /// Rejected (document id, kind, key): hidden. Stored, and loaded when a document opens.
    pub rejected: HashSet<(String, String, String)>,
    /// The document recognition was last requested for.
    pub requested: Option<String>,
    /// Recognition requested and not answered yet.
    pub recognizing: bool,
    /// Documents shown from their head while their whole file loads.
    pub pending: Vec<PendingLoad>,
}

impl EntityItem {
    /// The reader's copy of a recognised entity.
    pub fn from_entity(e: &Entity) -> Self {
        Self {
            byte_range: e.byte_range.clone(),
            label: e.kind.code().to_owned(),
            key: e.key.clone(),
            source: e.source.name().to_owned(),
            confidence_pct: (e.confidence.clamp(0.0, 1.0) * 100.0).round() as u8,
            detail: e.detail.clone(),
        }
    }
}

/// Position of a kind code in [`EntityKind::ALL`] (legend and toggle order).
pub fn kind_index(code: &str) -> Option<usize> {
    EntityKind::ALL.iter().position(|k| k.code() == code)
}

/// Rebuild the groups after the entities or the rejections changed.
pub fn rebuild(app: &mut App) {
    let doc = app.article().id.clone();
    let text = &app.docs[app.current].text;
    let mut by_key: BTreeMap<(usize, String, String), Group> = BTreeMap::new();
    for (i, e) in app.entities.iter().enumerate() {
        if app
            .ents
            .rejected
            .contains(&(doc.clone(), e.label.clone(), e.key.clone()))
        {
            continue;
        }
        let order = kind_index(&e.label).unwrap_or(usize::MAX);
        let g = by_key
            .entry((order, e.label.clone(), e.key.clone()))
            .or_insert_with(|| Group {
                kind: e.label.clone(),
                key: e.key.clone(),
                display: text.get(e.byte_range.clone()).unwrap_or("").to_owned(),
                detail: e.detail.clone(),
                mentions: Vec::new(),
            });
        g.mentions.push(i);
    }
    let mut groups: Vec<(usize, Group)> = by_key.into_iter().map(|((o, _, _), g)| (o, g)).collect();
    // Within a type the most mentioned first: what the article is about comes to the top.
    groups.sort_by(|(oa, a), (ob, b)| {
        oa.cmp(ob)
            .then(b.mentions.len().cmp(&a.mentions.len()))
            .then(a.key.cmp(&b.key))
    });
    app.ents.groups = groups.into_iter().map(|(_, g)| g).collect();
    app.entity_sel = app.entity_sel.min(app.ents.groups.len().saturating_sub(1));
    app.ents.mention = None;
}

/// Whether entity `e` is hidden by a rejection of its (document, kind, key).
pub fn is_rejected(app: &App, e: &EntityItem) -> bool {
    !app.ents.rejected.is_empty()
        && app
            .ents
            .rejected
            .contains(&(app.article().id.clone(), e.label.clone(), e.key.clone()))
}

/// Whether entity `e` is highlighted now (highlights on, its type on, not rejected).
pub fn highlighted(app: &App, e: &EntityItem) -> bool {
    !app.ents.highlight_off && !app.ents.hidden_kinds.contains(&e.label) && !is_rejected(app, e)
}

/// The byte range of the current mention, for marking it in the article.
pub fn current_mention(app: &App) -> Option<Range<usize>> {
    let g = app.ents.groups.get(app.entity_sel)?;
    let i = *g.mentions.get(app.ents.mention?)?;
    app.entities.get(i).map(|e| e.byte_range.clone())
}

/// The selected group.
pub fn selected(app: &App) -> Option<&Group> {
    app.ents.groups.get(app.entity_sel)
}

/// Effects the current state calls for: recognition of a document that has none requested yet
/// (not while only its head is shown) and full loads not yet requested. Called by the runner
/// after every update.
pub fn follow_up(app: &mut App) -> Vec<Effect> {
    let mut out = Vec::new();
    for p in &mut app.ents.pending {
        if !p.requested {
            p.requested = true;
            out.push(Effect::LoadDocument {
                head_id: p.head_id.clone(),
                path: p.path.clone(),
                encoding: p.encoding.clone(),
            });
        }
    }
    let id = app.article().id.clone();
    let loading = app.ents.pending.iter().any(|p| p.head_id == id);
    if !loading && app.ents.requested.as_deref() != Some(id.as_str()) {
        app.ents.requested = Some(id.clone());
        app.ents.recognizing = true;
        let doc = app.article();
        out.push(Effect::RecognizeEntities {
            article_id: id,
            text: Arc::from(doc.text.as_str()),
            lang: doc.meta.language.clone(),
            data_dir: app.data_dir.clone(),
        });
    }
    out
}

/// Entities arrived for the current document (the caller checked the id).
pub fn entities_ready(app: &mut App) {
    app.ents.recognizing = false;
    rebuild(app);
}

/// The whole file of a document shown from its head was read: swap it in, keeping the scroll
/// position by byte offset.
pub fn document_loaded(app: &mut App, head_id: &str, result: Result<DocRef, String>) {
    app.ents.pending.retain(|p| p.head_id != head_id);
    let Some(i) = app.docs.iter().position(|d| d.id == head_id) else {
        return;
    };
    let doc = match result {
        Ok(d) => d,
        Err(e) => {
            app.message = Some(format!("Showing only the start of the file: {e}"));
            // Recognise what is shown rather than nothing.
            return;
        }
    };
    let article = Arc::try_unwrap(doc.0).unwrap_or_else(|a| (*a).clone());
    app.doc_dirs[i] = article
        .meta
        .direction
        .or_else(|| view::first_strong_dir(&article.text))
        .unwrap_or(app.doc_dirs[i]);
    app.docs[i] = article;
    if i == app.current {
        let top = app.view.top_byte();
        let focus = app.focus;
        app.open_doc(i);
        app.focus = focus;
        app.with_view(|v, t| v.goto_byte(t, top, 0));
    }
}

/// The store wrote (or failed to write) accepted entities.
pub fn accepted(app: &mut App, count: usize, error: Option<String>) {
    app.message = Some(match error {
        None => format!(
            "Saved {count} annotation{}",
            if count == 1 { "" } else { "s" }
        ),
        Some(e) => format!("Could not save: {e}"),
    });
}

fn reveal_mention(app: &mut App) {
    let Some(g) = selected(app) else { return };
    let Some(m) = app.ents.mention else { return };
    let Some(e) = g.mentions.get(m).and_then(|&i| app.entities.get(i)) else {
        return;
    };
    let byte = e.byte_range.start;
    let mut msg = format!("{} {}  {}/{}", g.kind, g.display, m + 1, g.mentions.len());
    if let Some(d) = &g.detail {
        msg.push_str(&format!("  = {d}"));
    }
    app.reveal_byte(byte);
    app.message = Some(msg);
}

fn select_group(app: &mut App, delta: isize) {
    let len = app.ents.groups.len();
    if len == 0 {
        app.entity_sel = 0;
        return;
    }
    app.entity_sel = app.entity_sel.saturating_add_signed(delta).min(len - 1);
    app.ents.mention = None;
}

fn step_mention(app: &mut App, forward: bool) {
    let Some(n) = selected(app).map(|g| g.mentions.len()) else {
        app.message = Some("No entity selected".into());
        return;
    };
    if n == 0 {
        return;
    }
    app.ents.mention = Some(match (app.ents.mention, forward) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(m), true) => (m + 1) % n,
        (Some(m), false) => (m + n - 1) % n,
    });
    reveal_mention(app);
}

fn toggle_kind(app: &mut App, code: &str) {
    if !app.ents.hidden_kinds.remove(code) {
        app.ents.hidden_kinds.insert(code.to_owned());
    }
    let on = !app.ents.hidden_kinds.contains(code);
    app.message = Some(format!(
        "{code} highlights {}",
        if on { "on" } else { "off" }
    ));
}

fn accept(app: &mut App, all: bool) -> Vec<Effect> {
    let Some(g) = selected(app) else {
        app.message = Some("No entity selected".into());
        return Vec::new();
    };
    let picks: Vec<usize> = if all {
        g.mentions.clone()
    } else {
        vec![g.mentions[app.ents.mention.unwrap_or(0).min(g.mentions.len() - 1)]]
    };
    let items: Vec<(Range<usize>, String)> = picks
        .iter()
        .filter_map(|&i| app.entities.get(i))
        .map(|e| (e.byte_range.clone(), e.label.clone()))
        .collect();
    app.message = Some(format!("Saving {} annotation(s)…", items.len()));
    vec![Effect::AcceptEntities {
        doc: DocRef(Arc::new(app.article().clone())),
        items,
        data_dir: app.data_dir.clone(),
    }]
}

fn reject(app: &mut App) -> Vec<Effect> {
    let Some(g) = selected(app) else {
        app.message = Some("No entity selected".into());
        return Vec::new();
    };
    let rejection = Rejection {
        doc_id: app.article().id.clone(),
        kind: g.kind.clone(),
        key: g.key.clone(),
        display: g.display.clone(),
    };
    if app.store_error.is_some() {
        // Read-only reader: the rejection can only last for this session.
        app.message = Some(format!(
            "Rejected {} {} for this session (the store is unavailable)",
            rejection.kind, rejection.display
        ));
        app.ents
            .rejected
            .insert((rejection.doc_id, rejection.kind, rejection.key));
        rebuild(app);
        return Vec::new();
    }
    app.message = Some(format!(
        "Rejecting {} {}…",
        rejection.kind, rejection.display
    ));
    // Hidden once the store has committed it (`Done::Applied(Change::Rejected)`).
    vec![Effect::Store(StoreOp::RejectEntity(rejection))]
}

/// The stored rejections of a document arrived (on opening it).
pub fn rejections_ready(app: &mut App, article_id: &str, rejected: Vec<(String, String)>) {
    app.ents.rejected.retain(|(doc, _, _)| doc != article_id);
    app.ents.rejected.extend(
        rejected
            .into_iter()
            .map(|(kind, key)| (article_id.to_owned(), kind, key)),
    );
    if article_id == app.article().id {
        rebuild(app);
    }
}

/// Entity commands, and list commands while the entities pane has focus. `None`: not ours.
pub fn command(app: &mut App, cmd: Command) -> Option<Vec<Effect>> {
    let in_pane = app.focus == Pane::Entities;
    match cmd {
        Command::ScrollDown if in_pane => select_group(app, 1),
        Command::ScrollUp if in_pane => select_group(app, -1),
        Command::PageDown if in_pane => select_group(app, 10),
        Command::PageUp if in_pane => select_group(app, -10),
        Command::Top if in_pane => select_group(app, isize::MIN / 2),
        Command::Bottom if in_pane => select_group(app, isize::MAX / 2),
        Command::Open if in_pane => {
            if selected(app).is_some() {
                app.ents.mention = Some(0);
                reveal_mention(app);
            }
        }
        Command::NextDocument if in_pane => step_mention(app, true),
        Command::PrevDocument if in_pane => step_mention(app, false),
        Command::NextMention => step_mention(app, true),
        Command::PrevMention => step_mention(app, false),
        Command::ToggleHighlight => {
            app.ents.highlight_off = !app.ents.highlight_off;
            app.message = Some(format!(
                "Entity highlights {}",
                if app.ents.highlight_off { "off" } else { "on" }
            ));
        }
        Command::ToggleKind(n) => {
            if let Some(k) = EntityKind::ALL.get(usize::from(n)) {
                toggle_kind(app, k.code());
            }
        }
        Command::ToggleSelectedKind => match selected(app).map(|g| g.kind.clone()) {
            Some(code) => toggle_kind(app, &code),
            None => app.message = Some("No entity selected".into()),
        },
        Command::AcceptEntity => return Some(accept(app, false)),
        Command::AcceptEntityAll => return Some(accept(app, true)),
        Command::RejectEntity => return Some(reject(app)),
        // `A` and `x` mean "all annotations" and "delete annotation" while reading; in the
        // entities pane they accept all mentions and reject the entity (keymap.toml says so).
        Command::AnnotationList if in_pane => return Some(accept(app, true)),
        Command::DeleteAnnotation if in_pane => return Some(reject(app)),
        _ => return None,
    }
    Some(Vec::new())
}
