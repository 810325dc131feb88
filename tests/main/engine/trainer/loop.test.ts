import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrainingConfig, type ChildMessage, type TrainingConfigInput } from '../../../../shared/contract/training';
import { loadDataset, type LoadedDataset } from '../../../../main/datasets/index';
import { runTraining, TrainingControl, TrainingFailure } from '../../../../main/engine/trainer/index';
import { chain, smallMnist } from './helpers';

let data: LoadedDataset;
const tmp = mkdtempSync(path.join(tmpdir(), 'nw-loop-'));

beforeAll(async () => {
  data = await loadDataset('mnist', { limit: 600, inputShape: [28, 28, 1], seed: 1 });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(over: Partial<TrainingConfigInput> = {}, extra: { onEpochEnd?: Parameters<typeof runTraining>[1]['onEpochEnd']; control?: TrainingControl } = {}) {
  const messages: ChildMessage[] = [];
  const config = parseTrainingConfig({
    graph: smallMnist(),
    dataset: { id: 'mnist', limit: 600 },
    epochs: 1,
    batchSize: 32,
    backend: 'wasm',
    workers: 1,
    optimizer: { type: 'adam', learningRate: 0.005 },
    ...over,
  });
  const done = await runTraining(config, { emit: (m) => messages.push(m), dataset: data, ...extra });
  return { done, messages, losses: messages.flatMap((m) => (m.type === 'batch' ? [m.loss] : [])) };
}

describe('training loop (in process, wasm)', () => {
  it('is deterministic: same seed → identical losses; another seed → different', async () => {
    const a = await run({ seed: 5 });
    const b = await run({ seed: 5 });
    const c = await run({ seed: 6 });
    expect(a.losses.length).toBe(Math.ceil(data.train.count / 32));
    expect(a.losses).toEqual(b.losses);
    expect(c.losses).not.toEqual(a.losses);
    expect(a.done.testAccuracy).toBe(b.done.testAccuracy);
  });

  it('reports per-batch progress with ETA, per-epoch metrics, eval and done', async () => {
    const { done, messages } = await run({ epochs: 2 });
    const types = new Set(messages.map((m) => m.type));
    expect([...types]).toEqual(expect.arrayContaining(['ready', 'batch', 'epoch', 'eval', 'done']));
    const batches = messages.filter((m) => m.type === 'batch');
    expect(batches.every((m) => m.samplesPerSec > 0 && m.etaSeconds >= 0)).toBe(true);
    expect(batches[batches.length - 1].etaSeconds).toBe(0);
    const epochs = messages.filter((m) => m.type === 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(epochs[1].loss).toBeLessThan(epochs[0].loss);
    expect(epochs[1].valAccuracy).toBeGreaterThan(0.5);
    const ev = messages.find((m) => m.type === 'eval');
    expect(ev?.confusion.flat().reduce((a, b) => a + b, 0)).toBe(data.test.count);
    expect(done).toMatchObject({ type: 'done', backend: 'wasm', epochs: 2 });
    expect(done.testAccuracy).toBeGreaterThan(0.5);
  });

  it('leaks no tensors: numTensors is identical after every epoch (checkpoints and best weights included)', async () => {
    const counts: number[] = [];
    await run(
      { epochs: 4, runDir: path.join(tmp, 'leak'), earlyStopping: { patience: 10, restoreBestWeights: true }, augmentation: { flip: true, shift: 2 } },
      { onEpochEnd: (_e, tf) => counts.push(tf.memory().numTensors) },
    );
    expect(counts).toHaveLength(4);
    expect(new Set(counts).size).toBe(1);
  });

  it.each([
    ['sgd + nesterov momentum + weight decay', { type: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-4 }],
    ['rmsprop', { type: 'rmsprop', learningRate: 0.002 }],
    ['adam with step schedule', { type: 'adam', learningRate: 0.003 }],
  ] as const)('%s lowers the loss', async (_name, optimizer) => {
    const { messages } = await run({ epochs: 2, optimizer, schedule: { type: 'step', stepSize: 1, gamma: 0.5 } });
    const epochs = messages.filter((m) => m.type === 'epoch');
    expect(epochs[1].loss).toBeLessThan(epochs[0].loss);
    expect(epochs[1].learningRate).toBeCloseTo(optimizer.learningRate * 0.5, 10);
  });

  it('stops early and restores the best weights', async () => {
    // A vanishing learning rate cannot improve validation accuracy: patience 1 stops after epoch 2.
    const { done, messages } = await run({
      epochs: 5,
      optimizer: { type: 'sgd', learningRate: 1e-12 },
      earlyStopping: { patience: 1, monitor: 'valAccuracy', restoreBestWeights: true },
    });
    expect(done.stoppedEarly).toBe(true);
    expect(done.epochs).toBe(2);
    const logs = messages.filter((m) => m.type === 'log').map((m) => m.message);
    expect(logs.some((l) => l.startsWith('early stopping after epoch 2'))).toBe(true);
    expect(logs.some((l) => l.startsWith('restored the best weights (epoch 1'))).toBe(true);
  });

  it('stops the run with a clear message when the loss becomes NaN', async () => {
    // A logits head (no softmax): cross-entropy is not clipped, so exploding weights give Inf − Inf = NaN.
    const g = smallMnist();
    g.nodes[g.nodes.length - 1].params.activation = 'linear';
    const err = await run({ optimizer: { type: 'sgd', learningRate: 1e30 }, graph: g }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingFailure);
    expect((err as TrainingFailure).code).toBe('NAN_LOSS');
    expect((err as Error).message).toMatch(/^loss became (NaN|Inf) at epoch 1 batch \d+ — try a lower learning rate \(now 1e\+30\)$/);
  });

  it('stop() ends the run within one batch and still evaluates', async () => {
    const control = new TrainingControl();
    const messages: ChildMessage[] = [];
    const config = parseTrainingConfig({ graph: smallMnist(), dataset: { id: 'mnist' }, epochs: 3, batchSize: 16, backend: 'wasm', workers: 1 });
    const done = await runTraining(config, {
      dataset: data,
      control,
      emit: (m) => {
        messages.push(m);
        if (m.type === 'batch' && m.batch === 3) control.stop();
      },
    });
    expect(messages.filter((m) => m.type === 'batch')).toHaveLength(3);
    expect(done.stopped).toBe(true);
    expect(done.testAccuracy).not.toBeNull();
  });

  it('a forced backend that is missing fails with code BACKEND and what to install', async () => {
    const err = await run({ backend: 'tensorflow' }).catch((e: TrainingFailure) => e);
    expect((err as TrainingFailure).code).toBe('BACKEND');
    expect((err as Error).message).toContain("The 'tensorflow' backend is not available");
  });

  it('names untrainable layers and mismatched heads before training', async () => {
    const bad = await run({ graph: smallMnist([['MultiHeadAttention', {}]]) }).catch((e: TrainingFailure) => e);
    expect((bad as TrainingFailure).code).toBe('NOT_TRAINABLE');
    expect((bad as Error).message).toContain('not trainable in the built-in engine: MultiHeadAttention');
    const g = smallMnist();
    g.nodes[g.nodes.length - 1].params.units = 7;
    const heads = await run({ graph: g }).catch((e: TrainingFailure) => e);
    expect((heads as Error).message).toBe("Output 'n2' has 7 units but dataset 'mnist' has 10 classes: set its units to 10.");
  });
});

describe('training loop (data-parallel replicas)', () => {
  it('trains with 2 workers, deterministically', async () => {
    const a = await run({ workers: 2, seed: 9 });
    const b = await run({ workers: 2, seed: 9 });
    expect(a.done.device).toContain('× 2 workers');
    expect(a.losses).toEqual(b.losses);
    expect(a.done.testAccuracy).toBeGreaterThan(0.3);
  });
});

describe('training loop on tabular data', () => {
  /** y = 2·x0 − x1 (+ class = y > 0), 200 standardised rows. */
  function tabular(regression: boolean): LoadedDataset {
    const split = (n: number, offset: number) => {
      const x = new Float32Array(n * 2);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const a = Math.sin(i + offset) * 1.5;
        const b = Math.cos(3 * i + offset);
        x[2 * i] = a;
        x[2 * i + 1] = b;
        y[i] = regression ? 2 * a - b : Number(2 * a - b > 0);
      }
      return { x, y, count: n };
    };
    return {
      info: {
        id: 'path:/synthetic.csv',
        name: 'synthetic',
        kind: 'tabular',
        inputShape: [2],
        classNames: regression ? [] : ['0', '1'],
        split: { train: 160, val: 20, test: 20 },
        classCounts: [],
        skipped: [],
      },
      train: split(160, 0),
      val: split(20, 1000),
      test: split(20, 2000),
    };
  }
  const mlp = (units: number, activation: string) =>
    chain([2], [
      ['Dense', { units: 16, activation: 'tanh' }],
      ['Dense', { units, activation }],
    ]);

  it('regression: MSE falls, no accuracy, test accuracy null', async () => {
    const messages: ChildMessage[] = [];
    const config = parseTrainingConfig({ graph: mlp(1, 'linear'), dataset: { id: 'x' }, epochs: 8, batchSize: 16, backend: 'wasm', workers: 1, optimizer: { type: 'adam', learningRate: 0.02 } });
    const done = await runTraining(config, { emit: (m) => messages.push(m), dataset: tabular(true) });
    const epochs = messages.filter((m) => m.type === 'epoch');
    expect(epochs[7].valLoss!).toBeLessThan(epochs[0].valLoss! / 3);
    expect(epochs[0].accuracy).toBeNull();
    expect(done.testAccuracy).toBeNull();
    expect(messages.some((m) => m.type === 'eval')).toBe(false);
  });

  it('classification with a logits head (no softmax) learns; wrong output size for regression is named', async () => {
    const config = parseTrainingConfig({ graph: mlp(2, 'linear'), dataset: { id: 'x' }, epochs: 6, batchSize: 16, backend: 'wasm', workers: 1, optimizer: { type: 'adam', learningRate: 0.02 } });
    const done = await runTraining(config, { emit: () => undefined, dataset: tabular(false) });
    expect(done.testAccuracy).toBeGreaterThanOrEqual(0.85);
    const bad = parseTrainingConfig({ ...config, graph: mlp(3, 'linear') });
    await expect(runTraining(bad, { emit: () => undefined, dataset: tabular(true) })).rejects.toThrow(
      "Output 'n1' gives 3 values per sample but dataset 'path:/synthetic.csv' has 1 regression target: set its units to 1.",
    );
  });
});

describe('training loop on an image folder', () => {
  it('loads, reports loading progress, and trains on the folder resized to the Input', async () => {
    const sharp = (await import('sharp')).default;
    const { mkdirSync } = await import('node:fs');
    const root = path.join(tmp, 'folder');
    for (const [cls, v] of [['bright', 230], ['dark', 20]] as const) {
      mkdirSync(path.join(root, cls), { recursive: true });
      for (let i = 0; i < 10; i++) {
        await sharp({ create: { width: 20, height: 16, channels: 3, background: { r: v, g: v + (i % 3), b: v } } })
          .png()
          .toFile(path.join(root, cls, `${i}.png`));
      }
    }
    const messages: ChildMessage[] = [];
    const graph = chain([8, 8, 1], [
      ['Flatten', {}],
      ['Dense', { units: 2, activation: 'softmax' }],
    ]);
    const config = parseTrainingConfig({ graph, dataset: { id: root, validationSplit: 0.2, testSplit: 0.2 }, epochs: 5, batchSize: 4, backend: 'wasm', workers: 1, optimizer: { type: 'adam', learningRate: 0.05 } });
    const done = await runTraining(config, { emit: (m) => messages.push(m) });
    expect(messages).toContainEqual(expect.objectContaining({ type: 'log', message: expect.stringMatching(/^loading dataset: 20\/20 files/) }));
    expect(messages.find((m) => m.type === 'ready')).toMatchObject({ trainSamples: 13, valSamples: 3, testSamples: 4 });
    expect(done.testAccuracy).toBe(1);
  });
});
