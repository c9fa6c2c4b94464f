//! Render tests of annotating: the notes pane (reading order, label chips in the label's colour,
//! orphans marked), annotation highlights in the text, and the selection drawn as its visual
//! pieces.

mod ui_support;
use ui_support::{draw, key, row_text};

use matn::app::keymap::{Key, KeyEvent};
use matn::app::{Action, App, NoteItem, update};
use matn::article::{Article, Source};
use matn::ui::theme::Theme;
use ratatui::style::{Color, Modifier};

fn app_with(text: &str, cols: u16, rows: u16) -> App {
    let doc = Article::from_plain_text(text.to_owned(), Source::Stdin);
    ui_support::app_with(vec![doc], cols, rows)
}

fn reversed(s: &str) -> String {
    s.chars().rev().collect()
}

fn note(id: i64, text: &str, quote: &str, label: &str, note: &str, orphaned: bool) -> NoteItem {
    let start = text.find(quote).expect("quote in text");
    NoteItem {
        id,
        byte_range: start..start + quote.len(),
        label: Some(label.into()),
        note: note.into(),
        quote: quote.into(),
        orphaned,
    }
}

const TEXT: &str = "Alice met Bob in Paris on Monday.\nتهران بزرگ است.";

#[test]
fn notes_pane_lists_annotations_in_reading_order_with_label_colours_and_orphans() {
    let mut app = app_with(TEXT, 200, 30);
    let id = app.article().id.clone();
    let notes = vec![
        note(1, TEXT, "Paris", "LOC", "capital", false),
        note(2, TEXT, "Alice", "PER", "", false),
        note(3, TEXT, "Bob", "PER", "", true),
        note(4, TEXT, "تهران", "LOC", "پایتخت", false),
        // Nested inside "Paris on Monday".
        note(5, TEXT, "Paris on Monday", "EVENT", "", false),
    ];
    update(
        &mut app,
        Action::NotesReady {
            article_id: id,
            notes,
        },
    );
    let buf = draw(&app);
    let pane = app.panes.notes.expect("notes pane at 200x30");
    let rows: Vec<String> = (pane.y + 1..pane.y + pane.h - 1)
        .map(|y| row_text(&buf, y, pane.x + 1, pane.w - 2))
        .collect();
    assert!(rows[0].starts_with("›PER «Alice»"), "{rows:#?}");
    assert!(rows[1].starts_with(" EVENT «Paris on Monday»"), "{rows:#?}");
    assert!(rows[2].starts_with(" LOC «Paris» — capital"), "{rows:#?}");
    assert!(
        rows[3].contains("تهران") || rows[3].contains(&reversed("تهران")),
        "{rows:#?}"
    );
    assert!(rows[4].contains("(orphaned) «Bob»"), "{rows:#?}");
    let title = row_text(&buf, pane.y, pane.x, pane.w);
    assert!(title.contains("Notes (5)"), "{title}");
    // The chip has the label's colour (PER = #e06c75 in assets/labels.toml).
    let chip = &buf[(pane.x + 2, pane.y + 1)];
    assert_eq!(chip.bg, Color::Rgb(0xe0, 0x6c, 0x75));

    // In the text: "Alice" in PER's colour, "Bob" (orphaned) not highlighted, "Paris" nested in
    // the EVENT span and so underlined.
    let t = app.text_area;
    let line = row_text(&buf, t.y, t.x, t.w);
    let col = |w: &str| t.x + u16::try_from(line.find(w).unwrap()).unwrap();
    assert_eq!(buf[(col("Alice"), t.y)].bg, Color::Rgb(0xe0, 0x6c, 0x75));
    assert_eq!(buf[(col("Bob"), t.y)].bg, Color::Reset);
    let paris = &buf[(col("Paris"), t.y)];
    assert!(paris.modifier.contains(Modifier::UNDERLINED), "{paris:?}");
    let monday = &buf[(col("Monday"), t.y)];
    assert!(
        !monday.modifier.contains(Modifier::UNDERLINED),
        "{monday:?}"
    );
}

