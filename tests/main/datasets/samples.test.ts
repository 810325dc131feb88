// Dataset samples for the UI: the same split as the engine's (same options), images as base64 bytes,
// preview grids, datasets imported into a folder, and clear errors.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleImageSchema } from '../../../shared/contract/runs';
import { loadDataset } from '../../../main/datasets/index';
import { datasetLoadOptions, datasetSampleImages, inspectDatasetPreview, listFolderDatasets } from '../../../main/datasets/samples';

const tmp = mkdtempSync(path.join(tmpdir(), 'nw-samples-'));
const images = path.join(tmp, 'imported', 'shapes');
beforeAll(async () => {
  for (const [cls, v] of [['bright', 230], ['dark', 20]] as const) {
    mkdirSync(path.join(images, cls), { recursive: true });
    for (let i = 0; i < 4; i++) {
      await sharp({ create: { width: 6, height: 5, channels: 3, background: { r: v, g: v, b: 255 - v } } }).png().toFile(path.join(images, cls, `${i}.png`));
    }
  }
  writeFileSync(path.join(tmp, 'imported', 'table.csv'), 'a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n1,1,0\n2,2,1\n');
  mkdirSync(path.join(tmp, 'imported', 'empty-folder'));
  writeFileSync(path.join(tmp, 'imported', 'notes.md'), 'not a dataset');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('dataset samples', () => {
  it('gives the engine split: test sample i is the engine’s test sample i, bytes = floats × 255', async () => {
    const ref = { id: 'mnist', limit: 200, validationSplit: 0.1 };
    const engine = await loadDataset('mnist', datasetLoadOptions(ref, 7, [28, 28, 1]));
    const got = await datasetSampleImages({ dataset: ref, seed: 7, split: 'test', indices: [0, 5, engine.test.count - 1] });
    expect(got.map((s) => s.index)).toEqual([0, 5, engine.test.count - 1]);
    for (const s of got) {
      expect(sampleImageSchema.parse(s)).toEqual(s);
      expect(s).toMatchObject({ width: 28, height: 28, channels: 1, label: engine.test.y[s.index], className: String(engine.test.y[s.index]) });
      const bytes = Buffer.from(s.pixels, 'base64');
      expect(bytes.length).toBe(784);
      const want = Array.from(engine.test.x.subarray(s.index * 784, (s.index + 1) * 784), (v) => Math.round(v * 255));
      expect(Array.from(bytes)).toEqual(want);
    }
    // Another seed, another split.
    const other = await datasetSampleImages({ dataset: ref, seed: 8, split: 'test', indices: [0, 1, 2, 3] });
    expect(other.map((s) => s.pixels)).not.toEqual((await datasetSampleImages({ dataset: ref, seed: 7, split: 'test', indices: [0, 1, 2, 3] })).map((s) => s.pixels));
  });

  it('says what is wrong: an index out of range, tabular rows, a missing path', async () => {
    await expect(datasetSampleImages({ dataset: { id: 'mnist', limit: 100 }, seed: 1, split: 'val', indices: [500] })).rejects.toThrow(/Sample 500 is out of range: the val split of '.*' has \d+ samples/);
    const csv = path.join(tmp, 'imported', 'table.csv');
    await expect(datasetSampleImages({ dataset: { id: `path:${csv}` }, seed: 1, split: 'train', indices: [0] })).rejects.toThrow(/is tabular data of shape \[2\]: its samples are not images/);
    await expect(datasetSampleImages({ dataset: { id: `path:${tmp}/nope` }, seed: 1, split: 'train', indices: [0] })).rejects.toThrow(/does not exist/);
  });

  it('previews an image folder with samples of every class and its class balance', async () => {
    const { info, preview } = await inspectDatasetPreview(`path:${images}`, 2);
    expect(info).toMatchObject({ kind: 'image', classNames: ['bright', 'dark'], inputShape: [5, 6, 3], classCounts: [4, 4] });
    expect(preview.map((p) => p.className)).toEqual(['bright', 'dark', 'bright', 'dark']);
    const px = Buffer.from(preview[0].pixels, 'base64');
    expect(px.length).toBe(5 * 6 * 3);
    expect([px[0], px[2]]).toEqual([230, 25]);
    const table = await inspectDatasetPreview(`path:${path.join(tmp, 'imported', 'table.csv')}`);
    expect(table.info.kind).toBe('tabular');
    expect(table.preview).toEqual([]);
  });

  it('lists datasets imported into a folder (image folders, CSV files); what does not load is left out', async () => {
    const list = await listFolderDatasets(path.join(tmp, 'imported'));
    expect(list.map((d) => [d.name, d.kind])).toEqual([
      ['shapes', 'image'],
      ['table.csv', 'tabular'],
    ]);
    expect(list[0].id).toBe(`path:${images}`);
    expect(await listFolderDatasets(path.join(tmp, 'missing'))).toEqual([]);
  });
});
