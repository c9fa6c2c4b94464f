//! Render tests: the ui drawn from an `App` into a ratatui `TestBackend`/`Buffer`.
//!
//! The expected first screens of the sample were derived independently of matn: greedy word
//! wrap at the text column's width, then each line's characters reversed with digit runs kept
//! left-to-right (UAX #9 for this text: Arabic letters, spaces, EN digits, CS punctuation), then
//! right-aligned. They need the real layout engine (the skeleton's engine is logical-order LTR).

mod ui_support;
use ui_support::{app_with, draw, key};

use matn::app::keymap::{Command, Key, KeyEvent, KeyMap};
use matn::app::{Action, App, EntityItem, update};
use matn::article::{Article, Source};
use matn::config::Settings;
use matn::ui::{self, theme::Theme};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;

const SAMPLE_80X24: &[&str] = &[
    "                                                                   :نایکشزپ",
    "",
    "   تسایس دربشیپ رد یاهدنزاس یاهدرواتسد ناتسنمکرت و ناتسقازق هب رفس نایرج رد",
    "                                                       میتشاد یگیاسمه تیوقت",
    "",
    "    هجیتن رد :تفگ ناتسنمکرت و ناتسقازق هب دوخ رفس جیاتن حیرشت رد روهمج سیئر",
    "     رد یتبثم جیاتن ،اهرفس نیا رد هتفرگ تروص یاهینزیار و هدش ماجنا یاهرادید",
    " لصاح یگیاسمه تسایس دوبهب و تیوقت هنیمز رد یمالسا یروهمج یلوصا تسایس دربشیپ",
    "                                                                        .دش",
    "",
    " هب رفس زا تشگزاب رد ،1404 رذآ 21 هعمج هاگماش نایکشزپ دوعسم ،انلیا شرازگ هب",
    " راهظا رفس نیا یاهدرواتسد ندرک فیصوت هدنزاس و تبثم اب ،ناتسنمکرت و ناتسقازق",
    "و تسا ناگیاسمه اب طباور دوبهب و تیوقت ناریا یمالسا یروهمج یلوصا تسایس :تشاد",
    "         و ناتسقازق نارس اب یراکمه یارب نکمم یاههنیمز همه رد زین رفس نیا رد",
    "                        .میتشاد یبوخ رایسب تاقفاوت و میدرک ینزیار ناتسنمکرت",
    "",
    "رد ناتسقازق رد :دوزفا ناتسقازق اب یراکمه دنس 14 یاضما هب هراشا اب روهمجسیئر",
    "       یبوخ تامهافت هب نیبامیف یاهیراکمه هعسوت یارب مزال یاههنیمز زا یرایسب",
    "  رد هک دندوب ام هارمه رفس نیا رد زین یناریا یداصتقا نالاعف زا یعمج .میدیسر",
    "                              .دندرک بسک یبوخ تاقفاوت ،دوخ یاهفرط اب ینزیار",
    "",
    "اهینزیار دنور زین یتشادهب و یگنهرف یاهیراکمه هنیمز رد هکنیا نایب اب نایکشزپ",
    " و هاگشناد زا نینچمه ناتسقازق هب رفس نایرج رد :درک حیرصت ،تفر شیپ بوخ رایسب",
];

