import type { DatasetInfo } from '../../shared/contract/datasets';

/** A split as flat float arrays: x is count × prod(inputShape) (NHWC), y is count class indices (or targets). */
export interface TensorSplit {
  x: Float32Array;
  y: Float32Array;
  count: number;
}

/** A dataset loaded into memory, normalised and split with a seed. */
export interface LoadedDataset {
  info: DatasetInfo;
  train: TensorSplit;
  val: TensorSplit;
  test: TensorSplit;
}

export interface DatasetLoadOptions {
  /** Shape to resize/reshape to (the graph's Input shape). */
  inputShape?: number[];
  seed?: number;
  /** Fraction of training data held out for validation. */
  validationSplit?: number;
  /** Use at most this many training samples (quick runs, tests). */
  limit?: number;
  onProgress?(done: number, total: number): void;
}
