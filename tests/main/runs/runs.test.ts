import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildMessage } from '../../../shared/contract/training';
import { initBackend } from '../../../main/engine/backend';
import { startTraining } from '../../../main/engine/client';
import { buildModel } from '../../../main/engine/model';
import { createRunDir, listRuns, loadWeightsInto, MetricsWriter, readRun, saveModelFiles } from '../../../main/runs/index';
import { parseTrainingConfig } from '../../../shared/contract/training';
import { smallMnist } from '../engine/trainer/helpers';

const tmp = mkdtempSync(path.join(tmpdir(), 'nw-runs-'));
let tf: typeof TF;
beforeAll(async () => {
  tf = (await initBackend('wasm')).tf;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('checkpoints (TF.js format without tfjs-node)', () => {
  it('writes model.json + weights.bin that TF.js loads, and reads weights back into a fresh model', async () => {
    const graph = smallMnist();
    const a = buildModel(tf, graph);
    const dir = path.join(tmp, 'ckpt');
    await saveModelFiles(tf, a, dir);
    const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    const bin = readFileSync(path.join(dir, 'weights.bin'));
    const weights = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(json.modelTopology, json.weightsManifest[0].weights, weights));
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 1);
    const pa = (a.predict(x) as TF.Tensor).arraySync();
    expect((loaded.predict(x) as TF.Tensor).arraySync()).toEqual(pa);
    const b = buildModel(tf, graph); // different random init
    expect((b.predict(x) as TF.Tensor).arraySync()).not.toEqual(pa);
    await loadWeightsInto(tf, b, dir);
    expect((b.predict(x) as TF.Tensor).arraySync()).toEqual(pa);
    const other = buildModel(tf, smallMnist([['Dense', { units: 5 }]]));
    await expect(loadWeightsInto(tf, other, dir)).rejects.toThrow(/Checkpoint .* (has no weight|weight '.*' has shape)/);
    tf.dispose([x]);
    [a, b, loaded, other].forEach((m) => m.dispose());
  });
});

describe('run folders', () => {
  it('appends flushed metrics lines; a cut last line does not hide the others; listRuns summarises', async () => {
    const root = path.join(tmp, 'root');
    const dir = path.join(root, 'r1');
    const config = parseTrainingConfig({ graph: smallMnist(), dataset: { id: 'mnist' } });
    await createRunDir(dir, { config, backend: 'wasm', device: 'test', createdAt: '2026-01-01T00:00:00Z' });
    await expect(createRunDir(dir, { config, backend: 'wasm', device: 'test', createdAt: '' })).rejects.toThrow('already holds a run');
    const w = new MetricsWriter(path.join(dir, 'metrics.jsonl'));
    w.append({ type: 'batch', epoch: 1, batch: 1 });
    w.append({ type: 'epoch', epoch: 1 }, true);
    w.close();
    appendFileSync(path.join(dir, 'metrics.jsonl'), '{"type":"batch","ep'); // what a kill mid-write leaves
    const run = await readRun(dir);
    expect(run.metrics.map((m) => m.type)).toEqual(['batch', 'epoch']);
    expect(run.badLines).toBe(1);
    expect(run.config?.config.seed).toBe(42);
    mkdirSync(path.join(root, 'not-a-run'));
    const list = await listRuns(root);
    expect(list).toEqual([{ dir, name: 'r1', createdAt: '2026-01-01T00:00:00Z', epochs: 1, lastEpoch: 1, testAccuracy: null, done: false }]);
    await expect(readRun(path.join(root, 'not-a-run'))).rejects.toThrow('is not a run folder');
  });

  it('survives SIGKILL after an epoch and resumes from the last checkpoint to the end', async () => {
    const dir = path.join(tmp, 'killed');
    const config = { graph: smallMnist(), dataset: { id: 'mnist', limit: 600 }, epochs: 3, batchSize: 32, backend: 'wasm', workers: 1, runDir: dir, flushEveryBatches: 2 } as const;
    const first = startTraining(config, {
      onMessage(m) {
        // Epoch 2 has started, so epoch 1's line and checkpoint are on disk: kill -9.
        if (m.type === 'batch' && m.epoch === 2 && m.batch === 5) first.kill('SIGKILL');
      },
    });
    const err = await first.done.catch((e: { code: string }) => e);
    expect((err as { code: string }).code).toBe('CHILD_CRASHED');
    const killed = await readRun(dir);
    expect(killed.metrics.filter((m) => m.type === 'epoch').map((m) => m.epoch)).toEqual([1]);
    // Batch lines flushed every 2 batches: epoch 2's first 4 survived the kill.
    expect(killed.metrics.filter((m) => m.type === 'batch' && m.epoch === 2).length).toBeGreaterThanOrEqual(4);
    expect(killed.checkpoints.last?.epoch).toBe(1);
    expect(existsSync(path.join(dir, 'checkpoints', 'best', 'weights.bin'))).toBe(true);
    expect(killed.eval).toBeNull();

    const got: ChildMessage[] = [];
    const resumed = startTraining({ ...config, runDir: undefined, resumeFrom: dir }, { onMessage: (m) => got.push(m) });
    const done = await resumed.done;
    expect(got[0]).toMatchObject({ type: 'ready', startEpoch: 2, runDir: dir });
    expect(done.epochs).toBe(3);
    const after = await readRun(dir);
    expect(after.metrics.filter((m) => m.type === 'epoch').map((m) => m.epoch)).toEqual([1, 2, 3]);
    expect(after.checkpoints.last?.epoch).toBe(3);
    expect(after.eval?.testAccuracy).toBe(done.testAccuracy);
    expect((after.eval?.confusion as number[][]).length).toBe(10);
    expect((after.eval?.perClass as { f1: number }[])[0]).toHaveProperty('f1');
    const epochs = after.metrics.filter((m) => m.type === 'epoch');
    expect(epochs[2].valLoss as number).toBeLessThan(epochs[0].valLoss as number);
  });
});
