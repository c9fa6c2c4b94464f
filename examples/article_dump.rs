//! Print an article's blocks (kind, effective direction, text head): a debugging aid for readers.
fn main() -> anyhow::Result<()> {
    let args: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    for a in matn::article::open_args(&args, &matn::article::OpenOptions::default())? {
        println!("== {} | {:?} | {:?} {:?} {:?} links={}", a.title(), a.source, a.meta.language, a.meta.direction, a.meta.encoding, a.meta.links.len());
        for (i, b) in a.blocks.iter().enumerate() {
            let t: String = a.block_text(i).chars().take(70).collect();
            println!("{i:3} {:?} {:?}/{:?} {}", b.kind, b.dir, a.block_dir(i), t.replace('\n', "⏎"));
        }
    }
    Ok(())
}
