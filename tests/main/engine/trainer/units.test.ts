import { describe, expect, it } from 'vitest';
import { scheduleSchema, augmentationSchema } from '../../../../shared/contract/training';
import { augmentBatch } from '../../../../main/engine/trainer/augment';
import { argmaxRows, classReport, headLossJs } from '../../../../main/engine/trainer/evaluate';
import { deriveSeed, makeRng, permutation } from '../../../../main/engine/trainer/random';
import { learningRateAt } from '../../../../main/engine/trainer/schedule';

describe('learning-rate schedules', () => {
  it('constant, step and cosine', () => {
    const c = scheduleSchema.parse({});
    expect(learningRateAt(0.1, c, 3.5, 10)).toBe(0.1);
    const s = scheduleSchema.parse({ type: 'step', stepSize: 2, gamma: 0.5 });
    expect([0, 1.9, 2, 4.2].map((p) => learningRateAt(0.1, s, p, 10))).toEqual([0.1, 0.1, 0.05, 0.025]);
    const cos = scheduleSchema.parse({ type: 'cosine' });
    expect(learningRateAt(0.1, cos, 0, 10)).toBeCloseTo(0.1, 10);
    expect(learningRateAt(0.1, cos, 5, 10)).toBeCloseTo(0.05, 10);
    expect(learningRateAt(0.1, cos, 10, 10)).toBeCloseTo(0, 10);
  });

  it('linear warm-up ramps to the base rate, then the schedule takes over', () => {
    const w = scheduleSchema.parse({ type: 'cosine', warmupEpochs: 2 });
    const r = [0, 0.5, 1, 1.5].map((p) => learningRateAt(1, w, p, 6));
    for (let i = 1; i < r.length; i++) expect(r[i]).toBeGreaterThan(r[i - 1]);
    expect(r[1]).toBeCloseTo(0.25, 2);
    expect(learningRateAt(1, w, 2, 6)).toBeCloseTo(1, 6);
    expect(learningRateAt(1, w, 4, 6)).toBeCloseTo(0.5, 6);
  });
});

describe('seeded randomness', () => {
  it('same seed, same permutation; different purpose, different stream', () => {
    const a = permutation(50, makeRng(deriveSeed(7, 'shuffle:1')));
    const b = permutation(50, makeRng(deriveSeed(7, 'shuffle:1')));
    const c = permutation(50, makeRng(deriveSeed(7, 'shuffle:2')));
    expect([...a]).toEqual([...b]);
    expect([...a]).not.toEqual([...c]);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('augmentation', () => {
  const img = () => Float32Array.from({ length: 3 * 4 * 1 }, (_, i) => i + 1); // 3×4×1, row-major

  it('flip mirrors columns, shift moves content and zero-fills', () => {
    const x = img();
    augmentBatch(x, 1, [3, 4, 1], augmentationSchema.parse({ flip: true }), () => 0.1); // rng < .5 → flip
    expect([...x]).toEqual([4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9]);
    const y = img();
    // shift 1: rng 0.99 → offset +1 in both axes.
    augmentBatch(y, 1, [3, 4, 1], augmentationSchema.parse({ shift: 1 }), () => 0.99);
    expect([...y]).toEqual([0, 0, 0, 0, 0, 1, 2, 3, 0, 5, 6, 7]);
  });

  it('is a no-op when disabled and deterministic with a seed', () => {
    const x = img();
    augmentBatch(x, 1, [3, 4, 1], augmentationSchema.parse({}), Math.random);
    expect([...x]).toEqual([...img()]);
    const run = () => {
      const b = new Float32Array(5 * 12).map((_, i) => i);
      augmentBatch(b, 5, [3, 4, 1], augmentationSchema.parse({ flip: true, shift: 1 }), makeRng(3));
      return [...b];
    };
    expect(run()).toEqual(run());
  });
});

describe('evaluation metrics', () => {
  it('confusion matrix and per-class precision/recall/F1', () => {
    const y = Float32Array.from([0, 0, 1, 1, 2, 2]);
    const pred = Int32Array.from([0, 1, 1, 1, 2, 0]);
    const r = classReport(pred, y, 3);
    expect(r.accuracy).toBeCloseTo(4 / 6);
    expect(r.confusion).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    expect(r.perClass[1]).toEqual({ precision: 2 / 3, recall: 1, f1: 0.8, support: 2 });
    expect(r.perClass[0].precision).toBeCloseTo(0.5);
  });

  it('cross-entropy on probabilities and on logits agree', () => {
    const logits = Float32Array.from([2, 0, -1, 0.5, 0.5, 3]);
    const probs = new Float32Array(6);
    for (let r = 0; r < 2; r++) {
      const z = [0, 1, 2].reduce((s, j) => s + Math.exp(logits[r * 3 + j]), 0);
      for (let j = 0; j < 3; j++) probs[r * 3 + j] = Math.exp(logits[r * 3 + j]) / z;
    }
    const y = Float32Array.from([0, 2]);
    const a = headLossJs({ nodeId: 'o', loss: 'categoricalCrossentropy', weight: 1, labels: 'onehot' }, probs, y, 2);
    const b = headLossJs({ nodeId: 'o', loss: 'softmaxCrossEntropyFromLogits', weight: 1, labels: 'onehot' }, logits, y, 2);
    expect(a).toBeCloseTo(b, 5);
    expect([...argmaxRows(logits, 2)]).toEqual([0, 2]);
  });
});
