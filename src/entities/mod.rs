//! Entity recognisers (DESIGN.md §5): a normalised view with an offset map, rules, gazetteers, a
//! statistical tagger, and the user's annotations on top.
//!
//! Every layer matches on the folded view ([`normalize`]) and maps its hits back to exact byte
//! ranges of the original text. The layers' candidates are then merged into one non-overlapping
//! list ([`merge`]) so that every character carries at most one highlight.
//!
//! **Precedence** (highest first), documented because the UI explains it to the user:
//! 1. `User` — the user's own annotations (and nothing may overlap them);
//! 2. `Rule` DATE, MONEY, PERCENT — precise patterns, they beat any name reading of a month word;
//! 3. `Gazetteer` (CLDR names, curated bodies, and entries the user taught with
//!    [`Recognizer::learn`]);
//! 4. `Tagger` (statistical, PER/ORG/LOC/EVENT/NORP);
//! 5. `Rule` NUM — a bare number only where nothing else claims it.
//!
//! Within one rank the longest candidate wins, then the leftmost. One exception keeps names of
//! institutions whole: a tagger ORG or EVENT that strictly contains gazetteer LOC/NORP hits (and
//! nothing of higher rank) wins over them ("دانشگاه تهران" is one ORG, not a LOC inside noise).

pub mod eval;
pub mod gazetteer;
pub mod model;
pub mod normalize;
pub mod rules;

use std::collections::BTreeMap;
use std::ops::Range;

use normalize::{FoldOptions, fold};

/// The entity types. Codes follow OntoNotes/CoNLL usage so exports read naturally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// A person.
    Person,
    /// A place: country, region, city.
    Location,
    /// An organisation: agency, company, international body, party.
    Organization,
    /// Nationalities, religious or political groups ("ایرانی").
    Norp,
    /// A named event.
    Event,
    /// A calendar date.
    Date,
    /// A number (digits or number words).
    Number,
    /// An amount of money.
    Money,
    /// A percentage.
    Percent,
}

impl EntityKind {
    /// Every kind, in display order.
    pub const ALL: [EntityKind; 9] = [
        EntityKind::Person,
        EntityKind::Location,
        EntityKind::Organization,
        EntityKind::Norp,
        EntityKind::Event,
        EntityKind::Date,
        EntityKind::Number,
        EntityKind::Money,
        EntityKind::Percent,
    ];

    /// The short code used in exports and the CLI (PER, LOC, ORG, NORP, EVENT, DATE, NUM, MONEY,
    /// PERCENT).
    pub fn code(self) -> &'static str {
        match self {
            EntityKind::Person => "PER",
            EntityKind::Location => "LOC",
            EntityKind::Organization => "ORG",
            EntityKind::Norp => "NORP",
            EntityKind::Event => "EVENT",
            EntityKind::Date => "DATE",
            EntityKind::Number => "NUM",
            EntityKind::Money => "MONEY",
            EntityKind::Percent => "PERCENT",
        }
    }

    /// A human name for menus and legends.
    pub fn display_name(self) -> &'static str {
        match self {
            EntityKind::Person => "Person",
            EntityKind::Location => "Location",
            EntityKind::Organization => "Organisation",
            EntityKind::Norp => "Nationality/group",
            EntityKind::Event => "Event",
            EntityKind::Date => "Date",
            EntityKind::Number => "Number",
            EntityKind::Money => "Money",
            EntityKind::Percent => "Percent",
        }
    }

    /// A name (person, place, organisation, group, event): what a gazetteer lists and the user
    /// can teach, unlike dates and amounts, which rules find.
    pub fn is_name(self) -> bool {
        matches!(
            self,
            EntityKind::Person
                | EntityKind::Location
                | EntityKind::Organization
                | EntityKind::Norp
                | EntityKind::Event
        )
    }

    /// Parse a code (case-insensitive); also accepts the ParsTwiNER/CoNLL aliases EVE, NAT, POG,
    /// GPE and MISC-free spellings so gold files and user input map onto our kinds.
    pub fn from_code(code: &str) -> Option<Self> {
        let c = code.trim().to_ascii_uppercase();
        Some(match c.as_str() {
            "PER" | "PERSON" => EntityKind::Person,
            "LOC" | "GPE" | "LOCATION" => EntityKind::Location,
            "ORG" | "POG" | "ORGANIZATION" | "ORGANISATION" => EntityKind::Organization,
            "NORP" | "NAT" => EntityKind::Norp,
            "EVENT" | "EVE" => EntityKind::Event,
            "DATE" | "DAT" => EntityKind::Date,
            "NUM" | "CARDINAL" => EntityKind::Number,
            "MONEY" | "MON" => EntityKind::Money,
            "PERCENT" | "PCT" => EntityKind::Percent,
            _ => return None,
        })
    }
}

