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
  /** Fraction held out for testing when the source has no test set of its own (default 0.1). */
  testSplit?: number;
  /** Use at most this many training samples (quick runs, tests); an own test set is capped likewise. */
  limit?: number;
  /** CSV: the label column, by header name or 0-based index (default: the last column). */
  labelColumn?: string | number;
  /** Folder with Fashion-MNIST's IDX files (default: $NETWRIGHT_FASHION_MNIST, then the Debian location). */
  fashionMnistDir?: string;
  /** etaSeconds is an estimate from the rate so far (image folders), undefined when unknown. */
  onProgress?(done: number, total: number, etaSeconds?: number): void;
}

/** A source read into memory before the split: one pool of samples, plus its own test pool if it has one. */
export interface RawDataset {
  id: string;
  name: string;
  kind: 'image' | 'tabular';
  sampleShape: number[];
  classNames: string[];
  pool: TensorSplit;
  ownTest?: TensorSplit;
  skipped: { file: string; reason: string }[];
}

/** One sample for a preview grid: pixels as bytes (HWC, 1 or 3 channels), its label. */
export interface PreviewSample {
  /** Index within its split. */
  index: number;
  width: number;
  height: number;
  channels: number;
  pixels: Uint8Array;
  label: number;
  className: string;
}
