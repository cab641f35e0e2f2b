//! The encoder against an independent reference: a numpy implementation of BERT with mean
//! pooling, run on the original f32 weights (`tokenizers` 0.23.3 in Python for the ids).
//! The model is fetched by `./dev model`; without it these tests say so and pass, unless
//! `PARALLAX_REQUIRE_MODEL` is set (`./dev test` sets it).

use parallax_embed::{Model, cosine, find_dir};

/// Sentence a, sentence b, the reference cosine, the reference ids of a, the first four
/// components of a's vector.
type Reference = (&'static str, &'static str, f32, &'static [u32], [f32; 4]);

const REFERENCE: &[Reference] = &[
    (
        "The minister will travel to Paris on Friday.",
        "The minister is expected in the French capital at the end of the week.",
        0.617034,
        &[
            101, 1996, 2704, 2097, 3604, 2000, 3000, 2006, 5958, 1012, 102,
        ],
        [0.089334, 0.002205, 0.015297, -0.029009],
    ),
    (
        "Qin Gang held a phone call with Antony Blinken on Wednesday.",
        "China's foreign minister spoke to the US secretary of state by telephone.",
        0.380599,
        &[
            101, 19781, 6080, 2218, 1037, 3042, 2655, 2007, 16262, 12373, 2368, 2006, 9317, 1012,
            102,
        ],
        [-0.164711, 0.002161, -0.008471, -0.032801],
    ),
    (
        "Stock markets fell sharply after the announcement.",
        "The recipe calls for two cups of flour and a pinch of salt.",
        -0.045111,
        &[101, 4518, 6089, 3062, 9249, 2044, 1996, 8874, 1012, 102],
        [0.050991, -0.002028, 0.079281, 0.100529],
    ),
    (
        "A man was shot dead outside a nightclub in Dublin.",
        "Police say a man died after being shot near a Dublin club.",
        0.863085,
        &[
            101, 1037, 2158, 2001, 2915, 2757, 2648, 1037, 15479, 1999, 5772, 1012, 102,
        ],
        [0.083552, 0.011299, -0.111028, -0.036655],
    ),
    (
        "Café owners in Zürich—naïvely—expected 3,000 visitors!",
        "The museum opened its doors in 1999.",
        0.148229,
        &[
            101, 7668, 5608, 1999, 10204, 1517, 15743, 2135, 1517, 3517, 1017, 1010, 2199, 5731,
            999, 102,
        ],
        [0.106623, -0.007234, 0.040089, 0.029113],
    ),
];

fn model() -> Option<Model> {
    match find_dir(None) {
        Ok(dir) => Some(Model::load(&dir).expect("the model loads")),
        Err(e) if std::env::var_os("PARALLAX_REQUIRE_MODEL").is_some() => panic!("{e}"),
        Err(e) => {
            eprintln!("skipped: {e}");
            None
        }
    }
}

#[test]
fn the_encoder_matches_the_reference() {
    let Some(model) = model() else { return };
    let sentences: Vec<&str> = REFERENCE.iter().flat_map(|r| [r.0, r.1]).collect();
    let vectors = model.embed(&sentences, &mut |_| {}).unwrap();
    for (i, &(a, _, expected, ids, head)) in REFERENCE.iter().enumerate() {
        assert_eq!(model.token_ids(a).unwrap(), ids, "{a}");
        let (va, vb) = (&vectors[2 * i], &vectors[2 * i + 1]);
        assert_eq!(va.len(), parallax_embed::DIM);
        let norm: f32 = va.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "unit length: {norm}");
        let got = cosine(va, vb);
        assert!(
            (got - expected).abs() < 2e-3,
            "{a:?}: cosine {got}, reference {expected}"
        );
        for (x, y) in va.iter().zip(head) {
            assert!((x - y).abs() < 2e-3, "{a:?}: component {x}, reference {y}");
        }
    }
}

#[test]
fn a_batch_gives_what_one_sentence_alone_gives() {
    let Some(model) = model() else { return };
    let alone = model.embed(&[REFERENCE[1].0], &mut |_| {}).unwrap();
    let long = "word ".repeat(400);
    let mut seen = Vec::new();
    let batch = model
        .embed(&[REFERENCE[0].1, REFERENCE[1].0, "", &long], &mut |n| {
            seen.push(n)
        })
        .unwrap();
    assert!(cosine(&alone[0], &batch[1]) > 0.99999);
    assert_eq!(seen.last(), Some(&4));
    // Empty and overlong sentences still give unit vectors.
    for v in &batch[2..] {
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-3);
    }
}
