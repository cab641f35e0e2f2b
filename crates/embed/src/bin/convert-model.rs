//! `convert-model SRC DST`: makes the model folder Parallax reads from the files of
//! all-MiniLM-L6-v2 as they ship (SRC holds `model.safetensors`, `tokenizer.json`,
//! `config.json`): the weights stored as f16, the other two copied. `./dev` runs it after
//! fetching the model package.

use std::path::Path;
use std::process::ExitCode;

use parallax_embed::{CONFIG_FILE, TOKENIZER_FILE, WEIGHTS_FILE, convert};

fn run(src: &Path, dst: &Path) -> Result<(), String> {
    let read = |name: &str| {
        std::fs::read(src.join(name)).map_err(|e| format!("{}: {e}", src.join(name).display()))
    };
    let weights = convert::to_f16(&read("model.safetensors")?)?;
    std::fs::create_dir_all(dst).map_err(|e| format!("{}: {e}", dst.display()))?;
    let write = |name: &str, bytes: &[u8]| {
        let tmp = dst.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, bytes)
            .and_then(|()| std::fs::rename(&tmp, dst.join(name)))
            .map_err(|e| format!("{}: {e}", dst.join(name).display()))
    };
    write(TOKENIZER_FILE, &read(TOKENIZER_FILE)?)?;
    write(CONFIG_FILE, &read(CONFIG_FILE)?)?;
    // Last: its presence says the folder is complete.
    write(WEIGHTS_FILE, &weights)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [src, dst] = &args[..] else {
        eprintln!("usage: convert-model SRC DST");
        return ExitCode::from(2);
    };
    match run(Path::new(src), Path::new(dst)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("convert-model: {e}");
            ExitCode::FAILURE
        }
    }
}
