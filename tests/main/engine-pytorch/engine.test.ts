import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildMessage, DoneMessage, EvalMessage, ReadyMessage } from '../../../shared/contract/training';
import { loadDataset } from '../../../main/datasets/index';
import { buildModel } from '../../../main/engine/model';
import { loadWeightsInto, readRun } from '../../../main/runs/index';
import { startPytorchTraining } from '../../../main/engine-pytorch/index';
import { assertPeer, shouldRun } from '../../shared/export/peers';
import { collect, crashingPython, PYTHON, smallGraph, torchPeer } from './helpers';

const run = shouldRun('PyTorch engine', torchPeer);
const tmp = mkdtempSync(path.join(tmpdir(), 'nw-pt-engine-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const base = { graph: smallGraph(), dataset: { id: 'mnist', limit: 512 }, batchSize: 64, epochs: 1, flushEveryBatches: 1 };
const ofType = <T extends ChildMessage['type']>(ms: ChildMessage[], t: T) => ms.filter((m): m is Extract<ChildMessage, { type: T }> => m.type === t);

describe('startPytorchTraining: input checks (no torch needed)', () => {
  it('rejects an invalid config before starting anything, as the built-in engine', async () => {
    await expect(startPytorchTraining({ ...base, epochs: 0 }, { onMessage: () => undefined })).rejects.toThrow(/Invalid training config: epochs: /);
  });

  it('a Python that does not exist → BACKEND error saying what to install', async () => {
    const c = await collect({ ...base, python: '/nonexistent/bin/python3' });
    const r = await c.result;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BACKEND');
    expect(r.error.message).toContain("The PyTorch engine is not available: The Python interpreter '/nonexistent/bin/python3' cannot run the PyTorch engine");
    expect(r.error.message).toContain('pip install torch');
    expect(c.messages).toEqual([expect.objectContaining({ type: 'error', code: 'BACKEND' })]);
  });
});

describe.runIf(run)('PyTorch engine: real runs (Debian python3-torch)', () => {
  beforeAll(() => assertPeer('python3 with torch and numpy', torchPeer));
  const runDir = path.join(tmp, 'run1');
  let messages: ChildMessage[] = [];
  let done: DoneMessage;

  it('trains 512 MNIST samples for one epoch: protocol messages in order, the run folder on disk', async () => {
    const c = await collect({ ...base, runDir, project: 'Tiny' });
    const r = await c.result;
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    messages = c.messages;
    const types = messages.map((m) => m.type);
    expect(types[0]).toBe('ready');
    expect(types.slice(-2)).toEqual(['eval', 'done']);
    // ready → batch… → epoch → eval → done, nothing else.
    expect(types.join(',')).toMatch(/^ready,(batch,)+epoch,eval,done$/);
    const ready = messages[0] as ReadyMessage;
    expect(ready).toMatchObject({ backend: expect.stringMatching(/^pytorch \d+\.\d+/), device: expect.stringMatching(/^cpu \(\d+ cores?, \d+ threads?\)$/), runDir, startEpoch: 1 });
    // The built-in engine's split of the same dataset/limit/seed: 10% test, then 10% of the rest for validation.
    expect([ready.trainSamples, ready.valSamples, ready.testSamples]).toEqual([415, 46, 51]);
    const batches = ofType(messages, 'batch');
    expect(batches.map((b) => b.batch)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(batches.every((b) => b.batches === 7 && b.epoch === 1 && b.samplesPerSec > 0 && b.etaSeconds >= 0)).toBe(true);
    const ev = ofType(messages, 'eval')[0];
    expect(ev.classNames).toHaveLength(10);
    expect(ev.confusion.flat().reduce((a, b) => a + b, 0)).toBe(51);
    expect(ev.perClass).toHaveLength(10);
    expect(ev.predictions!.labels).toHaveLength(51);
    expect(ev.predictions!.predicted).toHaveLength(51);
    expect(ev.predictions!.confidence.every((p) => p > 0 && p <= 1)).toBe(true);
    const correct = ev.predictions!.labels.filter((l, i) => l === ev.predictions!.predicted[i]).length;
    expect(ev.testAccuracy).toBeCloseTo(correct / 51, 10);
    done = messages[messages.length - 1] as DoneMessage;
    expect(done).toMatchObject({ testAccuracy: ev.testAccuracy, backend: ready.backend, device: ready.device, runDir, epochs: 1 });
    expect(done.samplesPerSecond).toBeGreaterThan(0);
    // One epoch of 415 digits is enough to be clearly better than chance (10%).
    expect(ev.testAccuracy).toBeGreaterThan(0.3);

    const rec = await readRun(runDir);
    expect(rec.config).toMatchObject({ backend: ready.backend, device: ready.device });
    expect(rec.config!.config).toMatchObject({ engine: 'pytorch', project: 'Tiny', epochs: 1 });
    expect(rec.metrics.map((m) => m.type)).toEqual(types);
    expect(rec.eval).toEqual({ testLoss: ev.testLoss, testAccuracy: ev.testAccuracy, samples: 51, classNames: ev.classNames, confusion: ev.confusion, perClass: ev.perClass, predictions: ev.predictions });
    expect(rec.checkpoints.last).toMatchObject({ epoch: 1, bestEpoch: 1 });
    for (const f of ['model.pt', 'optimizer.pt', 'model.json', 'weights.bin', 'state.json']) {
      expect(existsSync(path.join(runDir, 'checkpoints', 'last', f)), f).toBe(true);
    }
    expect(readFileSync(path.join(runDir, 'model.py'), 'utf8')).toContain('class NetwrightModel(nn.Module):');
  });

  it("the checkpoint's TF.js copy computes what model.pt computes (max abs error ≤ 1e-4)", async () => {
    expect(done, 'needs the first run').toBeDefined();
    const n = 4;
    const x = Float32Array.from({ length: n * 784 }, (_, i) => ((i * 7919) % 1000) / 1000);
    const model = buildModel(tf, smallGraph());
    await loadWeightsInto(tf, model, path.join(runDir, 'checkpoints', 'last'));
    const tfOut = Array.from((model.predict(tf.tensor4d(x, [n, 28, 28, 1])) as tf.Tensor).dataSync());
    const input = path.join(tmp, 'x.json');
    writeFileSync(input, JSON.stringify(Array.from(x)));
    const py = spawnSync(
      PYTHON,
      [
        '-c',
        `import json, sys, torch; sys.path.insert(0, ${JSON.stringify(runDir)}); from model import NetwrightModel
m = NetwrightModel(); m.load_state_dict(torch.load(${JSON.stringify(path.join(runDir, 'checkpoints', 'last', 'model.pt'))})); m.eval()
x = torch.tensor(json.load(open(${JSON.stringify(input)}))).reshape(${n}, 28, 28, 1).permute(0, 3, 1, 2)
print(json.dumps(m(x).detach().flatten().tolist()))`,
      ],
      { encoding: 'utf8' },
    );
    expect(py.status, py.stderr).toBe(0);
    const torchOut = JSON.parse(py.stdout.trim().split('\n').pop()!) as number[];
    expect(torchOut).toHaveLength(tfOut.length);
    const err = Math.max(...torchOut.map((v, i) => Math.abs(v - tfOut[i])));
    expect(err).toBeLessThanOrEqual(1e-4);
  });

  it('resumes from the last checkpoint: epoch 2 only, appended to the same run folder', async () => {
    expect(done, 'needs the first run').toBeDefined();
    const c = await collect({ ...base, epochs: 2, resumeFrom: runDir });
    const r = await c.result;
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    expect(c.messages[0]).toMatchObject({ type: 'ready', startEpoch: 2, runDir });
    expect(ofType(c.messages, 'epoch').map((e) => e.epoch)).toEqual([2]);
    expect(c.messages[c.messages.length - 1]).toMatchObject({ type: 'done', epochs: 2 });
    const rec = await readRun(runDir);
    expect(rec.metrics.filter((m) => m.type === 'ready')).toHaveLength(2);
    expect(rec.checkpoints.last).toMatchObject({ epoch: 2 });
  });

  it('refuses to start a new run in a folder that already holds one (BAD_CONFIG, nothing overwritten)', async () => {
    const before = readFileSync(path.join(runDir, 'config.json'), 'utf8');
    const c = await collect({ ...base, runDir });
    const r = await c.result;
    expect(r.ok ? null : r.error.code).toBe('BAD_CONFIG');
    expect(r.ok ? '' : r.error.message).toBe(`Run folder ${runDir} already holds a run (config.json exists): pick another folder or resume it.`);
    expect(readFileSync(path.join(runDir, 'config.json'), 'utf8')).toBe(before);
  });

  it('pause holds training until resume; stop ends it at a batch boundary; a stopped run still evaluates and says stopped', async () => {
    let pausedAt = -1;
    let pausedSince = 0;
    const c = await collect({ ...base, dataset: { id: 'mnist', limit: 2000 }, batchSize: 128, epochs: 3 }, (m, h) => {
      if (m.type === 'batch' && m.epoch === 1 && m.batch === 2) {
        pausedAt = m.batch;
        h.pause();
      }
      if (m.type === 'paused') {
        pausedSince = performance.now();
        setTimeout(() => h.resume(), 400);
      }
      if (m.type === 'batch' && m.epoch === 1 && m.batch === 9) h.stop();
    });
    const r = await c.result;
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    const types = c.messages.map((m) => m.type);
    const p = types.indexOf('paused');
    const q = types.indexOf('resumed');
    expect(p).toBeGreaterThan(0);
    // Nothing trains while paused: no batch between paused and resumed, and the pause lasted until resume.
    expect(q).toBe(p + 1);
    expect(pausedSince).toBeGreaterThan(0);
    const paused = ofType(c.messages, 'paused')[0];
    expect(paused.epoch).toBe(1);
    // The runner checks between batches: it pauses at the first boundary after the command arrives (a
    // round trip through two pipes, a few 128-sample batches at most even on a busy machine).
    expect(paused.batch - pausedAt).toBeGreaterThanOrEqual(0);
    expect(paused.batch - pausedAt).toBeLessThanOrEqual(4);
    const batches = ofType(c.messages, 'batch');
    expect(batches.length).toBeLessThan(13); // epoch 1 has 13 batches; stopped inside it
    expect(batches.every((b) => b.epoch === 1)).toBe(true);
    expect(types.slice(-3)).toEqual(['epoch', 'eval', 'done']);
    expect(c.messages[c.messages.length - 1]).toMatchObject({ type: 'done', stopped: true, epochs: 0 });
  });

  it('early stopping: no improvement for `patience` epochs stops the run and restores the best weights, with the built-in log lines', async () => {
    // A learning rate of 1e-12 changes no prediction: validation accuracy never improves after epoch 1.
    const c = await collect({
      ...base,
      epochs: 5,
      optimizer: { type: 'sgd', learningRate: 1e-12 },
      earlyStopping: { patience: 2, monitor: 'valAccuracy', restoreBestWeights: true },
    });
    const r = await c.result;
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    expect(ofType(c.messages, 'epoch').map((e) => e.epoch)).toEqual([1, 2, 3]);
    const logs = ofType(c.messages, 'log').map((l) => l.message);
    expect(logs[0]).toBe('early stopping after epoch 3: no improvement of valAccuracy for 2 epochs (best epoch 1)');
    expect(logs[1]).toMatch(/^restored the best weights \(epoch 1, valAccuracy 0\.\d+\)$/);
    expect(c.messages.at(-1)).toMatchObject({ type: 'done', stoppedEarly: true, epochs: 3 });
  });

  it('a killed runner is CHILD_CRASHED; the metrics flushed so far stay on disk', async () => {
    const dir = path.join(tmp, 'killed');
    const c = await collect({ ...base, dataset: { id: 'mnist', limit: 2000 }, batchSize: 32, epochs: 3, runDir: dir }, (m, h) => {
      if (m.type === 'batch' && m.batch === 5) h.kill('SIGKILL');
    });
    const r = await c.result;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CHILD_CRASHED');
    expect(r.error.message).toMatch(/^PyTorch training process was killed \(SIGKILL\) before finishing/);
    const rec = await readRun(dir);
    expect(rec.metrics[0]).toMatchObject({ type: 'ready' });
    expect(rec.metrics.filter((m) => m.type === 'batch').length).toBeGreaterThanOrEqual(5);
  });

  it('a script that crashes is CHILD_CRASHED with the last 20 lines of its stderr', async () => {
    const c = await collect({ ...base, python: crashingPython(25) });
    const r = await c.result;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CHILD_CRASHED');
    expect(r.error.message).toContain('PyTorch training process exited with code 1 before finishing; stderr (last 20 lines):\nstderr line 6\n');
    expect(r.error.message.endsWith('stderr line 25')).toBe(true);
    expect(r.error.message).not.toContain('stderr line 5\n');
    expect(c.messages.at(-1)).toMatchObject({ type: 'error', code: 'CHILD_CRASHED' });
  });

  it('regression on a CSV (fractional labels): MSE, accuracy null, eval.json with the test loss', async () => {
    let s = 3;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    const rows = ['a,b,c,y'];
    for (let i = 0; i < 300; i++) {
      const [a, b, c] = [rnd(), rnd(), rnd()];
      rows.push(`${a},${b},${c},${(a * 0.5 + b - c + 0.123).toFixed(4)}`);
    }
    const csv = path.join(tmp, 'reg.csv');
    writeFileSync(csv, rows.join('\n'));
    const nodes = [
      { id: 'in', type: 'Input', params: { shape: [3] }, position: { x: 0, y: 0 } },
      { id: 'h', type: 'Dense', params: { units: 16, activation: 'relu' }, position: { x: 0, y: 0 } },
      { id: 'out', type: 'Dense', params: { units: 1 }, position: { x: 0, y: 0 } },
    ];
    const graph = { nodes, edges: [{ id: 'e1', source: 'in', target: 'h', targetPort: 0 }, { id: 'e2', source: 'h', target: 'out', targetPort: 0 }], groups: [] };
    const dir = path.join(tmp, 'regression');
    const c = await collect({ graph, dataset: { id: csv }, epochs: 5, batchSize: 16, optimizer: { learningRate: 0.01 }, runDir: dir });
    const r = await c.result;
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    const epochs = ofType(c.messages, 'epoch');
    expect(epochs.every((e) => e.accuracy === null && e.valAccuracy === null)).toBe(true);
    expect(epochs[4].valLoss!).toBeLessThan(epochs[0].valLoss!);
    expect(c.messages.some((m) => m.type === 'eval')).toBe(false);
    expect(c.messages.at(-1)).toMatchObject({ type: 'done', testAccuracy: null, epochs: 5 });
    const ev = JSON.parse(readFileSync(path.join(dir, 'eval.json'), 'utf8')) as { testLoss: number; testAccuracy: null; samples: number };
    expect(ev).toMatchObject({ testAccuracy: null, samples: 30 });
    expect(ev.testLoss).toBeLessThan(0.05);
  });

  it('a graph PyTorch cannot express → NOT_TRAINABLE naming the node; a device that is not there → BACKEND', async () => {
    const g = smallGraph();
    g.nodes.splice(2, 0, { id: 'up', name: 'upsample_bilinear', type: 'UpSampling2D', params: { size: 2, interpolation: 'bilinear' }, position: { x: 0, y: 0 } });
    g.edges = g.nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: g.nodes[i].id, target: n.id, targetPort: 0 }));
    const bad = await collect({ ...base, graph: g });
    const r = await bad.result;
    expect(r.ok ? null : r.error.code).toBe('NOT_TRAINABLE');
    expect(r.ok ? '' : r.error.message).toMatch(/upsample_bilinear \(UpSampling2D\)/);

    const cuda = spawnSync(PYTHON, ['-c', 'import torch; print(torch.cuda.device_count())'], { encoding: 'utf8' });
    const gpus = Number(cuda.stdout.trim());
    const dev = await collect({ ...base, device: `cuda:${gpus + 3}` });
    const d = await dev.result;
    expect(d.ok ? null : d.error.code).toBe('BACKEND');
    expect(d.ok ? '' : d.error.message).toMatch(gpus === 0 ? /device 'cuda:3': CUDA is not available to torch/ : /this machine has \d+ CUDA device/);
  });

  it('a dataset whose classes do not match the head → BAD_CONFIG before Python starts', async () => {
    const g = smallGraph();
    (g.nodes[g.nodes.length - 1].params as { units: number }).units = 7;
    const c = await collect({ ...base, graph: g });
    const r = await c.result;
    expect(r.ok ? null : r.error.code).toBe('BAD_CONFIG');
    expect(r.ok ? '' : r.error.message).toBe("Output 'out' has 7 units but dataset 'mnist' has 10 classes: set its units to 10.");
  });

  it('a diverging run stops with NAN_LOSS and the same advice as the built-in engine', async () => {
    // Logits head (cross-entropy on logits): huge steps overflow to Inf/NaN within a few batches.
    const g = smallGraph();
    g.nodes[g.nodes.length - 1].params = { units: 10 };
    const c = await collect({ ...base, optimizer: { type: 'sgd', learningRate: 1e12 }, graph: g });
    const r = await c.result;
    expect(r.ok ? null : r.error.code).toBe('NAN_LOSS');
    expect(r.ok ? '' : r.error.message).toMatch(/^loss became (NaN|Inf) at epoch 1 batch \d+ — try a lower learning rate \(now 1e\+12\)$/);
  });

  it('eval predictions follow the test split order: labels are the dataset test labels, as the built-in engine splits them', async () => {
    const ev = ofType(messages, 'eval')[0] as EvalMessage | undefined;
    expect(ev).toBeDefined();
    const data = await loadDataset('mnist', { inputShape: [28, 28, 1], seed: 42, validationSplit: 0.1, limit: 512 });
    expect(ev!.predictions!.labels).toEqual(Array.from(data.test.y));
  });
});
