//! Plain text read as it arrives, a batch of whole lines at a time, so `matn render` works at
//! the end of a live pipe (`tail -f log | matn render`, or typing into it) the way
//! `fribidi` does, instead of waiting for end of input.
//!
//! Why not stream everything: the whole-document reader decides encoding, binary-ness and format
//! from the start of the input (and UTF-16 detection even from its length), and HTML needs the
//! whole document. So the stream first looks at the opening bytes and streams only input that
//! the whole reader would take as plain UTF-8 text; anything else ([`Opened::Whole`]) is read to
//! the end and goes through [`super::open_bytes_text`], exactly as before. For streamed input
//! the text handed out is what the whole reader would give, cut at line ends:
//! - line ends are normalised per batch (CR, CRLF, U+2028, U+2029, NEL → LF); a batch always
//!   ends just after an LF, so a CRLF is never split;
//! - a UTF-8 BOM is dropped and, as in the whole reader, bytes after a BOM decode lossily;
//! - invalid UTF-8 after only ASCII has been handed out means a legacy encoding: the whole
//!   reader decodes the whole input (it is kept while it is ASCII and under the reader's 1 MB
//!   detection window) and the part not yet shown is handed out (ASCII lines read the same in
//!   every ASCII-compatible encoding, so nothing printed was wrong). After non-ASCII UTF-8 it is
//!   damaged UTF-8: an error naming the byte offset in the input.
//! - the binary sniff of the first KB runs once that KB (or the end) has arrived (and, as in the
//!   whole reader, not after a BOM or with `--encoding`); only input that passed the stricter
//!   opening check (no NUL, no C0 control but tab, LF, CR, FF, ESC) is streamed at all.

use std::io::Read;
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, sync_channel};

use encoding_rs::UTF_8;

use super::Source;
use super::decode::{self, DecodeError};

/// Bytes asked of the source per read.
const READ_BYTES: usize = 64 * 1024;
/// Chunks the reader thread may run ahead of the consumer (bounds memory to about 4 MB, and
/// lets a fast producer hand the layout batches big enough to spread over threads).
const CHANNEL_CHUNKS: usize = 64;
/// Bytes buffered before the opening check decides without a complete line (one endless line).
const DECIDE_BYTES: usize = 64 * 1024;
/// A batch stops taking more already-arrived chunks at this size, so output keeps flowing.
const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// What [`open_stream`] found at the start of the input.
#[derive(Debug)]
pub enum Opened {
    /// Plain UTF-8 text: hand it out as it arrives with [`LineBatches::next_batch`].
    Stream(LineBatches),
    /// Anything else: the whole text, read to the end and decoded as
    /// [`super::open_bytes_text`] does.
    Whole(String),
}

/// Chunks of a byte source, read on their own thread so the consumer can take everything that
/// has arrived without blocking (`try_recv`), and block only when nothing has.
#[derive(Debug)]
struct Chunks {
    rx: Receiver<std::io::Result<Vec<u8>>>,
}

