//! Arabic shaping fallback for terminals that do not join letters, and the decision whether a
//! terminal needs it.
//!
//! Letters become Arabic Presentation Forms (U+FB50–FDFF, U+FE70–FEFF) in logical order before
//! reordering, as fribidi does; lam + alef becomes one ligature cell. Presentation forms are
//! display-only: never stored, searched or exported.
//!
//! Data: joining types from `unicode-joining-type` (Unicode's ArabicShaping.txt), the four forms
//! of each letter from `ar-reshaper`'s letter table. The joining algorithm itself is here
//! because `ar-reshaper` only maps whole strings (no per-character positions, which the cells
//! need) and deletes harakat by default.

use ar_reshaper::form::Forms;
use unicode_joining_type::{JoiningType, get_joining_type};

/// First code point of the direct table: U+0600–U+08FF (Arabic, Arabic Supplement,
/// Extended-A/B) holds all but a few of the letters.
const DIRECT_FIRST: u32 = 0x0600;
const DIRECT_LEN: usize = 0x0300;
const LETTERS: &[(char, Forms)] = &ar_reshaper::letters::letters_db::LETTERS_ARABIC;

/// `ar-reshaper`'s letter table indexed by code point, built at compile time (a hash lookup per
/// character was once the hottest spot of `matn render`).
static DIRECT: [Option<Forms>; DIRECT_LEN] = {
    let mut table = [None; DIRECT_LEN];
    let mut i = 0;
    while i < LETTERS.len() {
        let (ch, forms) = LETTERS[i];
        let offset = (ch as u32).wrapping_sub(DIRECT_FIRST) as usize;
        if offset < DIRECT_LEN {
            table[offset] = Some(forms);
        }
        i += 1;
    }
    table
};

/// The few letters of the table outside the direct range (ZWJ).
static OTHER: [(char, Forms); count_other()] = {
    let mut out = [('\0', Forms::new('\0', '\0', '\0', '\0')); count_other()];
    let (mut i, mut n) = (0, 0);
    while i < LETTERS.len() {
        if (LETTERS[i].0 as u32).wrapping_sub(DIRECT_FIRST) as usize >= DIRECT_LEN {
            out[n] = LETTERS[i];
            n += 1;
        }
        i += 1;
    }
    out
};

