//! UAX #9 level resolution for the common paragraph: one without explicit formatting characters.
//!
//! Why: `unicode_bidi::ParagraphBidiInfo::new` costs ~500 instructions per character (class
//! lookup by binary search, per-byte passes, allocations per paragraph), over a quarter of
//! `matn render` on Persian text. A paragraph without LRE RLE LRO RLO PDF LRI RLI FSI PDI is a
//! single level run and a single isolating run sequence (X1–X10 are trivial: every character
//! gets the paragraph level, sos = eos = the paragraph direction), so only W1–W7, N0–N2 and
//! I1–I2 remain. [`resolve_simple`] does those in three linear passes over per-`char` buffers
//! kept in a [`BidiScratch`] (W1–W7 with BD16 pairing, N0, then N1–I2), ~60 instructions a
//! char on Persian text; paragraphs with explicit formatting characters still go through
//! unicode-bidi. The classes come from the layout's property cache (`props`), filled in the
//! same pass that finds the graphemes.
//!
//! The result must equal unicode-bidi 0.3.18's level for level, byte for byte (the fallback and
//! the conformance suites depend on it), so the passes replicate its exact behaviour, including
//! its treatment of BN (Boundary Neutral, e.g. ZWNJ) under "Retaining BNs and Explicit
//! Formatting Characters" — see the comments in `resolve_weak` and `resolve_brackets`. The
//! property tests at the bottom compare both on random text.
//!
//! Index units: `byte` = byte offset into the paragraph text; `char` (variables `ci`, `cj`) =
//! index of a character (code point) in the paragraph, the unit of the scratch buffers.

use std::cell::RefCell;

use unicode_bidi::{BidiClass, BidiDataSource, HardcodedBidiData};

use BidiClass::{
    AL, AN, B, BN, CS, EN, ES, ET, FSI, L, LRE, LRI, LRO, NSM, ON, PDF, PDI, R, RLE, RLI, RLO, S,
    WS,
};

/// UAX #9 BD2 `max_depth`: deeper paragraph levels are left to unicode-bidi.
const MAX_DEPTH: u8 = 125;

/// BD16: the bracket stack holds at most 63 openings; at the 64th, pairing stops.
const BRACKET_STACK_MAX: usize = 63;

/// Reusable buffers of [`resolve_simple`] (no allocation per paragraph once warm).
#[derive(Debug, Default)]
pub(crate) struct BidiScratch {
    /// Processing class, per char: after W1–W7 (W7 already applied), then N0.
    class: Vec<BidiClass>,
    /// Byte offset of each char (paragraphs above 4 GiB go to unicode-bidi).
    char_byte: Vec<u32>,
    /// BD16 stack of opening brackets.
    stack: Vec<Opening>,
    /// BD16 bracket pairs.
    pairs: Vec<Pair>,
    /// Byte offsets of the BN chars, in order.
    bn_bytes: Vec<usize>,
}

/// An opening bracket on the BD16 stack.
#[derive(Debug, Clone, Copy)]
struct Opening {
    /// Its `Bidi_Paired_Bracket` opening form, canonical equivalents folded.
    bracket: char,
    char: usize,
}

/// A BD16 bracket pair: the chars of both brackets.
#[derive(Debug, Clone, Copy)]
struct Pair {
    open_char: usize,
    close_char: usize,
}

impl BidiScratch {
    /// Buffers sized for paragraphs above this many bytes are freed after use, so one huge
    /// paragraph does not pin megabytes for the rest of the program.
    const KEEP_BYTES: usize = 1 << 18;

    fn trim(&mut self) {
        if self.class.capacity() > Self::KEEP_BYTES {
            *self = Self::default();
        }
    }
}

thread_local! {
    /// The scratch buffers of [`resolve_simple_tls`], one set per thread.
    static SCRATCH: RefCell<BidiScratch> = RefCell::new(BidiScratch::default());
}

/// [`resolve_simple`] with this thread's scratch buffers (a `thread_local`), so callers such as
/// `analyze` need not carry one.
pub(crate) fn resolve_simple_tls(
    text: &str,
    classes: &[BidiClass],
    para_level: u8,
    levels: &mut Vec<u8>,
) -> bool {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            let done = resolve_simple(text, classes, para_level, levels, &mut scratch);
            scratch.trim();
            done
        }
        // Not reachable today (no re-entrancy); a fresh scratch is still correct.
        Err(_) => resolve_simple(
            text,
            classes,
            para_level,
            levels,
            &mut BidiScratch::default(),
        ),
    })
}