impl Chunks {
    fn spawn(mut source: impl Read + Send + 'static) -> Chunks {
        let (tx, rx): (SyncSender<std::io::Result<Vec<u8>>>, _) = sync_channel(CHANNEL_CHUNKS);
        std::thread::spawn(move || {
            loop {
                let mut chunk = vec![0u8; READ_BYTES];
                match source.read(&mut chunk) {
                    Ok(0) => return,
                    Ok(n) => {
                        chunk.truncate(n);
                        if tx.send(Ok(chunk)).is_err() {
                            return;
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
            }
        });
        Chunks { rx }
    }

    /// The next chunk, waiting for it; `None` at end of input.
    fn recv(&self) -> std::io::Result<Option<Vec<u8>>> {
        self.rx.recv().ok().transpose()
    }

    /// A chunk that has already arrived, if any; `Err(true)` at end of input.
    fn try_recv(&self) -> Result<std::io::Result<Vec<u8>>, bool> {
        match self.rx.try_recv() {
            Ok(chunk) => Ok(chunk),
            Err(TryRecvError::Empty) => Err(false),
            Err(TryRecvError::Disconnected) => Err(true),
        }
    }
}

/// How bytes become text in the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Utf8Mode {
    /// No BOM, no override: invalid bytes mean a legacy encoding or damage (see module doc).
    Detect,
    /// `--encoding utf-8`: invalid bytes are an error, as in the whole reader.
    Forced,
    /// After a UTF-8 BOM: lossy, as in the whole reader.
    Lossy,
}

/// Whole lines of streamed text, batch by batch. See the module doc for what is guaranteed.
#[derive(Debug)]
pub struct LineBatches {
    chunks: Chunks,
    source: Source,
    /// Bytes arrived and not yet handed out.
    buf: Vec<u8>,
    /// Input offset of `buf[0]` (BOM included), for error messages.
    buf_start_byte: usize,
    eof: bool,
    mode: Utf8Mode,
    /// Only ASCII has been handed out so far.
    all_ascii: bool,
    /// While only ASCII has been handed out and it is at most [`decode::DETECT_BYTES`]: those
    /// input bytes, so that on a non-UTF-8 byte the whole reader can judge the input from its
    /// start, as it would have (and the outcome does not depend on where reads ended).
    ascii_start: Option<Vec<u8>>,
    /// The first KB of input (after a BOM), until the binary sniff has run on it.
    head: Option<Vec<u8>>,
    /// Set once the rest of the input went through the whole reader: nothing more to read.
    done: bool,
}

/// Open `source` (stdin, a FIFO …) for streaming if its start is plain UTF-8 text. `encoding`
/// is the `--encoding` override; `hint_ext` the file extension, if any.
pub fn open_stream(
    reader: impl Read + Send + 'static,
    source: Source,
    hint_ext: Option<&str>,
    encoding: Option<&str>,
) -> anyhow::Result<Opened> {
    let chunks = Chunks::spawn(reader);
    let mut buf = Vec::new();
    let mut eof = false;
    // Wait for a complete line with something on it (or the end), so the checks below see
    // the first character that is not white space.
    while !eof && buf.len() < DECIDE_BYTES && !(has_content(&buf) && buf.contains(&b'\n')) {
        match chunks.recv()? {
            Some(chunk) => buf.extend_from_slice(&chunk),
            None => eof = true,
        }
    }
    let forced = match encoding.map(str::trim).filter(|l| !l.is_empty()) {
        None => Some(Utf8Mode::Detect),
        Some(label) => match encoding_rs::Encoding::for_label(label.as_bytes()) {
            Some(e) if e == UTF_8 => Some(Utf8Mode::Forced),
            _ => None,
        },
    };
    let bom = encoding_rs::Encoding::for_bom(&buf);
    let mode = match (bom, forced) {
        (Some((e, _)), _) if e == UTF_8 => Some(Utf8Mode::Lossy),
        (Some(_), _) => None,
        (None, mode) => mode,
    };
    let plain_ext = matches!(
        hint_ext.map(str::to_ascii_lowercase).as_deref(),
        None | Some("txt" | "text")
    );
    let body = &buf[bom.map_or(0, |(_, len)| len)..];
    let streamable = mode.is_some()
        && plain_ext
        && !body
            .iter()
            .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        && decode::binary_reason(body).is_none()
        && body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'<');
    let Some(mode) = mode.filter(|_| streamable) else {
        let mut all = buf;
        read_rest(&chunks, &mut all)?;
        let opts = super::OpenOptions {
            encoding: encoding.map(str::to_owned),
            ..Default::default()
        };
        return Ok(Opened::Whole(super::open_bytes_text(
            &all, source, hint_ext, &opts,
        )?));
    };
    let bom_len = bom.map_or(0, |(_, len)| len);
    // The whole reader sniffs for binaries only when it detects the encoding (not after a
    // BOM, not with `--encoding`).
    let head =
        (mode == Utf8Mode::Detect).then(|| body[..body.len().min(decode::SNIFF_BYTES)].to_vec());
    let mut batches = LineBatches {
        chunks,
        source,
        buf: buf[bom_len..].to_vec(),
        buf_start_byte: bom_len,
        eof,
        mode,
        all_ascii: true,
        ascii_start: (mode == Utf8Mode::Detect).then(Vec::new),
        head,
        done: false,
    };
    batches.sniff_head()?;
    Ok(Opened::Stream(batches))
}

/// Whether `bytes` hold anything but ASCII white space.
fn has_content(bytes: &[u8]) -> bool {
    bytes.iter().any(|b| !b.is_ascii_whitespace())
}

fn read_rest(chunks: &Chunks, into: &mut Vec<u8>) -> std::io::Result<()> {
    while let Some(chunk) = chunks.recv()? {
        into.extend_from_slice(&chunk);
    }
    Ok(())
}

impl LineBatches {
    /// The next batch: all whole lines that have arrived (waiting for at least one), each
    /// ending in LF, line ends normalised; at the end of input the last line, which may lack
    /// the LF. `None` when everything has been handed out.
    pub fn next_batch(&mut self) -> anyhow::Result<Option<String>> {
        if self.done {
            return Ok(None);
        }
        // Wait for a line end (searching only the bytes that arrived since the last look).
        let mut searched = 0;
        while !self.eof && !self.buf[searched..].contains(&b'\n') {
            searched = self.buf.len();
            self.take_chunk(true)?;
        }
        // Take whatever else has already arrived, without waiting.
        while !self.eof && self.buf.len() < BATCH_BYTES && self.take_chunk(false)? {}
        let cut = if self.eof {
            self.buf.len()
        } else {
            self.buf
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
        };
        // Before anything more is handed out, and also when nothing is left: the end of
        // input may be what completes the first KB.
        if self.head.is_some() {
            self.sniff_head()?;
        }
        if cut == 0 {
            return Ok(None);
        }
        let bytes: Vec<u8> = self.buf.drain(..cut).collect();
        let start_byte = self.buf_start_byte;
        self.buf_start_byte += cut;
        let text = match self.mode {
            Utf8Mode::Lossy => String::from_utf8_lossy(&bytes).into_owned(),
            Utf8Mode::Detect | Utf8Mode::Forced => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    let valid_up_to = e.utf8_error().valid_up_to();
                    return self.undecodable(e.into_bytes(), start_byte, valid_up_to);
                }
            },
        };
        self.all_ascii &= text.is_ascii();
        if let Some(start) = self.ascii_start.as_mut() {
            if self.all_ascii && start.len() + text.len() <= decode::DETECT_BYTES {
                start.extend_from_slice(text.as_bytes());
            } else {
                self.ascii_start = None;
            }
        }
        Ok(Some(decode::normalize_line_ends(&text)))
    }

    /// Move one arrived chunk into `buf` (waiting for one if `wait`); false if none had
    /// arrived. Sets `eof` at the end of input.
    fn take_chunk(&mut self, wait: bool) -> anyhow::Result<bool> {
        let chunk = if wait {
            self.chunks.recv()?
        } else {
            match self.chunks.try_recv() {
                Ok(chunk) => Some(chunk?),
                Err(false) => return Ok(false),
                Err(true) => None,
            }
        };
        match chunk {
            Some(chunk) => {
                if let Some(head) = self.head.as_mut() {
                    let room = decode::SNIFF_BYTES.saturating_sub(head.len());
                    head.extend_from_slice(&chunk[..chunk.len().min(room)]);
                }
                self.buf.extend_from_slice(&chunk);
            }
            None => self.eof = true,
        }
        Ok(true)
    }

    /// The whole reader's binary sniff, once the first KB (or the whole input) is in.
    fn sniff_head(&mut self) -> anyhow::Result<()> {
        let complete = self.eof
            || self
                .head
                .as_ref()
                .is_some_and(|h| h.len() >= decode::SNIFF_BYTES);
        if !complete {
            return Ok(());
        }
        if let Some(head) = self.head.take()
            && let Some(why) = decode::binary_reason(&head)
        {
            anyhow::bail!("{}: {}", self.source, DecodeError::Binary(why));
        }
        Ok(())
    }

    /// Invalid UTF-8 in `bytes` (which start at input byte `start_byte`): a legacy encoding if
    /// only ASCII came before (decode the rest as the whole reader would), else an error.
    fn undecodable(
        &mut self,
        mut bytes: Vec<u8>,
        start_byte: usize,
        valid_up_to: usize,
    ) -> anyhow::Result<Option<String>> {
        let ascii_before = bytes[..valid_up_to].is_ascii();
        if self.mode == Utf8Mode::Detect && self.all_ascii && ascii_before {
            bytes.append(&mut self.buf);
            read_rest(&self.chunks, &mut bytes)?;
            self.done = true;
            let source = &self.source;
            let Some(mut input) = self.ascii_start.take() else {
                // More than the whole reader's detection window of ASCII came first: it would
                // have judged by that ASCII alone; the rest tells more.
                let decoded = decode::decode(&bytes, None)
                    .map_err(|e| anyhow::anyhow!("{source}: {}", offset_error(e, start_byte)))?;
                return Ok(Some(decoded.text));
            };
            // The whole input, as the whole reader would see it. The lines already handed out
            // are ASCII, which the encodings it can pick here read the same; if it reads them
            // otherwise (UTF-16 from NULs further on), say so rather than print mojibake.
            let shown = decode::normalize_line_ends(&String::from_utf8_lossy(&input));
            input.extend_from_slice(&bytes);
            let decoded =
                decode::decode(&input, None).map_err(|e| anyhow::anyhow!("{source}: {e}"))?;
            return match decoded.text.strip_prefix(shown.as_str()) {
                Some(rest) => Ok(Some(rest.to_owned())),
                None => anyhow::bail!(
                    "{source}: not UTF-8 from byte {start_byte} on, and as {} the lines before \
                     read differently from how they were shown; read it from a file",
                    decoded.encoding
                ),
            };
        }
        let e = DecodeError::Undecodable {
            encoding: UTF_8.name(),
            byte_offset: start_byte + valid_up_to,
        };
        anyhow::bail!("{}: {e}", self.source)
    }
}