const fn count_other() -> usize {
    let (mut i, mut n) = (0, 0);
    while i < LETTERS.len() {
        if (LETTERS[i].0 as u32).wrapping_sub(DIRECT_FIRST) as usize >= DIRECT_LEN {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The form a letter takes in each joining context, indexed by `joined_before * 2 +
/// joined_after`; `'\0'` where it stays as it is. UAX #9's fallbacks (medial → final, any →
/// isolated) are applied here, once, at compile time.
type Contexts = [char; 4];

const fn contexts(ch: char, f: Forms) -> Contexts {
    const fn pick(c: char) -> Option<char> {
        if c == '\0' { None } else { Some(c) }
    }
    const fn or(a: Option<char>, b: Option<char>) -> Option<char> {
        match a {
            Some(_) => a,
            None => b,
        }
    }
    let iso = pick(f.isolated);
    let by_context = [
        iso,
        or(pick(f.initial), iso),
        or(pick(f.end), iso),
        or(or(pick(f.medial), pick(f.end)), iso),
    ];
    let mut out = ['\0'; 4];
    let mut k = 0;
    while k < 4 {
        if let Some(c) = by_context[k]
            && c != ch
        {
            out[k] = c;
        }
        k += 1;
    }
    out
}

/// [`contexts`] of the letters in the direct range, by code point.
static DIRECT_CONTEXTS: [Option<Contexts>; DIRECT_LEN] = {
    let mut table = [None; DIRECT_LEN];
    let mut i = 0;
    while i < DIRECT_LEN {
        // U+0600–U+08FF are all chars (no surrogates), so `from_u32` always answers.
        if let Some(f) = DIRECT[i]
            && let Some(ch) = char::from_u32(DIRECT_FIRST + i as u32)
        {
            table[i] = Some(contexts(ch, f));
        }
        i += 1;
    }
    table
};

/// [`contexts`] of the few letters outside the direct range.
static OTHER_CONTEXTS: [(char, Contexts); count_other()] = {
    let mut out = [('\0', ['\0'; 4]); count_other()];
    let mut i = 0;
    while i < OTHER.len() {
        out[i] = (OTHER[i].0, contexts(OTHER[i].0, OTHER[i].1));
        i += 1;
    }
    out
};

/// The joining-context forms of `ch`, if it is a letter of the table.
#[inline]
fn contexts_of(ch: char) -> Option<&'static Contexts> {
    match DIRECT_CONTEXTS.get(u32::from(ch).wrapping_sub(DIRECT_FIRST) as usize) {
        Some(direct) => direct.as_ref(),
        None => OTHER_CONTEXTS
            .iter()
            .find(|(c, _)| *c == ch)
            .map(|(_, k)| k),
    }
}

/// The presentation forms of a letter, if the table has it.
#[inline]
fn forms(ch: char) -> Option<&'static Forms> {
    match DIRECT.get(u32::from(ch).wrapping_sub(DIRECT_FIRST) as usize) {
        Some(direct) => direct.as_ref(),
        None => OTHER.iter().find(|(c, _)| *c == ch).map(|(_, f)| f),
    }
}

/// Joining behaviour of a character for the shaping pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// Breaks joining (ZWNJ, spaces, Latin, letters without presentation forms).
    None,
    /// Joins only to the previous letter (right-joining, e.g. alef, dal, waw).
    Prev,
    /// Joins on both sides (beh, seen, yeh …).
    Dual,
    /// Joins on its left only (rare).
    Next,
    /// Causes joining on both sides without changing shape (ZWJ, tatweel).
    Causing,
    /// Skipped when looking for neighbours (harakat, other marks, most format characters).
    Transparent,
}

/// [`Join`] values by index, as packed in the layout's property cache.
const JOINS: [Join; 6] = [
    Join::None,
    Join::Prev,
    Join::Dual,
    Join::Next,
    Join::Causing,
    Join::Transparent,
];

/// The joining behaviour of `ch` as an index into [`JOINS`], computed from the tables (the
/// property cache stores it; [`shape`] reads it from there).
pub(crate) fn join_index_uncached(ch: char) -> u8 {
    let j = join_of(ch);
    JOINS.iter().position(|&x| x == j).unwrap_or(0) as u8
}

/// The joining behaviour of `ch`, through the property cache.
fn join_cached(ch: char) -> Join {
    JOINS
        .get(usize::from(super::props::of(ch).join_index()))
        .copied()
        .unwrap_or(Join::None)
}

fn join_of(ch: char) -> Join {
    match get_joining_type(ch) {
        JoiningType::Transparent => Join::Transparent,
        JoiningType::JoinCausing => Join::Causing,
        JoiningType::NonJoining => Join::None,
        jt => {
            // Only letters we can draw in joined forms may join; otherwise a neighbour would
            // join to an unshaped letter.
            let Some(f) = forms(ch) else {
                return Join::None;
            };
            let can_prev =
                f.end != '\0' && matches!(jt, JoiningType::DualJoining | JoiningType::RightJoining);
            let can_next = (f.initial != '\0' || f.medial != '\0')
                && matches!(jt, JoiningType::DualJoining | JoiningType::LeftJoining);
            match (can_prev, can_next) {
                (true, true) => Join::Dual,
                (true, false) => Join::Prev,
                (false, true) => Join::Next,
                (false, false) => Join::None,
            }
        }
    }
}

fn joins_forward(j: Join) -> bool {
    matches!(j, Join::Dual | Join::Next | Join::Causing)
}

fn joins_backward(j: Join) -> bool {
    matches!(j, Join::Dual | Join::Prev | Join::Causing)
}