/// BidiBrackets.txt through unicode-bidi (`Bidi_Paired_Bracket`, canonical equivalents folded:
/// U+2329/U+232A pair with U+3008/U+3009): (normalised opening bracket, is opening). unicode-bidi
/// scans its whole pair table for every call, so code points that hold no bracket (checked
/// against that table over all of Unicode by a test) answer without asking.
#[inline]
fn bracket(ch: char) -> Option<(char, bool)> {
    let cp = ch as u32;
    let candidate = if cp < 0x80 {
        matches!(ch, '(' | ')' | '[' | ']' | '{' | '}')
    } else {
        cp >= 0x0F3A && !(0x2000..0x2045).contains(&cp)
    };
    if !candidate {
        return None;
    }
    HardcodedBidiData
        .bidi_matched_opening_bracket(ch)
        .map(|m| (m.opening, m.is_open))
}

/// UAX #9 resolved levels (X1–X10 trivially, W1–W7, N0–N2, I1–I2) of a paragraph that contains
/// no explicit formatting characters (LRE RLE LRO RLO PDF LRI RLI FSI PDI): the whole paragraph
/// is one isolating run sequence with sos = eos = the paragraph direction.
///
/// `classes` = original bidi class of the char starting at each byte (the layout of
/// unicode-bidi's `original_classes`, as the grapheme pass fills them). Writes `levels` per byte exactly
/// as `ParagraphBidiInfo::new(text, Some(level)).levels` would, X9-removed chars (BN) included:
/// the rules ignore them (X9), and they then take the level of the char before them (the
/// paragraph level at the start), as unicode-bidi gives them.
///
/// Returns false, with `levels` unspecified, when the paragraph has explicit formatting
/// characters (or a `para_level` above 125, or `classes` not matching `text`, or 4 GiB of
/// text): the caller then uses unicode-bidi. Time and extra memory are linear in the text
/// length.
pub(crate) fn resolve_simple(
    text: &str,
    classes: &[BidiClass],
    para_level: u8,
    levels: &mut Vec<u8>,
    scratch: &mut BidiScratch,
) -> bool {
    if para_level > MAX_DEPTH || classes.len() != text.len() || u32::try_from(text.len()).is_err() {
        return false;
    }
    let bytes = text.as_bytes();
    levels.clear();
    levels.resize(text.len(), para_level);
    // X10: sos and eos are both the paragraph direction; so is e (N0, N1/N2).
    let e = if para_level % 2 == 1 { R } else { L };
    let Some(any_rtl) = resolve_weak(text, classes, e, scratch) else {
        return false;
    };
    // unicode-bidi's "pure LTR" shortcut (level 0, no R/AL/AN): everything stays at 0, which is
    // also what N0–I2 would give.
    if para_level == 0 && !any_rtl {
        return true;
    }
    resolve_brackets(classes, e, scratch);
    resolve_neutrals_and_levels(bytes, para_level, e, scratch, levels);
    true
}

/// Bytes of the UTF-8 sequence that starts with each byte (only asked of char boundaries).
const UTF8_LEN: [u8; 256] = {
    let mut table = [1u8; 256];
    let mut lead = 0xC0;
    while lead < 256 {
        table[lead] = if lead < 0xE0 {
            2
        } else if lead < 0xF0 {
            3
        } else {
            4
        };
        lead += 1;
    }
    table
};

/// Bytes of the char starting at `byte`.
#[inline]
fn char_len(bytes: &[u8], byte: usize) -> usize {
    usize::from(UTF8_LEN[usize::from(bytes[byte])])
}

/// The W1–W7 state carried from one char to the next (BNs skipped).
#[derive(Debug, Clone, Copy)]
struct WeakState {
    /// W1: the class of the previous char after W1.
    prev_w1: BidiClass,
    /// W4: the class of the previous char before W4–W6.
    prev_w4: BidiClass,
    /// W5: the class of the previous char after W4–W6 (before W7).
    prev_w5: BidiClass,
    /// W2: whether the last strong char (before W3) was AL.
    last_strong_al: bool,
    /// W7: whether the last strong char (after W1–W6) was L.
    last_strong_l: bool,
}

