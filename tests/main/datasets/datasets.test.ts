import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEBIAN_FASHION_MNIST_DIR } from '../../../main/datasets/builtin';
import { DatasetError, listBuiltinDatasets, loadDataset, parseCsvDataset, parseIdx, previewSamples } from '../../../main/datasets/index';

const tmp = mkdtempSync(path.join(tmpdir(), 'nw-ds-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An IDX file: uint8 data with the given dims. */
function idx(dims: number[], values: number[]): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = 0x08;
  head[3] = dims.length;
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(values)]);
}

describe('IDX', () => {
  it('parses plain and gzipped files', () => {
    const raw = idx([2, 2, 2], [0, 255, 1, 2, 3, 4, 5, 6]);
    for (const buf of [raw, gzipSync(raw)]) {
      const a = parseIdx(buf);
      expect(a.dims).toEqual([2, 2, 2]);
      expect([...a.data]).toEqual([0, 255, 1, 2, 3, 4, 5, 6]);
    }
  });

  it('rejects truncated and foreign data with the file named', () => {
    expect(() => parseIdx(idx([3, 2], [1, 2, 3]), 'x.idx')).toThrow('x.idx: truncated IDX data');
    expect(() => parseIdx(Buffer.from('hello world'), 'y.bin')).toThrow('y.bin is not an IDX file');
  });

  it('loads an IDX folder with its own test set', async () => {
    const dir = path.join(tmp, 'idxset');
    mkdirSync(dir);
    const n = 20;
    const px = Array.from({ length: n * 4 }, (_, i) => (i * 7) % 256);
    writeFileSync(path.join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idx([n, 2, 2], px)));
    writeFileSync(path.join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idx([n], Array.from({ length: n }, (_, i) => i % 3))));
    writeFileSync(path.join(dir, 't10k-images-idx3-ubyte'), idx([5, 2, 2], px.slice(0, 20)));
    writeFileSync(path.join(dir, 't10k-labels-idx1-ubyte'), idx([5], [0, 1, 2, 0, 1]));
    const ds = await loadDataset(dir, { validationSplit: 0.25 });
    expect(ds.info.inputShape).toEqual([2, 2, 1]);
    expect(ds.info.classNames).toEqual(['0', '1', '2']);
    expect(ds.info.split).toEqual({ train: 15, val: 5, test: 5 });
    expect(Math.max(...ds.train.x)).toBeLessThanOrEqual(1);
  });
});

