//! `matn annotations`: list, add, export and import annotations from scripts.
//!
//! A DOC argument is always a document file: it is opened (so annotations made on an older
//! version of it are re-anchored first) and its text recorded in the store.

use std::collections::HashSet;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use crate::annotations::{Annotation, NewAnnotation};
use crate::article::{Article, open_path};
use crate::export::{self, ExportDoc, Format};
use crate::store::{DocInfo, Filter, Store};

/// Arguments of `matn annotations`.
#[derive(Debug, clap::Args)]
pub struct AnnotationsArgs {
    /// Store directory [default: $MATN_DATA_DIR, else <XDG data dir>/matn].
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: AnnotationsCommand,
}

/// Formats that can be read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    Brat,
    Jsonl,
}

#[derive(Debug, clap::Subcommand)]
pub enum AnnotationsCommand {
    /// List annotations (of DOC, or of every stored document). Offsets are code points.
    List {
        /// Document file.
        doc: Option<PathBuf>,
        /// Only this label.
        #[arg(long)]
        label: Option<String>,
        /// Only annotations whose text or note contains this (case-insensitive).
        #[arg(long)]
        text: Option<String>,
    },
    /// Add an annotation to DOC.
    Add {
        /// Document file.
        doc: PathBuf,
        #[arg(long)]
        label: String,
        /// Code-point range START..END (end exclusive).
        #[arg(
            long,
            value_name = "START..END",
            conflicts_with = "matches",
            required_unless_present = "matches"
        )]
        chars: Option<String>,
        /// Annotate an occurrence of TEXT.
        #[arg(long = "match", value_name = "TEXT", id = "matches")]
        matches: Option<String>,
        /// Which occurrence of --match (1 = first).
        #[arg(long, default_value_t = 1, requires = "matches")]
        occurrence: usize,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Export annotations of DOCs (default: every stored document with annotations).
    Export {
        #[arg(long, value_enum)]
        format: Format,
        /// Document files.
        docs: Vec<PathBuf>,
        /// Output file (brat: a directory, or NAME.ann for one document). Default: stdout.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// Import annotations for DOC from FILE (all or nothing).
    Import {
        #[arg(long, value_enum)]
        format: ImportFormat,
        /// The document file the annotations belong to.
        doc: PathBuf,
        /// brat `.ann` or JSONL file.
        file: PathBuf,
        /// Delete DOC's existing annotations first (in the same transaction).
        #[arg(long)]
        replace: bool,
    },
}

/// Run it; returns the process exit code.
pub fn run(args: AnnotationsArgs) -> Result<i32> {
    let mut store = Store::open_default(args.data_dir.as_deref())?;
    match args.command {
        AnnotationsCommand::List { doc, label, text } => list(&mut store, doc, label, text),
        AnnotationsCommand::Add {
            doc,
            label,
            chars,
            matches,
            occurrence,
            note,
        } => add(&mut store, &doc, label, chars, matches, occurrence, note),
        AnnotationsCommand::Export {
            format,
            docs,
            output,
        } => export_cmd(&mut store, format, &docs, output.as_deref()),
        AnnotationsCommand::Import {
            format,
            doc,
            file,
            replace,
        } => import_cmd(&mut store, format, &doc, &file, replace),
    }
}

/// Open a document file, record it and re-anchor its annotations.
fn open_doc(store: &mut Store, path: &Path) -> Result<(Article, Vec<Annotation>)> {
    let article = open_path(path)?;
    let anns = store.reanchor(&article)?;
    let orphans = anns.iter().filter(|a| a.orphaned).count();
    if orphans > 0 {
        eprintln!(
            "matn: {}: {orphans} annotation(s) could not be placed in the changed text (kept as orphaned)",
            path.display()
        );
    }
    Ok((article, anns))
}

/// Text as one line for tab-separated output.
fn one_line(s: &str) -> String {
    s.replace('\n', "\\n").replace('\t', "\\t")
}

fn print_row(out: &mut impl Write, doc: &str, a: &Annotation) -> Result<()> {
    let place = if a.orphaned {
        "orphaned".to_owned()
    } else {
        format!("{}..{}", a.char_range.start, a.char_range.end)
    };
    writeln!(
        out,
        "{}\t{doc}\t{}\t{place}\t{}\t{}",
        a.id,
        a.label,
        one_line(&a.quote.exact),
        one_line(&a.note)
    )?;
    Ok(())
}

