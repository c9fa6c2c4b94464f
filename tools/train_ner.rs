//! Train the entity tagger (averaged perceptron) and write the model asset.
//!
//! ```text
//! cargo run --release --example train_ner -- /work/shared/ner/parstwiner/train.txt \
//!     assets/ner/parstwiner.model [EPOCHS] [MIN_ABS_WEIGHT]
//! ```
//!
//! Never train on dev.txt: it is what `matn eval-ner` reports on. Deterministic (fixed shuffle
//! seed), so the same data and gazetteer give the same model file.

use matn::entities::gazetteer::Gazetteer;
use matn::entities::model::Tagger;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        anyhow::bail!("usage: train_ner TRAIN.iob OUTPUT.model [EPOCHS] [MIN_ABS_WEIGHT]");
    };
    let epochs: usize = args.get(3).map_or(Ok(8), |s| s.parse())?;
    let min_abs: f32 = args.get(4).map_or(Ok(0.05), |s| s.parse())?;
    let data = std::fs::read_to_string(input)?;
    let gazetteer = Gazetteer::embedded();
    let tagger = Tagger::train(&data, &gazetteer, epochs);
    let bytes = tagger.to_bytes(min_abs);
    std::fs::write(output, &bytes)?;
    let back = Tagger::from_bytes(&bytes)?;
    eprintln!(
        "wrote {output}: {} bytes, {} features (of {} trained)",
        bytes.len(),
        back.len(),
        tagger.len()
    );
    Ok(())
}