describe('CSV', () => {
  const csv = 'a,b,label\n1,2,0\n3,4,1\n5,6,1\n7,8,0\n';

  it('reads a header, picks the label column by name, index or default', () => {
    const byName = parseCsvDataset('label,a,b\n0,1,2\n1,3,4\n', 'f.csv', 'label');
    expect(byName.sampleShape).toEqual([2]);
    expect([...byName.pool.x]).toEqual([1, 2, 3, 4]);
    const last = parseCsvDataset(csv, 'f.csv');
    expect(last.classNames).toEqual(['0', '1']);
    expect([...last.pool.y]).toEqual([0, 1, 1, 0]);
    const noHeader = parseCsvDataset('1,2,7\n3,4,9\n', 'f.csv', 0);
    expect([...noHeader.pool.y]).toEqual([0, 1]);
    expect(noHeader.classNames).toEqual(['1', '3']);
  });

  it('fractional labels make a regression set', () => {
    const r = parseCsvDataset('x,y\n1,0.5\n2,1.5\n', 'r.csv');
    expect(r.classNames).toEqual([]);
    expect([...r.pool.y]).toEqual([0.5, 1.5]);
  });

  it('names the missing or non-numeric column and the line', () => {
    expect(() => parseCsvDataset(csv, 'f.csv', 'target')).toThrow("f.csv: label column 'target' not found (columns: a, b, label).");
    expect(() => parseCsvDataset('a,label\n1,0\n2,cat\n', 'f.csv')).toThrow("f.csv line 3: label column 'label' has a non-numeric value 'cat'.");
    expect(() => parseCsvDataset('a,label\n1,0\nx,1\n', 'f.csv')).toThrow("f.csv line 3: column 'a' has a non-numeric value 'x'.");
    expect(() => parseCsvDataset('a,b\n1,0\n', 'f.csv', 5)).toThrow('label column index 5 does not exist');
  });

  it('loads from disk, standardising features with the training statistics', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${100 + 3 * i},${i % 2}`).join('\n');
    const file = path.join(tmp, 'd.csv');
    writeFileSync(file, `f1,f2,cls\n${rows}\n`);
    const ds = await loadDataset(file, { seed: 3, validationSplit: 0.2, testSplit: 0.1 });
    expect(ds.info.kind).toBe('tabular');
    expect(ds.info.split).toEqual({ train: 29, val: 7, test: 4 });
    let mean = 0;
    for (let i = 0; i < ds.train.count; i++) mean += ds.train.x[i * 2 + 1];
    expect(mean / ds.train.count).toBeCloseTo(0, 5);
  });
});

describe('image folders', () => {
  const root = path.join(tmp, 'imgs');
  beforeAll(async () => {
    for (const [cls, color] of [['cat', { r: 250, g: 250, b: 250 }], ['dog', { r: 10, g: 10, b: 10 }]] as const) {
      mkdirSync(path.join(root, cls), { recursive: true });
      for (let i = 0; i < 3; i++) {
        const img = sharp({ create: { width: 12 + i, height: 10, channels: 3, background: color } });
        await img.png().toFile(path.join(root, cls, `${i}.png`));
        await sharp({ create: { width: 16, height: 16, channels: 3, background: color } }).jpeg().toFile(path.join(root, cls, `${i}.jpg`));
      }
    }
    writeFileSync(path.join(root, 'dog', 'broken.png'), 'not an image');
  });

  it('decodes PNG and JPEG, resizes to the Input, grayscale for 1 channel; skips and lists unreadable files', async () => {
    const progress: [number, number][] = [];
    const ds = await loadDataset(root, { inputShape: [8, 8, 1], validationSplit: 0, testSplit: 0, onProgress: (d, t) => progress.push([d, t]) });
    expect(ds.info.classNames).toEqual(['cat', 'dog']);
    expect(ds.info.inputShape).toEqual([8, 8, 1]);
    expect(ds.train.count).toBe(12);
    expect(ds.info.classCounts).toEqual([6, 6]);
    expect(ds.info.skipped).toHaveLength(1);
    expect(ds.info.skipped[0].file).toBe(path.join(root, 'dog', 'broken.png'));
    expect(progress[progress.length - 1]).toEqual([13, 13]);
    // Light cats, dark dogs survive decoding and normalisation to 0..1.
    const first = (label: number) => ds.train.x[[...ds.train.y].indexOf(label) * 64];
    expect(first(0)).toBeGreaterThan(0.9);
    expect(first(1)).toBeLessThan(0.1);
    const rgb = await loadDataset(root, { inputShape: [6, 5, 3], validationSplit: 0, testSplit: 0 });
    expect(rgb.train.x.length).toBe(12 * 6 * 5 * 3);
    const preview = previewSamples(rgb, 4);
    expect(preview.map((p) => p.className)).toEqual(['cat', 'dog', 'cat', 'dog']);
    expect(preview[0]).toMatchObject({ width: 5, height: 6, channels: 3 });
    expect(preview[0].pixels[0]).toBeGreaterThan(240);
  });

  it('clear errors for an empty class folder, no class folders, and a wrong shape', async () => {
    const empty = path.join(tmp, 'empty');
    mkdirSync(path.join(empty, 'a'), { recursive: true });
    await expect(loadDataset(empty)).rejects.toThrow(`Class folder ${path.join(empty, 'a')} is empty (no .png/.jpg/.jpeg files).`);
    const none = path.join(tmp, 'none');
    mkdirSync(none);
    await expect(loadDataset(none)).rejects.toThrow('has no class subfolders');
    await expect(loadDataset(root, { inputShape: [64] })).rejects.toThrow("the graph's Input expects shape [64]");
  });
});

describe('built-in datasets', () => {
  it('lists MNIST with its real class counts (10,000 digits)', () => {
    const mnist = listBuiltinDatasets().find((d) => d.id === 'mnist')!;
    expect(mnist.classCounts.reduce((a, b) => a + b, 0)).toBe(10000);
    expect(mnist.inputShape).toEqual([28, 28, 1]);
    expect(mnist.split).toEqual({ train: 8100, val: 900, test: 1000 });
  });

  it('splits MNIST with a seed, honours limit, pads to 32×32, rejects a wrong shape', async () => {
    const a = await loadDataset('mnist', { limit: 500, seed: 1 });
    const b = await loadDataset('mnist', { limit: 500, seed: 1 });
    const c = await loadDataset('mnist', { limit: 500, seed: 2 });
    expect(a.info.split).toEqual({ train: 405, val: 45, test: 50 });
    expect([...a.train.y]).toEqual([...b.train.y]);
    expect([...a.train.y]).not.toEqual([...c.train.y]);
    const padded = await loadDataset('mnist', { limit: 50, inputShape: [32, 32, 1] });
    expect(padded.train.x.length).toBe(padded.train.count * 1024);
    expect(padded.train.x[0]).toBe(0);
    await expect(loadDataset('mnist', { limit: 50, inputShape: [28, 28, 3] })).rejects.toThrow(
      "Dataset 'mnist' gives samples of shape [28, 28, 1] but the graph's Input expects [28, 28, 3]",
    );
    const flat = await loadDataset('mnist', { limit: 50, inputShape: [784] });
    expect(flat.info.inputShape).toEqual([784]);
  });

  it('explains how to get Fashion-MNIST when its files are missing', async () => {
    const err = await loadDataset('fashion-mnist', { fashionMnistDir: path.join(tmp, 'nowhere') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toContain("apt install dataset-fashion-mnist");
    expect((err as Error).message).toContain('NETWRIGHT_FASHION_MNIST');
  });

  // Debian's dataset-fashion-mnist is an external peer: skipped with a reason when absent, required in CI.
  const noFashion = !existsSync(DEBIAN_FASHION_MNIST_DIR) && process.env.NETWRIGHT_REQUIRE_PEERS !== '1';
  if (noFashion) console.warn(`skipping Fashion-MNIST test: ${DEBIAN_FASHION_MNIST_DIR} is missing (apt install dataset-fashion-mnist)`);
  it.skipIf(noFashion)('reads the real Fashion-MNIST IDX files from the Debian package', async () => {
    const ds = await loadDataset('fashion-mnist', { limit: 300 });
    expect(ds.info.classNames[9]).toBe('Ankle boot');
    expect(ds.info.split.test).toBe(300);
    expect(ds.train.count + ds.val.count).toBe(300);
    const info = listBuiltinDatasets().find((d) => d.id === 'fashion-mnist')!;
    expect(info.split).toEqual({ train: 54000, val: 6000, test: 10000 });
    expect(info.classCounts).toEqual(new Array(10).fill(7000));
  });

  it('rejects unknown ids with the accepted forms', async () => {
    await expect(loadDataset('cifar10')).rejects.toThrow("Unknown dataset 'cifar10': use mnist, fashion-mnist, or a path");
  });
});