fn doc_name(doc: &DocInfo) -> String {
    doc.source_path
        .as_ref()
        .map(|p| p.display().to_string())
        .or_else(|| doc.key.clone())
        .unwrap_or_else(|| doc.id.clone())
}

fn list(
    store: &mut Store,
    doc: Option<PathBuf>,
    label: Option<String>,
    text: Option<String>,
) -> Result<i32> {
    let filter = Filter { label, text };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let Some(path) = doc {
        let (_, anns) = open_doc(store, &path)?;
        let needle = filter.text.as_deref().map(str::to_lowercase);
        for a in anns {
            if filter.label.as_ref().is_some_and(|l| *l != a.label) {
                continue;
            }
            if let Some(n) = &needle
                && !a.quote.exact.to_lowercase().contains(n)
                && !a.note.to_lowercase().contains(n)
            {
                continue;
            }
            print_row(&mut out, &path.display().to_string(), &a)?;
        }
    } else {
        for (d, a) in store.all_annotations(&filter)? {
            print_row(&mut out, &doc_name(&d), &a)?;
        }
    }
    Ok(0)
}

fn parse_char_range(s: &str) -> Result<Range<usize>> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| anyhow!("--chars wants START..END, got {s:?}"))?;
    let a: usize = a
        .trim()
        .parse()
        .with_context(|| format!("bad start in {s:?}"))?;
    let b: usize = b
        .trim()
        .parse()
        .with_context(|| format!("bad end in {s:?}"))?;
    Ok(a..b)
}

fn add(
    store: &mut Store,
    path: &Path,
    label: String,
    chars: Option<String>,
    matches: Option<String>,
    occurrence: usize,
    note: String,
) -> Result<i32> {
    let (article, _) = open_doc(store, path)?;
    let byte_range = match (chars, matches) {
        (Some(c), _) => {
            let r = parse_char_range(&c)?;
            crate::annotations::CharOffsets::new(&article.text)
                .char_range_to_bytes(&r)
                .ok_or_else(|| {
                    anyhow!(
                        "--chars {c}: out of range (the text has {} code points)",
                        article.text.chars().count()
                    )
                })?
        }
        (None, Some(m)) => {
            if m.is_empty() || occurrence == 0 {
                bail!("--match needs a non-empty TEXT and --occurrence ≥ 1");
            }
            let start = article
                .text
                .match_indices(&m)
                .nth(occurrence - 1)
                .map(|(i, _)| i)
                .ok_or_else(|| anyhow!("{m:?} occurs fewer than {occurrence} time(s)"))?;
            start..start + m.len()
        }
        (None, None) => bail!("give --chars or --match"),
    };
    let ann = store.create(NewAnnotation {
        doc_id: article.id.clone(),
        byte_range,
        label,
        note,
    })?;
    let stdout = std::io::stdout();
    print_row(&mut stdout.lock(), &path.display().to_string(), &ann)?;
    Ok(0)
}

/// A document to export, owning its data.
struct OwnedDoc {
    info: DocInfo,
    text: String,
    annotations: Vec<Annotation>,
}

impl OwnedDoc {
    fn view(&self) -> ExportDoc<'_> {
        ExportDoc {
            id: &self.info.id,
            title: self.info.title.as_deref(),
            source: self
                .info
                .source_path
                .as_deref()
                .and_then(Path::to_str)
                .or(self.info.key.as_deref()),
            text: &self.text,
            annotations: &self.annotations,
        }
    }

    /// File stem for brat output.
    fn stem(&self) -> String {
        self.info
            .source_path
            .as_deref()
            .and_then(Path::file_stem)
            .and_then(|s| s.to_str())
            .map_or_else(|| self.info.id.clone(), str::to_owned)
    }
}

