//! Embedding speed on the sample story's sentences: `cargo run --release -p parallax-embed
//! --example speed [FILE…]` (each line of each file a sentence; the built-in sentences
//! otherwise). Prints sentences per second; `./dev bench` runs it.

use std::time::Instant;

fn main() {
    let dir = parallax_embed::find_dir(None).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let t = Instant::now();
    let model = parallax_embed::Model::load(&dir).expect("model");
    println!("load: {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let files: Vec<String> = std::env::args().skip(1).collect();
    let text: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("readable file"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut sentences: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.len() > 20)
        .collect();
    if sentences.is_empty() {
        sentences = vec![
            "Qin Gang held a phone call with Antony Blinken on Wednesday, the foreign ministry said.";
            64
        ];
    }
    let t = Instant::now();
    let v = model.embed(&sentences, &mut |_| {}).expect("embeds");
    let s = t.elapsed().as_secs_f64();
    println!(
        "{} sentences in {:.0} ms: {:.1} ms per sentence, {} dimensions",
        v.len(),
        s * 1e3,
        s * 1e3 / v.len() as f64,
        v[0].len()
    );
}