const SAMPLE_120X40: &[&str] = &[
    "                                                                    :نایکشزپ",
    "",
    "    تسایس دربشیپ رد یاهدنزاس یاهدرواتسد ناتسنمکرت و ناتسقازق هب رفس نایرج رد",
    "                                                        میتشاد یگیاسمه تیوقت",
    "",
    "     هجیتن رد :تفگ ناتسنمکرت و ناتسقازق هب دوخ رفس جیاتن حیرشت رد روهمج سیئر",
    "      رد یتبثم جیاتن ،اهرفس نیا رد هتفرگ تروص یاهینزیار و هدش ماجنا یاهرادید",
    "  لصاح یگیاسمه تسایس دوبهب و تیوقت هنیمز رد یمالسا یروهمج یلوصا تسایس دربشیپ",
    "                                                                         .دش",
    "",
    "  هب رفس زا تشگزاب رد ،1404 رذآ 21 هعمج هاگماش نایکشزپ دوعسم ،انلیا شرازگ هب",
    "  راهظا رفس نیا یاهدرواتسد ندرک فیصوت هدنزاس و تبثم اب ،ناتسنمکرت و ناتسقازق",
    " و تسا ناگیاسمه اب طباور دوبهب و تیوقت ناریا یمالسا یروهمج یلوصا تسایس :تشاد",
    "ناتسنمکرت و ناتسقازق نارس اب یراکمه یارب نکمم یاههنیمز همه رد زین رفس نیا رد",
    "                                   .میتشاد یبوخ رایسب تاقفاوت و میدرک ینزیار",
    "",
    " رد ناتسقازق رد :دوزفا ناتسقازق اب یراکمه دنس 14 یاضما هب هراشا اب روهمجسیئر",
    ".میدیسر یبوخ تامهافت هب نیبامیف یاهیراکمه هعسوت یارب مزال یاههنیمز زا یرایسب",
    " اب ینزیار رد هک دندوب ام هارمه رفس نیا رد زین یناریا یداصتقا نالاعف زا یعمج",
    "                                         .دندرک بسک یبوخ تاقفاوت ،دوخ یاهفرط",
    "",
    " اهینزیار دنور زین یتشادهب و یگنهرف یاهیراکمه هنیمز رد هکنیا نایب اب نایکشزپ",
    "  و هاگشناد زا نینچمه ناتسقازق هب رفس نایرج رد :درک حیرصت ،تفر شیپ بوخ رایسب",
    " یاهوگوتفگ و دیدزاب زین هدش هتخاس هناتسآ رد هک یاهتفرشیپ یاهناتسرامیب زا یکی",
    "         .میتشاد لاتیجید یکشزپ و یژولونکتویاب و یکشزپ تالماعت هنیمز رد یدیفم",
    "",
    "   ،ناتسقازق و ناریا نایم هدش اضما یراکمه دنس 14 هب ددجم هراشا اب روهمج سیئر",
    "   رد عومجم رد :تفگ و درمشرب هقطنم یاهروشک همه و روشک ود عفن هب ار دانسا نیا",
    "           .میتشاد یناتسقازق فرط اب یاهدنزاس رایسب تاقفاوت و تالماعت رفس نیا",
    "",
    "        سالجا رد تکرش روظنم هب ناتسنمکرت هب رفس هب هراشا اب همادا رد نایکشزپ",
    "  ودب رد :درک ناشنرطاخ رگید یاهروشک یخرب نارس روضح اب دامتعا و حلص یللملانیب",
    " روشک ود یلبق تاقفاوت و میتشاد رادید روشک نیا یلم ربهر اب ،ناتسنمکرت هب دورو",
    "  ناتسنمکرت روهمج سیئر اب زین همادا رد .میدیسر یبوخ جیاتن هب و میدرک رورم ار",
    "                                            .میتشاد یاهدنزاس تاقفاوت و رادید",
    "",
    "     رد :تشاد راهظا سالجا نیا هیشاح رد دوخ یاهرادید رگید حیضوت رد روهمج سیئر",
    "  قفاوت یارجا و هتشذگ تاقفاوت هرابرد یلصفم یوگتفگ ،هیسور روهمج سیئر اب رادید",
    "               .میتشاد نآ یارجا رد عیرست یارب مزال تامادقا و روشک ود یدربهار",
];

/// The text of row `y` between columns `x` and `x + w`, trailing blanks trimmed.
fn row_text(buf: &Buffer, y: u16, x: u16, w: u16) -> String {
    ui_support::row_text(buf, y, x, w).trim_end().to_owned()
}

fn screen_text(buf: &Buffer) -> String {
    (0..buf.area.height)
        .map(|y| row_text(buf, y, 0, buf.area.width))
        .collect::<Vec<_>>()
        .join("\n")
}