/// Which recogniser produced an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layer {
    /// Hand-written patterns (dates, numbers, money, percent).
    Rule,
    /// Name lists (CLDR, curated, learned at runtime).
    Gazetteer,
    /// The statistical tagger.
    Tagger,
    /// The user's own annotation.
    User,
}

impl Layer {
    /// Lower-case name for exports.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Rule => "rule",
            Layer::Gazetteer => "gazetteer",
            Layer::Tagger => "tagger",
            Layer::User => "user",
        }
    }
}

/// One recognised entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Byte range into the text that was recognised.
    pub byte_range: Range<usize>,
    /// The type.
    pub kind: EntityKind,
    /// A normalised key shared by all mentions of the same thing ("country:KZ",
    /// "date:2025-12-12", "text:مسعود پزشکیان"), for grouping in the entity list.
    pub key: String,
    /// Which layer found it.
    pub source: Layer,
    /// 0..=1; rules, gazetteers and the user are 1 or close, the tagger reports its margin.
    pub confidence: f32,
    /// The original text of the span.
    pub text: String,
    /// Extra information, e.g. a date converted to other calendars.
    pub detail: Option<String>,
}

/// A candidate before merging (the text and its slice are filled in at the end).
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub byte_range: Range<usize>,
    pub kind: EntityKind,
    pub key: String,
    pub source: Layer,
    pub confidence: f32,
    pub detail: Option<String>,
}

/// Characters that continue a word: letters, digits, combining marks, ZWNJ/ZWJ and tatweel.
/// ZWNJ counts as inside-word so "ایران" never matches in "ایران‌خودرو".
/// Hebrew points count, the punctuation among them does not: "ב־ירושלים" has a word boundary
/// at the maqaf.
pub fn is_word_char(c: char) -> bool {
    is_alnum_fast(c)
        || normalize::is_hebrew_point(c)
        || matches!(c,
            '\u{200C}' | '\u{200D}' | '\u{0640}' | '_'
            | '\u{0300}'..='\u{036F}'
            | '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}')
}

