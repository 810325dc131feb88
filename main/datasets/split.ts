/** Seeded train/val/test split, shape adaptation to the graph's Input, and normalisation. */
import { deriveSeed, makeRng, permutation } from '../engine/trainer/random';
import { DatasetError } from './errors';
import type { RawDataset, TensorSplit } from './types';

export function take(s: TensorSplit, idx: ArrayLike<number>, from = 0, to = idx.length): TensorSplit {
  const size = s.count ? s.x.length / s.count : 0;
  const ySize = s.count ? s.y.length / s.count : 1;
  const n = Math.max(0, to - from);
  const x = new Float32Array(n * size);
  const y = new Float32Array(n * ySize);
  for (let i = 0; i < n; i++) {
    const j = idx[from + i];
    x.set(s.x.subarray(j * size, (j + 1) * size), i * size);
    y.set(s.y.subarray(j * ySize, (j + 1) * ySize), i * ySize);
  }
  return { x, y, count: n };
}

export interface SplitOptions {
  seed: number;
  validationSplit: number;
  testSplit: number;
  limit?: number;
}

/** Shuffles the pool with the seed, caps it at `limit`, then cuts test (if no own test set), val, train. */
export function splitDataset(raw: RawDataset, o: SplitOptions): { train: TensorSplit; val: TensorSplit; test: TensorSplit } {
  const perm = permutation(raw.pool.count, makeRng(deriveSeed(o.seed, 'split')));
  const n = Math.min(raw.pool.count, o.limit ?? Infinity);
  let test: TensorSplit;
  let from = 0;
  if (raw.ownTest) {
    const tn = Math.min(raw.ownTest.count, o.limit ?? Infinity);
    test = take(raw.ownTest, permutation(raw.ownTest.count, makeRng(deriveSeed(o.seed, 'test'))), 0, tn);
  } else {
    const tn = Math.round(n * o.testSplit);
    test = take(raw.pool, perm, 0, tn);
    from = tn;
  }
  const vn = Math.round((n - from) * o.validationSplit);
  const val = take(raw.pool, perm, from, from + vn);
  const train = take(raw.pool, perm, from + vn, n);
  if (train.count === 0) throw new DatasetError(`Dataset '${raw.id}' leaves no training samples after the split (${n} samples in all).`);
  return { train, val, test };
}

const eq = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const fmt = (s: number[]) => `[${s.join(', ')}]`;

/**
 * Makes samples fit the graph's Input: identical shape; a flat Input of the same size; or a larger image of
 * the same channel count (zero-padded around the centre, e.g. MNIST 28×28 into LeNet's classic 32×32).
 */
export function adaptShape(raw: RawDataset, inputShape: number[] | undefined): RawDataset {
  if (!inputShape || eq(inputShape, raw.sampleShape)) return raw;
  const size = raw.sampleShape.reduce((a, b) => a * b, 1);
  const want = inputShape.reduce((a, b) => a * b, 1);
  if (inputShape.length === 1 && want === size) return { ...raw, sampleShape: inputShape };
  const [h, w, c] = raw.sampleShape;
  if (raw.sampleShape.length === 3 && inputShape.length === 3 && inputShape[2] === c && inputShape[0] >= h && inputShape[1] >= w) {
    const [H, W] = inputShape;
    const top = Math.floor((H - h) / 2);
    const left = Math.floor((W - w) / 2);
    const pad = (s: TensorSplit): TensorSplit => {
      const x = new Float32Array(s.count * want);
      for (let i = 0; i < s.count; i++) {
        for (let r = 0; r < h; r++) {
          const src = i * size + r * w * c;
          x.set(s.x.subarray(src, src + w * c), i * want + ((r + top) * W + left) * c);
        }
      }
      return { x, y: s.y, count: s.count };
    };
    return { ...raw, sampleShape: inputShape, pool: pad(raw.pool), ownTest: raw.ownTest && pad(raw.ownTest) };
  }
  throw new DatasetError(
    `Dataset '${raw.id}' gives samples of shape ${fmt(raw.sampleShape)} but the graph's Input expects ${fmt(inputShape)}: ` +
      `change the Input shape to ${fmt(raw.sampleShape)}${raw.kind === 'image' ? ' (or use an image folder, which is resized to the Input)' : ''}.`,
  );
}

/** z-scores tabular features with the training split's mean and std (val/test use the same statistics). */
export function standardise(splits: TensorSplit[], features: number): void {
  const train = splits[0];
  const mean = new Float64Array(features);
  const sq = new Float64Array(features);
  for (let i = 0; i < train.count; i++) {
    for (let f = 0; f < features; f++) {
      const v = train.x[i * features + f];
      mean[f] += v;
      sq[f] += v * v;
    }
  }
  const std = new Float64Array(features);
  for (let f = 0; f < features; f++) {
    mean[f] /= Math.max(1, train.count);
    std[f] = Math.sqrt(Math.max(0, sq[f] / Math.max(1, train.count) - mean[f] * mean[f])) || 1;
  }
  for (const s of splits) {
    for (let i = 0; i < s.count; i++) {
      for (let f = 0; f < features; f++) s.x[i * features + f] = (s.x[i * features + f] - mean[f]) / std[f];
    }
  }
}
