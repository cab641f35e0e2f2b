//! Small statistics for the evaluation: correlation, AUC, thresholds chosen by
//! cross-validation (never on the items they are scored on).

/// Pearson correlation.
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    if x.len() < 2 {
        return 0.0;
    }
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// Ranks with ties averaged (1-based).
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman rank correlation.
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
}

/// ROC-AUC of scores for positives against negatives (ties count half).
pub fn auc(pos: &[f64], neg: &[f64]) -> f64 {
    if pos.is_empty() || neg.is_empty() {
        return 0.0;
    }
    let mut all: Vec<(f64, bool)> = pos
        .iter()
        .map(|&s| (s, true))
        .chain(neg.iter().map(|&s| (s, false)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let scores: Vec<f64> = all.iter().map(|a| a.0).collect();
    let r = ranks(&scores);
    let sum_pos: f64 = all
        .iter()
        .zip(&r)
        .filter(|(a, _)| a.1)
        .map(|(_, r)| r)
        .sum();
    let (np, nn) = (pos.len() as f64, neg.len() as f64);
    (sum_pos - np * (np + 1.0) / 2.0) / (np * nn)
}

/// The threshold on `scores` that best separates `labels` (accuracy), among midpoints.
pub fn best_threshold(scores: &[f64], labels: &[bool]) -> f64 {
    let mut sorted: Vec<f64> = scores.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.dedup();
    let mut best = (usize::MAX, 0.5);
    let mut candidates = vec![sorted.first().copied().unwrap_or(0.0) - 1e-6];
    candidates.extend(sorted.windows(2).map(|w| (w[0] + w[1]) / 2.0));
    candidates.push(sorted.last().copied().unwrap_or(1.0) + 1e-6);
    for t in candidates {
        let errors = scores
            .iter()
            .zip(labels)
            .filter(|(s, l)| (**s >= t) != **l)
            .count();
        if errors < best.0 {
            best = (errors, t);
        }
    }
    best.1
}

/// Predictions for each item from a threshold fitted on the other folds (`k`-fold, items
/// assigned to folds round-robin, so the result is deterministic).
pub fn cross_validated(scores: &[f64], labels: &[bool], k: usize) -> Vec<bool> {
    let mut out = vec![false; scores.len()];
    for fold in 0..k {
        let (train_s, train_l): (Vec<f64>, Vec<bool>) = (0..scores.len())
            .filter(|i| i % k != fold)
            .map(|i| (scores[i], labels[i]))
            .unzip();
        let t = best_threshold(&train_s, &train_l);
        for i in (0..scores.len()).filter(|i| i % k == fold) {
            out[i] = scores[i] >= t;
        }
    }
    out
}

/// The harmonic mean of precision and recall (0 when both are 0).
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// Accuracy and F1 (positive class) of predictions.
pub fn accuracy_f1(pred: &[bool], labels: &[bool]) -> (f64, f64) {
    let correct = pred.iter().zip(labels).filter(|(p, l)| p == l).count();
    let tp = pred.iter().zip(labels).filter(|(p, l)| **p && **l).count() as f64;
    let fp = pred.iter().zip(labels).filter(|(p, l)| **p && !**l).count() as f64;
    let fneg = pred.iter().zip(labels).filter(|(p, l)| !**p && **l).count() as f64;
    let f1 = if tp == 0.0 {
        0.0
    } else {
        2.0 * tp / (2.0 * tp + fp + fneg)
    };
    (correct as f64 / pred.len().max(1) as f64, f1)
}

/// The blend weights tried: `w · a + (1 − w) · b`.
const BLEND_WEIGHTS: [f64; 11] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

/// Predictions for each item from a blend `w · a + (1 − w) · b` and a threshold, both fitted
/// on the other folds (`k`-fold, round-robin), and the weights chosen (a range, as text).
pub fn cross_validated_blend(
    a: &[f64],
    b: &[f64],
    labels: &[bool],
    k: usize,
) -> (Vec<bool>, String) {
    let mut out = vec![false; a.len()];
    let mut chosen = Vec::new();
    for fold in 0..k {
        let train: Vec<usize> = (0..a.len()).filter(|i| i % k != fold).collect();
        let train_labels: Vec<bool> = train.iter().map(|&i| labels[i]).collect();
        let mut best = (usize::MAX, 0.0, 0.0);
        for w in BLEND_WEIGHTS {
            let s: Vec<f64> = train.iter().map(|&i| w * a[i] + (1.0 - w) * b[i]).collect();
            let t = best_threshold(&s, &train_labels);
            let errors = s
                .iter()
                .zip(&train_labels)
                .filter(|(s, l)| (**s >= t) != **l)
                .count();
            if errors < best.0 {
                best = (errors, w, t);
            }
        }
        let (_, w, t) = best;
        chosen.push(w);
        for i in (0..a.len()).filter(|i| i % k == fold) {
            out[i] = w * a[i] + (1.0 - w) * b[i] >= t;
        }
    }
    let lo = chosen.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = chosen.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let weights = if (hi - lo).abs() < 1e-9 {
        format!("{lo:.1}")
    } else {
        format!("{lo:.1}–{hi:.1}")
    };
    (out, weights)
}

/// The blend weight `w` of `w · a + (1 − w) · b` whose Pearson correlation with `y` is highest.
pub fn best_blend_for_pearson(a: &[f64], b: &[f64], y: &[f64]) -> f64 {
    let mut best = (f64::NEG_INFINITY, 0.0);
    for w in BLEND_WEIGHTS {
        let s: Vec<f64> = a
            .iter()
            .zip(b)
            .map(|(x, z)| w * x + (1.0 - w) * z)
            .collect();
        let r = pearson(&s, y);
        if r > best.0 {
            best = (r, w);
        }
    }
    best.1
}

/// A logistic regression: weights of standardised features, then the bias.
pub struct Logistic {
    mean: Vec<f64>,
    scale: Vec<f64>,
    weights: Vec<f64>,
}

impl Logistic {
    /// Fits by gradient descent on the log-loss (with a little L2), features standardised.
    pub fn fit(x: &[Vec<f64>], y: &[bool]) -> Self {
        let d = x.first().map_or(0, Vec::len);
        let n = x.len().max(1) as f64;
        let mean: Vec<f64> = (0..d)
            .map(|j| x.iter().map(|r| r[j]).sum::<f64>() / n)
            .collect();
        let scale: Vec<f64> = (0..d)
            .map(|j| {
                let v = x.iter().map(|r| (r[j] - mean[j]).powi(2)).sum::<f64>() / n;
                if v > 0.0 { v.sqrt() } else { 1.0 }
            })
            .collect();
        let z: Vec<Vec<f64>> = x
            .iter()
            .map(|r| (0..d).map(|j| (r[j] - mean[j]) / scale[j]).collect())
            .collect();
        let mut w = vec![0.0; d + 1];
        for _ in 0..600 {
            let mut grad = vec![0.0; d + 1];
            for (r, &label) in z.iter().zip(y) {
                let p = sigmoid(dot(&w, r));
                let e = p - f64::from(u8::from(label));
                for j in 0..d {
                    grad[j] += e * r[j];
                }
                grad[d] += e;
            }
            for j in 0..=d {
                let l2 = if j < d { 1e-3 * w[j] } else { 0.0 };
                w[j] -= 1.0 * (grad[j] / n + l2);
            }
        }
        Self {
            mean,
            scale,
            weights: w,
        }
    }

    /// The probability of the positive class.
    pub fn predict(&self, r: &[f64]) -> f64 {
        let z: Vec<f64> = r
            .iter()
            .enumerate()
            .map(|(j, v)| (v - self.mean[j]) / self.scale[j])
            .collect();
        sigmoid(dot(&self.weights, &z))
    }
}

fn dot(w: &[f64], r: &[f64]) -> f64 {
    r.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() + w[r.len()]
}

fn sigmoid(t: f64) -> f64 {
    1.0 / (1.0 + (-t).exp())
}

/// Predictions from a logistic regression and a threshold on its probability, both fitted on
/// the other folds (`k`-fold, round-robin).
pub fn cross_validated_logistic(x: &[Vec<f64>], labels: &[bool], k: usize) -> Vec<bool> {
    let mut out = vec![false; x.len()];
    for fold in 0..k {
        let train: Vec<usize> = (0..x.len()).filter(|i| i % k != fold).collect();
        let tx: Vec<Vec<f64>> = train.iter().map(|&i| x[i].clone()).collect();
        let ty: Vec<bool> = train.iter().map(|&i| labels[i]).collect();
        let model = Logistic::fit(&tx, &ty);
        let p: Vec<f64> = tx.iter().map(|r| model.predict(r)).collect();
        let t = best_threshold(&p, &ty);
        for i in (0..x.len()).filter(|i| i % k == fold) {
            out[i] = model.predict(&x[i]) >= t;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basics() {
        assert!((pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]) - 1.0).abs() < 1e-9);
        assert!((spearman(&[1.0, 2.0, 3.0], &[1.0, 10.0, 100.0]) - 1.0).abs() < 1e-9);
        assert_eq!(auc(&[0.9, 0.8], &[0.1, 0.2]), 1.0);
        assert_eq!(auc(&[0.5], &[0.5]), 0.5);
        assert_eq!(ranks(&[3.0, 1.0, 3.0]), vec![2.5, 1.0, 2.5]);
        let t = best_threshold(&[0.1, 0.2, 0.8, 0.9], &[false, false, true, true]);
        assert!(t > 0.2 && t < 0.8);
        let (acc, f1) = accuracy_f1(&[true, false, true], &[true, false, false]);
        assert!((acc - 2.0 / 3.0).abs() < 1e-9 && (f1 - 2.0 / 3.0).abs() < 1e-9);
    }
}