/// `char::is_alphanumeric` with a fast path for ASCII and the Arabic-script letters that make up
/// most of our text (the general lookup is a measurable share of recognition time).
#[inline]
pub(crate) fn is_alnum_fast(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7F' => false,
        '\u{0621}'..='\u{063A}'
        | '\u{0641}'..='\u{064A}'
        | '\u{0660}'..='\u{0669}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06F0}'..='\u{06F9}'
        | '\u{05D0}'..='\u{05EA}' => true,
        '\u{200C}' | '\u{060C}' | '\u{061B}' | '\u{061F}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// True when `range` of `text` starts and ends at word boundaries of the original text.
pub fn at_word_boundary(text: &str, range: &Range<usize>) -> bool {
    let before = text.get(..range.start).and_then(|s| s.chars().next_back());
    let after = text.get(range.end..).and_then(|s| s.chars().next());
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// The language of a text from its letters, for documents without metadata: Persian letters
/// (پ چ ژ گ ی ک) → "fa"; Arabic-only letters (ة ي ك) without them → "ar"; Hebrew → "he".
pub fn detect_language(text: &str) -> Option<&'static str> {
    let (mut fa, mut ar, mut he, mut latin) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars().take(20_000) {
        match c {
            'پ' | 'چ' | 'ژ' | 'گ' | 'ی' | 'ک' => fa += 1,
            'ة' | 'ي' | 'ك' => ar += 1,
            '\u{05D0}'..='\u{05EA}' => he += 1,
            'a'..='z' | 'A'..='Z' => latin += 1,
            _ => {}
        }
    }
    if fa > 0 && fa >= ar / 4 {
        Some("fa")
    } else if ar > 0 {
        Some("ar")
    } else if he > 0 {
        Some("he")
    } else if latin > 0 {
        Some("en")
    } else {
        None
    }
}

/// Loads the gazetteers, rule lexicons and tagger model once; reuse it for every article.
/// Recognition takes `&self`, so one `Recognizer` can serve a background thread (it is `Send +
/// Sync`); [`Recognizer::learn`] needs `&mut self`.
#[derive(Debug)]
pub struct Recognizer {
    gazetteer: gazetteer::Gazetteer,
    rules: rules::Rules,
    tagger: Option<model::Tagger>,
}

impl Default for Recognizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Recognizer {
    /// Build from the embedded assets (about 5k names, the rule lexicons and the tagger model).
    pub fn new() -> Self {
        let tagger = match model::Tagger::embedded() {
            Ok(t) => Some(t),
            Err(err) => {
                tracing::warn!("entity tagger disabled: {err:#}");
                None
            }
        };
        Self {
            gazetteer: gazetteer::Gazetteer::embedded(),
            rules: rules::Rules::new(),
            tagger,
        }
    }

    /// The same recogniser without the statistical tagger (rules and gazetteers only).
    pub fn without_tagger() -> Self {
        Self {
            gazetteer: gazetteer::Gazetteer::embedded(),
            rules: rules::Rules::new(),
            tagger: None,
        }
    }

    /// The same recogniser with another tagger model (training experiments, user models).
    pub fn with_tagger(tagger: model::Tagger) -> Self {
        Self {
            tagger: Some(tagger),
            ..Self::without_tagger()
        }
    }

    /// Whether the statistical tagger is loaded.
    pub fn has_tagger(&self) -> bool {
        self.tagger.is_some()
    }

    /// Teach the gazetteer a name the user accepted: later mentions of `text` (folded, at word
    /// boundaries) are recognised as `kind` with source `Gazetteer` and key `text:<folded>`.
    pub fn learn(&mut self, text: &str, kind: EntityKind) {
        self.gazetteer.learn(text, kind);
    }

    /// [`Self::learn`] for many names at once (one rebuild); names already learned are skipped.
    /// Returns how many were new.
    pub fn learn_all<'a>(
        &mut self,
        names: impl IntoIterator<Item = (&'a str, EntityKind)>,
    ) -> usize {
        self.gazetteer.learn_all(names)
    }

    /// The gazetteer (for feature extraction and tests).
    pub fn gazetteer(&self) -> &gazetteer::Gazetteer {
        &self.gazetteer
    }

    /// Recognise entities in `text` (language `lang` as BCP 47, or detected when `None`).
    pub fn recognize(&self, text: &str, lang: Option<&str>) -> Vec<Entity> {
        self.recognize_with(text, lang, &[])
    }

    /// Recognise with the user's own annotations on top: they win over every other layer, and
    /// their kinds replace whatever a recogniser said about the same characters.
    pub fn recognize_with(
        &self,
        text: &str,
        lang: Option<&str>,
        user: &[(Range<usize>, EntityKind)],
    ) -> Vec<Entity> {
        let lang = lang.or_else(|| detect_language(text));
        let opts = FoldOptions::for_language(lang);
        let folded = fold(text, &opts);
        let mut cands = Vec::new();
        for (range, kind) in user {
            let Some(slice) = text.get(range.clone()) else {
                continue;
            };
            if range.is_empty() {
                continue;
            }
            cands.push(Candidate {
                byte_range: range.clone(),
                kind: *kind,
                key: text_key(slice, &opts),
                source: Layer::User,
                confidence: 1.0,
                detail: None,
            });
        }
        cands.extend(self.rules.find(text, &folded, lang));
        let gaz = self.gazetteer.find_embedded(text, &folded, lang);
        if let Some(tagger) = &self.tagger {
            cands.extend(tagger.tag(text, &folded, &gaz));
        }
        cands.extend(gaz);
        cands.extend(self.gazetteer.find_learned(text, &folded, lang));
        merge(text, cands)
    }
}

/// Folded text as a grouping key: "text:" + the folded form with runs of spaces collapsed.
pub(crate) fn text_key(s: &str, opts: &FoldOptions) -> String {
    let f = fold(s, opts);
    let mut key = String::from("text:");
    for (i, w) in f.text.split_whitespace().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(w);
    }
    key
}

/// The precedence rank (lower wins); see the module documentation.
fn rank(c: &Candidate) -> u8 {
    match (c.source, c.kind) {
        (Layer::User, _) => 0,
        (Layer::Rule, EntityKind::Number) => 4,
        (Layer::Rule, _) => 1,
        (Layer::Gazetteer, _) => 2,
        (Layer::Tagger, _) => 3,
    }
}

