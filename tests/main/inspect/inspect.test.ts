// Layer inspection on a real LeNet-5 trained one short epoch on a tiny MNIST subset: activation maps
// checked against a hand-computed convolution, the output layer against the engine's eval predictions,
// kernels as filter maps, untrained weights, and the refusals.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerInspectionSchema, type LayerInspectionRequest } from '../../../shared/contract/runs';
import { parseTrainingConfig, type ChildMessage, type EvalMessage } from '../../../shared/contract/training';
import { buildPreset } from '../../../shared/presets/index';
import { loadDataset } from '../../../main/datasets/index';
import { datasetLoadOptions } from '../../../main/datasets/samples';
import { runTraining } from '../../../main/engine/trainer/index';
import { inspectLayer } from '../../../main/inspect/index';
import { createRunDir } from '../../../main/runs/index';

const tmp = mkdtempSync(path.join(tmpdir(), 'nw-inspect-'));
const runDir = path.join(tmp, 'lenet');
const graph = buildPreset('lenet5').graph;
const dataset = { id: 'mnist', limit: 300, validationSplit: 0.1 };
const seed = 11;
let ev: EvalMessage;
beforeAll(async () => {
  const messages: ChildMessage[] = [];
  const config = parseTrainingConfig({ graph, dataset, seed, epochs: 1, batchSize: 32, backend: 'wasm', workers: 1, runDir });
  await runTraining(config, { emit: (m) => messages.push(m) });
  ev = messages.find((m): m is EvalMessage => m.type === 'eval')!;
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const request = (over: Partial<LayerInspectionRequest> = {}): LayerInspectionRequest => ({
  runDir,
  nodeId: 'conv1',
  sample: { dataset, seed, split: 'test', index: 0 },
  maxMaps: 32,
  ...over,
});
const bytes = (b64: string) => Array.from(Buffer.from(b64, 'base64'));

describe('layer inspection', () => {
  it('conv1: per-channel activation maps equal a hand-computed same-padded 5×5 conv + ReLU; 6 filter maps 5×5', async () => {
    const r = await inspectLayer(request());
    expect(layerInspectionSchema.parse(r)).toEqual(r);
    expect(r).toMatchObject({ nodeId: 'conv1', weights: 'best', epoch: 1 });
    expect(r.activation.shape).toEqual([28, 28, 6]);
    expect(r.activation.maps).toHaveLength(6);
    expect(r.activation.values).toBeNull();
    expect(r.filters?.shape).toEqual([5, 5, 1, 6]);
    expect(r.filters?.maps.map((m) => [m.height, m.width])).toEqual(Array(6).fill([5, 5]));

    // Recompute channel 0 from the checkpoint's weights and the test sample, independently of TF.js.
    const ckpt = path.join(runDir, 'checkpoints', 'best');
    const manifest = JSON.parse(readFileSync(path.join(ckpt, 'model.json'), 'utf8')).weightsManifest[0].weights as { name: string; shape: number[] }[];
    const bin = readFileSync(path.join(ckpt, 'weights.bin'));
    const all = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
    let off = 0;
    const named = new Map<string, Float32Array>();
    for (const w of manifest) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      named.set(w.name, all.subarray(off, off + n));
      off += n;
    }
    const kernel = named.get('conv1/kernel')!;
    const bias = named.get('conv1/bias')!;
    const ds = await loadDataset('mnist', datasetLoadOptions(dataset, seed, [28, 28, 1]));
    const x = ds.test.x.subarray(0, 784);
    const out = new Float32Array(784);
    for (let y = 0; y < 28; y++) {
      for (let xx = 0; xx < 28; xx++) {
        let s = bias[0];
        for (let ky = 0; ky < 5; ky++) {
          for (let kx = 0; kx < 5; kx++) {
            const iy = y + ky - 2;
            const ix = xx + kx - 2;
            if (iy >= 0 && iy < 28 && ix >= 0 && ix < 28) s += x[iy * 28 + ix] * kernel[(ky * 5 + kx) * 6];
          }
        }
        out[y * 28 + xx] = Math.max(0, s);
      }
    }
    const min = Math.min(...out);
    const max = Math.max(...out);
    const m0 = r.activation.maps[0];
    expect(m0.min).toBeCloseTo(min, 4);
    expect(m0.max).toBeCloseTo(max, 4);
    const want = Array.from(out, (v) => Math.round(((v - min) / (max - min)) * 255));
    const got = bytes(m0.pixels);
    expect(got.filter((v, i) => Math.abs(v - want[i]) > 1)).toEqual([]);
    // The sample is the test image the engine evaluated as predictions[0].
    expect(r.sample).toMatchObject({ index: 0, label: ev.predictions!.labels[0], width: 28, height: 28, channels: 1 });
    // Filter 0 = the 5×5 kernel of output channel 0 (one input channel: nothing to average).
    const f0 = r.filters!.maps[0];
    const k0 = Array.from({ length: 25 }, (_, i) => kernel[i * 6]);
    expect(f0.min).toBeCloseTo(Math.min(...k0), 6);
    expect(f0.max).toBeCloseTo(Math.max(...k0), 6);
  });

  it('the softmax output for test sample i agrees with the engine’s eval predictions[i]', async () => {
    for (const index of [0, 1, 2]) {
      const r = await inspectLayer(request({ nodeId: 'fc3', sample: { dataset, seed, split: 'test', index } }));
      const v = r.activation.values!;
      expect(r.activation.shape).toEqual([10]);
      expect(r.activation.maps).toEqual([]);
      expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      const arg = v.indexOf(Math.max(...v));
      expect(arg).toBe(ev.predictions!.predicted[index]);
      expect(Math.max(...v)).toBeCloseTo(ev.predictions!.confidence[index], 4);
    }
  });

  it('Dense after Flatten: each unit’s weights as a picture of the flattened 5×5×16 map (averaged over channels); maxMaps caps', async () => {
    const r = await inspectLayer(request({ nodeId: 'fc1', maxMaps: 8 }));
    expect(r.filters?.shape).toEqual([400, 120]);
    expect(r.filters?.maps).toHaveLength(8);
    expect(r.filters?.maps[0]).toMatchObject({ width: 5, height: 5 });
    expect(r.activation.values).toHaveLength(120);
    // Dense fed by another Dense: no picture to make.
    expect((await inspectLayer(request({ nodeId: 'fc2' }))).filters).toBeNull();
    const pool = await inspectLayer(request({ nodeId: 'pool2', maxMaps: 4 }));
    expect(pool.activation.shape).toEqual([5, 5, 16]);
    expect(pool.activation.maps).toHaveLength(4);
    expect(pool.filters).toBeNull();
  });

  it('without a run: the graph with freshly initialised weights, deterministic per seed', async () => {
    const a = await inspectLayer(request({ runDir: null, graph }));
    const b = await inspectLayer(request({ runDir: null, graph }));
    expect(a).toMatchObject({ weights: 'untrained', epoch: null });
    expect(a.filters).toEqual(b.filters);
    const trained = await inspectLayer(request());
    expect(a.filters).not.toEqual(trained.filters);
    await expect(inspectLayer(request({ runDir: null }))).rejects.toThrow(/needs the graph/);
  });

  it('refuses clearly: unknown node, the Input, a run without checkpoint, a PyTorch run, a sample out of range', async () => {
    await expect(inspectLayer(request({ nodeId: 'nope' }))).rejects.toThrow("Node 'nope' is not in run lenet's graph");
    await expect(inspectLayer(request({ nodeId: 'input' }))).rejects.toThrow(/is the Input: its output is the sample itself/);
    await expect(inspectLayer(request({ sample: { dataset, seed, split: 'test', index: 10_000 } }))).rejects.toThrow(/Sample 10000 is out of range: the test split has \d+ samples/);
    const fresh = path.join(tmp, 'fresh');
    await createRunDir(fresh, { config: parseTrainingConfig({ graph, dataset }), backend: 'wasm', device: 'x', createdAt: 'now' });
    await expect(inspectLayer(request({ runDir: fresh }))).rejects.toThrow(/has no checkpoint yet \(no epoch finished\)/);
    // A PyTorch run whose checkpoint is model.pt only (no TF.js copy).
    const torch = path.join(tmp, 'torch');
    mkdirSync(path.join(torch, 'checkpoints', 'last'), { recursive: true });
    writeFileSync(path.join(torch, 'config.json'), JSON.stringify({ config: { ...parseTrainingConfig({ graph, dataset }), engine: 'pytorch' }, backend: 'torch', device: 'cpu', createdAt: 'now' }));
    writeFileSync(path.join(torch, 'checkpoints', 'last', 'state.json'), JSON.stringify({ epoch: 1, bestEpoch: 1, bestValue: 1, epochsWithoutImprovement: 0 }));
    writeFileSync(path.join(torch, 'checkpoints', 'last', 'model.pt'), 'not read');
    await expect(inspectLayer(request({ runDir: torch }))).rejects.toThrow(/trained by the PyTorch engine and its checkpoints hold model.pt only .*activation maps come from built-in-engine runs/);
  });
});
