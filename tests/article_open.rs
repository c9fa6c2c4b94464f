//! Opening documents the ways a user does: files, directories as a library, stdin (`-`),
//! several arguments, encodings, errors that name the file, and the head of a big file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use matn::article::{self, BlockKind, OpenOptions, Source};
use matn::layout::Dir;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus")
}

#[test]
fn directory_is_a_sorted_library_of_readable_documents() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.txt"), "دوم\n\nمتن دوم.").unwrap();
    std::fs::write(dir.path().join("a.md"), "# First\n\nBody.").unwrap();
    std::fs::write(dir.path().join("image.png"), b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    std::fs::write(
        dir.path().join("blob"),
        [0u8, 1, 2, 3, 0, 0, 0, 9, 0, 0].repeat(50),
    )
    .unwrap();
    std::fs::write(dir.path().join(".hidden.txt"), "secret").unwrap();
    std::fs::write(dir.path().join("bad.txt"), b"abc").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(
        dir.path().join("sub/c.html"),
        "<html lang=he><body><p>שלום עולם</p></body></html>",
    )
    .unwrap();
    let report =
        article::open_args_report(&[dir.path().to_owned()], &OpenOptions::default()).unwrap();
    let names: Vec<String> = report
        .articles
        .iter()
        .map(|a| match &a.source {
            Source::Path(p) => p.strip_prefix(dir.path()).unwrap().display().to_string(),
            other => panic!("unexpected source {other:?}"),
        })
        .collect();
    assert_eq!(names, ["a.md", "b.txt", "bad.txt", "sub/c.html"]);
    assert_eq!(report.articles[0].title(), "First");
    assert_eq!(report.articles[1].title(), "دوم");
    assert_eq!(report.articles[3].meta.direction, Some(Dir::Rtl));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

#[test]
fn several_files_and_errors_name_the_file() {
    let args = [
        corpus().join("udhr/udhr_heb.txt"),
        corpus().join("markdown/ar-editor-setup.md"),
    ];
    let v = article::open_args(&args, &OpenOptions::default()).unwrap();
    assert_eq!(v.len(), 2);
    assert_eq!(v[1].meta.language.as_deref(), Some("ar"));

    let missing = corpus().join("no/such/file.txt");
    let err = article::open_path(&missing).unwrap_err().to_string();
    assert!(err.contains("no/such/file.txt"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("x.dat");
    std::fs::write(&bin, b"%PDF-1.4\n...").unwrap();
    let err = article::open_path(&bin).unwrap_err().to_string();
    assert!(err.contains("x.dat") && err.contains("binary"), "{err}");

    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"hello\xFFworld").unwrap();
    let opts = OpenOptions {
        encoding: Some("utf-8".into()),
        ..Default::default()
    };
    let err = article::open_path_with(&bad, &opts)
        .unwrap_err()
        .to_string();
    assert!(err.contains("bad.txt") && err.contains("byte 5"), "{err}");
    let opts = OpenOptions {
        encoding: Some("no-such-encoding".into()),
        ..Default::default()
    };
    assert!(
        article::open_path_with(&bad, &opts)
            .unwrap_err()
            .to_string()
            .contains("unknown encoding")
    );
}

#[test]
fn format_sniffing_and_crlf() {
    let opts = OpenOptions::default();
    let a = article::open_bytes(
        b"<!DOCTYPE html><html dir=\"rtl\"><title>T</title><body><p>x</p></body></html>",
        Source::Stdin,
        None,
        &opts,
    )
    .unwrap();
    assert_eq!(a.meta.direction, Some(Dir::Rtl));
    let a = article::open_bytes(
        "# عنوان\r\n\r\nمتن\r\n".as_bytes(),
        Source::Stdin,
        Some("md"),
        &opts,
    )
    .unwrap();
    assert_eq!(a.blocks[0].kind, BlockKind::Heading(1));
    assert_eq!(a.title(), "عنوان");
    let a = article::open_bytes(
        "عنوان\r\nمتن اول.\rمتن دوم.\u{2028}سوم.".as_bytes(),
        Source::Stdin,
        None,
        &opts,
    )
    .unwrap();
    assert_eq!(a.text, "عنوان\nمتن اول.\nمتن دوم.\nسوم.");
    assert_eq!(a.blocks.len(), 4);
    assert_eq!(a.meta.encoding.as_deref(), Some("UTF-8"));
    // Empty input: an empty article, not an error or panic.
    let a = article::open_bytes(b"", Source::Stdin, None, &opts).unwrap();
    assert!(a.blocks.is_empty());
}

#[test]
fn sample_and_identity() {
    let a = article::Article::sample();
    assert_eq!(a.source, Source::Bundled(article::SAMPLE_NAME));
    assert_eq!(a.title(), article::SAMPLE_TEXT.lines().nth(1).unwrap());
    // Same text from another source → same id.
    let b = article::open_bytes(
        article::SAMPLE_TEXT.as_bytes(),
        Source::Stdin,
        Some("txt"),
        &OpenOptions::default(),
    )
    .unwrap();
    assert_eq!(a.id, b.id);
}

#[test]
fn head_of_a_big_file_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    let mut f = std::fs::File::create(&path).unwrap();
    for i in 0..20_000 {
        writeln!(f, "پاراگراف شماره {i} با چند کلمهٔ فارسی برای پر کردن خط.").unwrap();
    }
    drop(f);
    let head = article::open_head(&path, &OpenOptions::default(), 64 * 1024).unwrap();
    assert!(!head.complete);
    assert!(head.article.text.len() <= 64 * 1024);
    assert!(head.article.text.ends_with('\n'));
    let full = article::open_path(&path).unwrap();
    assert_eq!(full.blocks.len(), 20_000);
    assert!(full.text.starts_with(&head.article.text));
    assert_eq!(
        head.article.blocks[..],
        full.blocks[..head.article.blocks.len()]
    );
    let small = article::open_head(
        &corpus().join("udhr/udhr_ydd.txt"),
        &OpenOptions::default(),
        1 << 20,
    )
    .unwrap();
    assert!(small.complete);
}

/// `-` reads stdin (a real pipe into a child process).
#[test]
fn stdin_dash() {
    // The CLI subcommand belongs to another area: re-run this test binary as a child with stdin piped, in a mode that opens "-".
    if std::env::var_os("MATN_ARTICLE_STDIN_CHILD").is_some() {
        let v = article::open_args(&[PathBuf::from("-")], &OpenOptions::default()).unwrap();
        let a = &v[0];
        println!(
            "CHILD {:?} {:?} {} {:?}",
            a.source,
            a.meta.language,
            a.blocks.len(),
            a.meta.encoding
        );
        return;
    }
    let me = std::env::current_exe().unwrap();
    let mut child = Command::new(me)
        .args(["--exact", "stdin_dash", "--nocapture", "--test-threads=1"])
        .env("MATN_ARTICLE_STDIN_CHILD", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // windows-1256 bytes on stdin: detected like a file.
    let bytes = std::fs::read(corpus().join("legacy/udhr_Arabic_Alarabia-Arabic.windows-1256.txt"))
        .unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("CHILD Stdin Some(\"ar\")") && stdout.contains("windows-1256"),
        "{stdout}"
    );
}