/// W1–W7 in one forward sweep, filling `scratch.class` (one processing class per char),
/// `scratch.pairs` (BD16: brackets are ON, which W1–W7 never change, so they can be paired
/// here) and `scratch.bn_bytes`. Returns None on an explicit formatting character, else whether
/// an R, AL or AN occurs.
///
/// The state machine is unicode-bidi's `resolve_weak`, run per char instead of per byte (the
/// bytes of a multi-byte char gave identical answers there), with W7 fused in: the last strong
/// class cannot change between an EN and the ETs that W5 turns into EN before it. Runs of the
/// classes no weak rule changes (L, R, AL, WS, S, B, non-bracket ON, BN) go through a tight
/// loop; the state after such a run depends only on its last char and its last strong char.
fn resolve_weak(
    text: &str,
    classes: &[BidiClass],
    e: BidiClass,
    scratch: &mut BidiScratch,
) -> Option<bool> {
    let bytes = text.as_bytes();
    let BidiScratch {
        class,
        char_byte,
        stack,
        pairs,
        bn_bytes,
    } = scratch;
    // Sized for the worst case (one char per byte), cut to the char count at the end; indexing
    // a slice keeps the length out of memory in the hot loop.
    class.clear();
    class.resize(text.len(), BN);
    let cls = &mut class[..];
    char_byte.clear();
    char_byte.resize(text.len(), 0);
    let offsets = &mut char_byte[..];
    stack.clear();
    pairs.clear();
    bn_bytes.clear();
    let mut any_rtl = false;
    let mut bd16_on = true;
    let mut st = WeakState {
        prev_w1: e,
        prev_w4: e,
        prev_w5: e,
        last_strong_al: false,
        last_strong_l: e == L,
    };
    // W5/W6: the pending run of ETs (and BNs among and just before them), as chars
    // `et_start..et_end`; it becomes EN next to an EN, else ON.
    let mut et_start: Option<usize> = None;
    let mut et_end = 0;
    let mut ci = 0;
    let mut byte = 0;
    loop {
        // The tight loop: what no weak rule changes (AL becomes R by W3).
        let mut last = None;
        let mut last_strong = None;
        while byte < bytes.len() {
            let k = classes[byte];
            // The caller checked that the text fits in u32.
            offsets[ci] = byte as u32;
            match k {
                L => {
                    cls[ci] = L;
                    last = Some(L);
                    last_strong = Some(L);
                }
                R | AL => {
                    cls[ci] = R;
                    last = Some(k);
                    last_strong = Some(k);
                    any_rtl = true;
                }
                WS | S | B => {
                    cls[ci] = k;
                    last = Some(k);
                }
                ON if !bd16_on || bracket_at(text, byte).is_none() => {
                    cls[ci] = ON;
                    last = Some(ON);
                }
                // X9: BN is invisible to the rules.
                BN => bn_bytes.push(byte),
                _ => break,
            }
            ci += 1;
            byte += char_len(bytes, byte);
        }
        if let Some(k) = last {
            // What the general path below would have left.
            st.prev_w1 = k;
            st.prev_w4 = if k == AL { R } else { k };
            st.prev_w5 = st.prev_w4;
            if let Some(strong) = last_strong {
                st.last_strong_al = strong == AL;
                st.last_strong_l = strong == L;
            }
            // W6: pending ETs not next to an EN become ON.
            if let Some(start) = et_start.take() {
                cls[start..et_end].fill(ON);
            }
        }
        if byte >= bytes.len() {
            break;
        }
        // The general path: NSM, EN, AN, ES, CS, ET, brackets.
        let at_byte = byte;
        let original = classes[at_byte];
        offsets[ci] = at_byte as u32;
        byte += char_len(bytes, at_byte);
        let mut k = original;
        match k {
            LRE | RLE | LRO | RLO | PDF | LRI | RLI | FSI | PDI => return None,
            AN => any_rtl = true,
            // W1: NSM takes the class of the previous char (no isolate initiators here).
            NSM => k = st.prev_w1,
            _ => {}
        }
        st.prev_w1 = k;
        let before_w2 = k;
        // W2, W3.
        if k == EN {
            if st.last_strong_al {
                k = AN;
            }
        } else if k == AL {
            k = R;
        }
        match before_w2 {
            L | R => st.last_strong_al = false,
            AL => st.last_strong_al = true,
            _ => {}
        }
        let before_w4 = k;
        // unicode-bidi turns the BNs right after a separator that W6 made ON into ON, and then
        // processes them as ON chars.
        let mut bns_after_are_on = false;
        match k {
            // W5: ETs next to an EN become EN (W7 may then make them L).
            EN => {
                if let Some(start) = et_start.take() {
                    let to = if st.last_strong_l { L } else { EN };
                    cls[start..et_end].fill(to);
                }
            }
            // W4, and W6 for separators.
            ES | CS => {
                // The next char the rules see (still its original class), else eos.
                let mut next = e;
                let mut next_byte = byte;
                while next_byte < bytes.len() {
                    if classes[next_byte] != BN {
                        next = classes[next_byte];
                        break;
                    }
                    next_byte += char_len(bytes, next_byte);
                }
                if next == EN && st.last_strong_al {
                    next = AN;
                }
                k = match (st.prev_w4, k, next) {
                    (EN, ES | CS, EN) => EN,
                    (AN, CS, AN) => AN,
                    _ => ON,
                };
                if k == ON {
                    // unicode-bidi: the BNs around a separator made ON become ON too.
                    let mut cj = ci;
                    while cj > 0 && cls[cj - 1] == BN {
                        cls[cj - 1] = ON;
                        cj -= 1;
                    }
                    bns_after_are_on = true;
                }
            }
            ET => {
                if st.prev_w5 == EN {
                    k = EN;
                } else {
                    if et_start.is_none() {
                        // The run starts with the BNs just before this ET.
                        let mut start = ci;
                        while start > 0 && cls[start - 1] == BN {
                            start -= 1;
                        }
                        et_start = Some(start);
                    }
                    et_end = ci + 1;
                }
            }
            ON if bd16_on && original == ON => {
                if let Some((opening, is_open)) = bracket_at(text, at_byte) {
                    if is_open {
                        if stack.len() >= BRACKET_STACK_MAX {
                            // BD16: stop pairing for the rest of the sequence.
                            bd16_on = false;
                        } else {
                            stack.push(Opening {
                                bracket: opening,
                                char: ci,
                            });
                        }
                    } else if let Some(depth) = stack.iter().rposition(|o| o.bracket == opening) {
                        let o = stack[depth];
                        pairs.push(Pair {
                            open_char: o.char,
                            close_char: ci,
                        });
                        stack.truncate(depth);
                    }
                }
            }
            _ => {}
        }
        st.prev_w5 = k;
        // W6: pending ETs not next to an EN become ON.
        if k != ET
            && let Some(start) = et_start.take()
        {
            cls[start..et_end].fill(ON);
        }
        st.prev_w4 = before_w4;
        // W7: EN after a strong L (or sos L) becomes L.
        if k == EN && st.last_strong_l {
            k = L;
        }
        match k {
            L => st.last_strong_l = true,
            R => st.last_strong_l = false,
            _ => {}
        }
        cls[ci] = k;
        ci += 1;
        if bns_after_are_on {
            // Those BNs, as ON chars: W1–W7 leave them ON and the state at ON.
            while byte < bytes.len() && classes[byte] == BN {
                bn_bytes.push(byte);
                offsets[ci] = byte as u32;
                cls[ci] = ON;
                ci += 1;
                byte += char_len(bytes, byte);
                (st.prev_w1, st.prev_w4, st.prev_w5) = (ON, ON, ON);
            }
        }
    }
    if let Some(start) = et_start {
        cls[start..et_end].fill(ON);
    }
    class.truncate(ci);
    char_byte.truncate(ci);
    Some(any_rtl)
}

