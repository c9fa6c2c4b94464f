//! `matn render` end to end: the built binary on files and stdin.

use std::io::Write;
use std::process::{Command, Stdio};

fn matn(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_matn"))
        .arg("render")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn matn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

#[test]
fn text_output_wraps_reorders_and_aligns_each_line_as_a_paragraph() {
    let (code, out, _) = matn(&["--width", "10"], "abc (אבג)\nאבג דהו זחט\n".as_bytes());
    assert_eq!(code, 0);
    // "אבג דהו " fits in 10 columns, "זחט" goes to the next row.
    assert_eq!(out, "abc (גבא)\n   והד גבא\n       טחז\n");
}

#[test]
fn no_align_and_logical_order() {
    let (_, out, _) = matn(&["--width", "10", "--no-align"], "אבג דהו זחט\n".as_bytes());
    assert_eq!(out, " והד גבא\nטחז\n");
    let (_, out, _) = matn(
        &["--width", "10", "--order", "logical"],
        "אבג דהו זחט\n".as_bytes(),
    );
    assert_eq!(out, "אבג דהו\nזחט\n");
}

#[test]
fn width_zero_does_not_wrap_and_dir_forces_direction() {
    let text = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen";
    let (_, out, _) = matn(&["--width", "0"], text.as_bytes());
    assert_eq!(out.lines().count(), 1);
    let (_, out, _) = matn(&["--width", "0", "--dir", "rtl"], "abc 123!\n".as_bytes());
    assert_eq!(out, "!abc 123\n");
}

#[test]
fn json_lines_give_code_point_order_and_levels() {
    let (code, out, _) = matn(
        &["--format", "json", "--width", "0"],
        // RLM is a strong R character (kept by X9): it joins the RTL run.
        "ab\u{200F}אב\nשלום\n".as_bytes(),
    );
    assert_eq!(code, 0);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["level"], 0);
    assert_eq!(
        lines[0]["lines"][0]["order"],
        serde_json::json!([0, 1, 4, 3, 2])
    );
    assert_eq!(
        lines[0]["lines"][0]["levels"],
        serde_json::json!([0, 0, 1, 1, 1])
    );
    assert_eq!(lines[1]["level"], 1);
    assert_eq!(
        lines[1]["lines"][0]["order"],
        serde_json::json!([3, 2, 1, 0])
    );
    assert_eq!(lines[1]["lines"][0]["text"], "םולש");
}

#[test]
fn json_levels_are_null_for_characters_removed_by_x9() {
    let (_, out, _) = matn(&["--format", "json"], "a\u{202B}b\u{202C}c".as_bytes());
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
    assert_eq!(
        v["lines"][0]["levels"],
        serde_json::json!([0, null, 2, null, 0])
    );
    assert_eq!(v["lines"][0]["order"], serde_json::json!([0, 2, 4]));
}

#[test]
fn shape_on_joins_and_auto_never_shapes_into_a_pipe() {
    let (_, out, _) = matn(&["--shape", "on"], "سلام\n".as_bytes());
    assert_eq!(out.trim(), "\u{FEE1}\u{FEFC}\u{FEB3}");
    let (_, out, _) = matn(&["--shape", "auto"], "سلام\n".as_bytes());
    assert_eq!(out.trim(), "مالس");
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let (_, out, _) = matn(&[], b"a\x1b[2Jb\x07c\x9b\n");
    assert!(
        !out.trim_end_matches('\n').chars().any(char::is_control),
        "{out:?}"
    );
    // U+009B as UTF-8 is C2 9B; the raw byte 9B alone is invalid UTF-8 (next test).
    let (_, out, _) = matn(&[], "x\u{9B}y\u{1B}z".as_bytes());
    assert_eq!(out, "x\u{FFFD}y␛z\n");
}

#[test]
fn invalid_utf8_is_a_clear_error_with_the_byte_offset() {
    // Persian UTF-8 with one damaged byte: refused with the offset, not decoded as mojibake.
    let (code, out, err) = matn(
        &[],
        "سلام\u{0}"
            .replace('\u{0}', "")
            .as_bytes()
            .iter()
            .copied()
            .chain(*b"\xff")
            .chain("دنیای خوب".bytes())
            .collect::<Vec<u8>>()
            .as_slice(),
    );
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("invalid UTF-8 at byte 8"), "{err}");
    // Bytes that are not UTF-8 at all are a legacy single-byte encoding, decoded (windows-1252
    // here): the documents issue asks for legacy detection.
    let (code, out, _) = matn(&[], b"abc\xffdef");
    assert_eq!(code, 0);
    assert_eq!(out, "abc\u{ff}def\n");
}

