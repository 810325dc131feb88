import type { Shape } from '../graph/types';

/** What the UI and CLI know about a dataset: enough for a preview, a class-balance chart and a shape check. */
export interface DatasetInfo {
  /** 'mnist', 'fashion-mnist', or 'path:<absolute path>' for imported ones. */
  id: string;
  name: string;
  kind: 'image' | 'tabular';
  /** Per-sample shape, NHWC without batch: [28, 28, 1] for MNIST, [features] for CSV. */
  inputShape: Shape;
  /** Class names; empty for a regression (numeric) target. */
  classNames: string[];
  split: { train: number; val: number; test: number };
  /** Samples per class over the whole dataset (same order as classNames). */
  classCounts: number[];
  /** Files that could not be read (image folders), with the reason. */
  skipped: { file: string; reason: string }[];
}
