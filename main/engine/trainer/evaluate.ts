/** Metrics from model outputs in plain JS: loss, accuracy, confusion matrix, per-class precision/recall/F1. */
import type { HeadLoss } from '../model';

/** Mean loss of one head over `count` samples; labels are class indices (onehot heads) or targets. */
export function headLossJs(head: HeadLoss, out: Float32Array, y: Float32Array, count: number): number {
  const k = out.length / Math.max(1, count);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const row = out.subarray(i * k, (i + 1) * k);
    if (head.labels === 'values') {
      for (let j = 0; j < k; j++) sum += ((row[j] - y[i * k + j]) ** 2) / k;
      continue;
    }
    const t = y[i];
    if (head.loss === 'softmaxCrossEntropyFromLogits') {
      let m = -Infinity;
      for (let j = 0; j < k; j++) m = Math.max(m, row[j]);
      let z = 0;
      for (let j = 0; j < k; j++) z += Math.exp(row[j] - m);
      sum += Math.log(z) + m - row[t];
    } else {
      // Keras clips probabilities to [eps, 1 − eps] in categorical cross-entropy.
      sum += -Math.log(Math.min(1 - 1e-7, Math.max(1e-7, row[t])));
    }
  }
  return sum / Math.max(1, count);
}

export function argmaxRows(out: Float32Array, count: number): Int32Array {
  const k = out.length / Math.max(1, count);
  const pred = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (out[i * k + j] > out[i * k + best]) best = j;
    pred[i] = best;
  }
  return pred;
}

export interface ClassReport {
  accuracy: number;
  /** confusion[true][predicted] */
  confusion: number[][];
  perClass: { precision: number; recall: number; f1: number; support: number }[];
}

export function classReport(pred: Int32Array, y: Float32Array, classes: number): ClassReport {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0;
  for (let i = 0; i < pred.length; i++) {
    const t = y[i];
    if (t >= 0 && t < classes && pred[i] < classes) confusion[t][pred[i]]++;
    if (pred[i] === t) correct++;
  }
  const perClass = confusion.map((row, c) => {
    const tp = row[c];
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((s, r) => s + r[c], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support };
  });
  return { accuracy: pred.length ? correct / pred.length : 0, confusion, perClass };
}

export interface Predictions {
  labels: number[];
  predicted: number[];
  /** Probability of the predicted class (softmax applied for heads that output logits). */
  confidence: number[];
}

/** Per-sample true label, predicted class and its probability, in split order (the gallery's data). */
export function predictionsOf(head: HeadLoss, out: Float32Array, y: Float32Array, count: number): Predictions {
  const k = out.length / Math.max(1, count);
  const pred = argmaxRows(out, count);
  const labels = new Array<number>(count);
  const confidence = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const row = out.subarray(i * k, (i + 1) * k);
    labels[i] = y[i];
    if (head.loss === 'softmaxCrossEntropyFromLogits') {
      // Max-shifted softmax of the winning logit.
      const m = row[pred[i]];
      let z = 0;
      for (let j = 0; j < k; j++) z += Math.exp(row[j] - m);
      confidence[i] = 1 / z;
    } else {
      confidence[i] = row[pred[i]];
    }
  }
  return { labels, predicted: Array.from(pred), confidence };
}
