import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from './helpers';

const { dir, cli } = cliWorkspace('nw-cli-export-');
beforeAll(async () => {
  // An AlexNet-style LRN that Keras cannot express.
  const lrn = {
    nodes: [
      { id: 'in', type: 'Input', params: { shape: [8, 8, 3] } },
      { id: 'norm1', type: 'LRN', params: { depthRadius: 2 } },
      { id: 'flat', type: 'Flatten', params: {} },
      { id: 'out', type: 'Dense', params: { units: 3 } },
    ],
    edges: [
      { source: 'in', target: 'norm1', targetPort: 0 },
      { source: 'norm1', target: 'flat', targetPort: 0 },
      { source: 'flat', target: 'out', targetPort: 0 },
    ],
  };
  await writeFile(join(dir, 'lrn.json'), JSON.stringify(lrn));
  await mkdir(join(dir, 'run1'));
  const config = { optimizer: { type: 'sgd', learningRate: 0.02, momentum: 0.9 }, schedule: { type: 'step', stepSize: 2, gamma: 0.5 }, batchSize: 16, epochs: 4, seed: 3, dataset: { id: 'mnist' } };
  await writeFile(join(dir, 'run1', 'config.json'), JSON.stringify({ config, backend: 'cpu', device: 'cpu', createdAt: '' }));
});

describe('netwright export (code)', () => {
  it('writes PyTorch code for a preset to -o', async () => {
    const r = await cli('export', 'preset:lenet5', '--format', 'pytorch', '-o', 'lenet5.py');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^wrote PyTorch code \(\d+ lines\) to lenet5\.py\n$/);
    const code = await readFile(join(dir, 'lenet5.py'), 'utf8');
    expect(code).toContain('class Lenet5(nn.Module):');
    expect(code).toContain('if __name__ == "__main__":');
  });

  it('prints Keras and TF.js code to stdout without -o', async () => {
    const keras = await cli('export', 'preset:lenet5', '-f', 'keras');
    expect(keras.code).toBe(0);
    expect(keras.out).toContain('layers.Conv2D(filters=6, kernel_size=5, padding="same", activation="relu", name="conv1")');
    const tfjs = await cli('export', 'preset:lenet5', '-f', 'tfjs-code', '-o', '-');
    expect(tfjs.code).toBe(0);
    expect(tfjs.out).toContain('export function buildModel(): tf.LayersModel {');
  });

  it('exits 1 with the capability report when the target cannot express the graph, writing nothing', async () => {
    const r = await cli('export', 'lrn.json', '--format', 'keras', '-o', 'lrn_keras.py');
    expect(r.code).toBe(1);
    expect(r.out).toContain('Keras cannot express this graph exactly (1 issue):');
    expect(r.out).toContain('✗ norm1 (LRN): Keras has no local response normalisation layer — try: BatchNormalization');
    expect(existsSync(join(dir, 'lrn_keras.py'))).toBe(false);
    expect((await cli('export', 'lrn.json', '--format', 'pytorch', '-o', 'lrn.py')).code).toBe(0);
  });

  it("bakes a run's training settings into the script with --run", async () => {
    const r = await cli('export', 'preset:lenet5', '--format', 'pytorch', '--run', 'run1');
    expect(r.code).toBe(0);
    expect(r.out).toContain('DEFAULTS = dict(data="mnist", epochs=4, batch_size=16, lr=0.02, seed=3)');
    expect(r.out).toContain('SCHEDULE = dict(type="step", step_size=2, gamma=0.5, warmup_epochs=0)');
    const missing = await cli('export', 'preset:lenet5', '--format', 'pytorch', '--run', 'nowhere');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('is not a run folder');
  });

  it('rejects missing or unknown formats and stray options with exit 2', async () => {
    const none = await cli('export', 'preset:lenet5');
    expect(none.code).toBe(2);
    expect(none.err).toContain('--format is required (pytorch, keras, tfjs-code, onnx, tfjs)');
    const bad = await cli('export', 'preset:lenet5', '--format', 'caffe');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown format 'caffe'");
    const layout = await cli('export', 'preset:lenet5', '--format', 'keras', '--layout', 'nhwc');
    expect(layout.code).toBe(2);
    const unknownPreset = await cli('export', 'preset:nope', '--format', 'pytorch');
    expect(unknownPreset.code).toBe(2);
  });
});

describe('netwright export (model files, dispatched to main/export)', () => {
  it('writes an ONNX file, and needs -o', async () => {
    const r = await cli('export', 'preset:lenet5', '--format', 'onnx', '-o', 'lenet5.onnx');
    expect(r.code).toBe(0);
    const bytes = await readFile(join(dir, 'lenet5.onnx'));
    expect(bytes.length).toBeGreaterThan(61_706 * 4); // the float32 weights are in it
    const noOut = await cli('export', 'preset:lenet5', '--format', 'onnx');
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain('pass -o <path>');
  });
});
