//! Rules: dates (Jalali, Hijri, Gregorian; names in Persian, Arabic, Hebrew, English), numbers
//! (digits in any script — folded to ASCII — and number words before a counted noun), money and
//! percent.
//!
//! The folded text is cut into *items*: digit groups, numeric dates (`1404/09/21`,
//! `2025-12-12`), symbols (`%`, `$` …) and lexicon words (months, weekdays, eras, currencies,
//! number words) found with Aho-Corasick at word boundaries. Patterns then run over the item
//! sequence; two items are adjacent when only whitespace (or a comma where allowed) separates
//! them. Dates are converted with `icu_calendar` (Hijri = Umm al-Qura) and the conversion goes
//! into the entity's detail: `جمعه 21 آذر 1404` → "2025-12-12 (Friday) · Jalali 1404-09-21 ·
//! Hijri 1447-06-21".

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use icu_calendar::cal::{Hijri, Persian};
use icu_calendar::types::Month;
use icu_calendar::{Date, Gregorian};

use super::normalize::{FoldOptions, Folded, fold};
use super::{Candidate, EntityKind, Layer, at_word_boundary};

/// A calendar a date is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    /// Solar Hijri (Jalali), the Iranian civil calendar.
    Persian,
    /// Islamic (Umm al-Qura).
    Hijri,
    /// Gregorian.
    Gregorian,
    /// Hebrew (months Tishrei = 1 … Elul = 12, Adar = 6; 13 stands for Adar I of a leap year).
    Hebrew,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Lex {
    Month(Calendar, u8),
    Weekday(u8), // 1 = Monday … 7 = Sunday (ISO)
    Era(Calendar),
    Currency(&'static str),
    Percent,
    /// A number word; `scale` words multiply what precedes them.
    NumWord {
        value: f64,
        scale: bool,
    },
    And,
    YearWord,
}

#[derive(Debug, Clone, PartialEq)]
enum ItemKind {
    Num {
        value: f64,
        int: Option<i64>,
    },
    /// A Hebrew-letter numeral with geresh/gershayim (כ״ה = 25, תשפ״ו = 786): only days and
    /// years of Hebrew-calendar dates, never a NUM of its own (צה״ל has gershayim too).
    /// `prefix` is the value of a first letter that may be a glued preposition (בכ״ה = "on
    /// the 25th"), when the numeral has three letters.
    Gematria {
        value: i64,
        prefix: Option<i64>,
    },
    NumDate([i64; 3], [usize; 3]),
    Lex(Lex),
}

#[derive(Debug, Clone)]
struct Item {
    /// Folded byte range.
    range: Range<usize>,
    kind: ItemKind,
}

const PERSIAN_MONTHS: [&[&str]; 12] = [
    &["فروردین", "farvardin"],
    &["اردیبهشت", "ordibehesht"],
    &["خرداد", "khordad"],
    &["تیر", "tir"],
    &["مرداد", "امرداد", "mordad"],
    &["شهریور", "shahrivar"],
    &["مهر", "mehr"],
    &["آبان", "aban"],
    &["آذر", "azar"],
    &["دی", "dey"],
    &["بهمن", "bahman"],
    &["اسفند", "esfand"],
];

const GREGORIAN_MONTHS: [&[&str]; 12] = [
    &[
        "ژانویه",
        "ژانویهٔ",
        "يناير",
        "كانون الثاني",
        "ינואר",
        "january",
        "jan",
    ],
    &["فوریه", "فبراير", "شباط", "פברואר", "february", "feb"],
    &["مارس", "آذار", "מרץ", "march", "mar"],
    &["آوریل", "أبريل", "ابريل", "نيسان", "אפריל", "april", "apr"],
    &["مه", "می", "مايو", "أيار", "מאי", "may"],
    &["ژوئن", "يونيو", "يونيه", "حزيران", "יוני", "june", "jun"],
    &[
        "ژوئیه",
        "جولای",
        "يوليو",
        "يوليه",
        "تموز",
        "יולי",
        "july",
        "jul",
    ],
    &[
        "اوت",
        "آگوست",
        "أغسطس",
        "اغسطس",
        "آب",
        "אוגוסט",
        "august",
        "aug",
    ],
    &[
        "سپتامبر",
        "سبتمبر",
        "أيلول",
        "ספטמבר",
        "september",
        "sep",
        "sept",
    ],
    &[
        "اکتبر",
        "أكتوبر",
        "اكتوبر",
        "تشرين الأول",
        "אוקטובר",
        "october",
        "oct",
    ],
    &[
        "نوامبر",
        "نوفمبر",
        "تشرين الثاني",
        "נובמבר",
        "november",
        "nov",
    ],
    &["دسامبر", "ديسمبر", "كانون الأول", "דצמבר", "december", "dec"],
];

/// Hebrew-calendar months, Tishrei = 1 … Elul = 12 (Adar = 6, Adar II too); index 12 (month
/// 13 here) is Adar I. The lexicon also adds each with the preposition ב glued on.
const HEBREW_MONTHS: [&[&str]; 13] = [
    &["תשרי"],
    &["חשוון", "חשון", "מרחשוון", "מרחשון"],
    &["כסלו", "כסליו"],
    &["טבת"],
    &["שבט"],
    &["אדר", "אדר ב׳", "אדר ב'", "אדר שני"],
    &["ניסן"],
    &["אייר", "איר"],
    &["סיוון", "סיון"],
    &["תמוז"],
    &["אב", "מנחם אב"],
    &["אלול"],
    &["אדר א׳", "אדר א'", "אדר ראשון"],
];

/// The value of a Hebrew letter as a numeral (final forms as their base letters).
fn gematria_letter(c: char) -> Option<i64> {
    Some(match c {
        'א' => 1,
        'ב' => 2,
        'ג' => 3,
        'ד' => 4,
        'ה' => 5,
        'ו' => 6,
        'ז' => 7,
        'ח' => 8,
        'ט' => 9,
        'י' => 10,
        'כ' | 'ך' => 20,
        'ל' => 30,
        'מ' | 'ם' => 40,
        'נ' | 'ן' => 50,
        'ס' => 60,
        'ע' => 70,
        'פ' | 'ף' => 80,
        'צ' | 'ץ' => 90,
        'ק' => 100,
        'ר' => 200,
        'ש' => 300,
        'ת' => 400,
        _ => return None,
    })
}

/// A Hebrew numeral as written in dates: letters with a gershayim before the last one (כ״ה,
/// תשפ״ו) or a geresh after a single letter (ה׳); ASCII " and ' stand in for them. Its value,
/// and for three letters starting with a preposition letter (ב ל מ ו ה ש כ) that letter's value.
fn gematria(word: &str) -> Option<(i64, Option<i64>)> {
    let chars: Vec<char> = word.chars().collect();
    let is_gershayim = |c: char| c == '\u{05F4}' || c == '"';
    let is_geresh = |c: char| c == '\u{05F3}' || c == '\'';
    let letters: Vec<char> = match chars.as_slice() {
        [one, mark] if is_geresh(*mark) => vec![*one],
        [head @ .., mark, last] if is_gershayim(*mark) && !head.is_empty() => {
            head.iter().copied().chain([*last]).collect()
        }
        _ => return None,
    };
    let value = letters
        .iter()
        .map(|&c| gematria_letter(c))
        .sum::<Option<i64>>()?;
    let prefix = match letters.as_slice() {
        [first, _, _] if matches!(first, 'ב' | 'ל' | 'מ' | 'ו' | 'ה' | 'ש' | 'כ') => {
            gematria_letter(*first)
        }
        _ => None,
    };
    Some((value, prefix))
}

const HIJRI_MONTHS: [&[&str]; 12] = [
    &["محرم", "muharram"],
    &["صفر", "safar"],
    &["ربیع الاول", "ربيع الأول", "rabi al-awwal"],
    &[
        "ربیع الثانی",
        "ربیع الآخر",
        "ربيع الآخر",
        "ربيع الثاني",
        "rabi al-thani",
    ],
    &[
        "جمادی الاول",
        "جمادی الاولی",
        "جمادى الأولى",
        "jumada al-awwal",
    ],
    &[
        "جمادی الثانی",
        "جمادی الثانیه",
        "جمادى الآخرة",
        "جمادى الثانية",
        "jumada al-thani",
    ],
    &["رجب", "rajab"],
    &["شعبان", "shaban"],
    &["رمضان", "ramadan"],
    &["شوال", "shawwal"],
    &["ذی القعده", "ذیقعده", "ذو القعدة", "dhu al-qadah"],
    &["ذی الحجه", "ذیحجه", "ذو الحجة", "dhu al-hijjah"],
];

/// ISO weekday (1 = Monday) → names.
const WEEKDAYS: [&[&str]; 7] = [
    &["دوشنبه", "الاثنين", "الإثنين", "יום שני", "monday"],
    &["سه شنبه", "الثلاثاء", "יום שלישי", "tuesday"],
    &["چهارشنبه", "الأربعاء", "יום רביעי", "wednesday"],
    &["پنجشنبه", "پنج شنبه", "الخميس", "יום חמישי", "thursday"],
    &["جمعه", "الجمعة", "יום שישי", "friday"],
    &["شنبه", "السبت", "יום שבת", "saturday"],
    &["یکشنبه", "یک شنبه", "الأحد", "יום ראשון", "sunday"],
];

const WEEKDAY_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const ERAS: &[(&str, Calendar)] = &[
    ("هجری شمسی", Calendar::Persian),
    ("شمسی", Calendar::Persian),
    ("خورشیدی", Calendar::Persian),
    ("ه.ش", Calendar::Persian),
    ("ه ش", Calendar::Persian),
    ("هجری قمری", Calendar::Hijri),
    ("قمری", Calendar::Hijri),
    ("ه.ق", Calendar::Hijri),
    ("ه ق", Calendar::Hijri),
    ("هـ", Calendar::Hijri),
    ("هجري", Calendar::Hijri),
    ("ah", Calendar::Hijri),
    ("میلادی", Calendar::Gregorian),
    ("ميلادي", Calendar::Gregorian),
    ("م", Calendar::Gregorian),
    ("ad", Calendar::Gregorian),
    ("ce", Calendar::Gregorian),
];

const CURRENCIES: &[(&str, &str)] = &[
    ("ریال", "IRR"),
    ("تومان", "IRT"),
    ("دلار", "USD"),
    ("دلار آمریکا", "USD"),
    ("دولار", "USD"),
    ("dollar", "USD"),
    ("dollars", "USD"),
    ("usd", "USD"),
    ("דולר", "USD"),
    ("یورو", "EUR"),
    ("يورو", "EUR"),
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("eur", "EUR"),
    ("אירו", "EUR"),
    ("پوند", "GBP"),
    ("جنيه", "GBP"),
    ("pounds", "GBP"),
    ("درهم", "AED"),
    ("دينار", "IQD"),
    ("دینار", "IQD"),
    ("ليرة", "TRY"),
    ("لیر", "TRY"),
    ("روبل", "RUB"),
    ("یوان", "CNY"),
    ("ین", "JPY"),
    ("روپیه", "INR"),
    ("شيكل", "ILS"),
    ("שקל", "ILS"),
    ("שקלים", "ILS"),
    ("ש\"ח", "ILS"),
    ("irr", "IRR"),
    ("rials", "IRR"),
];

const PERCENT_WORDS: &[&str] = &[
    "درصد",
    "بالمئة",
    "بالمائة",
    "في المئة",
    "في المائة",
    "percent",
    "per cent",
    "אחוז",
    "אחוזים",
];

const NUMBER_WORDS: &[(&str, f64)] = &[
    // Persian
    ("یک", 1.0),
    ("دو", 2.0),
    ("سه", 3.0),
    ("چهار", 4.0),
    ("پنج", 5.0),
    ("شش", 6.0),
    ("هفت", 7.0),
    ("هشت", 8.0),
    ("نه", 9.0),
    ("ده", 10.0),
    ("یازده", 11.0),
    ("دوازده", 12.0),
    ("سیزده", 13.0),
    ("چهارده", 14.0),
    ("پانزده", 15.0),
    ("شانزده", 16.0),
    ("هفده", 17.0),
    ("هجده", 18.0),
    ("هیجده", 18.0),
    ("نوزده", 19.0),
    ("بیست", 20.0),
    ("سی", 30.0),
    ("چهل", 40.0),
    ("پنجاه", 50.0),
    ("شصت", 60.0),
    ("هفتاد", 70.0),
    ("هشتاد", 80.0),
    ("نود", 90.0),
    ("صد", 100.0),
    ("یکصد", 100.0),
    ("دویست", 200.0),
    ("سیصد", 300.0),
    ("چهارصد", 400.0),
    ("پانصد", 500.0),
    ("ششصد", 600.0),
    ("هفتصد", 700.0),
    ("هشتصد", 800.0),
    ("نهصد", 900.0),
    // Arabic
    ("واحد", 1.0),
    ("اثنان", 2.0),
    ("اثنين", 2.0),
    ("ثلاثة", 3.0),
    ("أربعة", 4.0),
    ("خمسة", 5.0),
    ("ستة", 6.0),
    ("سبعة", 7.0),
    ("ثمانية", 8.0),
    ("تسعة", 9.0),
    ("عشرة", 10.0),
    ("عشرون", 20.0),
    ("عشرين", 20.0),
    ("ثلاثون", 30.0),
    ("ثلاثين", 30.0),
    ("أربعون", 40.0),
    ("أربعين", 40.0),
    ("خمسون", 50.0),
    ("خمسين", 50.0),
    ("مئة", 100.0),
    ("مائة", 100.0),
    // Hebrew
    ("אחד", 1.0),
    ("אחת", 1.0),
    ("שניים", 2.0),
    ("שתיים", 2.0),
    ("שלושה", 3.0),
    ("שלוש", 3.0),
    ("ארבעה", 4.0),
    ("חמישה", 5.0),
    ("שישה", 6.0),
    ("שבעה", 7.0),
    ("שמונה", 8.0),
    ("תשעה", 9.0),
    ("עשרה", 10.0),
    ("עשרים", 20.0),
    ("מאה", 100.0),
    // English
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
];

const SCALE_WORDS: &[(&str, f64)] = &[
    ("هزار", 1e3),
    ("میلیون", 1e6),
    ("ملیون", 1e6),
    ("میلیارد", 1e9),
    ("ملیارد", 1e9),
    ("بیلیون", 1e9),
    ("تریلیون", 1e12),
    ("ألف", 1e3),
    ("آلاف", 1e3),
    ("مليون", 1e6),
    ("ملايين", 1e6),
    ("مليار", 1e9),
    ("مليارات", 1e9),
    ("אלף", 1e3),
    ("מיליון", 1e6),
    ("מיליארד", 1e9),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

/// Words after which a number word is not counting anything (so no NUM): conjunctions,
/// prepositions, verbs' particles.
const NOT_COUNTED: &[&str] = &[
    "و", "که", "را", "از", "به", "در", "با", "تا", "یا", "هم", "نیز", "این", "آن", "است", "بود",
    "and", "or", "of", "the",
];

/// A lexicon over one folding.
#[derive(Debug)]
struct Lexicon {
    ac: Option<AhoCorasick>,
    values: Vec<Lex>,
}

impl Lexicon {
    fn build(opts: &FoldOptions) -> Self {
        let mut words: Vec<(String, Lex)> = Vec::new();
        let mut add = |w: &str, lex: Lex| {
            // Multi-word names are also written without the space (ZWNJ folds away).
            words.push((w.to_string(), lex));
            if w.contains(' ') {
                words.push((w.replace(' ', ""), lex));
            }
            // Hebrew glues the preposition ב to months ("בינואר").
            if w.starts_with(|c: char| ('\u{05D0}'..='\u{05EA}').contains(&c))
                && let Lex::Month(..) = lex
            {
                words.push((format!("ב{w}"), lex));
            }
        };
        for (m, names) in PERSIAN_MONTHS.iter().enumerate() {
            for n in *names {
                add(n, Lex::Month(Calendar::Persian, m as u8 + 1));
            }
        }
        for (m, names) in GREGORIAN_MONTHS.iter().enumerate() {
            for n in *names {
                add(n, Lex::Month(Calendar::Gregorian, m as u8 + 1));
            }
        }
        for (m, names) in HIJRI_MONTHS.iter().enumerate() {
            for n in *names {
                add(n, Lex::Month(Calendar::Hijri, m as u8 + 1));
            }
        }
        for (m, names) in HEBREW_MONTHS.iter().enumerate() {
            for n in *names {
                add(n, Lex::Month(Calendar::Hebrew, m as u8 + 1));
            }
        }
        for (d, names) in WEEKDAYS.iter().enumerate() {
            for n in *names {
                add(n, Lex::Weekday(d as u8 + 1));
            }
        }
        for (w, cal) in ERAS {
            add(w, Lex::Era(*cal));
        }
        for (w, code) in CURRENCIES {
            add(w, Lex::Currency(code));
        }
        for w in PERCENT_WORDS {
            add(w, Lex::Percent);
        }
        for (w, v) in NUMBER_WORDS {
            add(
                w,
                Lex::NumWord {
                    value: *v,
                    scale: false,
                },
            );
        }
        for (w, v) in SCALE_WORDS {
            add(
                w,
                Lex::NumWord {
                    value: *v,
                    scale: true,
                },
            );
        }
        for w in ["و", "and"] {
            add(w, Lex::And);
        }
        for w in ["سال", "عام", "سنة", "year", "שנת"] {
            add(w, Lex::YearWord);
        }
        let mut patterns = Vec::new();
        let mut values = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (w, lex) in words {
            let f = fold(&w, opts).text;
            if f.is_empty() || !seen.insert(f.clone()) {
                continue;
            }
            patterns.push(f);
            values.push(lex);
        }
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        Self { ac, values }
    }
}

/// The rule layer: lexicons for both foldings.
#[derive(Debug)]
pub struct Rules {
    persian: Lexicon,
    arabic: Lexicon,
}

impl Default for Rules {
    fn default() -> Self {
        Self::new()
    }
}

fn is_folded_word_char(c: char) -> bool {
    super::is_alnum_fast(c)
}

impl Rules {
    /// Build the lexicons.
    pub fn new() -> Self {
        Self {
            persian: Lexicon::build(&FoldOptions::for_language(Some("fa"))),
            arabic: Lexicon::build(&FoldOptions::for_language(Some("ar"))),
        }
    }

    fn items(&self, text: &str, folded: &Folded, lang: Option<&str>) -> Vec<Item> {
        let arabic = lang.is_some_and(|l| l == "ar" || l.starts_with("ar-"));
        let lex = if arabic { &self.arabic } else { &self.persian };
        let mut items = Vec::new();
        if let Some(ac) = &lex.ac {
            for m in ac.find_iter(&folded.text) {
                let Some(r) = folded.original_range(m.start()..m.end()) else {
                    continue;
                };
                if at_word_boundary(text, &r) {
                    items.push(Item {
                        range: m.start()..m.end(),
                        kind: ItemKind::Lex(lex.values[m.pattern().as_usize()]),
                    });
                }
            }
        }
        // Digit groups and numeric dates, in the folded text (digits are ASCII there).
        let f = folded.text.as_bytes();
        let mut i = 0;
        while i < f.len() {
            if !f[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            if prev_is_word(&folded.text, i) {
                while i < f.len() && f[i].is_ascii_digit() {
                    i += 1;
                }
                continue;
            }
            let start = i;
            let mut groups: Vec<(usize, usize)> = Vec::new();
            let mut seps: Vec<u8> = Vec::new();
            let mut j = i;
            loop {
                let gs = j;
                while j < f.len() && f[j].is_ascii_digit() {
                    j += 1;
                }
                groups.push((gs, j));
                if j + 1 < f.len()
                    && matches!(f[j], b'/' | b'-' | b'.' | b',')
                    && f[j + 1].is_ascii_digit()
                {
                    seps.push(f[j]);
                    j += 1;
                } else {
                    break;
                }
            }
            let end = j;
            i = end;
            if folded.text[end..]
                .chars()
                .next()
                .is_some_and(is_folded_word_char)
            {
                continue;
            }
            let num = |g: (usize, usize)| folded.text[g.0..g.1].parse::<i64>().ok();
            let lens: Vec<usize> = groups.iter().map(|g| g.1 - g.0).collect();
            if groups.len() == 3
                && seps[0] == seps[1]
                && matches!(seps[0], b'/' | b'-' | b'.')
                && let (Some(a), Some(b), Some(c)) =
                    (num(groups[0]), num(groups[1]), num(groups[2]))
            {
                items.push(Item {
                    range: start..end,
                    kind: ItemKind::NumDate([a, b, c], [lens[0], lens[1], lens[2]]),
                });
                continue;
            }
            // A number: "," groups thousands (3 digits after each), "." or a lone "/" is the
            // decimal point (Persian writes ۲/۵ for 2.5).
            let s = &folded.text[start..end];
            let value = parse_number(s);
            if let Some(value) = value {
                let int = (value.fract() == 0.0 && value.abs() < 1e15).then_some(value as i64);
                items.push(Item {
                    range: start..end,
                    kind: ItemKind::Num { value, int },
                });
            }
        }
        // Hebrew numerals (for Hebrew-calendar dates), outside words the lexicon matched
        // ("אדר א׳" is a month, not Adar and a 1).
        let lexed: Vec<Range<usize>> = items.iter().map(|it| it.range.clone()).collect();
        let is_numeral_char = |c: char| {
            ('\u{05D0}'..='\u{05EA}').contains(&c)
                || matches!(c, '\u{05F3}' | '\u{05F4}' | '"' | '\'')
        };
        let mut run_start: Option<usize> = None;
        let ft = &folded.text;
        for (b, c) in ft.char_indices().chain([(ft.len(), ' ')]) {
            match (run_start, is_numeral_char(c)) {
                (None, true) => run_start = Some(b),
                (Some(s), false) => {
                    run_start = None;
                    let word = ft[s..b].trim_end_matches(['"', '\'']);
                    let range = s..s + word.len();
                    if word.contains(['\u{05F3}', '\u{05F4}', '"', '\''])
                        && let Some((value, prefix)) = gematria(word)
                        && !lexed
                            .iter()
                            .any(|r| r.start < range.end && range.start < r.end)
                        && folded
                            .original_range(range.clone())
                            .is_some_and(|r| at_word_boundary(text, &r))
                    {
                        items.push(Item {
                            range,
                            kind: ItemKind::Gematria { value, prefix },
                        });
                    }
                }
                _ => {}
            }
        }
        // Symbols.
        for (b, c) in folded.text.char_indices() {
            let lex = match c {
                '%' | '٪' | '‰' => Lex::Percent,
                '$' => Lex::Currency("USD"),
                '€' => Lex::Currency("EUR"),
                '£' => Lex::Currency("GBP"),
                '₪' => Lex::Currency("ILS"),
                '﷼' => Lex::Currency("IRR"),
                _ => continue,
            };
            items.push(Item {
                range: b..b + c.len_utf8(),
                kind: ItemKind::Lex(lex),
            });
        }
        items.sort_by_key(|it| it.range.start);
        items
    }

    /// All rule candidates (dates, money, percent, numbers); overlaps are left to the merge.
    pub(crate) fn find(&self, text: &str, folded: &Folded, lang: Option<&str>) -> Vec<Candidate> {
        let items = self.items(text, folded, lang);
        let arabic = lang.is_some_and(|l| l == "ar" || l.starts_with("ar-"));
        let mut out = Vec::new();
        let ft = &folded.text;
        let gap = |a: &Item, b: &Item, comma: bool| -> bool {
            a.range.end <= b.range.start
                && ft[a.range.end..b.range.start]
                    .chars()
                    .all(|c| c.is_whitespace() || (comma && (c == ',' || c == '،')))
        };
        let mut push = |fr: Range<usize>, kind: EntityKind, key: String, detail: Option<String>| {
            if let Some(r) = folded.original_range(fr) {
                out.push(Candidate {
                    byte_range: r,
                    kind,
                    key,
                    source: Layer::Rule,
                    confidence: 1.0,
                    detail,
                });
            }
        };
        let lex_at = |i: usize| -> Option<Lex> {
            match items.get(i)?.kind {
                ItemKind::Lex(l) => Some(l),
                _ => None,
            }
        };
        let int_at = |i: usize| -> Option<i64> {
            match items.get(i)?.kind {
                ItemKind::Num { int, .. } => int,
                _ => None,
            }
        };
        // A day or year of a date in `cal`: Hebrew-calendar dates may write them as Hebrew
        // numerals, whose years leave the thousands out (תשפ״ו = 5786).
        // A day is at most two letters (כ״ה), so a third one in front is a preposition.
        let date_num_at = |i: usize, cal: Calendar, year: bool| -> Option<i64> {
            match (&items.get(i)?.kind, cal) {
                (&ItemKind::Gematria { value, .. }, Calendar::Hebrew) if year && value < 1000 => {
                    Some(value + 5000)
                }
                (&ItemKind::Gematria { value, .. }, Calendar::Hebrew) if year => Some(value),
                (&ItemKind::Gematria { value, prefix }, Calendar::Hebrew) => {
                    Some(value - prefix.unwrap_or(0))
                }
                _ => int_at(i),
            }
        };
        let adj = |a: usize, b: usize, comma: bool| -> bool {
            match (items.get(a), items.get(b)) {
                (Some(x), Some(y)) => gap(x, y, comma),
                _ => false,
            }
        };
        // Era right after index `i`: (calendar, index of the era item).
        let era_after = |i: usize| -> Option<(Calendar, usize)> {
            match lex_at(i + 1) {
                Some(Lex::Era(c)) if adj(i, i + 1, false) => Some((c, i + 1)),
                _ => None,
            }
        };
        let default_cal_for_year = |y: i64| -> Option<Calendar> {
            match y {
                1800..=2200 => Some(Calendar::Gregorian),
                1300..=1500 if arabic => Some(Calendar::Hijri),
                1300..=1500 => Some(Calendar::Persian),
                _ => None,
            }
        };

        let mut i = 0;
        while i < items.len() {
            // Optional weekday prefix.
            let (wd, s) = match lex_at(i) {
                Some(Lex::Weekday(d)) if adj(i, i + 1, true) => (Some(d), i + 1),
                _ => (None, i),
            };
            let start_item = i;
            let mut matched: Option<(usize, Calendar, i64, u8, Option<u8>)> = None; // (last item, cal, y, m, d)
            // D Month [Y] [Era]
            if let Some(Lex::Month(cal, m)) = lex_at(s + 1)
                && let Some(d) = date_num_at(s, cal, false)
                && (1..=31).contains(&d)
                && adj(s, s + 1, false)
            {
                if let Some(y) = date_num_at(s + 2, cal, true).filter(|_| adj(s + 1, s + 2, true)) {
                    let (cal, last) = match era_after(s + 2) {
                        Some((c, e)) => (c, e),
                        None => (cal, s + 2),
                    };
                    matched = Some((last, cal, y, m, Some(d as u8)));
                } else {
                    matched = Some((s + 1, cal, 0, m, Some(d as u8)));
                }
            }
            // Month D, Y (English style)
            if matched.is_none()
                && let (Some(Lex::Month(cal, m)), Some(d), Some(y)) =
                    (lex_at(s), int_at(s + 1), int_at(s + 2))
                && (1..=31).contains(&d)
                && adj(s, s + 1, false)
                && adj(s + 1, s + 2, true)
                && y > 31
            {
                matched = Some((s + 2, cal, y, m, Some(d as u8)));
            }
            // Month Y
            if matched.is_none()
                && let (Some(Lex::Month(cal, m)), Some(y)) = (lex_at(s), int_at(s + 1))
                && adj(s, s + 1, false)
                && (1000..=2200).contains(&y)
            {
                let (cal, last) = era_after(s + 1).unwrap_or((cal, s + 1));
                matched = Some((last, cal, y, m, None));
            }
            // Numeric date
            if matched.is_none()
                && let Some(ItemKind::NumDate(v, lens)) = items.get(s).map(|it| it.kind.clone())
            {
                let ymd = if lens[0] == 4 {
                    Some((v[0], v[1], v[2]))
                } else if lens[2] == 4 {
                    Some((v[2], v[1], v[0]))
                } else {
                    None
                };
                if let Some((y, m, d)) = ymd
                    && (1..=12).contains(&m)
                    && (1..=31).contains(&d)
                {
                    let era = era_after(s);
                    if let Some(cal) = era.map(|e| e.0).or_else(|| default_cal_for_year(y)) {
                        let last = era.map_or(s, |e| e.1);
                        matched = Some((last, cal, y, m as u8, Some(d as u8)));
                    }
                }
            }
            // "سال 1404" (year word + year)
            if matched.is_none()
                && wd.is_none()
                && let (Some(Lex::YearWord), Some(y)) = (lex_at(s), int_at(s + 1))
                && adj(s, s + 1, false)
            {
                let era = era_after(s + 1);
                if let Some(cal) = era.map(|e| e.0).or_else(|| default_cal_for_year(y)) {
                    let last = era.map_or(s + 1, |e| e.1);
                    let fr = items[s].range.start..items[last].range.end;
                    push(
                        fr,
                        EntityKind::Date,
                        format!("date:{}:{y}", cal_name(cal)),
                        None,
                    );
                    i = last + 1;
                    continue;
                }
            }
            if let Some((last, cal, y, m, d)) = matched {
                let fr = items[start_item].range.start..items[last].range.end;
                let (key, detail) = describe_date(cal, y, m, d, wd);
                push(fr, EntityKind::Date, key, detail);
                i = last + 1;
                continue;
            }
            i += 1;
        }

        // Numbers: maximal sequences of digits / number words joined by "و"/"and", with scale
        // words; then money and percent around them.
        let mut i = 0;
        while i < items.len() {
            let is_num = |k: usize| {
                matches!(
                    items.get(k).map(|it| &it.kind),
                    Some(ItemKind::Num { .. }) | Some(ItemKind::Lex(Lex::NumWord { .. }))
                )
            };
            if !is_num(i) {
                i += 1;
                continue;
            }
            let mut j = i;
            let mut has_digits = false;
            let mut words = 0usize;
            let mut total = 0.0f64;
            let mut current = 0.0f64;
            loop {
                match &items[j].kind {
                    ItemKind::Num { value, .. } => {
                        has_digits = true;
                        current += value;
                    }
                    ItemKind::Lex(Lex::NumWord { value, scale }) => {
                        words += 1;
                        if *scale {
                            total += current.max(1.0) * value;
                            current = 0.0;
                        } else {
                            current += value;
                        }
                    }
                    _ => {}
                }
                // Continue with a number word/digits right after, or "و" + number.
                if is_num(j + 1)
                    && adj(j, j + 1, false)
                    && (!matches!(items[j + 1].kind, ItemKind::Num { .. })
                        || !matches!(items[j].kind, ItemKind::Num { .. }))
                {
                    j += 1;
                } else if lex_at(j + 1) == Some(Lex::And)
                    && adj(j, j + 1, false)
                    && matches!(items[j].kind, ItemKind::Lex(Lex::NumWord { .. }))
                    && matches!(
                        items.get(j + 2).map(|it| &it.kind),
                        Some(ItemKind::Lex(Lex::NumWord { .. }))
                    )
                    && adj(j + 1, j + 2, false)
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let value = total + current;
            let fr = items[i].range.start..items[j].range.end;
            // Money / percent after the number, or a symbol before it.
            let after = lex_at(j + 1).filter(|_| adj(j, j + 1, false));
            let before = (i > 0)
                .then(|| lex_at(i - 1))
                .flatten()
                .filter(|_| i > 0 && adj(i - 1, i, false));
            match (before, after) {
                (_, Some(Lex::Currency(code))) => {
                    let fr2 = fr.start..items[j + 1].range.end;
                    push(
                        fr2,
                        EntityKind::Money,
                        format!("money:{} {code}", fmt_num(value)),
                        Some(format!("{} {code}", fmt_num(value))),
                    );
                }
                (_, Some(Lex::Percent)) => {
                    let fr2 = fr.start..items[j + 1].range.end;
                    push(
                        fr2,
                        EntityKind::Percent,
                        format!("percent:{}", fmt_num(value)),
                        None,
                    );
                }
                (Some(Lex::Currency(code)), _) => {
                    let fr2 = items[i - 1].range.start..fr.end;
                    push(
                        fr2,
                        EntityKind::Money,
                        format!("money:{} {code}", fmt_num(value)),
                        Some(format!("{} {code}", fmt_num(value))),
                    );
                }
                (Some(Lex::Percent), _) => {
                    let fr2 = items[i - 1].range.start..fr.end;
                    push(
                        fr2,
                        EntityKind::Percent,
                        format!("percent:{}", fmt_num(value)),
                        None,
                    );
                }
                _ => {}
            }
            // NUM: digits always; number words only before a counted noun.
            let counted = || {
                let rest = &ft[items[j].range.end..];
                let next: String = rest
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .collect();
                !next.is_empty()
                    && !NOT_COUNTED.contains(&next.as_str())
                    && !rest.starts_with(|c: char| !c.is_whitespace())
                    && (!adj(j, j + 1, false)
                        || lex_at(j + 1)
                            .is_none_or(|l| !matches!(l, Lex::NumWord { .. } | Lex::And)))
            };
            let lone_ambiguous = words == 1 && !has_digits && {
                let w = &ft[fr.clone()];
                ["یک", "نه", "سی", "ده", "صد", "one"].contains(&w)
            };
            if has_digits || (!lone_ambiguous && counted()) {
                push(
                    fr,
                    EntityKind::Number,
                    format!("num:{}", fmt_num(value)),
                    Some(fmt_num(value)),
                );
            }
            i = j + 1;
        }
        out
    }
}

/// Whether the digits at `byte` continue something before them: a letter ("G7"), or a letter or
/// digit joined by a hyphen, dot or slash ("COVID-19", "v2.5").
fn prev_is_word(s: &str, byte: usize) -> bool {
    let mut it = s[..byte].chars().rev();
    match it.next() {
        Some(c) if c.is_alphabetic() => true,
        Some('-' | '.' | '/') => it.next().is_some_and(|c| c.is_alphanumeric()),
        _ => false,
    }
}

/// Parse "1,234.5", "2.5", "1.234" (grouped when every group after the first has 3 digits).
fn parse_number(s: &str) -> Option<f64> {
    if s.contains(',') {
        return s.replace(',', "").parse().ok();
    }
    s.parse().ok()
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn cal_name(c: Calendar) -> &'static str {
    match c {
        Calendar::Persian => "jalali",
        Calendar::Hijri => "hijri",
        Calendar::Gregorian => "gregorian",
        Calendar::Hebrew => "hebrew",
    }
}

/// A converted date: Gregorian y-m-d, ISO weekday (1 = Monday), Jalali y-m-d, Hijri y-m-d.
pub type Converted = ([i32; 3], u8, [i32; 3], [i32; 3]);

/// Convert a date to the ISO (Gregorian) day and the other calendars.
/// Returns (gregorian y-m-d, ISO weekday 1..=7, jalali, hijri) or None for an invalid date.
pub fn convert(cal: Calendar, y: i64, m: u8, d: u8) -> Option<Converted> {
    let y = i32::try_from(y).ok()?;
    let greg: Date<Gregorian> = match cal {
        Calendar::Persian => Date::try_new_persian(y, m, d).ok()?.to_calendar(Gregorian),
        Calendar::Hijri => Date::try_new_hijri_with_calendar(y, m, d, Hijri::new_umm_al_qura())
            .ok()?
            .to_calendar(Gregorian),
        Calendar::Gregorian => Date::try_new_gregorian(y, m, d).ok()?,
        Calendar::Hebrew => {
            let month = if m == 13 {
                Month::leap(5)
            } else {
                Month::new(m)
            };
            Date::try_new_hebrew_v2(y, month, d)
                .ok()?
                .to_calendar(Gregorian)
        }
    };
    let ymd = |ey: i32, mi: u8, di: u8| [ey, i32::from(mi), i32::from(di)];
    let g = ymd(
        greg.year().extended_year(),
        greg.month().ordinal,
        greg.day_of_month().0,
    );
    let wd = greg.weekday() as u8;
    let p = greg.to_calendar(Persian::new());
    let j = ymd(
        p.year().extended_year(),
        p.month().ordinal,
        p.day_of_month().0,
    );
    let h = greg.to_calendar(Hijri::new_umm_al_qura());
    let hj = ymd(
        h.year().extended_year(),
        h.month().ordinal,
        h.day_of_month().0,
    );
    Some((g, wd, j, hj))
}

fn describe_date(
    cal: Calendar,
    y: i64,
    m: u8,
    d: Option<u8>,
    wd: Option<u8>,
) -> (String, Option<String>) {
    let Some(d) = d else {
        return (format!("date:{}:{y}-{m:02}", cal_name(cal)), None);
    };
    if y == 0 {
        // Day and month without a year: nothing to convert.
        return (format!("date:{}:--{m:02}-{d:02}", cal_name(cal)), None);
    }
    match convert(cal, y, m, d) {
        Some((g, w, j, h)) => {
            let iso = format!("{:04}-{:02}-{:02}", g[0], g[1], g[2]);
            let mut detail = format!(
                "{iso} ({}) · Jalali {:04}-{:02}-{:02} · Hijri {:04}-{:02}-{:02}",
                WEEKDAY_EN[usize::from(w - 1)],
                j[0],
                j[1],
                j[2],
                h[0],
                h[1],
                h[2]
            );
            if let Some(said) = wd.filter(|&said| said != w) {
                detail.push_str(&format!(
                    " · text says {}",
                    WEEKDAY_EN[usize::from(said - 1)]
                ));
            }
            (format!("date:{iso}"), Some(detail))
        }
        None => (
            format!("date:{}:{y}-{m:02}-{d:02}", cal_name(cal)),
            Some("invalid date".to_string()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, lang: &str) -> Vec<(String, EntityKind, String, Option<String>)> {
        let r = Rules::new();
        let f = fold(text, &FoldOptions::for_language(Some(lang)));
        let c = super::super::merge(text, r.find(text, &f, Some(lang)));
        c.into_iter()
            .map(|e| (e.text, e.kind, e.key, e.detail))
            .collect()
    }

    #[test]
    fn jalali_date_with_weekday_converts() {
        let got = run("مسعود پزشکیان شامگاه جمعه 21 آذر 1404، در بازگشت", "fa");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "جمعه 21 آذر 1404");
        assert_eq!(got[0].1, EntityKind::Date);
        assert_eq!(got[0].2, "date:2025-12-12");
        let detail = got[0].3.as_deref().unwrap();
        assert!(detail.starts_with("2025-12-12 (Friday)"), "{detail}");
        assert!(!detail.contains("text says"));
    }

    #[test]
    fn persian_digits_and_other_calendars() {
        let got = run(
            "روز ۲۱ آذر ۱۴۰۴ و 12 December 2025 و ۱۲ رمضان ۱۴۴۶ و 2025-12-12",
            "fa",
        );
        let keys: Vec<_> = got
            .iter()
            .filter(|g| g.1 == EntityKind::Date)
            .map(|g| g.2.as_str())
            .collect();
        assert_eq!(
            keys,
            vec![
                "date:2025-12-12",
                "date:2025-12-12",
                "date:2025-03-12",
                "date:2025-12-12"
            ]
        );
        assert_eq!(got[0].0, "۲۱ آذر ۱۴۰۴");
    }

    #[test]
    fn arabic_hebrew_english_dates() {
        let got = run("الجمعة 12 ديسمبر 2025", "ar");
        assert_eq!(got[0].2, "date:2025-12-12");
        assert_eq!(got[0].0, "الجمعة 12 ديسمبر 2025");
        let got = run("ביום שישי, 12 בדצמבר 2025", "he");
        assert!(
            got.iter()
                .any(|g| g.2 == "date:2025-12-12" && g.0 == "12 בדצמבר 2025"),
            "{got:?}"
        );
        let got = run("Friday, December 12, 2025", "en");
        assert_eq!(got[0].0, "Friday, December 12, 2025");
        assert_eq!(got[0].2, "date:2025-12-12");
    }

    /// Hebrew-calendar dates, in Hebrew numerals or digits, converted: Hanukkah 5786 began on
    /// 25 Kislev = 15 December 2025, Rosh Hashana 5786 was 23 September 2025, Tu BiShvat 5786
    /// is 2 February 2026, and Purim Katan (14 Adar I) 5784 was 23 February 2024.
    #[test]
    fn hebrew_calendar_dates() {
        let date = |text: &str| -> Vec<(String, String)> {
            run(text, "he")
                .into_iter()
                .filter(|g| g.1 == EntityKind::Date)
                .map(|g| (g.0, g.2))
                .collect()
        };
        assert_eq!(
            date("חנוכה מתחיל ב־כ״ה בכסלו תשפ״ו בערב"),
            vec![("כ״ה בכסלו תשפ״ו".into(), "date:2025-12-15".into())]
        );
        assert_eq!(
            date("ראש השנה, 1 בתשרי 5786."),
            vec![("1 בתשרי 5786".into(), "date:2025-09-23".into())]
        );
        assert_eq!(
            date("ט\"ו בשבט תשפ\"ו"),
            vec![("ט\"ו בשבט תשפ\"ו".into(), "date:2026-02-02".into())]
        );
        assert_eq!(
            date("י״ד באדר א׳ תשפ״ד"),
            vec![("י״ד באדר א׳ תשפ״ד".into(), "date:2024-02-23".into())]
        );
        // Without a year: day and month only; a preposition glued to the day is not part of
        // its number.
        assert_eq!(
            date("ביום י״ז בתמוז"),
            vec![("י״ז בתמוז".into(), "date:hebrew:--10-17".into())]
        );
        assert_eq!(
            date("נפגשנו בי״ז בתמוז"),
            vec![("בי״ז בתמוז".into(), "date:hebrew:--10-17".into())]
        );
        // Acronyms with gershayim are neither dates nor numbers.
        let got = run("צה״ל ומנכ״ל החברה אמרו", "he");
        assert!(got.is_empty(), "{got:?}");
        // Adar I does not exist in a common year.
        let got = run("י״ד באדר א׳ תשפ״ו", "he");
        assert!(
            got.iter().any(|g| g.3.as_deref() == Some("invalid date")),
            "{got:?}"
        );
    }

    #[test]
    fn wrong_weekday_is_noted() {
        let got = run("شنبه 21 آذر 1404", "fa");
        assert!(got[0].3.as_deref().unwrap().contains("text says Saturday"));
    }

    #[test]
    fn numbers_money_percent() {
        let got = run(
            "امضای 14 سند و ۲۵ درصد و 3.5٪ و 500 میلیون دلار و $20 و دو کشور و بیست و پنج نفر",
            "fa",
        );
        let kinds: Vec<_> = got
            .iter()
            .map(|g| (g.0.as_str(), g.1, g.2.as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("14", EntityKind::Number, "num:14"),
                ("۲۵ درصد", EntityKind::Percent, "percent:25"),
                ("3.5٪", EntityKind::Percent, "percent:3.5"),
                ("500 میلیون دلار", EntityKind::Money, "money:500000000 USD"),
                ("$20", EntityKind::Money, "money:20 USD"),
                ("دو", EntityKind::Number, "num:2"),
                ("بیست و پنج", EntityKind::Number, "num:25"),
            ]
        );
    }

    #[test]
    fn no_numbers_inside_words() {
        let got = run("G7 و COVID-19 و دوشنبه‌ها و یک روز", "fa");
        assert!(got.iter().all(|g| g.1 != EntityKind::Number), "{got:?}");
    }
}
