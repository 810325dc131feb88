/**
 * Numerical equivalence: the TF.js model the built-in engine trains and the exported PyTorch module, with
 * the same (random) weights carried over via torchWeightMap, give the same output on the same input
 * (max abs error ≤ 1e-4). Covers TF 'same' padding (odd sizes, asymmetric pads), Flatten order, Dense on
 * feature maps, depthwise/separable/transposed convs, BN statistics, pooling and merges.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../main/engine/model';
import { presetProject } from '../../../main/cli/source';
import { createProject, type NetwrightProject } from '../../../shared/format/index';
import { torchWeightMap } from '../../../shared/export/pytorchWeights';
import { assertPeer, pythonWith, shouldRun } from './peers';
import { checkedCatalogGraphs } from './catalog-graphs';
import { randomGraphs } from './random-graphs';
import { runModules, writeModule } from './torch-runner';

const peer = pythonWith('torch');

const cases: { key: string; project: NetwrightProject }[] = [
  { key: 'lenet5', project: presetProject('lenet5') },
  ...randomGraphs(20).map((g) => ({ key: `random-${g.seed}`, project: createProject(g.graph) })),
  ...checkedCatalogGraphs()
    .filter((g) => g.carry)
    .map((g) => ({ key: g.key, project: createProject(g.graph) })),
];

interface Carried {
  expected: Float32Array;
  weightsPath: string;
  inputShape: number[];
}

/** Builds the TF.js model with seeded random weights, runs it, and writes the weights torch should load. */
function carry(c: { key: string; project: NetwrightProject }, dir: string, seed: number): Carried {
  const model = buildModel(tf, c.project.graph);
  try {
    // Kernels keep their Glorot initialisation (outputs stay unsaturated); biases, BN γ/β/statistics and
    // PReLU slopes get random values so every carried tensor matters.
    const weights = model.weights.map((w, i) => {
      const shape = w.shape as number[];
      if (w.name.includes('moving_variance') || w.name.includes('gamma')) return tf.randomUniform(shape, 0.5, 1.5, 'float32', seed + i);
      if (/kernel/.test(w.name)) return w.read().clone();
      return tf.randomNormal(shape, 0, 0.2, 'float32', seed + i);
    });
    model.setWeights(weights);
    const inputShape = model.inputs[0].shape.slice(1) as number[];
    const x = tf.randomNormal([2, ...inputShape], 0, 1, 'float32', seed);
    const y = model.predict(x) as tf.Tensor;
    const map = torchWeightMap(c.project)!;
    const state: unknown[] = [];
    for (const [nodeId, specs] of map) {
      const ws = model.getLayer(nodeId).getWeights();
      for (const s of specs) state.push({ ...s, shape: ws[s.index].shape, data: Array.from(ws[s.index].dataSync()) });
    }
    const xt = inputShape.length === 3 ? tf.transpose(x, [0, 3, 1, 2]) : x;
    const weightsPath = join(dir, `${c.key}.weights.json`);
    writeFileSync(weightsPath, JSON.stringify({ state, input: { shape: xt.shape, data: Array.from(xt.dataSync()) } }));
    const expected = y.dataSync() as Float32Array;
    tf.dispose([...weights, x, y, xt]);
    return { expected, weightsPath, inputShape };
  } finally {
    model.dispose();
  }
}

interface Result {
  key: string;
  output?: number[];
  missing?: string[];
  unexpected?: string[];
  error?: string;
}

describe.skipIf(!shouldRun('PyTorch weight-carry', peer))('PyTorch export with TF.js weights carried over', () => {
  let dir = '';
  const expected = new Map<string, Float32Array>();
  let results = new Map<string, Result>();

  beforeAll(async () => {
    assertPeer('torch', peer);
    await tf.setBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'nw-torch-w-'));
    const manifest = cases.map((c, i) => {
      const entry = writeModule(dir, c);
      const carried = carry(c, dir, 1000 + i);
      expected.set(c.key, carried.expected);
      const nchw = carried.inputShape.length === 3 ? [carried.inputShape[2], carried.inputShape[0], carried.inputShape[1]] : carried.inputShape;
      return { ...entry, inputs: [nchw], weights: carried.weightsPath };
    });
    results = runModules<Result>(dir, manifest);
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(cases.map((c) => [c.key] as const))('%s: PyTorch output equals TF.js output (≤ 1e-4)', (key) => {
    const r = results.get(key)!;
    expect(r.error).toBeUndefined();
    expect(r.missing, 'state_dict keys left at their initial values').toEqual([]);
    expect(r.unexpected).toEqual([]);
    const want = expected.get(key)!;
    expect(r.output!.length).toBe(want.length);
    let maxErr = 0;
    for (let i = 0; i < want.length; i++) maxErr = Math.max(maxErr, Math.abs(r.output![i] - want[i]));
    expect(maxErr).toBeLessThanOrEqual(1e-4);
  });
});
