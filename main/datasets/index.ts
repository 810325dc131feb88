/**
 * Datasets for training: the built-ins (MNIST, Fashion-MNIST) and imports (IDX folder, CSV, image folder),
 * loaded into memory, shaped to the graph's Input, normalised and split with a seed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DatasetInfo } from '../../shared/contract/datasets';
import { builtinInfos, hasIdxSet, loadFashionMnist, loadIdxDir, loadMnistPackage } from './builtin';
import { loadCsv } from './csv';
import { DatasetError } from './errors';
import { datasetPath } from './ids';
import { loadImageFolder } from './folder';
import { adaptShape, splitDataset, standardise } from './split';
import type { DatasetLoadOptions, LoadedDataset, PreviewSample, RawDataset, TensorSplit } from './types';

export { DatasetError } from './errors';
export type { DatasetLoadOptions, LoadedDataset, PreviewSample, TensorSplit } from './types';
export { parseIdx, readIdxFile } from './idx';
export { parseCsvDataset } from './csv';

const require = createRequire(import.meta.url);
let mnistCounts: number[] | null = null;

/** The built-in datasets available on this machine (Fashion-MNIST only when its files are present). */
export function listBuiltinDatasets(opts: { fashionMnistDir?: string } = {}): DatasetInfo[] {
  // Per-class counts of the npm package: its files hold 784 floats per digit (parsed once).
  mnistCounts ??= Array.from({ length: 10 }, (_, d) => {
    const file = path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits', `${d}.json`);
    return (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data.length / 784;
  });
  return builtinInfos(opts.fashionMnistDir, mnistCounts);
}

async function readSource(id: string, opts: DatasetLoadOptions): Promise<RawDataset> {
  if (id === 'mnist') return loadMnistPackage();
  if (id === 'fashion-mnist') return loadFashionMnist(opts.fashionMnistDir);
  const p = datasetPath(id);
  // 'path:' ids hold an absolute or ./relative path too (the host resolves them before they get here).
  if (p === null || !(path.isAbsolute(p) || p.startsWith('.'))) {
    throw new DatasetError(`Unknown dataset '${id}': use mnist, fashion-mnist, or a path to a CSV file, an IDX folder or an image folder.`);
  }
  const abs = path.resolve(p);
  if (!existsSync(abs)) throw new DatasetError(`Dataset path ${abs} does not exist.`);
  if (statSync(abs).isFile()) {
    if (/\.(csv|tsv|txt)$/i.test(abs)) return loadCsv(abs, opts.labelColumn);
    throw new DatasetError(`${abs}: a dataset file must be a .csv (for IDX files pass the folder holding train-images/train-labels).`);
  }
  if (hasIdxSet(abs)) return loadIdxDir(abs, `path:${abs}`, path.basename(abs));
  return loadImageFolder(abs, opts.inputShape, opts.onProgress);
}

function classCounts(raw: RawDataset, splits: TensorSplit[]): number[] {
  const counts = raw.classNames.map(() => 0);
  for (const s of splits) for (let i = 0; i < s.count; i++) counts[s.y[i]]++;
  return counts;
}

/**
 * Loads a dataset by id ('mnist', 'fashion-mnist', 'path:/abs' or a path), shaped to `inputShape`, split
 * with `seed`. Throws DatasetError with a message naming the file/column/shape at fault.
 */
export async function loadDataset(id: string, opts: DatasetLoadOptions = {}): Promise<LoadedDataset> {
  const raw = adaptShape(await readSource(id, opts), opts.inputShape);
  const { train, val, test } = splitDataset(raw, {
    seed: opts.seed ?? 42,
    validationSplit: opts.validationSplit ?? 0.1,
    testSplit: opts.testSplit ?? 0.1,
    limit: opts.limit,
  });
  if (raw.kind === 'tabular') standardise([train, val, test], raw.sampleShape[0]);
  const info: DatasetInfo = {
    id: raw.id,
    name: raw.name,
    kind: raw.kind,
    inputShape: raw.sampleShape,
    classNames: raw.classNames,
    split: { train: train.count, val: val.count, test: test.count },
    classCounts: classCounts(raw, [train, val, test]),
    skipped: raw.skipped,
  };
  return { info, train, val, test };
}

/** One sample of a split as bytes (HWC; floats in 0..1 scaled back to 0–255). Image datasets only. */
export function sampleAt(ds: LoadedDataset, split: 'train' | 'val' | 'test', index: number): PreviewSample {
  const shape = ds.info.inputShape;
  if (ds.info.kind !== 'image' || shape.length !== 3) {
    throw new DatasetError(`Dataset '${ds.info.name}' is ${ds.info.kind} data of shape [${shape.join(', ')}]: its samples are not images.`);
  }
  const s = ds[split];
  if (!Number.isInteger(index) || index < 0 || index >= s.count) {
    throw new DatasetError(`Sample ${index} is out of range: the ${split} split of '${ds.info.name}' has ${s.count} samples.`);
  }
  const [height, width, channels] = shape;
  const size = height * width * channels;
  const pixels = new Uint8Array(size);
  for (let k = 0; k < size; k++) pixels[k] = Math.max(0, Math.min(255, Math.round(s.x[index * size + k] * 255)));
  const label = s.y[index];
  return { index, width, height, channels, pixels, label, className: ds.info.classNames[label] ?? String(label) };
}

/** Up to n training samples for a preview grid, round-robin over the classes so each one shows. */
export function previewSamples(ds: LoadedDataset, n: number): PreviewSample[] {
  const shape = ds.info.inputShape;
  if (ds.info.kind !== 'image' || shape.length !== 3) return [];
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < ds.train.count; i++) {
    const l = ds.train.y[i];
    const list = byClass.get(l) ?? [];
    if (list.length < n) list.push(i);
    byClass.set(l, list);
  }
  const lists = [...byClass.entries()].sort((a, b) => a[0] - b[0]);
  const picks: number[] = [];
  for (let k = 0; picks.length < n && lists.some(([, l]) => l.length > k); k++) {
    for (const [, l] of lists) if (l.length > k && picks.length < n) picks.push(l[k]);
  }
  return picks.map((i) => sampleAt(ds, 'train', i));
}