#[test]
fn selection_is_highlighted_and_its_cursor_cell_drawn() {
    let mut app = app_with(TEXT, 100, 20);
    update(&mut app, key('v'));
    update(&mut app, key('w'));
    let buf = draw(&app);
    let t = app.text_area;
    let line = row_text(&buf, t.y, t.x, t.w);
    let start = t.x + u16::try_from(line.find("Alice").unwrap()).unwrap();
    let (theme, _) = Theme::load(None);
    for dx in 0.."Alice met".len() {
        let c = &buf[(start + u16::try_from(dx).unwrap(), t.y)];
        let want = if dx == "Alice ".len() {
            theme.cursor.bg
        } else {
            theme.selection.bg
        };
        assert_eq!(Some(c.bg), want, "cell {dx}: {c:?}");
    }
    let after = &buf[(start + u16::try_from("Alice met".len()).unwrap(), t.y)];
    assert_eq!(after.bg, Color::Reset, "{after:?}");
    let status = row_text(&buf, app.rows - 1, 0, app.cols);
    assert!(status.contains(" SELECT "), "{status}");
    assert!(status.contains("9 chars"), "{status}");
    // Label mode lists the label keys.
    update(&mut app, Action::Key(KeyEvent::plain(Key::Enter)));
    let status = row_text(&draw(&app), app.rows - 1, 0, app.cols);
    assert!(
        status.contains("p PER") && status.contains("l LOC"),
        "{status}"
    );
}

#[test]
fn a_logical_selection_in_mixed_text_is_drawn_as_separate_visual_pieces() {
    // RTL line "سلام world 123 دنیا" is drawn "ایند world 123 مالس": selecting "سلام world"
    // (logical) lights "world" and " مالس" but not the " 123" drawn between them.
    let text = "سلام world 123 دنیا";
    let mut app = app_with(text, 100, 20);
    update(&mut app, key('v'));
    update(&mut app, key('w'));
    let buf = draw(&app);
    let t = app.text_area;
    let line = row_text(&buf, t.y, t.x, t.w);
    assert_eq!(line.trim(), "ایند world 123 مالس");
    let (theme, _) = Theme::load(None);
    let lead = line.chars().take_while(|c| *c == ' ').count();
    let visual: Vec<char> = line.trim().chars().collect();
    let selected: String = visual
        .iter()
        .enumerate()
        .map(|(i, ch)| {
            let c = &buf[(t.x + u16::try_from(lead + i).unwrap(), t.y)];
            if Some(c.bg) == theme.selection.bg || Some(c.bg) == theme.cursor.bg {
                *ch
            } else {
                '.'
            }
        })
        .collect();
    assert_eq!(selected, ".....world.... مالس");
}

/// The library-wide list shows document titles (from the documents) through the layout:
/// Persian in visual order, controls as placeholders.
#[test]
fn annotation_list_titles_are_laid_out_and_sanitised() {
    use matn::app::Mode;
    use matn::app::annotate::LibraryNote;
    let mut app = app_with("سلام دنیا", 100, 20);
    app.mode = Mode::AnnotationList;
    app.list.items = vec![LibraryNote {
        doc_title: "خبر\u{1b}[2J".into(),
        doc_id: "x".into(),
        doc_path: None,
        note: note(1, "سلام دنیا", "سلام", "LOC", "", false),
    }];
    let buf = draw(&app);
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(char::is_control),
            "control in buffer: {:?}",
            cell.symbol()
        );
    }
    let screen: Vec<String> = (0..20).map(|y| row_text(&buf, y, 0, 100)).collect();
    let row = screen
        .iter()
        .find(|r| r.contains("LOC"))
        .unwrap_or_else(|| panic!("no list row: {screen:#?}"));
    assert!(row.contains(&reversed("خبر")) && row.contains('␛'), "{row}");
}
