//! Entities in the reader, drawn into a ratatui `TestBackend`: the sample article with entities
//! from the real recogniser, fed through `Action::EntitiesReady` as the tui's worker does.

// Helpers outside #[test] fns set up fixtures; a failure there is a test failure.
#![allow(clippy::unwrap_used)]

mod ui_support;
use ui_support::{app_with, draw, key, row_text};

use matn::app::annotate::{Change, Done, StoreOp};
use matn::app::entities::{self, DocRef, PendingLoad};
use matn::app::geometry::Pane;
use matn::app::keymap::{Command, Key, KeyEvent};
use matn::app::{Action, App, Effect, EntityItem, update};
use matn::article::{Article, Source};
use matn::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::sync::Arc;

const KZ: &str = "قزاقستان";

/// The sample with its entities recognised by the real recogniser.
fn sample_with_entities(cols: u16, rows: u16) -> App {
    let mut app = app_with(Vec::new(), cols, rows);
    let effects = entities::follow_up(&mut app);
    let Some(Effect::RecognizeEntities {
        article_id,
        text,
        lang,
        ..
    }) = effects.into_iter().next()
    else {
        panic!("opening a document must ask for its entities");
    };
    assert_eq!(article_id, app.article().id);
    let found = matn::entities::recognize(&text, lang.as_deref());
    assert!(!found.is_empty());
    update(
        &mut app,
        Action::EntitiesReady {
            article_id,
            entities: found.iter().map(EntityItem::from_entity).collect(),
        },
    );
    assert!(
        entities::follow_up(&mut app).is_empty(),
        "asked only once per document"
    );
    app
}

fn loc_colour() -> Color {
    Theme::load(None).0.entity_kind("LOC").fg.unwrap()
}

/// Cells of the text column drawn in `fg` and underlined (entity highlights).
fn highlighted_cells(app: &App, buf: &Buffer, fg: Color) -> usize {
    let t = app.text_area;
    (t.y..t.y + t.h)
        .flat_map(|y| (t.x..t.x + t.w).map(move |x| (x, y)))
        .filter(|p| buf[*p].fg == fg && buf[*p].modifier.contains(Modifier::UNDERLINED))
        .count()
}

fn reversed_cells(app: &App, buf: &Buffer) -> usize {
    let t = app.text_area;
    (t.y..t.y + t.h)
        .flat_map(|y| (t.x..t.x + t.w).map(move |x| (x, y)))
        .filter(|p| buf[*p].modifier.contains(Modifier::REVERSED))
        .count()
}

fn kz_group(app: &App) -> usize {
    app.ents
        .groups
        .iter()
        .position(|g| g.kind == "LOC" && g.display == KZ)
        .expect("a LOC group for Kazakhstan")
}

fn focus_entities(app: &mut App) {
    for _ in 0..4 {
        if app.focus == Pane::Entities {
            return;
        }
        update(app, Action::Command(Command::FocusNext));
    }
    assert_eq!(app.focus, Pane::Entities);
}

