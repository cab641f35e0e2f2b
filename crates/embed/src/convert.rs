//! Storing a model's weights as f16: half the download, and the encoder's output moves by
//! less than a cosine of 0.0001 (tests/model.rs). Only what the encoder reads is kept
//! (`embeddings.position_ids`, an integer table of 0..512, is left out).

use std::collections::HashMap;

use safetensors::{Dtype, SafeTensors, tensor::TensorView};

/// The f16 form of a safetensors file of f32 (or f16) weights: float tensors become f16,
/// others are dropped; tensor names and shapes are kept.
pub fn to_f16(safetensors: &[u8]) -> Result<Vec<u8>, String> {
    let tensors = SafeTensors::deserialize(safetensors).map_err(|e| e.to_string())?;
    let mut converted: Vec<(String, Vec<usize>, Vec<u8>)> = Vec::new();
    for (name, view) in tensors.iter() {
        let bytes = match view.dtype() {
            Dtype::F32 => view
                .data()
                .chunks_exact(4)
                .flat_map(|c| {
                    let x = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                    half::f16::from_f32(x).to_le_bytes()
                })
                .collect(),
            Dtype::F16 => view.data().to_vec(),
            _ => continue,
        };
        converted.push((name.to_string(), view.shape().to_vec(), bytes));
    }
    converted.sort_by(|a, b| a.0.cmp(&b.0));
    let views = converted
        .iter()
        .map(|(name, shape, bytes)| {
            TensorView::new(Dtype::F16, shape.clone(), bytes).map(|v| (name.as_str(), v))
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let metadata = HashMap::from([("format".to_string(), "pt".to_string())]);
    safetensors::serialize(views, Some(metadata)).map_err(|e| e.to_string())
}
