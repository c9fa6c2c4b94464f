//! Stdin, several files, and directories as a library.
//!
//! A directory's readable documents become the library, sorted by path. The walk is bounded
//! (depth and file count), skips hidden entries, symlinked directories and binaries, and reports
//! other per-file errors without failing the whole directory.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Article, OpenOptions, Source, decode::DecodeError, open_bytes, open_path_with};

/// How deep a directory is searched (the directory itself is depth 0).
pub const MAX_DEPTH: usize = 4;
/// At most this many files are opened from one directory argument.
pub const MAX_FILES: usize = 5_000;

/// Articles opened from arguments, and the files that could not be opened.
#[derive(Debug, Default)]
pub struct OpenReport {
    pub articles: Vec<Article>,
    /// Files inside directories that failed (binaries are skipped silently, not listed).
    pub errors: Vec<(PathBuf, anyhow::Error)>,
    /// True when a directory had more files than [`MAX_FILES`] or deeper than [`MAX_DEPTH`].
    pub truncated: bool,
}

/// Read all of stdin as a document (format sniffed from content).
pub fn open_stdin(opts: &OpenOptions) -> anyhow::Result<Article> {
    open_bytes(&read_stdin()?, Source::Stdin, None, opts)
}

/// Only the text of stdin, as [`open_stdin`] would give it (see [`super::open_bytes_text`]).
pub fn open_stdin_text(opts: &OpenOptions) -> anyhow::Result<String> {
    super::open_bytes_text(&read_stdin()?, Source::Stdin, None, opts)
}

fn read_stdin() -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| anyhow::anyhow!("cannot read <stdin>: {e}"))?;
    Ok(bytes)
}

/// Open `-` (stdin), files and directories. A failing file named directly is an error; files
/// inside a directory that fail are reported on stderr and skipped.
pub fn open_args(args: &[PathBuf], opts: &OpenOptions) -> anyhow::Result<Vec<Article>> {
    let report = open_args_report(args, opts)?;
    for (path, err) in &report.errors {
        eprintln!("matn: skipped {}: {err:#}", path.display());
    }
    if report.truncated {
        eprintln!("matn: directory too large; opened the first {MAX_FILES} documents");
    }
    Ok(report.articles)
}

/// Like [`open_args`], returning per-file errors instead of printing them.
pub fn open_args_report(args: &[PathBuf], opts: &OpenOptions) -> anyhow::Result<OpenReport> {
    let mut report = OpenReport::default();
    let mut stdin_used = false;
    for arg in args {
        if arg.as_os_str() == "-" {
            if stdin_used {
                anyhow::bail!("stdin (-) given more than once");
            }
            stdin_used = true;
            report.articles.push(open_stdin(opts)?);
        } else if arg.is_dir() {
            open_dir(arg, opts, &mut report)?;
        } else {
            report.articles.push(open_path_with(arg, opts)?);
        }
    }
    Ok(report)
}

/// Open the readable documents of a directory into `report`.
fn open_dir(dir: &Path, opts: &OpenOptions, report: &mut OpenReport) -> anyhow::Result<()> {
    let files = list_files(dir, &mut report.truncated)
        .map_err(|e| anyhow::anyhow!("cannot list {}: {e}", dir.display()))?;
    for path in files {
        match open_path_with(&path, opts) {
            Ok(article) => report.articles.push(article),
            Err(err) => {
                let binary = err.chain().any(|c| {
                    matches!(
                        c.downcast_ref::<DecodeError>(),
                        Some(DecodeError::Binary(_))
                    )
                }) || err.to_string().contains("binary file");
                if !binary {
                    report.errors.push((path, err));
                }
            }
        }
    }
    Ok(())
}

/// Extensions never worth opening (media, archives, office files).
fn skipped_ext(path: &Path) -> bool {
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    matches!(
        ext.to_ascii_lowercase().as_str(),
        "png"
            | "jpg"
            | "jpeg"
            | "gif"
            | "webp"
            | "bmp"
            | "ico"
            | "svg"
            | "pdf"
            | "zip"
            | "gz"
            | "xz"
            | "bz2"
            | "zst"
            | "7z"
            | "tar"
            | "rar"
            | "mp3"
            | "mp4"
            | "mkv"
            | "webm"
            | "ogg"
            | "wav"
            | "flac"
            | "exe"
            | "dll"
            | "so"
            | "o"
            | "a"
            | "class"
            | "jar"
            | "woff"
            | "woff2"
            | "ttf"
            | "otf"
            | "sqlite"
            | "db"
            | "doc"
            | "docx"
            | "xls"
            | "xlsx"
            | "ppt"
            | "pptx"
            | "odt"
            | "epub"
            | "json"
            | "css"
            | "js"
            | "map"
    )
}

/// Sorted regular files under `dir`, breadth-bounded by [`MAX_DEPTH`] and [`MAX_FILES`].
pub fn list_files(dir: &Path, truncated: &mut bool) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut pending = vec![(dir.to_owned(), 0usize)];
    while let Some((current, depth)) = pending.pop() {
        let entries = match std::fs::read_dir(&current) {
            Ok(e) => e,
            Err(e) if depth == 0 => return Err(e),
            Err(_) => continue,
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                if depth < MAX_DEPTH {
                    pending.push((path, depth + 1));
                } else {
                    *truncated = true;
                }
            } else if (kind.is_file() || kind.is_symlink() && path.is_file()) && !skipped_ext(&path)
            {
                if out.len() >= MAX_FILES {
                    *truncated = true;
                    break;
                }
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
