//! Grapheme clusters, their cell widths and how they are shown (controls become placeholders).

use unicode_bidi::BidiClass;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// A break opportunity before this grapheme (UAX #14).
pub(crate) const BREAK_BEFORE: u8 = 1;
/// A mandatory break before this grapheme (after a BK/CR/LF/NL character).
pub(crate) const MANDATORY_BEFORE: u8 = 2;
/// The grapheme is whitespace that may hang at a line end without counting toward the width.
pub(crate) const SPACE: u8 = 4;
/// The grapheme is one character ([`Grapheme::first`]).
pub(crate) const SINGLE: u8 = 8;
/// [`SINGLE`] and drawn as itself ([`Kind::Text`]): the fast path of laying a line out.
pub(crate) const PLAIN: u8 = 16;
/// Its first character has bidi class ON, the only class with Bidi_Mirrored characters.
pub(crate) const MIRRORABLE: u8 = 32;

/// How a grapheme is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The text itself.
    Text,
    /// Only bidi controls / boundary-neutral characters (applied by the algorithm, not drawn).
    Hidden,
    /// Contains C0/C1 controls or DEL: drawn with visible placeholders.
    Control,
}

/// One grapheme cluster of the paragraph.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grapheme {
    pub start_byte: usize,
    /// Its first character (the whole grapheme when [`SINGLE`]), kept so drawing need not
    /// decode the text again; it fits in the struct's padding.
    pub first: char,
    /// Arabic joining type of [`Self::first`] (an index of `shape::Join`, from the property
    /// cache), for shaping one-character clusters without looking it up again.
    pub join: u8,
    pub width_col: u8,
    pub kind: Kind,
    /// [`BREAK_BEFORE`] | [`MANDATORY_BEFORE`] | [`SPACE`] | [`SINGLE`] | [`PLAIN`] |
    /// [`MIRRORABLE`].
    pub flags: u8,
}