/// The lam-alef ligature for lam followed by `alef`: (isolated, final).
fn lam_alef(alef: char) -> Option<(char, char)> {
    Some(match alef {
        '\u{0622}' => ('\u{FEF5}', '\u{FEF6}'),
        '\u{0623}' => ('\u{FEF7}', '\u{FEF8}'),
        '\u{0625}' => ('\u{FEF9}', '\u{FEFA}'),
        '\u{0627}' => ('\u{FEFB}', '\u{FEFC}'),
        _ => return None,
    })
}

/// The shaped form of one character in logical order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shaped {
    /// Draw this presentation form instead of the character.
    Form(char),
    /// A lam that forms a ligature with the alef right after it: draw this ligature, and the
    /// alef is absorbed.
    Ligature(char),
    /// An alef absorbed into the preceding lam.
    Absorbed,
}

use super::grapheme::{Grapheme, SINGLE};

/// The presentation forms of a paragraph, by grapheme: O(1) to look up while laying out.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shaping {
    /// Per grapheme of one character: how that character changes.
    single: Vec<Option<Shaped>>,
    /// Characters of graphemes of several characters that change: (byte, shaped), by byte.
    multi: Vec<(usize, Shaped)>,
}

impl Shaping {
    /// How the character at `byte`, in grapheme `gi` (= `g`), changes.
    #[inline]
    pub(crate) fn at(&self, gi: usize, g: &Grapheme, byte: usize) -> Option<Shaped> {
        if g.flags & SINGLE != 0 {
            self.single.get(gi).copied().flatten()
        } else {
            self.multi
                .binary_search_by_key(&byte, |&(b, _)| b)
                .ok()
                .map(|i| self.multi[i].1)
        }
    }
}

/// Where a shaped character's form is recorded.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Single(usize),
    Multi(usize),
}

/// A letter whose form waits for its next non-transparent neighbour.
#[derive(Debug, Clone, Copy)]
struct Pending {
    slot: Slot,
    contexts: &'static Contexts,
    is_lam: bool,
    /// The previous non-transparent character joins toward this one, and it can join back.
    joined_before: bool,
    /// It can join toward the next character (joins forward and is not join-causing).
    can_join_after: bool,
    /// Byte just after the letter (to see whether an alef follows immediately).
    end_byte: usize,
}

/// Shape a paragraph in logical order: for every character that changes, its presentation
/// form (or ligature); everything else is drawn as is. One pass, linear in the text length: a
/// letter's form is decided when the next non-transparent character is seen. One-character
/// clusters carry their character and joining type, so only the others are decoded again.
pub(crate) fn shape_graphemes(text: &str, graphemes: &[Grapheme]) -> Shaping {
    let mut out = Shaping {
        single: vec![None; graphemes.len()],
        multi: Vec::new(),
    };
    let mut shaper = Shaper {
        out: &mut out,
        pending: None,
        last_joins_forward: false,
    };
    for (gi, g) in graphemes.iter().enumerate() {
        if g.flags & SINGLE != 0 {
            let join = JOINS
                .get(usize::from(g.join))
                .copied()
                .unwrap_or(Join::None);
            let end_byte = g.start_byte + g.first.len_utf8();
            shaper.feed(Slot::Single(gi), end_byte, g.first, join);
        } else {
            let end = graphemes.get(gi + 1).map_or(text.len(), |n| n.start_byte);
            for (off, ch) in text[g.start_byte..end].char_indices() {
                let byte = g.start_byte + off;
                shaper.feed(Slot::Multi(byte), byte + ch.len_utf8(), ch, join_cached(ch));
            }
        }
    }
    shaper.end();
    out
}

/// The joining pass, fed one character at a time in logical order.
struct Shaper<'a> {
    out: &'a mut Shaping,
    pending: Option<Pending>,
    /// The last non-transparent character joins toward the next one.
    last_joins_forward: bool,
}