#[test]
fn missing_file_is_a_clear_error() {
    let (code, _, err) = matn(&["/nonexistent/matn-test.txt"], b"");
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent/matn-test.txt"), "{err}");
}

#[test]
fn empty_input_prints_nothing_and_file_argument_works() {
    let (code, out, _) = matn(&[], b"");
    assert_eq!((code, out.as_str()), (0, ""));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "שלום\r\nabc\r\n").expect("write");
    let (code, out, _) = matn(&[path.to_str().expect("path"), "--width", "6"], b"");
    assert_eq!(code, 0);
    assert_eq!(out, "  םולש\nabc\n");
}

/// A live pipe (`tail -f log | matn render`): each line is printed as soon as it has arrived,
/// while the writer still holds the pipe open, as `fribidi` does.
#[test]
fn a_live_pipe_is_rendered_line_by_line() {
    use std::io::BufRead;
    use std::time::Duration;
    let mut child = Command::new(env!("CARGO_BIN_EXE_matn"))
        .args(["render", "--width", "12"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn matn");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            if tx.send(line.expect("utf-8 line")).is_err() {
                return;
            }
        }
    });
    // Generous: this waits for output that a non-streaming matn would never print before EOF.
    let wait = Duration::from_secs(20);
    stdin.write_all("אבג דהו\n".as_bytes()).expect("write");
    stdin.flush().expect("flush");
    assert_eq!(
        rx.recv_timeout(wait)
            .expect("first line while the pipe is open"),
        "     והד גבא"
    );
    // A neutral line inherits the RTL direction of the line before (right-aligned).
    stdin.write_all(b"12 -- 34\nabc\n").expect("write");
    stdin.flush().expect("flush");
    assert_eq!(rx.recv_timeout(wait).expect("second line"), "    34 -- 12");
    assert_eq!(rx.recv_timeout(wait).expect("third line"), "abc");
    drop(stdin);
    assert!(child.wait().expect("wait").success());
    assert!(rx.recv_timeout(wait).is_err(), "nothing after the end");
}

/// The same document piped (streamed in pieces), redirected from the file (read whole) and
/// named as an argument prints the same bytes, in every format.
#[test]
fn piped_redirected_and_named_input_print_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mixed.txt");
    let mut text = String::new();
    for name in ["udhr_pes_1.txt", "udhr_heb.txt", "udhr_arb.txt"] {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/corpus-bidi")
            .join(name);
        text.push_str(&std::fs::read_to_string(&p).expect("corpus file"));
        text.push_str("\n-- 1 --\n\r\n");
    }
    let text = text.repeat(8);
    std::fs::write(&path, &text).expect("write");
    let path_arg = path.to_str().expect("path");
    for args in [
        &["--width", "41", "--shape", "on"][..],
        &["--width", "0", "--format", "json"][..],
        &["--width", "23", "--order", "logical", "--dir", "rtl"][..],
    ] {
        let named = Command::new(env!("CARGO_BIN_EXE_matn"))
            .arg("render")
            .args(args)
            .arg(path_arg)
            .output()
            .expect("run");
        assert!(named.status.success());
        let redirected = Command::new(env!("CARGO_BIN_EXE_matn"))
            .arg("render")
            .args(args)
            .stdin(std::fs::File::open(&path).expect("open"))
            .output()
            .expect("run");
        assert!(redirected.stdout == named.stdout, "{args:?}: redirected");
        // Piped in odd-sized pieces with pauses, so the stream sees many batches.
        let mut child = Command::new(env!("CARGO_BIN_EXE_matn"))
            .arg("render")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdin = child.stdin.take().expect("stdin");
        let bytes = text.clone().into_bytes();
        let writer = std::thread::spawn(move || {
            for (i, piece) in bytes.chunks(7919).enumerate() {
                stdin.write_all(piece).expect("write");
                if i % 8 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
            }
        });
        let piped = child.wait_with_output().expect("wait");
        writer.join().expect("writer");
        assert!(piped.status.success());
        assert!(piped.stdout == named.stdout, "{args:?}: piped");
    }
}