/// The bracket (see [`bracket`]) starting at `byte` of `text`, decoding only what may be one.
#[inline]
fn bracket_at(text: &str, byte: usize) -> Option<(char, bool)> {
    let lead = text.as_bytes()[byte];
    if lead < 0x80 {
        bracket(char::from(lead))
    } else if lead < 0xE0 {
        // U+0080..U+07FF hold no bracket.
        None
    } else {
        text.get(byte..)?.chars().next().and_then(bracket)
    }
}

/// N0 on the pairs found by [`resolve_weak`], in order of their opening bracket: unicode-bidi's
/// loop, per char.
fn resolve_brackets(classes: &[BidiClass], e: BidiClass, scratch: &mut BidiScratch) {
    let not_e = if e == L { R } else { L };
    let class = &mut scratch.class;
    let offsets = &scratch.char_byte;
    let n = class.len();
    let pairs = &mut scratch.pairs;
    pairs.sort_unstable_by_key(|p| p.open_char);
    for pair in pairs.iter() {
        let (open, close) = (pair.open_char, pair.close_char);
        let mut found_e = false;
        let mut found_not_e = false;
        for &c in &class[open + 1..close] {
            // EN and AN count as R here.
            let c = if c == EN || c == AN { R } else { c };
            if c == e {
                found_e = true;
                break;
            }
            if c == not_e {
                found_not_e = true;
            }
        }
        let to = if found_e {
            e
        } else if found_not_e {
            // N0 c: the strong type before the opening bracket (EN/AN as R), else sos.
            class[..open]
                .iter()
                .rev()
                .find_map(|&c| match c {
                    L => Some(L),
                    R | EN | AN => Some(R),
                    _ => None,
                })
                .unwrap_or(e)
        } else {
            continue;
        };
        class[open] = to;
        class[close] = to;
        // unicode-bidi also gives the BNs just before the opening bracket, and the original
        // NSMs (W1 made them ON) and BNs just after each bracket, the brackets' new class.
        let mut cj = open;
        while cj > 0 && class[cj - 1] == BN {
            class[cj - 1] = to;
            cj -= 1;
        }
        for bracket in [open, close] {
            let mut cj = bracket + 1;
            while cj < n && (classes[offsets[cj] as usize] == NSM || class[cj] == BN) {
                class[cj] = to;
                cj += 1;
            }
        }
    }
}

