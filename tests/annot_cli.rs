//! `matn annotations` driven as a script would: add, list, export, import.

// Helpers outside #[test] fns panic on broken fixtures, which is what a test should do.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

fn matn(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_matn"))
        .arg("annotations")
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("MATN_DATA_DIR")
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn add_list_export_import_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, "سلام 👋🏽 دنیا\nمن در تهران زندگی می‌کنم.\n").unwrap();
    std::fs::write(&b, "Ali met Sara in Shiraz.\n").unwrap();
    let s = |p: &Path| p.to_str().unwrap().to_owned();

    let row = ok(matn(
        &data,
        &[
            "add",
            &s(&a),
            "--label",
            "LOC",
            "--match",
            "تهران",
            "--note",
            "capital",
        ],
    ));
    // id, doc, label, code-point range, text, note
    let cols: Vec<&str> = row.trim_end().split('\t').collect();
    assert_eq!(cols[2..], ["LOC", "19..24", "تهران", "capital"]);
    ok(matn(
        &data,
        &["add", &s(&a), "--label", "MISC", "--chars", "5..7"],
    ));
    ok(matn(
        &data,
        &["add", &s(&b), "--label", "PER", "--match", "Sara"],
    ));
    let bad = matn(
        &data,
        &["add", &s(&b), "--label", "PER", "--chars", "5..99"],
    );
    assert_eq!(bad.status.code(), Some(1));

    let list = ok(matn(&data, &["list"]));
    assert_eq!(list.lines().count(), 3);
    assert!(list.contains("\tMISC\t5..7\t👋🏽\t"));
    let list_a = ok(matn(&data, &["list", &s(&a), "--label", "LOC"]));
    assert_eq!(list_a.lines().count(), 1);

    // brat, several documents → a directory of pairs.
    let out_dir = dir.path().join("brat");
    let no_dir = matn(&data, &["export", "--format", "brat"]);
    assert_eq!(no_dir.status.code(), Some(1));
    ok(matn(
        &data,
        &["export", "--format", "brat", "-o", &s(&out_dir)],
    ));
    let ann_a = std::fs::read_to_string(out_dir.join("a.ann")).unwrap();
    assert_eq!(
        std::fs::read_to_string(out_dir.join("a.txt")).unwrap(),
        std::fs::read_to_string(&a).unwrap()
    );
    assert_eq!(
        ann_a,
        "T1\tMISC 5 7\t👋🏽\nT2\tLOC 19 24\tتهران\n#1\tAnnotatorNotes T2\tcapital\n"
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("b.ann")).unwrap(),
        "T1\tPER 8 12\tSara\n"
    );

    // Import both formats into a fresh store: same listing.
    let jsonl = dir.path().join("all.jsonl");
    ok(matn(
        &data,
        &["export", "--format", "jsonl", "-o", &s(&jsonl)],
    ));
    for format in ["brat", "jsonl"] {
        let fresh = dir.path().join(format!("fresh-{format}"));
        let file = if format == "brat" {
            out_dir.join("a.ann")
        } else {
            jsonl.clone()
        };
        ok(matn(
            &fresh,
            &["import", "--format", format, &s(&a), &s(&file)],
        ));
        // Importing again adds nothing.
        let again = matn(&fresh, &["import", "--format", format, &s(&a), &s(&file)]);
        assert!(String::from_utf8_lossy(&again.stderr).contains("imported 0"));
        let strip_ids = |t: &str| -> Vec<String> {
            t.lines()
                .map(|l| l.split_once('\t').unwrap().1.to_owned())
                .collect()
        };
        assert_eq!(
            strip_ids(&ok(matn(&fresh, &["list", &s(&a)]))),
            strip_ids(&ok(matn(&data, &["list", &s(&a)]))),
            "{format}"
        );
    }

    // CoNLL and W3C to files.
    let conll = ok(matn(&data, &["export", "--format", "conll", &s(&b)]));
    assert_eq!(
        conll,
        "Ali\tO\nmet\tO\nSara\tB-PER\nin\tO\nShiraz\tO\n.\tO\n\n"
    );
    let w3c = dir.path().join("w3c.jsonld");
    ok(matn(&data, &["export", "--format", "w3c", "-o", &s(&w3c)]));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&w3c).unwrap()).unwrap();
    assert_eq!(v["total"], 3);
}

#[test]
fn edited_file_reanchors_on_list() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let a = dir.path().join("a.txt");
    let s = a.to_str().unwrap();
    std::fs::write(&a, "در تهران باران آمد.\n").unwrap();
    ok(matn(
        &data,
        &["add", s, "--label", "LOC", "--match", "تهران"],
    ));
    ok(matn(
        &data,
        &["add", s, "--label", "MISC", "--match", "باران"],
    ));
    std::fs::write(&a, "امروز در تهران برف آمد.\n").unwrap();
    let out = matn(&data, &["list", s]);
    let stdout = ok(Output { ..out.clone() });
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 annotation(s) could not be placed"));
    assert!(stdout.contains("\tLOC\t9..14\tتهران\t"), "{stdout}");
    assert!(stdout.contains("\tMISC\torphaned\tباران\t"), "{stdout}");
}
