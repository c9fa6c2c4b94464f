//! Language and direction from the letters of a text, for documents whose metadata is silent.
//!
//! Arabic script is split by letters only some languages use: Persian پ چ ژ گ (and ی/ک), Urdu
//! ے ں ٹ ڈ ڑ ھ, Arabic ة ي ك ى. Hebrew script is Yiddish when it has װ ױ ײ or the pointed
//! אַ אָ פֿ of YIVO spelling. Latin is "en" only when common English words are frequent.

use crate::layout::Dir;

use super::Metadata;

/// How much of a document the detector looks at: enough for a language, cheap for 50 MB.
const SAMPLE_BYTES: usize = 64 * 1024;

/// Letter counts per script family.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    arabic: usize,
    persian: usize,
    urdu: usize,
    arabic_only: usize,
    hebrew: usize,
    yiddish: usize,
    latin: usize,
    other_ltr: usize,
}

fn sample(text: &str) -> &str {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn count(text: &str) -> Counts {
    let mut c = Counts::default();
    let mut prev = '\0';
    for ch in text.chars() {
        match ch {
            'پ' | 'چ' | 'ژ' | 'گ' | 'ی' | 'ک' => {
                c.arabic += 1;
                // Urdu uses ی and ک too: its own letters (ے ں ٹ …) decide in `detect`.
                c.persian += 1;
            }
            'ے' | 'ں' | 'ٹ' | 'ڈ' | 'ڑ' | 'ھ' | 'ۓ' => {
                c.arabic += 1;
                c.urdu += 1;
            }
            'ة' | 'ي' | 'ك' | 'ى' => {
                c.arabic += 1;
                c.arabic_only += 1;
            }
            '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}'
                if ch.is_alphabetic() =>
            {
                c.arabic += 1;
            }
            'װ' | 'ױ' | 'ײ' | '\u{FB1F}' | '\u{FB2E}' | '\u{FB2F}' | '\u{FB4E}' => {
                c.hebrew += 1;
                c.yiddish += 1;
            }
            '\u{05B7}' | '\u{05B8}' if prev == 'א' => c.yiddish += 1,
            '\u{05BF}' if prev == 'פ' => c.yiddish += 1,
            '\u{05D0}'..='\u{05EA}' | '\u{FB1D}'..='\u{FB4F}' => c.hebrew += 1,
            'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => c.latin += 1,
            c2 if c2.is_alphabetic() => c.other_ltr += 1,
            _ => {}
        }
        prev = ch;
    }
    c
}

fn is_english(text: &str) -> bool {
    let mut words = 0usize;
    let mut common = 0usize;
    for w in text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if matches!(
            w.to_ascii_lowercase().as_str(),
            "the" | "and" | "of" | "to" | "is" | "in" | "a" | "that" | "for" | "with"
        ) {
            common += 1;
        }
    }
    words >= 3 && common * 12 >= words
}

/// Detected language (BCP 47) and direction of a text, or `None` when it has no letters.
pub fn detect(text: &str) -> (Option<String>, Option<Dir>) {
    let text = sample(text);
    let c = count(text);
    let rtl = c.arabic + c.hebrew;
    let ltr = c.latin + c.other_ltr;
    if rtl == 0 && ltr == 0 {
        return (None, None);
    }
    if rtl >= ltr {
        let lang = if c.hebrew > c.arabic {
            if c.yiddish * 200 > c.hebrew {
                "yi"
            } else {
                "he"
            }
        } else if c.urdu * 100 > c.arabic && c.urdu * 2 > c.arabic_only {
            "ur"
        } else if c.persian > c.arabic_only {
            "fa"
        } else {
            "ar"
        };
        (Some(lang.to_owned()), Some(Dir::Rtl))
    } else {
        let lang = (c.latin > c.other_ltr && is_english(text)).then(|| "en".to_owned());
        (lang, Some(Dir::Ltr))
    }
}

/// Direction of a language tag's script, for pages that give `lang` but no `dir`.
pub fn lang_dir(lang: &str) -> Option<Dir> {
    let primary = lang.split(['-', '_']).next()?.to_ascii_lowercase();
    let rtl = matches!(
        primary.as_str(),
        "ar" | "fa"
            | "he"
            | "iw"
            | "ur"
            | "yi"
            | "ji"
            | "ps"
            | "ckb"
            | "sd"
            | "ug"
            | "dv"
            | "syr"
            | "prs"
            | "pes"
            | "arz"
            | "azb"
            | "mzn"
            | "glk"
            | "lrc"
            | "bal"
            | "ks"
    );
    if rtl {
        Some(Dir::Rtl)
    } else if primary.chars().all(|c| c.is_ascii_alphabetic()) && !primary.is_empty() {
        Some(Dir::Ltr)
    } else {
        None
    }
}

