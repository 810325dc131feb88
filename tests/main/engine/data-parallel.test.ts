import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import type { GraphData } from '../../../shared/graph/types';
import { initBackend } from '../../../main/engine/backend';
import { buildModel, lossConfigFor, totalLoss } from '../../../main/engine/model';
import {
  applyWeightBlob,
  createDataParallelTrainer,
  dataParallelAvailable,
  dataParallelWorkerPath,
  weightBlobOf,
  type DataParallelTrainer,
} from '../../../main/engine/data-parallel';

let tf: typeof TF;
const P = { x: 0, y: 0 };

/** Small conv net with BatchNormalization (non-trainable state that replicas must keep in sync). */
const graph: GraphData = {
  nodes: [
    { id: 'in', type: 'Input', params: { shape: [6, 6, 1] }, position: P },
    { id: 'c', type: 'Conv2D', params: { filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }, position: P },
    { id: 'bn', type: 'BatchNormalization', params: { momentum: 0.9 }, position: P },
    { id: 'p', type: 'MaxPooling2D', params: { poolSize: 2 }, position: P },
    { id: 'f', type: 'Flatten', params: {}, position: P },
    { id: 'd', type: 'Dense', params: { units: 4, activation: 'softmax' }, position: P },
  ],
  edges: [
    { id: '1', source: 'in', target: 'c', targetPort: 0 },
    { id: '2', source: 'c', target: 'bn', targetPort: 0 },
    { id: '3', source: 'bn', target: 'p', targetPort: 0 },
    { id: '4', source: 'p', target: 'f', targetPort: 0 },
    { id: '5', source: 'f', target: 'd', targetPort: 0 },
  ],
  groups: [],
};
// Without BN the two-replica step must equal the single full-batch step exactly (up to float rounding).
const plain: GraphData = {
  nodes: graph.nodes.filter((n) => n.id !== 'bn'),
  edges: [...graph.edges.filter((e) => !['2', '3'].includes(e.id)), { id: '23', source: 'c', target: 'p', targetPort: 0 }],
  groups: [],
};

function data(count: number, seed: number): { x: Float32Array; y: Float32Array } {
  let s = seed;
  const r = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  return {
    x: Float32Array.from({ length: count * 36 }, () => r() * 2 - 1),
    y: Float32Array.from({ length: count }, () => Math.floor(r() * 4)),
  };
}

const trainers: DataParallelTrainer[] = [];
beforeAll(async () => {
  tf = (await initBackend('wasm')).tf;
});
afterAll(async () => {
  await Promise.all(trainers.map((t) => t.dispose()));
});

