import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createProject } from '../../../shared/format';
import { buildPreset } from '../../../shared/presets';
import { exportModelFile, modelWithWeights } from '../../../main/export';
import { saveModelFiles } from '../../../main/runs/checkpoint';

/** A file-system IOHandler for tf.loadLayersModel (tfjs-node's file:// is not available). */
function fileLoader(jsonFile: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(await readFile(jsonFile, 'utf8')) as { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
      const group = json.weightsManifest[0];
      const buf = await readFile(path.join(path.dirname(jsonFile), group.paths[0]));
      return { modelTopology: json.modelTopology, weightSpecs: group.weights, weightData: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) };
    },
  };
}

async function samePredictions(a: tf.LayersModel, b: tf.LayersModel): Promise<void> {
  const x = tf.randomNormal([3, 28, 28, 1], 0, 1, 'float32', 3);
  const ya = a.predict(x) as tf.Tensor;
  const yb = b.predict(x) as tf.Tensor;
  expect(yb.shape).toEqual(ya.shape);
  expect(Array.from(yb.dataSync())).toEqual(Array.from(ya.dataSync()));
  tf.dispose([x, ya, yb]);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'nw-tfjs-'));
const project = createProject(buildPreset('lenet5').graph);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('TF.js Layers export', () => {
  it('writes model.json + weights.bin of a run checkpoint that load back with identical predictions', async () => {
    // A fake run whose best checkpoint has distinctive weights.
    const trained = await modelWithWeights(project);
    trained.weights.forEach((w, i) => {
      const t = tf.randomNormal(w.shape as number[], 0, 0.3, 'float32', 100 + i);
      w.write(t);
      t.dispose();
    });
    const runDir = path.join(dir, 'run');
    await saveModelFiles(tf, trained, path.join(runDir, 'checkpoints', 'best'));

    const out = path.join(dir, 'export');
    const { files } = await exportModelFile(project, 'tfjs', { runDir, outPath: out });
    expect(files).toEqual([path.join(out, 'model.json'), path.join(out, 'weights.bin')]);
    const loaded = await tf.loadLayersModel(fileLoader(files[0]));
    expect(loaded.layers.map((l) => l.name)).toEqual(trained.layers.map((l) => l.name));
    await samePredictions(trained, loaded);
    loaded.dispose();
    trained.dispose();
  });

  it('a .json out path names the weights file after it; fresh weights without a run', async () => {
    const out = path.join(dir, 'fresh', 'lenet.json');
    const { files } = await exportModelFile(project, 'tfjs', { outPath: out });
    expect(files).toEqual([out, path.join(dir, 'fresh', 'lenet.weights.bin')]);
    const loaded = await tf.loadLayersModel(fileLoader(out));
    expect(loaded.countParams()).toBe(61706);
    loaded.dispose();
  });

  it('a run without checkpoints is a clear error', async () => {
    await expect(exportModelFile(project, 'tfjs', { runDir: path.join(dir, 'nothing'), outPath: path.join(dir, 'x') })).rejects.toThrow(/has no checkpoint/);
  });
});