#[test]
fn pane_lists_groups_by_type_with_mention_counts() {
    let app = sample_with_entities(200, 60);
    let g = &app.ents.groups[kz_group(&app)];
    let n = g.mentions.len();
    assert!(n >= 5, "Kazakhstan is mentioned often in the sample: {n}");
    // Every mention of the group has the same kind and key.
    for &m in &g.mentions {
        assert_eq!(app.entities[m].label, "LOC");
        assert_eq!(app.entities[m].key, g.key);
    }
    // Groups come type by type in legend order.
    let order: Vec<usize> = app
        .ents
        .groups
        .iter()
        .map(|g| entities::kind_index(&g.kind).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
    let buf = draw(&app);
    let pane = app.panes.entities.unwrap();
    let rows: Vec<String> = (pane.y..pane.y + pane.h)
        .map(|y| row_text(&buf, y, pane.x, pane.w))
        .collect();
    let reversed: String = KZ.chars().rev().collect();
    let count = format!("×{n}");
    assert!(
        rows.iter().any(|r| r.contains("LOC")
            && (r.contains(KZ) || r.contains(&reversed))
            && r.contains(&count)),
        "{rows:#?}"
    );
    // The legend names the types present.
    assert!(rows[1].contains("2LOC"), "{}", rows[1]);
    assert!(rows[0].contains(&format!("Entities ({})", app.ents.groups.len())));
}

#[test]
fn highlights_use_the_type_colour_and_toggle_per_type_and_globally() {
    let mut app = sample_with_entities(200, 60);
    let loc = loc_colour();
    let before = highlighted_cells(&app, &draw(&app), loc);
    assert!(before >= KZ.chars().count(), "{before}");
    // Alt-2 toggles Location (EntityKind::ALL order).
    update(
        &mut app,
        Action::Key(KeyEvent {
            key: Key::Char('2'),
            ctrl: false,
            alt: true,
        }),
    );
    assert_eq!(highlighted_cells(&app, &draw(&app), loc), 0);
    update(&mut app, Action::Command(Command::ToggleKind(1)));
    assert_eq!(highlighted_cells(&app, &draw(&app), loc), before);
    update(&mut app, key('h'));
    assert_eq!(highlighted_cells(&app, &draw(&app), loc), 0);
    update(&mut app, key('h'));
    assert_eq!(highlighted_cells(&app, &draw(&app), loc), before);
}

#[test]
fn enter_and_brackets_move_the_view_to_mentions_and_mark_them() {
    let mut app = sample_with_entities(200, 24);
    update(&mut app, key('G'));
    let bottom = app.view.top_byte();
    assert!(bottom > 0);
    focus_entities(&mut app);
    let target = kz_group(&app);
    while app.entity_sel < target {
        update(&mut app, key('j'));
    }
    assert_eq!(app.entity_sel, target);
    let mentions: Vec<_> = app.ents.groups[target]
        .mentions
        .iter()
        .map(|&m| app.entities[m].byte_range.clone())
        .collect();
    // Enter: the first mention, which is on the first screen: the view goes back up.
    update(&mut app, Action::Key(KeyEvent::plain(Key::Enter)));
    assert_eq!(entities::current_mention(&app), Some(mentions[0].clone()));
    assert!(app.view.top_byte() <= mentions[0].start && app.view.top_byte() < bottom);
    let buf = draw(&app);
    assert_eq!(
        reversed_cells(&app, &buf),
        KZ.chars().count(),
        "current mention marked"
    );
    // `[` from the first wraps to the last mention: the view follows.
    update(&mut app, key('['));
    let last = mentions.last().unwrap().clone();
    assert_eq!(entities::current_mention(&app), Some(last.clone()));
    assert!(app.view.top_byte() <= last.start);
    assert_eq!(reversed_cells(&app, &draw(&app)), KZ.chars().count());
    // `]` steps forward again (wrapping to the first).
    update(&mut app, key(']'));
    assert_eq!(entities::current_mention(&app), Some(mentions[0].clone()));
    update(&mut app, key(']'));
    assert_eq!(entities::current_mention(&app), Some(mentions[1].clone()));
    assert_eq!(reversed_cells(&app, &draw(&app)), KZ.chars().count());
    let status = row_text(&draw(&app), 23, 0, 200);
    assert!(
        status.contains(&format!("2/{}", mentions.len())),
        "{status}"
    );
}

#[test]
fn accept_asks_the_store_and_reject_hides_the_entity() {
    let mut app = sample_with_entities(200, 60);
    focus_entities(&mut app);
    let target = kz_group(&app);
    app.entity_sel = target;
    let n = app.ents.groups[target].mentions.len();
    let effects = update(&mut app, key('a'));
    let [Effect::AcceptEntities { doc, items, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(doc.0.id, app.article().id);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].1, "LOC");
    let effects = update(&mut app, key('A'));
    let [Effect::AcceptEntities { items, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(items.len(), n);
    // "Saved" only once the store answered.
    assert!(!app.message.clone().unwrap_or_default().contains("Saved"));
    let id = app.article().id.clone();
    update(
        &mut app,
        Action::EntitiesAccepted {
            article_id: id,
            count: n,
            error: None,
        },
    );
    assert_eq!(
        app.message.as_deref(),
        Some(format!("Saved {n} annotations").as_str())
    );
    // Reject: asks the store; once committed the group leaves the pane and its highlights go.
    let loc = loc_colour();
    let before = highlighted_cells(&app, &draw(&app), loc);
    let effects = update(&mut app, key('x'));
    let [Effect::Store(StoreOp::RejectEntity(rejection))] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        (rejection.kind.as_str(), rejection.display.as_str()),
        ("LOC", KZ)
    );
    assert!(
        app.ents.groups.iter().any(|g| g.display == KZ),
        "nothing hidden before the store committed"
    );
    let rejected = Change::Rejected(rejection.clone());
    update(
        &mut app,
        Action::StoreDone(Ok(Done::Applied(rejected.clone()))),
    );
    assert!(app.ents.groups.iter().all(|g| g.display != KZ));
    assert!(highlighted_cells(&app, &draw(&app), loc) < before);
    assert!(app.message.clone().unwrap_or_default().contains("saved"));
    // u takes it back through the store; the entity returns once that is committed.
    let effects = update(&mut app, key('u'));
    assert_eq!(
        effects,
        vec![Effect::Store(StoreOp::Undo(rejected.clone()))]
    );
    update(
        &mut app,
        Action::StoreDone(Ok(Done::Undone(rejected.clone()))),
    );
    assert!(app.ents.groups.iter().any(|g| g.display == KZ));
    assert_eq!(highlighted_cells(&app, &draw(&app), loc), before);
}

#[test]
fn stored_rejections_hide_entities_when_a_document_opens() {
    let mut app = sample_with_entities(200, 60);
    let id = app.article().id.clone();
    let kz = app.ents.groups[kz_group(&app)].clone();
    update(
        &mut app,
        Action::RejectionsReady {
            article_id: id.clone(),
            rejected: vec![(kz.kind.clone(), kz.key.clone())],
        },
    );
    assert!(app.ents.groups.iter().all(|g| g.key != kz.key));
    // Another document's rejections change nothing here.
    update(
        &mut app,
        Action::RejectionsReady {
            article_id: "another".into(),
            rejected: vec![("LOC".into(), "x".into())],
        },
    );
    assert!(app.ents.groups.iter().all(|g| g.key != kz.key));
    // A read-only reader (store unavailable) still hides for the session, without the store.
    let mut app = sample_with_entities(200, 60);
    update(&mut app, Action::StoreUnavailable("read-only".into()));
    focus_entities(&mut app);
    app.entity_sel = kz_group(&app);
    let effects = update(&mut app, key('x'));
    assert!(effects.is_empty(), "{effects:?}");
    assert!(app.ents.groups.iter().all(|g| g.display != KZ));
    assert!(app.message.clone().unwrap_or_default().contains("session"));
}

#[test]
fn entities_of_a_replaced_or_other_document_are_ignored_and_a_full_load_keeps_the_position() {
    // A head standing in for a longer document.
    let para = "در جریان سفر به قزاقستان و ترکمنستان دستاوردهای سازنده‌ای داشتیم.\n\n";
    let full_text = para.repeat(200);
    let head_text = para.repeat(40);
    let head = Article::from_plain_text(head_text, Source::Bundled("head"));
    let full = Article::from_plain_text(full_text, Source::Bundled("full"));
    let mut app = app_with(vec![head.clone()], 100, 20);
    app.ents.pending.push(PendingLoad {
        head_id: head.id.clone(),
        path: "/nonexistent".into(),
        encoding: None,
        requested: false,
    });
    let effects = entities::follow_up(&mut app);
    assert!(
        matches!(effects.as_slice(), [Effect::LoadDocument { .. }]),
        "no recognition of a head: {effects:?}"
    );
    update(&mut app, Action::Command(Command::PageDown));
    update(&mut app, Action::Command(Command::PageDown));
    let top = app.view.top_byte();
    assert!(top > 0);
    update(
        &mut app,
        Action::DocumentLoaded {
            head_id: head.id.clone(),
            result: Ok(DocRef(Arc::new(full.clone()))),
        },
    );
    assert_eq!(app.article().id, full.id);
    assert_eq!(app.view.top_byte(), top, "scroll position kept by byte");
    // Late entities of the head are ignored; recognition is asked for the full document.
    update(
        &mut app,
        Action::EntitiesReady {
            article_id: head.id.clone(),
            entities: vec![EntityItem {
                byte_range: 0..4,
                label: "LOC".into(),
                ..Default::default()
            }],
        },
    );
    assert!(app.entities.is_empty());
    let effects = entities::follow_up(&mut app);
    assert!(
        matches!(effects.as_slice(), [Effect::RecognizeEntities { article_id, .. }] if *article_id == full.id),
        "{effects:?}"
    );
}

/// Labelling a span PER (a name kind) on the shown document asks for recognition again once the
/// store has committed it, so the worker learns the name and its other mentions light up; the
/// pane keeps its selection. A user label that is not an entity kind asks for nothing.
#[test]
fn labelling_a_name_asks_for_recognition_again() {
    use matn::annotations::{Annotation, Quote};
    let mut app = sample_with_entities(200, 60);
    focus_entities(&mut app);
    app.entity_sel = kz_group(&app);
    let id = app.article().id.clone();
    let ann = |label: &str| Annotation {
        id: 7,
        doc_id: id.clone(),
        byte_range: 0..4,
        char_range: 0..2,
        quote: Quote {
            exact: "پزش".into(),
            prefix: String::new(),
            suffix: String::new(),
        },
        label: label.into(),
        note: String::new(),
        created: 0,
        updated: 0,
        orphaned: false,
    };
    update(
        &mut app,
        Action::StoreDone(Ok(Done::Applied(Change::Created(ann("quote"))))),
    );
    assert!(entities::follow_up(&mut app).is_empty());
    update(
        &mut app,
        Action::StoreDone(Ok(Done::Applied(Change::Created(ann("PER"))))),
    );
    let effects = entities::follow_up(&mut app);
    assert!(
        matches!(effects.as_slice(), [Effect::RecognizeEntities { article_id, .. }] if *article_id == id),
        "{effects:?}"
    );
    // The answer keeps the selected group.
    let entities: Vec<EntityItem> = app.entities.clone();
    update(
        &mut app,
        Action::EntitiesReady {
            article_id: id,
            entities,
        },
    );
    assert_eq!(app.entity_sel, kz_group(&app));
}