/// Whether a character is one of the 12 bidi formatting characters (LRE…PDI, LRM/RLM/ALM).
pub(crate) fn is_bidi_control(ch: char) -> bool {
    matches!(
        ch,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Classes that rule X9 removes from the algorithm (they get no level of their own).
pub(crate) fn is_removed_by_x9(class: BidiClass) -> bool {
    use BidiClass::*;
    matches!(class, RLE | LRE | RLO | LRO | PDF | BN)
}

/// Whitespace that may hang past a line's end: not a control (those are drawn as placeholders)
/// and not a no-break space (which must not be dropped at a wrap).
pub(crate) fn is_hanging_space(ch: char) -> bool {
    ch.is_whitespace()
        && !is_terminal_control(ch)
        && !matches!(ch, '\u{A0}' | '\u{2007}' | '\u{202F}')
}

/// Whether a character must never reach the terminal as itself: C0, DEL, C1.
pub(crate) fn is_terminal_control(ch: char) -> bool {
    ch.is_control()
}

/// Visible placeholder for a terminal control character.
///
/// C0 (including TAB, ESC) → the Control Pictures block U+2400+code (TAB shows as `␉`: a tab
/// stop has no meaning inside a reordered bidi line, so a tab is one visible cell rather than
/// spaces); DEL → `␡`; C1 → U+FFFD (no control pictures exist for C1).
pub(crate) fn control_placeholder(ch: char) -> char {
    let code = u32::from(ch);
    match code {
        0..=0x1F => char::from_u32(0x2400 + code).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// Visible symbol for a bidi control when the reader asks to reveal them (Trojan Source defence).
///
/// LRE `⇢` RLE `⇠` LRO `⇥` RLO `⇤` PDF `↥` LRI `⊳` RLI `⊲` FSI `⋄` PDI `⊥` LRM `›` RLM `‹`
/// ALM `¶`-like `⁋`: one narrow cell each, distinct so a reader can tell them apart.
pub(crate) fn reveal_symbol(ch: char) -> Option<char> {
    Some(match ch {
        '\u{202A}' => '⇢',
        '\u{202B}' => '⇠',
        '\u{202D}' => '⇥',
        '\u{202E}' => '⇤',
        '\u{202C}' => '↥',
        '\u{2066}' => '⊳',
        '\u{2067}' => '⊲',
        '\u{2068}' => '⋄',
        '\u{2069}' => '⊥',
        '\u{200E}' => '›',
        '\u{200F}' => '‹',
        '\u{061C}' => '⁋',
        _ => return None,
    })
}

/// The drawable form of a grapheme containing controls: each control → its placeholder.
pub(crate) fn sanitize(g: &str) -> String {
    g.chars()
        .map(|c| {
            if is_terminal_control(c) {
                control_placeholder(c)
            } else {
                c
            }
        })
        .collect()
}

/// [`sanitize`], appended to `out`.
pub(crate) fn push_sanitized(g: &str, out: &mut String) {
    out.extend(g.chars().map(|c| {
        if is_terminal_control(c) {
            control_placeholder(c)
        } else {
            c
        }
    }));
}

/// Whether `ch` has Grapheme_Cluster_Break=Other, is not Extended_Pictographic and has
/// Indic_Conjunct_Break=None: between two such characters there is always a grapheme boundary
/// (UAX #29 GB999), and none of them carries context into the rules after it. A conservative
/// subset: printable ASCII and the Arabic-script letters, digits and punctuation.
pub(crate) fn is_simple(ch: char) -> bool {
    matches!(
        ch,
        ' '..='~'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{060C}'..='\u{060F}'
            | '\u{061B}'
            | '\u{061D}'..='\u{064A}'
            | '\u{0660}'..='\u{066F}'
            | '\u{0671}'..='\u{06D5}'
            | '\u{06EE}'..='\u{06FF}'
    )
}

/// Segment `text` into graphemes with widths, kinds and break flags.
///
/// `classes` holds the original bidi class of the character starting at each byte.
#[cfg(test)]
pub(crate) fn analyze_graphemes(text: &str) -> Vec<Grapheme> {
    let mut out = Vec::new();
    analyze_graphemes_into(text, &mut Vec::new(), &mut out);
    out
}

/// What the grapheme pass learnt about the paragraph on the way.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Summary {
    /// Bit `c as u32` is set when some character has bidi class `c`.
    pub class_mask: u32,
    /// Some cluster starts with a character that rule X9 removes.
    pub removed_start: bool,
}

impl Summary {
    /// Whether some character has bidi class `class`.
    pub fn has(&self, class: BidiClass) -> bool {
        self.class_mask & (1 << class as u32) != 0
    }
}

/// Record the bidi class of the character `ch` at `byte` (on each of its bytes, as
/// `unicode-bidi` lays its classes out).
#[inline]
fn set_class(classes: &mut [BidiClass], mask: &mut u32, byte: usize, ch: char, class: BidiClass) {
    *mask |= 1 << class as u32;
    // Written out: a loop here became a `memset` call per character.
    let len = ch.len_utf8();
    classes[byte] = class;
    if len > 1 {
        classes[byte + 1] = class;
        if len > 2 {
            classes[byte + 2] = class;
            if len > 3 {
                classes[byte + 3] = class;
            }
        }
    }
}

/// Segment `text` into graphemes (into `out`) with widths, kinds and break flags, and fill
/// `classes` with the original bidi class at each byte: one pass over the characters for both.
///
/// With the property cache, a simple character followed by a simple character is a
/// one-character cluster whose width and whitespace flag come straight from the cache (most of
/// an Arabic-script or Latin text); the stretches around other characters go through the
/// segmenter. A boundary between two simple characters resets every rule's context, so
/// segmenting a stretch alone gives the same clusters as segmenting the whole text.
pub(crate) fn analyze_graphemes_into(
    text: &str,
    classes: &mut Vec<BidiClass>,
    out: &mut Vec<Grapheme>,
) -> Summary {
    out.clear();
    out.reserve(text.len() / 2 + 1);
    classes.clear();
    classes.resize(text.len(), BidiClass::L);
    let mut summary = Summary::default();
    let mut any_fix = false;
    let mut chars = text.char_indices();
    let mut cur = chars.next().map(|(b, c)| (b, c, super::props::of(c)));
    while let Some((start_byte, first, props)) = cur {
        let class = props.class();
        set_class(classes, &mut summary.class_mask, start_byte, first, class);
        let next = chars.next().map(|(b, c)| (b, c, super::props::of(c)));
        if props.is_simple() && next.is_none_or(|(_, _, p)| p.is_simple()) {
            let mut flags = SINGLE | PLAIN;
            if props.is_hanging_space() {
                flags |= SPACE;
            }
            if class == BidiClass::ON {
                flags |= MIRRORABLE;
            }
            out.push(Grapheme {
                start_byte,
                first,
                join: props.join_index(),
                width_col: props.width_col(),
                kind: Kind::Text,
                flags,
            });
            cur = next;
            continue;
        }
        // A stretch up to the next boundary between two simple characters (or the end).
        any_fix |= props.needs_line_break_fix();
        let mut prev_simple = props.is_simple();
        let mut after = next;
        let end = loop {
            match after {
                None => break text.len(),
                Some((byte, ch, p)) => {
                    if p.is_simple() && prev_simple {
                        break byte;
                    }
                    set_class(classes, &mut summary.class_mask, byte, ch, p.class());
                    any_fix |= p.needs_line_break_fix();
                    prev_simple = p.is_simple();
                    after = chars.next().map(|(b, c)| (b, c, super::props::of(c)));
                }
            }
        };
        for (off, g) in text[start_byte..end].grapheme_indices(true) {
            let g = slow_grapheme(start_byte + off, g, classes);
            summary.removed_start |= is_removed_by_x9(classes[g.start_byte]);
            out.push(g);
        }
        cur = after;
    }
    // UAX #14 opportunities, kept only at grapheme boundaries (a break inside a cluster would
    // separate a mark from its base).
    let mut gi = 0;
    let mut mark = |byte: usize, mandatory: bool| {
        while gi < out.len() && out[gi].start_byte < byte {
            gi += 1;
        }
        if gi < out.len() && out[gi].start_byte == byte {
            out[gi].flags |= BREAK_BEFORE;
            if mandatory {
                out[gi].flags |= MANDATORY_BEFORE;
            }
        }
    };
    if any_fix {
        for (byte, mandatory) in super::wrap::break_opportunities(text) {
            mark(byte, mandatory);
        }
    } else {
        // No character the corrections look at: the crate's answers stand, no list needed.
        for (byte, op) in unicode_linebreak::linebreaks(text) {
            mark(byte, op == unicode_linebreak::BreakOpportunity::Mandatory);
        }
    }
    summary
}

/// A cluster from the segmenter: kind (controls, hidden bidi controls), width, whitespace.
fn slow_grapheme(start_byte: usize, g: &str, classes: &[BidiClass]) -> Grapheme {
    let mut hidden = true;
    let mut control = false;
    for (off, ch) in g.char_indices() {
        let class = classes
            .get(start_byte + off)
            .copied()
            .unwrap_or(BidiClass::L);
        if is_terminal_control(ch) {
            control = true;
        }
        if !(is_bidi_control(ch) || is_removed_by_x9(class)) || is_terminal_control(ch) {
            hidden = false;
        }
    }
    let first = g.chars().next().unwrap_or(' ');
    let (kind, width) = if control {
        (Kind::Control, sanitize(g).width())
    } else if hidden {
        (Kind::Hidden, 0)
    } else {
        // Most clusters are one character: the per-char table is cheaper.
        let width = if first.len_utf8() == g.len() {
            unicode_width::UnicodeWidthChar::width(first).unwrap_or(0)
        } else {
            g.width()
        };
        (Kind::Text, width)
    };
    let mut flags = if is_hanging_space(first) { SPACE } else { 0 };
    if first.len_utf8() == g.len() {
        flags |= SINGLE;
        if kind == Kind::Text {
            flags |= PLAIN;
        }
    }
    if classes.get(start_byte) == Some(&BidiClass::ON) {
        flags |= MIRRORABLE;
    }
    Grapheme {
        start_byte,
        first,
        join: super::props::of(first).join_index(),
        width_col: u8::try_from(width.min(2)).unwrap_or(2),
        kind,
        flags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cluster starts from [`analyze_graphemes`].
    fn starts(s: &str) -> Vec<usize> {
        analyze_graphemes(s).iter().map(|g| g.start_byte).collect()
    }

    fn segmenter_starts(s: &str) -> Vec<usize> {
        s.grapheme_indices(true).map(|(b, _)| b).collect()
    }

    /// The shortcut must give exactly the segmenter's clusters, on mixed text with marks,
    /// ZWNJ/ZWJ, controls, emoji sequences, regional indicators, Hangul and Indic conjuncts.
    #[test]
    fn fast_graphemes_match_the_segmenter() {
        let samples = [
            "",
            "a",
            "ab",
            "a\u{301}",
            "سلام دنیا",
            "می\u{200C}خواهم",
            "بِسْمِ اللّٰه",
            "a\r\nb\rc\n",
            "\u{0600}\u{0661}x",
            "x\u{06DD}\u{0661}",
            "👨\u{200D}👩\u{200D}👧 a🇮🇷🇮🇷🇮b",
            "ab👍🏽c",
            "क्षत्रिय a क्\u{200D}ष",
            "한국어 각",
            "a\u{200D}b\u{200C}c\u{061C}d\u{202B}e\u{202C}",
            "«سلام» (۱۲۳) a-b, c؛ d؟",
            "\t\u{7}x\u{1B}[2J",
            "ab\u{0300}\u{0301}c\u{0670}",
        ];
        for s in samples {
            assert_eq!(starts(s), segmenter_starts(s), "{s:?}");
        }
        // Every pair and triple of a set of interesting characters.
        let chars = [
            'a',
            ' ',
            'س',
            '\u{064E}',
            '\u{200C}',
            '\u{200D}',
            '\r',
            '\n',
            '\u{0600}',
            '👍',
            '\u{1F3FD}',
            '🇮',
            'क',
            '\u{094D}',
            'ᄀ',
            'ᅡ',
            '\u{0903}',
            '\u{061C}',
        ];
        for &a in &chars {
            for &b in &chars {
                for &c in &chars {
                    let s: String = [a, b, c, 'x', a].iter().collect();
                    assert_eq!(starts(&s), segmenter_starts(&s), "{s:?}");
                }
            }
        }
    }
}