describe('createDataParallelTrainer', () => {
  it('finds its replica script (from sources: dp-worker.ts next to data-parallel.ts)', () => {
    expect(dataParallelAvailable()).toBe(true);
    expect(dataParallelWorkerPath()).toMatch(/main[\\/]engine[\\/]dp-worker\.ts$/);
  });

  it('a 2-replica SGD step on a batch equals one full-batch step in-process', async () => {
    const loss = lossConfigFor(plain, 'classification');
    const reference = buildModel(tf, plain);
    const start = weightBlobOf(reference);
    const t = await createDataParallelTrainer({
      graph: plain,
      workers: 2,
      loss,
      optimizer: { name: 'sgd', learningRate: 0.5 },
      maxBatch: 8,
      initialWeights: start,
    });
    trainers.push(t);
    expect(t.workers).toBe(2);
    expect(t.backend).toBe('wasm');
    expect(t.device).toMatch(/× 2 workers/);
    const { x, y } = data(7, 3); // odd count: shards of 4 and 3, weighted by size
    const r = await t.trainBatch(x, y, 7);

    // In-process: same weights, same batch, plain SGD.
    const opt = tf.train.sgd(0.5);
    const expectedLoss = tf.tidy(() => {
      const xt = tf.tensor4d(x, [7, 6, 6, 1]);
      const yt = tf.oneHot(tf.tensor1d(y, 'int32'), 4).toFloat();
      const l = opt.minimize(() => totalLoss(loss, [yt], [reference.apply(xt, { training: true }) as TF.Tensor]), true)!;
      return l.dataSync()[0];
    });
    expect(r.loss).toBeCloseTo(expectedLoss, 5);
    expect(r.accuracy).toBeGreaterThanOrEqual(0);
    const got = await t.getWeights();
    const want = weightBlobOf(reference);
    expect(got.shapes).toEqual(want.shapes);
    let maxErr = 0;
    for (let i = 0; i < want.values.length; i++) maxErr = Math.max(maxErr, Math.abs(got.values[i] - want.values[i]));
    expect(maxErr).toBeLessThan(1e-5);
    // And the weights did move.
    let moved = 0;
    for (let i = 0; i < start.values.length; i++) moved = Math.max(moved, Math.abs(got.values[i] - start.values[i]));
    expect(moved).toBeGreaterThan(1e-3);
  });

  it('keeps replicas identical (BN moving stats averaged), learns, predicts across replicas', async () => {
    const t = await createDataParallelTrainer({
      graph,
      workers: 2,
      loss: lossConfigFor(graph, 'classification'),
      optimizer: { name: 'adam', learningRate: 0.05 },
      maxBatch: 16,
    });
    trainers.push(t);
    const { x, y } = data(16, 11);
    const first = await t.trainBatch(x, y, 16);
    let last = first;
    const second = await t.trainBatch(x, y, 16);
    for (let i = 0; i < 40; i++) last = await t.trainBatch(x, y, 16, 0.02);
    expect(last.loss).toBeLessThan(first.loss * 0.5);
    // No tensor leaks inside the replicas.
    expect(last.replicaTensors).toEqual(second.replicaTensors);
    expect(last.accuracy).toBeGreaterThan(0.8);

    // Predictions split over both replicas equal a local model carrying replica 0's weights → replicas agree.
    const local = buildModel(tf, graph);
    applyWeightBlob(tf, local, await t.getWeights());
    const [probs] = await t.predict(x, 16);
    const ref = (local.predict(tf.tensor4d(x, [16, 6, 6, 1])) as TF.Tensor).dataSync();
    expect(probs.length).toBe(16 * 4);
    let maxErr = 0;
    for (let i = 0; i < ref.length; i++) maxErr = Math.max(maxErr, Math.abs(probs[i] - ref[i]));
    expect(maxErr).toBeLessThan(1e-5);
    // BN moving mean moved away from its initial zeros.
    const names = (await t.getWeights()).names;
    expect(names.some((n) => n.includes('moving_mean'))).toBe(true);
  });

  it('rejects bad calls with clear errors and surfaces replica failures', async () => {
    await expect(
      createDataParallelTrainer({
        graph,
        workers: 0,
        loss: lossConfigFor(graph, 'classification'),
        optimizer: { name: 'adam', learningRate: 0.01 },
        maxBatch: 4,
      }),
    ).rejects.toThrow(/workers must be ≥ 1/);
    const t = await createDataParallelTrainer({
      graph,
      workers: 1,
      loss: lossConfigFor(graph, 'classification'),
      optimizer: { name: 'adam', learningRate: 0.01 },
      maxBatch: 4,
    });
    trainers.push(t);
    const { x, y } = data(4, 5);
    await expect(t.trainBatch(x, y, 5)).rejects.toThrow(/count 5 outside 1..4/);
    await expect(t.setWeights({ names: [], shapes: [[1]], values: new Float32Array(1) })).rejects.toThrow(
      /replica 0: .*setWeights: expected \d+ arrays, got 1/,
    );
    // Still usable after a rejected call.
    expect(Number.isFinite((await t.trainBatch(x, y, 4)).loss)).toBe(true);
  });
});
