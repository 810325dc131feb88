/**
 * Dataset previews and samples for the UI (import preview grid, prediction gallery, layer inspector).
 * A dataset reference + seed loads exactly like the engine loads it (same options, same split), so test
 * sample i here is the sample the engine's eval predictions[i] belongs to.
 */
import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetInfo } from '../../shared/contract/datasets';
import type { SampleImage } from '../../shared/contract/runs';
import { DatasetError } from './errors';
import { datasetPath } from './ids';
import { loadDataset, previewSamples, sampleAt } from './index';
import type { DatasetLoadOptions, LoadedDataset, PreviewSample } from './types';

/** The dataset fields of a training config (shared/contract/training.ts datasetRefSchema). */
export interface DatasetRefLike {
  id: string;
  limit?: number;
  validationSplit?: number;
  testSplit?: number;
  labelColumn?: string | number;
}

/** Load options for a training config's dataset: the one mapping the engine and the previews share. */
export function datasetLoadOptions(ref: DatasetRefLike, seed: number, inputShape?: number[]): DatasetLoadOptions {
  return {
    inputShape,
    seed,
    validationSplit: ref.validationSplit,
    testSplit: ref.testSplit,
    limit: ref.limit,
    labelColumn: ref.labelColumn,
  };
}

// Two loaded datasets kept between calls, most recent first: a gallery pages through samples of one set
// while the layer inspector loads the same set shaped to the graph's Input.
const CACHE_SIZE = 2;
const cache: { key: string; data: Promise<LoadedDataset> }[] = [];

function pathStamp(id: string): number {
  const p = datasetPath(id);
  if (p === null || !path.isAbsolute(p)) return 0;
  try {
    return statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}

/** loadDataset with a small cache keyed by everything that changes the result (and the path's mtime). */
export function loadDatasetCached(ref: DatasetRefLike, seed: number, inputShape?: number[]): Promise<LoadedDataset> {
  const opts = datasetLoadOptions(ref, seed, inputShape);
  const key = JSON.stringify([ref.id, pathStamp(ref.id), opts.seed, opts.validationSplit, opts.testSplit, opts.limit, opts.labelColumn, inputShape]);
  const at = cache.findIndex((c) => c.key === key);
  const entry = at >= 0 ? cache.splice(at, 1)[0] : { key, data: loadDataset(ref.id, opts) };
  cache.unshift(entry);
  cache.length = Math.min(cache.length, CACHE_SIZE);
  // A failed load must not stick.
  entry.data.catch(() => {
    const i = cache.indexOf(entry);
    if (i >= 0) cache.splice(i, 1);
  });
  return entry.data;
}

/** Bytes → the wire form (base64 pixels, channels 1 or 3). */
export function toSampleImage(s: PreviewSample): SampleImage {
  if (s.channels !== 1 && s.channels !== 3) throw new DatasetError(`Samples with ${s.channels} channels cannot be shown as images (1 or 3 only).`);
  return {
    index: s.index,
    label: s.label,
    className: s.className,
    width: s.width,
    height: s.height,
    channels: s.channels,
    pixels: Buffer.from(s.pixels.buffer, s.pixels.byteOffset, s.pixels.byteLength).toString('base64'),
  };
}

/** Samples by index within one split, as images. Throws DatasetError for tabular data or a bad index. */
export async function datasetSampleImages(request: {
  dataset: DatasetRefLike;
  seed: number;
  split: 'train' | 'val' | 'test';
  indices: number[];
}): Promise<SampleImage[]> {
  const ds = await loadDatasetCached(request.dataset, request.seed);
  return request.indices.map((i) => toSampleImage(sampleAt(ds, request.split, i)));
}

/** Info (split sizes, class balance, skipped files) and a preview grid of up to `perClass` samples per class. */
export async function inspectDatasetPreview(id: string, perClass = 4): Promise<{ info: DatasetInfo; preview: SampleImage[] }> {
  const ds = await loadDatasetCached({ id }, 42);
  const n = Math.min(64, perClass * Math.max(1, ds.info.classNames.length));
  return { info: ds.info, preview: previewSamples(ds, n).map(toSampleImage) };
}

const DATASET_FILE = /\.(csv|tsv|txt)$/i;
const infoCache = new Map<string, { stamp: number; info: DatasetInfo | null }>();

/**
 * Datasets imported into a folder (the workspace's datasets/): each subfolder (image classes or IDX
 * files) and each CSV file that loads. Results are cached per entry until its mtime changes; entries that
 * fail to load are left out (inspectDataset on them says why).
 */
export async function listFolderDatasets(dir: string): Promise<DatasetInfo[]> {
  let entries: { name: string; folder: boolean }[];
  try {
    entries = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => !e.name.startsWith('.') && (e.isDirectory() || (e.isFile() && DATASET_FILE.test(e.name))))
      .map((e) => ({ name: e.name, folder: e.isDirectory() }));
  } catch {
    return [];
  }
  const out: DatasetInfo[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const abs = path.join(dir, e.name);
    const stamp = pathStamp(abs);
    let hit = infoCache.get(abs);
    if (!hit || hit.stamp !== stamp) {
      const info = await loadDataset(`path:${abs}`).then(
        (d) => d.info,
        () => null,
      );
      hit = { stamp, info };
      infoCache.set(abs, hit);
    }
    if (hit.info) out.push(hit.info);
  }
  return out;
}