/// Merge candidates into one non-overlapping list sorted by start (see the precedence above).
pub(crate) fn merge(text: &str, mut cands: Vec<Candidate>) -> Vec<Entity> {
    cands.retain(|c| {
        c.byte_range.start < c.byte_range.end && text.get(c.byte_range.clone()).is_some()
    });
    // The documented exception: tagger ORG/EVENT spans that strictly contain gazetteer LOC/NORP
    // hits are promoted above the gazetteer.
    let mut places: Vec<(usize, usize)> = cands
        .iter()
        .filter(|g| {
            g.source == Layer::Gazetteer
                && matches!(g.kind, EntityKind::Location | EntityKind::Norp)
        })
        .map(|g| (g.byte_range.start, g.byte_range.end))
        .collect();
    places.sort_unstable();
    let promoted: Vec<bool> = cands
        .iter()
        .map(|c| {
            if c.source != Layer::Tagger
                || !matches!(c.kind, EntityKind::Organization | EntityKind::Event)
            {
                return false;
            }
            let r = &c.byte_range;
            let first = places.partition_point(|p| p.0 < r.start);
            places[first..]
                .iter()
                .take_while(|p| p.0 < r.end)
                .any(|p| p.1 <= r.end && p.1 - p.0 < r.len())
        })
        .collect();
    let mut order: Vec<usize> = (0..cands.len()).collect();
    let eff_rank = |i: usize| -> u8 {
        let r = rank(&cands[i]);
        if promoted[i] {
            2
        } else if r >= 2 {
            r + 1
        } else {
            r
        }
    };
    order.sort_by(|&a, &b| {
        let (ca, cb) = (&cands[a], &cands[b]);
        eff_rank(a)
            .cmp(&eff_rank(b))
            .then(cb.byte_range.len().cmp(&ca.byte_range.len()))
            .then(ca.byte_range.start.cmp(&cb.byte_range.start))
    });
    // Accepted spans by start → end; overlap test against the neighbours.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for i in order {
        let r = &cands[i].byte_range;
        let prev_overlaps = taken
            .range(..r.end)
            .next_back()
            .is_some_and(|(_, &end)| end > r.start);
        if prev_overlaps {
            continue;
        }
        taken.insert(r.start, r.end);
        out.push(i);
    }
    out.sort_by_key(|&i| cands[i].byte_range.start);
    out.into_iter()
        .map(|i| {
            let c = &cands[i];
            Entity {
                byte_range: c.byte_range.clone(),
                kind: c.kind,
                key: c.key.clone(),
                source: c.source,
                confidence: c.confidence,
                text: text[c.byte_range.clone()].to_string(),
                detail: c.detail.clone(),
            }
        })
        .collect()
}

/// A shared recogniser built on first use, for callers that do not keep their own.
fn shared() -> &'static Recognizer {
    static SHARED: std::sync::OnceLock<Recognizer> = std::sync::OnceLock::new();
    SHARED.get_or_init(Recognizer::new)
}

/// Recognise entities in an article's text with the shared recogniser (built on first call).
/// Run it off the UI thread: the first call loads the assets.
pub fn recognize(article_text: &str, lang: Option<&str>) -> Vec<Entity> {
    shared().recognize(article_text, lang)
}

/// [`recognize`] with the user's annotations on top (see [`Recognizer::recognize_with`]).
pub fn recognize_with(
    article_text: &str,
    lang: Option<&str>,
    user: &[(Range<usize>, EntityKind)],
) -> Vec<Entity> {
    shared().recognize_with(article_text, lang, user)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(r: Range<usize>, kind: EntityKind, source: Layer) -> Candidate {
        Candidate {
            byte_range: r,
            kind,
            key: String::new(),
            source,
            confidence: 1.0,
            detail: None,
        }
    }

    #[test]
    fn merge_precedence_and_longest_first() {
        let text = "abcdefghijklmnop";
        let out = merge(
            text,
            vec![
                cand(0..4, EntityKind::Number, Layer::Rule),
                cand(2..8, EntityKind::Person, Layer::Tagger),
                cand(3..6, EntityKind::Location, Layer::Gazetteer),
                cand(5..7, EntityKind::Date, Layer::Rule),
                cand(10..12, EntityKind::Person, Layer::User),
                cand(9..14, EntityKind::Location, Layer::Gazetteer),
            ],
        );
        let got: Vec<_> = out.iter().map(|e| (e.byte_range.clone(), e.kind)).collect();
        // DATE (rank 1) beats the gazetteer LOC that overlaps it; the user span beats the
        // longer gazetteer span; NUM at 0..4 survives (nothing else covers 0..4 after the
        // tagger lost to DATE).
        assert_eq!(
            got,
            vec![
                (0..4, EntityKind::Number),
                (5..7, EntityKind::Date),
                (10..12, EntityKind::Person),
            ]
        );
    }

    #[test]
    fn tagger_org_containing_a_place_wins() {
        let text = "دانشگاه تهران";
        let out = merge(
            text,
            vec![
                cand(15..25, EntityKind::Location, Layer::Gazetteer),
                cand(0..25, EntityKind::Organization, Layer::Tagger),
            ],
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].kind, EntityKind::Organization);
    }

    #[test]
    fn boundaries_treat_zwnj_as_inside_word() {
        let t = "ایران‌خودرو";
        assert!(!at_word_boundary(t, &(0..10)));
        let t = "به ایران.";
        assert!(at_word_boundary(t, &(5..15)));
    }

    #[test]
    fn language_detection() {
        assert_eq!(detect_language("سلام به ایران و پاکستان"), Some("fa"));
        assert_eq!(detect_language("الجمهورية العربية في المدينة"), Some("ar"));
        assert_eq!(detect_language("שלום עולם"), Some("he"));
        assert_eq!(detect_language("123"), None);
    }
}