fn text_column(app: &App, buf: &Buffer) -> Vec<String> {
    let t = app.text_area;
    (t.y..t.y + t.h)
        .map(|y| row_text(buf, y, t.x, t.w))
        .collect()
}

/// No cell of the buffer holds a control character (which would reach the terminal).
fn assert_no_controls(buf: &Buffer) {
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(char::is_control),
            "control in buffer: {:?}",
            cell.symbol()
        );
    }
}

#[test]
fn sample_first_screen_80x24_is_right_aligned_in_visual_order() {
    let app = app_with(Vec::new(), 80, 24);
    assert_eq!(
        (app.text_area.x, app.text_area.w, app.text_area.h),
        (2, 75, 23)
    );
    let buf = draw(&app);
    assert_eq!(text_column(&app, &buf), SAMPLE_80X24);
}

#[test]
fn sample_first_screen_120x40_is_right_aligned_in_visual_order() {
    let app = app_with(Vec::new(), 120, 40);
    assert_eq!(
        (app.text_area.x, app.text_area.w, app.text_area.h),
        (35, 76, 39)
    );
    let buf = draw(&app);
    assert_eq!(text_column(&app, &buf), SAMPLE_120X40);
}

#[test]
fn frame_shows_library_status_and_scrollbar() {
    let app = app_with(Vec::new(), 120, 40);
    let buf = draw(&app);
    assert!(row_text(&buf, 0, 0, 28).starts_with("┌ Library"));
    assert!(row_text(&buf, 1, 0, 28).contains("▶ fa-pezeshkian"));
    assert!(row_text(&buf, 2, 0, 28).contains("RTL"));
    let status = row_text(&buf, 39, 0, 120);
    assert!(status.starts_with(" READ  fa-pezeshkian"), "{status}");
    assert!(
        status.contains("¶1/10") && status.contains("RTL"),
        "{status}"
    );
    assert!(
        status.contains("shape:off") && status.contains("visual"),
        "{status}"
    );
    assert_eq!(buf[(119, 0)].symbol(), "┃", "scrollbar thumb at the top");
    // 80 columns: the article alone.
    let app = app_with(Vec::new(), 80, 24);
    let buf = draw(&app);
    assert!(!screen_text(&buf).contains("Library"));
}

#[test]
fn wide_screen_shows_empty_entity_and_note_panes_and_their_entities() {
    let mut app = app_with(Vec::new(), 200, 60);
    let text = screen_text(&draw(&app));
    assert!(text.contains("Entities (0)") && text.contains("Notes (0)"));
    assert!(text.contains("No entities recognised"), "{text}");
    assert!(text.contains("No notes for this"), "{text}");
    // Entities arrive through an action and show in the pane and as highlights.
    let start = app.article().text.find("ایلنا").unwrap();
    let id = app.article().id.clone();
    update(
        &mut app,
        Action::EntitiesReady {
            article_id: id,
            entities: vec![EntityItem {
                byte_range: start..start + "ایلنا".len(),
                label: "ORG".into(),
                ..Default::default()
            }],
        },
    );
    let buf = draw(&app);
    assert!(screen_text(&buf).contains("Entities (1)"));
    let t = app.text_area;
    let underlined = (t.y..t.y + t.h)
        .flat_map(|y| (t.x..t.x + t.w).map(move |x| (x, y)))
        .filter(|p| {
            buf[*p]
                .modifier
                .contains(ratatui::style::Modifier::UNDERLINED)
        })
        .count();
    assert_eq!(underlined, "ایلنا".chars().count());
}

#[test]
fn search_counts_matches_of_the_sample_in_the_status_bar() {
    let mut app = app_with(Vec::new(), 200, 60);
    update(&mut app, key('/'));
    for c in "قزاقستان".chars() {
        update(&mut app, key(c));
    }
    update(&mut app, Action::Key(KeyEvent::plain(Key::Enter)));
    assert_eq!(app.search.matches.len(), 9);
    let status = row_text(&draw(&app), 59, 0, 200);
    assert!(status.contains(" 1/9 "), "{status}");
    update(&mut app, key('n'));
    let status = row_text(&draw(&app), 59, 0, 200);
    assert!(status.contains(" 2/9 "), "{status}");
}