/// `e` with byte offsets shifted from a slice of the input to the whole input.
fn offset_error(e: DecodeError, start_byte: usize) -> DecodeError {
    match e {
        DecodeError::Undecodable {
            encoding,
            byte_offset,
        } => DecodeError::Undecodable {
            encoding,
            byte_offset: byte_offset + start_byte,
        },
        other => other,
    }
}

/// A reader that hands out its bytes `step` at a time, like a slow pipe: for tests of the
/// stream and of what is laid out from it.
#[cfg(test)]
pub(crate) struct Trickle {
    bytes: Vec<u8>,
    pos: usize,
    step: usize,
}

#[cfg(test)]
impl Trickle {
    pub(crate) fn new(bytes: &[u8], step: usize) -> Trickle {
        Trickle {
            bytes: bytes.to_vec(),
            pos: 0,
            step,
        }
    }
}

#[cfg(test)]
impl Read for Trickle {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(out.len()).min(self.bytes.len() - self.pos);
        out[..n].copy_from_slice(&self.bytes[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// All batches joined, or the whole text.
    fn read_all(
        bytes: &[u8],
        step: usize,
        encoding: Option<&str>,
    ) -> anyhow::Result<(bool, String)> {
        match open_stream(Trickle::new(bytes, step), Source::Stdin, None, encoding)? {
            Opened::Whole(text) => Ok((false, text)),
            Opened::Stream(mut batches) => {
                let mut all = String::new();
                while let Some(batch) = batches.next_batch()? {
                    if batches.eof || batches.done {
                        // The last batch may lack its LF; earlier ones never do.
                    } else {
                        assert!(batch.ends_with('\n'), "{batch:?}");
                    }
                    all.push_str(&batch);
                }
                Ok((true, all))
            }
        }
    }

    fn whole(bytes: &[u8], encoding: Option<&str>) -> anyhow::Result<String> {
        let opts = super::super::OpenOptions {
            encoding: encoding.map(str::to_owned),
            ..Default::default()
        };
        super::super::open_bytes_text(bytes, Source::Stdin, None, &opts)
    }

    #[test]
    fn streamed_text_is_the_whole_readers_text() {
        let inputs: &[&[u8]] = &[
            "سلام دنیا\r\nHello\rworld\u{2029}שלום\n\n\nend".as_bytes(),
            b"\n\n  \nplain ascii\n",
            "\u{feff}با BOM\n\u{85}x\n".as_bytes(),
            b"one line, no newline",
            b"",
            b"\n",
            b"a\x1b[1mb\x0c\n\tc\n",
        ];
        for input in inputs {
            for step in [1, 2, 3, 7, 64, 100_000] {
                let (streamed, text) = read_all(input, step, None).expect("read");
                assert!(streamed, "{input:?} should stream");
                assert_eq!(
                    text,
                    whole(input, None).expect("whole"),
                    "{input:?} step {step}"
                );
            }
        }
    }

    #[test]
    fn what_cannot_stream_goes_through_the_whole_reader() {
        let html =
            b"  <!doctype html><html><body><p>\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85</p></body></html>\n";
        let utf16: Vec<u8> = "سلام world\n"
            .repeat(4)
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let mut bom16 = vec![0xFF, 0xFE];
        bom16.extend_from_slice(&utf16);
        let cases: Vec<(&[u8], Option<&str>)> = vec![
            (html, None),
            (&utf16, None),
            (&bom16, None),
            (b"caf\xe9 au lait\n", Some("windows-1252")),
            (b"a\x01b\n", None),
        ];
        for (input, encoding) in cases {
            let (streamed, text) = read_all(input, 5, encoding).expect("read");
            assert!(!streamed, "{input:?}");
            assert_eq!(text, whole(input, encoding).expect("whole"));
        }
    }

    #[test]
    fn a_legacy_encoding_after_ascii_lines_is_detected_like_the_whole_reader() {
        // windows-1256 Persian after two ASCII lines.
        let (persian, _, _) = encoding_rs::WINDOWS_1256.encode("سلام دنیا، این یک آزمایش است.\n");
        let mut input = b"title\n\nsecond\n".to_vec();
        input.extend_from_slice(&persian.repeat(20));
        for step in [1, 13, 100_000] {
            let (streamed, text) = read_all(&input, step, None).expect("read");
            assert!(streamed);
            assert_eq!(text, whole(&input, None).expect("whole"));
        }
    }

    #[test]
    fn damaged_utf8_after_utf8_text_names_the_input_offset() {
        let mut input = "سلام\nدنیا\n".as_bytes().to_vec();
        let bad_at = input.len() + 3;
        input.extend_from_slice(b"abc\xff\n");
        let err = read_all(&input, 4, None).expect_err("damaged");
        assert!(
            err.to_string().contains(&format!("at byte {bad_at}")),
            "{err}"
        );
        // Forced UTF-8 refuses even after ASCII.
        let err = read_all(b"abc\n\xff\n", 2, Some("utf-8")).expect_err("forced");
        assert!(err.to_string().contains("at byte 4"), "{err}");
    }

    #[test]
    fn binary_after_a_text_start_is_refused() {
        let mut input = b"looks like text\n".to_vec();
        input.extend_from_slice(&[0u8; 600]);
        let err = read_all(&input, 16, None).expect_err("binary");
        assert!(err.to_string().contains("binary"), "{err}");
    }

    use proptest::prelude::*;

    /// Pieces that stress the stream: line ends of every kind (a CRLF may be split between
    /// reads), non-ASCII UTF-8, a byte that is never UTF-8, controls and a '<'.
    const PIECES: &[&[u8]] = &[
        b"a",
        b"Hello ",
        b" ",
        b"\n",
        b"\r",
        b"\r\n",
        b"\t",
        b"\x1b",
        b"<",
        b"12",
        "سلام ".as_bytes(),
        "שלום".as_bytes(),
        "\u{2029}".as_bytes(),
        "\u{85}".as_bytes(),
        b"\xff",
        b"\xe9t\xe9 ",
        b"\x00",
        b"\x01",
    ];

    proptest! {
        // Failures are kept as the explicit cases below, not in a regressions file.
        #![proptest_config(ProptestConfig {
            cases: 600,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Whatever the input and however the reads fall: when the stream and the whole
        /// reader both succeed they give the same text; a binary refusal is refused by both;
        /// and the stream fails only where the whole reader fails, on invalid UTF-8 after
        /// non-ASCII text (documented: the lines before were printed as UTF-8), or as binary
        /// where the whole reader guessed UTF-16 from NULs.
        #[test]
        fn stream_agrees_with_the_whole_reader(
            bom in any::<bool>(),
            picks in proptest::collection::vec(0..PIECES.len(), 0..60),
            step in 1usize..40,
        ) {
            let mut input = if bom { b"\xef\xbb\xbf".to_vec() } else { Vec::new() };
            for &p in &picks {
                input.extend_from_slice(PIECES[p]);
            }
            let whole_text = whole(&input, None);
            match (read_all(&input, step, None), whole_text) {
                (Ok((_, streamed)), Ok(text)) => prop_assert_eq!(streamed, text),
                (Ok((_, streamed)), Err(e)) => {
                    prop_assert!(false, "stream gave {:?}, whole refused: {}", streamed, e);
                }
                (Err(e), Ok(_)) => {
                    let valid_up_to = std::str::from_utf8(&input).map_or(0, |_| input.len());
                    let before = &input[..input.iter().position(|&b| b == 0xFF || b == 0xE9)
                        .unwrap_or(valid_up_to)];
                    let damaged = e.to_string().contains("invalid UTF-8") && !before.is_ascii();
                    // NULs after a plain UTF-8 start: the whole reader may guess BOM-less
                    // UTF-16 from them (and show mojibake); the stream, already committed to
                    // UTF-8, calls it binary.
                    let utf16_guess = e.to_string().contains("binary")
                        && decode::decode(&input, None).is_ok_and(|d| d.encoding.starts_with("UTF-16"));
                    prop_assert!(damaged || utf16_guess, "stream refused ({}) what the whole reader read", e);
                }
                (Err(_), Err(_)) => {}
            }
        }
    }

    /// Inputs the property above once failed on, whatever the reads: the binary sniff must
    /// run even when the end of input arrives alone, not after a BOM, and a legacy encoding
    /// found mid-stream is judged from the start of the input, not from where a read ended.
    #[test]
    fn inputs_the_property_found() {
        // (BOM, pieces, whether the stream may call binary what the whole reader took as UTF-16)
        let cases: &[(&[u8], &[usize], bool)] = &[
            (
                b"\xef\xbb\xbf",
                &[1, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 16, 16],
                false,
            ),
            (b"", &[1, 5, 10, 16, 10, 10, 0, 16, 0, 1, 0, 5], false),
            (b"", &[5, 11, 2, 2, 16, 2, 16, 2], true),
            (
                b"",
                &[
                    2, 7, 3, 7, 3, 5, 8, 3, 15, 1, 14, 1, 4, 6, 1, 8, 9, 2, 5, 12, 15, 11, 14, 15,
                    13, 10, 17, 16, 14, 10, 5, 12, 17, 1, 9, 5, 7, 6, 13, 11, 13, 0, 15, 13, 0, 8,
                    0, 7, 6, 4, 5, 17, 16,
                ],
                false,
            ),
        ];
        for (start, picks, utf16_guess) in cases {
            let mut input = start.to_vec();
            for &p in *picks {
                input.extend_from_slice(PIECES[p]);
            }
            let whole_text = whole(&input, None);
            for step in 1..48 {
                // Several runs: the reader thread races the consumer differently each time.
                for _ in 0..4 {
                    match (read_all(&input, step, None), &whole_text) {
                        (Ok((_, streamed)), Ok(text)) => assert_eq!(&streamed, text, "step {step}"),
                        (Err(e), Ok(_)) => {
                            assert!(*utf16_guess && e.to_string().contains("binary"), "{e}");
                        }
                        (Ok(_), Err(e)) => panic!("whole refused ({e}) what the stream read"),
                        (Err(_), Err(_)) => {}
                    }
                }
            }
        }
    }
}