/// Parse an HTML `dir` value.
pub fn parse_dir(value: &str) -> Option<Dir> {
    match value.trim().to_ascii_lowercase().as_str() {
        "rtl" => Some(Dir::Rtl),
        "ltr" => Some(Dir::Ltr),
        _ => None,
    }
}

/// Fill `meta.language` and `meta.direction` from the text where metadata left them empty.
pub fn fill_meta(text: &str, meta: &mut Metadata) {
    if meta.language.is_some() && meta.direction.is_some() {
        return;
    }
    let (lang, dir) = detect(text);
    if meta.direction.is_none() {
        meta.direction = meta.language.as_deref().and_then(|l| {
            // A page's lang decides only for RTL languages; "en" pages quoting Arabic still
            // get their direction from the letters.
            lang_dir(l).filter(|d| *d == Dir::Rtl)
        });
        if meta.direction.is_none() {
            meta.direction = dir;
        }
    }
    if meta.language.is_none() {
        meta.language = lang;
    }
}

/// The document direction for a block whose first strong letter points the other way but which
/// is largely written in the document's script: "[VS Code](…) یکی از …" is a Persian paragraph
/// that P2/P3 would lay out LTR. Blocks wholly (or mostly) in the other script keep P2/P3: an
/// English sentence quoted in a Hebrew page is laid out LTR, and "פתח את VS Code" is RTL already.
/// Only RTL documents get the override: in an LTR document a paragraph that starts in Persian
/// keeps UAX #9's answer (RTL), which is what its writer meant.
pub fn majority_dir_override(text: &str, doc_dir: Option<Dir>) -> Option<Dir> {
    use unicode_bidi::BidiClass;
    let doc_dir = doc_dir.filter(|d| *d == Dir::Rtl)?;
    let first = crate::layout::first_strong_dir(text)?;
    if first == doc_dir {
        return None;
    }
    let (mut l, mut r) = (0usize, 0usize);
    for c in sample(text).chars() {
        match unicode_bidi::bidi_class(c) {
            BidiClass::L => l += 1,
            BidiClass::R | BidiClass::AL => r += 1,
            _ => {}
        }
    }
    let (doc_letters, other_letters) = match doc_dir {
        Dir::Rtl => (r, l),
        Dir::Ltr => (l, r),
    };
    // At least 30 % of the letters in the document's script.
    (doc_letters * 10 >= (doc_letters + other_letters) * 3).then_some(doc_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(t: &str) -> Option<String> {
        detect(t).0
    }

    #[test]
    fn scripts() {
        assert_eq!(
            lang("این یک متن فارسی است که گفته شد").as_deref(),
            Some("fa")
        );
        assert_eq!(
            lang("هذه مدينة جميلة في الشرق الأوسط").as_deref(),
            Some("ar")
        );
        assert_eq!(
            lang("یہ ایک اردو جملہ ہے جس میں بڑے لوگ").as_deref(),
            Some("ur")
        );
        assert_eq!(lang("זוהי עיר יפה במזרח התיכון").as_deref(), Some("he"));
        assert_eq!(lang("אַלע מענטשן װערן געבױרן פֿרײַ").as_deref(), Some("yi"));
        assert_eq!(
            lang("The cat sat on the mat and slept.").as_deref(),
            Some("en")
        );
        assert_eq!(detect("1234 !!").1, None);
        assert_eq!(detect("Le chat dort").1, Some(Dir::Ltr));
    }

    #[test]
    fn majority_override() {
        let rtl = Some(Dir::Rtl);
        assert_eq!(
            majority_dir_override("VS Code یکی از محبوب‌ترین ویرایشگرهاست", rtl),
            rtl
        );
        assert_eq!(
            majority_dir_override("یکی از محبوب‌ترین ویرایشگرهاست", rtl),
            None
        );
        assert_eq!(
            majority_dir_override("Integrate ESLint in VSCode", rtl),
            None
        );
        assert_eq!(
            majority_dir_override("The word سلام means peace", Some(Dir::Ltr)),
            None
        );
    }
}