#[test]
fn search_highlights_original_text_and_current_match() {
    // Short lines (fit any width), the word with an Arabic kaf/yeh-free spelling and a suffix.
    let doc = Article::from_plain_text(
        "سفر به قزاقستان\nقزاقستان و ترکمنستان\nقزاقستانی".to_owned(),
        Source::Bundled("t"),
    );
    let mut app = app_with(vec![doc], 80, 24);
    update(&mut app, key('/'));
    for c in "قزاقستان".chars() {
        update(&mut app, key(c));
    }
    update(&mut app, Action::Key(KeyEvent::plain(Key::Enter)));
    assert_eq!(app.search.matches.len(), 3);
    let buf = draw(&app);
    let hl: Vec<&ratatui::buffer::Cell> = buf
        .content()
        .iter()
        .filter(|c| c.bg == Color::Yellow)
        .collect();
    let cur: Vec<&ratatui::buffer::Cell> = buf
        .content()
        .iter()
        .filter(|c| c.bg == Color::LightRed)
        .collect();
    let word = "قزاقستان".chars().count();
    assert_eq!(cur.len(), word, "one current match");
    assert_eq!(hl.len(), 2 * word, "two other matches");
    let mut got: Vec<String> = cur.iter().map(|c| c.symbol().to_owned()).collect();
    got.sort();
    let mut want: Vec<String> = "قزاقستان".chars().map(String::from).collect();
    want.sort();
    assert_eq!(got, want, "the highlight covers the original letters");
    // Highlighted cells are on the first row (the current match) and the next two paragraphs.
    let t = app.text_area;
    let cur_rows: Vec<u16> = (0..buf.area.height)
        .filter(|y| (t.x..t.x + t.w).any(|x| buf[(x, *y)].bg == Color::LightRed))
        .collect();
    assert_eq!(cur_rows, vec![0]);
}

#[test]
fn search_folds_letter_variants_and_spaces() {
    // Arabic yeh/kaf and a ZWNJ in the document; the query is typed with Persian letters.
    let doc = Article::from_plain_text(
        "رئيس‌جمهور گفت. رئیس جمهور رفت.".to_owned(),
        Source::Bundled("t"),
    );
    let mut app = app_with(vec![doc], 80, 24);
    update(&mut app, key('/'));
    for c in "رئیسجمهور".chars() {
        update(&mut app, key(c));
    }
    assert_eq!(app.search.matches.len(), 2);
    let buf = draw(&app);
    let status = row_text(&buf, 23, 0, 80);
    assert!(status.starts_with("/"), "{status}");
    assert!(status.ends_with(" 1/2"), "{status}");
}

#[test]
fn tiny_and_changing_sizes_never_panic() {
    let (theme, _) = Theme::load(None);
    let mut app = app_with(Vec::new(), 80, 24);
    for (w, h) in [
        (1, 1),
        (10, 3),
        (0, 0),
        (19, 4),
        (20, 4),
        (40, 12),
        (2, 50),
        (300, 2),
        (250, 80),
        (21, 5),
    ] {
        update(&mut app, Action::Resize { cols: w, rows: h });
        for cmd in [
            Command::Bottom,
            Command::Help,
            Command::Help,
            Command::Search,
        ] {
            update(&mut app, Action::Command(cmd));
        }
        update(&mut app, key('ق'));
        update(&mut app, Action::Key(KeyEvent::plain(Key::Enter)));
        let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
        ui::render(&app, &theme, &mut buf);
        if (w, h) == (10, 3) {
            assert!(screen_text(&buf).contains("small"));
        }
    }
}

