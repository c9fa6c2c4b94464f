//! Search: a one-line input (editing state only; the ui draws it through the bidi layout) and
//! matching on the folded view of the article, mapped back to original byte ranges.

use std::ops::Range;

use crate::entities::normalize::{FoldOptions, Folded, fold};

/// Editing state of a one-line input. The cursor is a byte offset on a char boundary, moved in
/// logical order (the ui shows where that is visually).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub text: String,
    pub cursor_byte: usize,
}

impl LineInput {
    pub fn insert(&mut self, c: char) {
        self.text.insert(self.cursor_byte, c);
        self.cursor_byte += c.len_utf8();
    }

    /// Delete the char before the cursor.
    pub fn backspace(&mut self) {
        if let Some((b, _)) = self.text[..self.cursor_byte].char_indices().next_back() {
            self.text.replace_range(b..self.cursor_byte, "");
            self.cursor_byte = b;
        }
    }

    /// Delete the char at the cursor.
    pub fn delete(&mut self) {
        if let Some(c) = self.text[self.cursor_byte..].chars().next() {
            self.text
                .replace_range(self.cursor_byte..self.cursor_byte + c.len_utf8(), "");
        }
    }

    /// Move one char towards the end of the text (logical order).
    pub fn forward(&mut self) {
        if let Some(c) = self.text[self.cursor_byte..].chars().next() {
            self.cursor_byte += c.len_utf8();
        }
    }

    /// Move one char towards the start of the text (logical order).
    pub fn backward(&mut self) {
        if let Some((b, _)) = self.text[..self.cursor_byte].char_indices().next_back() {
            self.cursor_byte = b;
        }
    }

    pub fn home(&mut self) {
        self.cursor_byte = 0;
    }

    pub fn end(&mut self) {
        self.cursor_byte = self.text.len();
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor_byte = 0;
    }
}

/// Search state of the open document.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The query being typed (search mode) or last searched.
    pub input: LineInput,
    /// Matches as absolute byte ranges of the original article text, in order.
    pub matches: Vec<Range<usize>>,
    /// Index of the current match.
    pub current: Option<usize>,
    /// The folded article, computed on the first search of a document.
    folded: Option<Folded>,
    /// Language the fold options were chosen for.
    lang: Option<String>,
}

impl Search {
    /// Forget the document-dependent state (another document was opened); keeps the query.
    pub fn reset_document(&mut self, lang: Option<&str>) {
        self.folded = None;
        self.matches.clear();
        self.current = None;
        self.lang = lang.map(str::to_owned);
    }

    /// Recompute the matches of the current query in `text`.
    pub fn run(&mut self, text: &str) {
        let opts = FoldOptions::for_search(self.lang.as_deref());
        let folded = self.folded.get_or_insert_with(|| fold(text, &opts));
        let needle = fold(&self.input.text, &opts);
        self.matches = folded.find_all(&needle.text);
        self.current = None;
    }

    /// Make the first match at or after `byte` current (wrapping); returns its range.
    pub fn select_from(&mut self, byte: usize) -> Option<Range<usize>> {
        if self.matches.is_empty() {
            self.current = None;
            return None;
        }
        let i = self.matches.partition_point(|m| m.start < byte);
        let i = if i >= self.matches.len() { 0 } else { i };
        self.current = Some(i);
        self.matches.get(i).cloned()
    }

    /// Step to the next (`forward`) or previous match, wrapping; returns its range.
    pub fn step(&mut self, forward: bool) -> Option<Range<usize>> {
        let n = self.matches.len();
        if n == 0 {
            return None;
        }
        let i = match (self.current, forward) {
            (None, _) => 0,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.current = Some(i);
        self.matches.get(i).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_edits_by_char() {
        let mut i = LineInput::default();
        for c in "قزاق".chars() {
            i.insert(c);
        }
        i.backspace();
        i.backward();
        i.insert('x');
        assert_eq!(i.text, "قزxا");
        i.home();
        i.delete();
        assert_eq!(i.text, "زxا");
        i.end();
        i.forward();
        assert_eq!(i.cursor_byte, i.text.len());
    }

    #[test]
    fn folded_search_maps_back_and_wraps() {
        let text = "رئيس‌جمهور و رئیس جمهور و رئیسجمهور";
        let mut s = Search::default();
        s.input.text = "رئیس‌جمهور".into();
        s.run(text);
        assert_eq!(s.matches.len(), 3);
        assert_eq!(&text[s.matches[0].clone()], "رئيس‌جمهور");
        assert_eq!(&text[s.matches[1].clone()], "رئیس جمهور");
        assert_eq!(s.select_from(1), s.matches.get(1).cloned());
        assert_eq!(s.step(true), s.matches.get(2).cloned());
        assert_eq!(s.step(true), s.matches.first().cloned());
        assert_eq!(s.step(false), s.matches.get(2).cloned());
    }
}