/// N1/N2 on each run of neutrals (BNs included, as in unicode-bidi) and I1/I2; writes `levels`
/// (per byte, already filled with `para_level`) where they differ from the paragraph level, a
/// stretch of equal levels at a time. Then each BN (at `bn_bytes`) takes the level of the char
/// before it, the paragraph level at the start, as unicode-bidi's
/// `assign_levels_to_removed_chars` does.
fn resolve_neutrals_and_levels(
    bytes: &[u8],
    para_level: u8,
    e: BidiClass,
    scratch: &BidiScratch,
    levels: &mut [u8],
) {
    // I1/I2: the level of each resolved class.
    let mut level_of = [para_level; 32];
    if para_level.is_multiple_of(2) {
        level_of[R as usize] = para_level + 1;
        level_of[AN as usize] = para_level + 2;
        level_of[EN as usize] = para_level + 2;
    } else {
        level_of[L as usize] = para_level + 1;
        level_of[AN as usize] = para_level + 1;
        level_of[EN as usize] = para_level + 1;
    }
    let class = &scratch.class[..];
    let offsets = &scratch.char_byte[..];
    let n = class.len();
    // Levels of the chars `from..to`.
    let mut fill = |from: usize, to: usize, level: u8| {
        if level != para_level {
            let start = offsets[from] as usize;
            let end = offsets.get(to).map_or(bytes.len(), |&b| b as usize);
            levels[start..end].fill(level);
        }
    };
    let mut prev_strong = e; // the class of the last non-neutral char, or sos
    let mut stretch_start = 0; // chars `stretch_start..ci` all get `stretch_level`
    let mut stretch_level = para_level;
    let mut ci = 0;
    while ci < n {
        let k = class[ci];
        let (level, end) = if is_neutral(k) {
            let mut end = ci + 1;
            while end < n && is_neutral(class[end]) {
                end += 1;
            }
            let next = class.get(end).copied().unwrap_or(e);
            let resolved = match (prev_strong, next) {
                (L, L) => L,
                (R | AN | EN, R | AN | EN) => R,
                _ => e,
            };
            (level_of[resolved as usize], end)
        } else {
            prev_strong = k;
            (level_of[k as usize], ci + 1)
        };
        if level != stretch_level {
            fill(stretch_start, ci, stretch_level);
            stretch_start = ci;
            stretch_level = level;
        }
        ci = end;
    }
    fill(stretch_start, n, stretch_level);
    for &bn in &scratch.bn_bytes {
        let level = bn
            .checked_sub(1)
            .and_then(|b| levels.get(b))
            .copied()
            .unwrap_or(para_level);
        let len = char_len(bytes, bn);
        levels[bn..bn + len].copy_from_slice(&[level; 4][..len]);
    }
}