#[test]
fn help_is_generated_from_the_keymap() {
    let user: toml::Table =
        "bind = [{action = \"next_paragraph\", keys = [\"J\"], desc = \"Jump on\"}]"
            .parse()
            .unwrap();
    let (keymap, msgs) = KeyMap::with_overrides(user.get("bind"));
    assert!(msgs.is_empty());
    let mut app = App::new(Vec::new(), Settings::default(), keymap);
    update(
        &mut app,
        Action::Resize {
            cols: 100,
            rows: 40,
        },
    );
    update(&mut app, key('?'));
    let text = screen_text(&draw(&app));
    assert!(text.contains("J   ") && text.contains("Jump on"), "{text}");
    assert!(text.contains("Previous paragraph"));
    update(&mut app, Action::Key(KeyEvent::plain(Key::Esc)));
    assert!(!screen_text(&draw(&app)).contains("Jump on"));
}

#[test]
fn document_controls_never_reach_the_buffer() {
    // One short paragraph per hazard, so every one is on screen at 60 columns.
    let text = "safe \u{1b}[2J\n\u{1b}[31mred\n\u{1b}]0;title\u{7}\n\u{9b}31m c1 \u{85} x\n\u{202e}evil\u{202c} \u{2067}x\u{2069}\nbell\u{7} del\u{7f}\nend".to_owned();
    let doc = Article::from_plain_text(text, Source::Bundled("controls"));
    for reveal in [false, true] {
        let mut app = app_with(vec![doc.clone()], 60, 16);
        if reveal {
            update(&mut app, Action::Command(Command::ToggleControls));
        }
        let buf = draw(&app);
        assert_no_controls(&buf);
        let screen = screen_text(&buf);
        assert!(
            screen.contains("safe") && screen.contains("end"),
            "{screen}"
        );
        // RLO…PDF is applied by the algorithm: "evil" shows reversed, as UAX #9 says.
        assert!(
            screen.contains("red") && screen.contains("live"),
            "{screen}"
        );
    }
}

/// Status messages quote the document (entity names, annotated text): Persian in them is in
/// visual order and controls in them are placeholders, like everywhere else.
#[test]
fn status_messages_quoting_the_document_are_laid_out_and_sanitised() {
    let mut app = app_with(Vec::new(), 120, 20);
    app.message = Some("saved LOC «قزاقستان\u{1b}[2J» in this document".into());
    let buf = draw(&app);
    assert_no_controls(&buf);
    let status = row_text(&buf, 19, 0, 120);
    let visual: String = "قزاقستان".chars().rev().collect();
    assert!(status.contains(&visual), "{status}");
    assert!(
        status.contains("saved LOC") && status.contains('␛'),
        "{status}"
    );
}

#[test]
fn wide_cells_blank_their_second_column_and_zero_width_cells_are_skipped() {
    use matn::layout::{Cell, VisualLine};
    let cell = |s: &str, w: u8, b: usize| Cell {
        symbol: s.into(),
        width_col: w,
        byte_range: b..b + 1,
        level: 0,
    };
    let line = VisualLine {
        indent_col: 1,
        cells: vec![
            cell("漢", 2, 0),
            cell("\u{200f}", 0, 1),
            cell("a", 1, 2),
            cell("\u{1b}", 1, 3),
            cell("字", 2, 4),
        ],
        byte_range: 0..5,
    };
    let mut buf = Buffer::with_lines(["xxxxxxxx"]);
    ui::article_view::draw_line(&mut buf, 0, 0, 7, &line, ratatui::style::Style::default());
    let syms: Vec<&str> = (0..8).map(|x| buf[(x, 0)].symbol()).collect();
    // indent, 漢 + blank, a, U+FFFD for the ESC, 字 + blank, then the column limit.
    assert_eq!(syms, ["x", "漢", " ", "a", "\u{FFFD}", "字", " ", "x"]);
    let mut buf = Buffer::with_lines(["xxxxxxxx"]);
    ui::article_view::draw_line(&mut buf, 0, 0, 6, &line, ratatui::style::Style::default());
    assert_eq!(
        buf[(5, 0)].symbol(),
        "x",
        "a wide cell that does not fit is not drawn"
    );
}
