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

use std::collections::HashMap;
use std::sync::OnceLock;

use ar_reshaper::form::Forms;
use unicode_joining_type::{JoiningType, get_joining_type};

/// The presentation forms of a letter, if the table has it. A direct table over the Arabic
/// blocks (a hash lookup per character was the hottest spot of `matn render`).
fn forms(ch: char) -> Option<&'static Forms> {
    const FIRST: u32 = 0x0600;
    const LEN: usize = 0x0300; // U+0600–U+08FF: Arabic, Arabic Supplement, Extended-A/B
    /// Letters of the Arabic blocks by offset, and the few others by hash.
    type Table = (Vec<Option<Forms>>, HashMap<char, Forms>);
    static TABLE: OnceLock<Table> = OnceLock::new();
    let (direct, other) = TABLE.get_or_init(|| {
        let mut direct = vec![None; LEN];
        let mut other = HashMap::new();
        for (c, f) in ar_reshaper::letters::letters_db::LETTERS_ARABIC.iter() {
            match usize::try_from(u32::from(*c).wrapping_sub(FIRST)) {
                Ok(i) if i < LEN => direct[i] = Some(*f),
                _ => {
                    other.insert(*c, *f);
                }
            }
        }
        (direct, other)
    });
    match usize::try_from(u32::from(ch).wrapping_sub(FIRST)) {
        Ok(i) if i < LEN => direct[i].as_ref(),
        // Most other characters (spaces, Latin, ZWNJ) are below the other letters: skip the
        // hash lookup for them.
        _ if other.is_empty() || ch < '\u{0900}' => None,
        _ => other.get(&ch),
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

/// Shape `text` in logical order. Returns (byte offset, shaped) for every character that
/// changes; everything else is drawn as is. Linear in the text length.
pub(crate) fn shape(text: &str) -> Vec<(usize, Shaped)> {
    let chars: Vec<(usize, char, Join)> = text
        .char_indices()
        .map(|(b, c)| (b, c, join_of(c)))
        .collect();
    let n = chars.len();
    // For each char: does the previous / next non-transparent char join toward it?
    let mut prev_joins = vec![false; n];
    let mut last = Join::None;
    for (i, &(_, _, j)) in chars.iter().enumerate() {
        prev_joins[i] = joins_forward(last);
        if j != Join::Transparent {
            last = j;
        }
    }
    let mut next_joins = vec![false; n];
    let mut last = Join::None;
    for i in (0..n).rev() {
        next_joins[i] = joins_backward(last);
        if chars[i].2 != Join::Transparent {
            last = chars[i].2;
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let (byte, ch, j) = chars[i];
        let Some(f) = forms(ch) else {
            i += 1;
            continue;
        };
        let jp = joins_backward(j) && prev_joins[i];
        if ch == '\u{0644}'
            && let Some(&(alef_byte, alef, _)) = chars.get(i + 1)
            && let Some((iso, fin)) = lam_alef(alef)
        {
            out.push((byte, Shaped::Ligature(if jp { fin } else { iso })));
            out.push((alef_byte, Shaped::Absorbed));
            i += 2;
            continue;
        }
        let jn = joins_forward(j) && j != Join::Causing && next_joins[i];
        let pick = |c: char| (c != '\0').then_some(c);
        let form = match (jp, jn) {
            (true, true) => pick(f.medial).or(pick(f.end)),
            (true, false) => pick(f.end),
            (false, true) => pick(f.initial),
            (false, false) => None,
        }
        .or(pick(f.isolated));
        if let Some(form) = form
            && form != ch
        {
            out.push((byte, Shaped::Form(form)));
        }
        i += 1;
    }
    out
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