/// N1/N2 neutrals ("NI", without isolates here) and BN, which unicode-bidi resolves with them.
#[inline]
fn is_neutral(class: BidiClass) -> bool {
    matches!(class, B | S | WS | ON | BN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_bidi::{Level, ParagraphBidiInfo};

    /// unicode-bidi's levels and classes for `text` at `para_level`.
    fn reference(text: &str, para_level: u8) -> (Vec<u8>, Vec<BidiClass>) {
        let level = Level::new(para_level).expect("level");
        let info = ParagraphBidiInfo::new(text, Some(level));
        (
            info.levels.iter().map(|l| l.number()).collect(),
            info.original_classes,
        )
    }

    /// The classes as `analyze` gets them: from the grapheme pass (property cache).
    fn classify_into(text: &str, classes: &mut Vec<BidiClass>) {
        crate::layout::grapheme::analyze_graphemes_into(text, classes, &mut Vec::new());
    }

    /// Ours vs unicode-bidi, every byte. Returns whether our path was taken.
    fn check(text: &str, para_level: u8) -> Result<bool, TestCaseError> {
        let (want, want_classes) = reference(text, para_level);
        let mut classes = Vec::new();
        classify_into(text, &mut classes);
        prop_assert_eq!(&classes, &want_classes, "classes of {:?}", text);
        let mut levels = Vec::new();
        let mut scratch = BidiScratch::default();
        if !resolve_simple(text, &classes, para_level, &mut levels, &mut scratch) {
            return Ok(false);
        }
        prop_assert_eq!(
            &levels,
            &want,
            "levels of {:?} at paragraph level {}",
            text,
            para_level
        );
        Ok(true)
    }

    /// Every bidi class but the explicit ones, with the chars Persian text is made of.
    const POOL: &[char] = &[
        // L
        'a', 'Z', '\u{0915}', // R
        '\u{05D0}', '\u{05EA}',
        // AL (Persian letters, Arabic semicolon and question mark)
        '\u{0627}', '\u{06CC}', '\u{06A9}', '\u{061B}', '\u{061F}',
        // EN (ASCII and Persian digits, superscript two)
        '1', '9', '\u{06F0}', '\u{06F5}', '\u{00B2}',
        // AN (Arabic-Indic digits, Arabic decimal separator)
        '\u{0660}', '\u{0669}', '\u{066B}', // ES
        '+', '-', // ET (incl. Arabic percent sign, degree, euro)
        '$', '%', '#', '\u{066A}', '\u{00B0}', '\u{20AC}',
        // CS (incl. Arabic comma, no-break space)
        ',', '.', ':', '/', '\u{060C}', '\u{00A0}',
        // NSM (harakat, superscript alef, combining grave)
        '\u{064E}', '\u{0650}', '\u{0670}', '\u{0300}',
        // BN (ZWNJ, ZWJ, soft hyphen, ZWNBSP, a C0 control)
        '\u{200C}', '\u{200D}', '\u{00AD}', '\u{FEFF}', '\u{0001}', // S
        '\t', '\u{001F}', // WS
        ' ', '\u{2003}', '\u{000C}',
        // B (a paragraph separator inside the text: unicode-bidi treats it as a neutral)
        '\u{2029}', '\n', // ON (quotes, guillemets, ellipsis)
        '!', '"', '\u{00AB}', '\u{00BB}', '\u{2026}', '\u{201C}', '@',
        // Brackets, incl. canonical equivalents (U+2329 pairs with U+3009) and unmatched ones
        '(', ')', '[', ']', '{', '}', '\u{2329}', '\u{232A}', '\u{3008}', '\u{3009}', '\u{FF08}',
        '\u{FF09}', '\u{0F3A}', '\u{0F3B}', '\u{2E55}', '\u{2E56}',
        // LRM, RLM, ALM (L, R, AL: not explicit formatting characters)
        '\u{200E}', '\u{200F}', '\u{061C}',
    ];

    fn text_from(pool_indices: &[usize]) -> String {
        pool_indices.iter().map(|&i| POOL[i % POOL.len()]).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 20_000, ..ProptestConfig::default() })]

        #[test]
        fn levels_match_unicode_bidi(
            picks in prop::collection::vec(0..POOL.len(), 0..40),
            para_level in 0u8..3,
        ) {
            let text = text_from(&picks);
            prop_assert!(check(&text, para_level)?, "fell back on {:?}", text);
        }

        /// Few distinct classes make the rare sequences (ET BN EN, CS BN NSM…) common.
        #[test]
        fn levels_match_unicode_bidi_dense(
            picks in prop::collection::vec(
                prop::sample::select(vec![
                    '1', '\u{06F1}', '\u{0661}', '$', '\u{066A}', ',', '+', '\u{064E}',
                    '\u{200C}', '\u{00AD}', 'a', '\u{0627}', '\u{05D0}', '(', ')', ' ', '!',
                    '\u{2329}', '\u{3009}',
                ]),
                0..24,
            ),
            para_level in 0u8..2,
        ) {
            let text: String = picks.into_iter().collect();
            prop_assert!(check(&text, para_level)?, "fell back on {:?}", text);
        }
    }

    #[test]
    fn explicit_formatting_characters_fall_back() {
        for ch in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}',
        ] {
            let text = format!("\u{0627}b{ch}c");
            let mut classes = Vec::new();
            classify_into(&text, &mut classes);
            let mut levels = Vec::new();
            let mut scratch = BidiScratch::default();
            assert!(!resolve_simple(
                &text,
                &classes,
                1,
                &mut levels,
                &mut scratch
            ));
        }
    }

    #[test]
    fn deep_bracket_nesting_past_the_bd16_stack() {
        for depth in [62, 63, 64, 65, 100] {
            let open = "(".repeat(depth);
            let close = ")".repeat(depth);
            for text in [
                format!("a{open}\u{0627}{close}b"),
                format!("\u{0627}{open}a 1{close}\u{0627}"),
                format!("{open}{open}\u{05D0}){close}"),
                format!("a{open}[\u{0627}]{close})))"),
            ] {
                for para_level in 0..2 {
                    assert!(check(&text, para_level).expect("match"), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn long_runs() {
        let persian = "از آنجا که شناسائی حیثیت ذاتی کلیهٔ اعضای خانواده\u{200C}ی بشری (۱۹۴۸) و «حقوق» ۱۲٫۵٪، ";
        let cases = [
            persian.repeat(400),
            "abc (def) 12.5% \u{200C}".repeat(400),
            format!("{}{}", "\u{200C}".repeat(5000), "1".repeat(5000)),
            format!("1{}${}", ",".repeat(3000), "\u{00AD}".repeat(3000)),
            format!("a{}\u{0627}", " ".repeat(10_000)),
            format!("{}{}", "(".repeat(5000), ")\u{0627}".repeat(5000)),
        ];
        for text in &cases {
            for para_level in 0..3 {
                assert!(check(text, para_level).expect("match"));
            }
        }
    }

    /// 2 MB single paragraphs built to make a careless resolver quadratic (bracket searches,
    /// BN look-ahead and look-behind, ET runs, neutral runs), compared to unicode-bidi. The
    /// test's run time is the linearity check: each case takes milliseconds.
    #[test]
    fn two_megabyte_paragraphs() {
        const MB2: usize = 2 << 20;
        let fill = |unit: &str| unit.repeat(MB2 / unit.len());
        let cases = [
            format!("{}{}", "(".repeat(MB2 / 2), ")\u{0627}".repeat(MB2 / 6)),
            fill("(\u{05D0})"),
            fill("((((((((a"),
            fill(",\u{200C}\u{200C}\u{200C}"),
            fill("$\u{00AD}$\u{00AD}"),
            format!("\u{0627}{}1", fill("\u{200C}")),
            format!("a{}\u{0627}", fill(" ")),
            format!("\u{0627}({}", fill("\u{064E}")),
            fill("\u{0627}\u{064E} \u{06F1}\u{06F2}\u{066B}\u{06F3}\u{200C}\u{06CC} (a) «b» "),
        ];
        for text in &cases {
            for para_level in 0..2 {
                assert!(check(text, para_level).expect("match"));
            }
        }
    }

    #[test]
    fn bracket_prefilter_skips_no_bracket() {
        for cp in 0..=0x10_FFFFu32 {
            let Some(ch) = char::from_u32(cp) else {
                continue;
            };
            let want = HardcodedBidiData
                .bidi_matched_opening_bracket(ch)
                .map(|m| (m.opening, m.is_open));
            assert_eq!(bracket(ch), want, "U+{cp:04X}");
            // Pass A only looks for brackets among ON chars.
            if want.is_some() {
                assert_eq!(HardcodedBidiData.bidi_class(ch), ON, "U+{cp:04X}");
            }
        }
    }
}