impl Shaper<'_> {
    fn put(&mut self, slot: Slot, shaped: Shaped) {
        match slot {
            Slot::Single(gi) => self.out.single[gi] = Some(shaped),
            Slot::Multi(byte) => self.out.multi.push((byte, shaped)),
        }
    }

    #[inline(always)]
    fn feed(&mut self, slot: Slot, end_byte: usize, ch: char, join: Join) {
        if join == Join::Transparent {
            return;
        }
        let joins_back = joins_backward(join);
        if let Some(p) = self.pending.take() {
            // Lam right before an alef (nothing between): one ligature cell.
            if p.is_lam
                && end_byte == p.end_byte + ch.len_utf8()
                && let Some((iso, fin)) = lam_alef(ch)
            {
                self.put(
                    p.slot,
                    Shaped::Ligature(if p.joined_before { fin } else { iso }),
                );
                self.put(slot, Shaped::Absorbed);
                self.last_joins_forward = joins_forward(join);
                return;
            }
            let joined_after = p.can_join_after && joins_back;
            let form = p.contexts[usize::from(p.joined_before) * 2 + usize::from(joined_after)];
            if form != '\0' {
                self.put(p.slot, Shaped::Form(form));
            }
        }
        if let Some(contexts) = contexts_of(ch) {
            self.pending = Some(Pending {
                slot,
                contexts,
                is_lam: ch == '\u{0644}',
                joined_before: joins_back && self.last_joins_forward,
                can_join_after: joins_forward(join) && join != Join::Causing,
                end_byte,
            });
        }
        self.last_joins_forward = joins_forward(join);
    }

    fn end(mut self) {
        if let Some(p) = self.pending.take() {
            let form = p.contexts[usize::from(p.joined_before) * 2];
            if form != '\0' {
                self.put(p.slot, Shaped::Form(form));
            }
        }
    }
}

/// Whether matn should shape Arabic itself for the terminal described by `var` (an environment
/// lookup: pass `|k| std::env::var(k).ok()`). Pure, so it is testable; used by `matn render
/// --shape auto` and the TUI.
///
/// | evidence (first match wins)                       | terminal            | shapes Arabic? | matn shapes |
/// |---------------------------------------------------|---------------------|----------------|-------------|
/// | `MATN_SHAPE=on` / `off`                           | user override       | —              | as told     |
/// | `TMUX` set, or `TERM` = `screen*`/`tmux*`          | tmux / screen       | no (cell grid) | yes         |
/// | `VTE_VERSION` ≥ 5800                              | GNOME Terminal, Tilix … (VTE ≥ 0.58) | yes | no |
/// | `VTE_VERSION` < 5800                              | old VTE             | no             | yes         |
/// | `KONSOLE_VERSION` set                             | Konsole             | yes            | no          |
/// | `MLTERM` set or `TERM` = `mlterm*`                | mlterm              | yes            | no          |
/// | `TERM_PROGRAM` = `iTerm.app`, `Apple_Terminal`, `WezTerm`, `mintty` | CoreText / HarfBuzz terminals | yes | no |
/// | `TERM` = `mintty`                                 | mintty              | yes            | no          |
/// | anything else (xterm, alacritty, kitty, foot, st, Windows Terminal, linux console, unknown) | | no | yes |
///
/// Unknown terminals get shaping: presentation forms still read correctly on a terminal that
/// shapes, while unshaped letters on one that does not are hard to read.
pub fn terminal_needs_shaping(var: impl Fn(&str) -> Option<String>) -> bool {
    if let Some(v) = var("MATN_SHAPE") {
        match v.as_str() {
            "on" | "1" | "yes" => return true,
            "off" | "0" | "no" => return false,
            _ => {}
        }
    }
    let term = var("TERM").unwrap_or_default();
    if var("TMUX").is_some() || term.starts_with("screen") || term.starts_with("tmux") {
        return true;
    }
    if let Some(vte) = var("VTE_VERSION") {
        return vte.trim().parse::<u32>().map_or(true, |v| v < 5800);
    }
    if var("KONSOLE_VERSION").is_some() || var("MLTERM").is_some() || term.starts_with("mlterm") {
        return false;
    }
    if let Some(program) = var("TERM_PROGRAM")
        && matches!(
            program.as_str(),
            "iTerm.app" | "Apple_Terminal" | "WezTerm" | "mintty"
        )
    {
        return false;
    }
    term != "mintty"
}