fn collect_docs(store: &mut Store, paths: &[PathBuf]) -> Result<Vec<OwnedDoc>> {
    let mut docs = Vec::new();
    if paths.is_empty() {
        for info in store.documents()? {
            let annotations = store.annotations_for(&info.id)?;
            if annotations.is_empty() {
                continue;
            }
            let (_, text) = store
                .document(&info.id)?
                .ok_or_else(|| anyhow!("document {} vanished", info.id))?;
            docs.push(OwnedDoc {
                info,
                text,
                annotations,
            });
        }
        return Ok(docs);
    }
    for path in paths {
        let (article, annotations) = open_doc(store, path)?;
        let (info, text) = store
            .document(&article.id)?
            .ok_or_else(|| anyhow!("{}: not recorded in the store", path.display()))?;
        docs.push(OwnedDoc {
            info,
            text,
            annotations,
        });
    }
    Ok(docs)
}

fn write_file(path: &Path, content: &str) -> Result<()> {
    std::fs::write(path, content).with_context(|| format!("cannot write {}", path.display()))
}

fn export_cmd(
    store: &mut Store,
    format: Format,
    paths: &[PathBuf],
    output: Option<&Path>,
) -> Result<i32> {
    let docs = collect_docs(store, paths)?;
    let views: Vec<ExportDoc<'_>> = docs.iter().map(OwnedDoc::view).collect();
    let count: usize = views.iter().map(|v| v.placed().len()).sum();
    let orphans: usize = docs
        .iter()
        .map(|d| d.annotations.iter().filter(|a| a.orphaned).count())
        .sum();
    if format == Format::Brat {
        export_brat(&docs, &views, output)?;
    } else {
        let content = match format {
            Format::Jsonl => views.iter().map(export::jsonl::write_line).collect(),
            Format::W3c => export::w3c::write(&views),
            Format::Conll => export::conll::write(&views),
            Format::Brat => String::new(),
        };
        match output {
            Some(p) => write_file(p, &content)?,
            None => std::io::stdout().lock().write_all(content.as_bytes())?,
        }
    }
    eprintln!(
        "matn: exported {count} annotation(s) of {} document(s){}",
        docs.len(),
        if orphans > 0 {
            format!("; {orphans} orphaned annotation(s) left out")
        } else {
            String::new()
        }
    );
    Ok(0)
}

fn export_brat(docs: &[OwnedDoc], views: &[ExportDoc<'_>], output: Option<&Path>) -> Result<()> {
    match (views, output) {
        ([view], None) => {
            std::io::stdout()
                .lock()
                .write_all(export::brat::write_ann(view).as_bytes())?;
        }
        ([view], Some(p)) if p.extension().is_some_and(|e| e == "ann") => {
            write_file(p, &export::brat::write_ann(view))?;
            write_file(&p.with_extension("txt"), view.text)?;
        }
        (_, None) => bail!("brat export of several documents needs -o DIR"),
        (_, Some(dir)) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let mut used = HashSet::new();
            for (doc, view) in docs.iter().zip(views) {
                let mut stem = doc.stem();
                if !used.insert(stem.clone()) {
                    stem = format!("{stem}-{}", doc.info.id);
                    used.insert(stem.clone());
                }
                write_file(&dir.join(format!("{stem}.txt")), view.text)?;
                write_file(
                    &dir.join(format!("{stem}.ann")),
                    &export::brat::write_ann(view),
                )?;
            }
        }
    }
    Ok(())
}

fn import_cmd(
    store: &mut Store,
    format: ImportFormat,
    doc: &Path,
    file: &Path,
    replace: bool,
) -> Result<i32> {
    let (article, _) = open_doc(store, doc)?;
    let src =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let imported = match format {
        ImportFormat::Brat => export::brat::parse_ann(&article.text, &src),
        ImportFormat::Jsonl => export::jsonl::parse(&article.text, &src),
    }
    .map_err(|e| anyhow!("{}:{e}", file.display()))?;
    let new: Vec<NewAnnotation> = imported
        .into_iter()
        .map(|i| NewAnnotation {
            doc_id: article.id.clone(),
            byte_range: i.byte_range,
            label: i.label,
            note: i.note,
        })
        .collect();
    let report = store
        .import(&article.id, &new, replace)
        .with_context(|| format!("importing {}", file.display()))?;
    eprintln!(
        "matn: imported {} annotation(s) into {} ({} already present)",
        report.added,
        doc.display(),
        report.skipped
    );
    Ok(0)
}
