import { describe, it, expect, vi } from 'vitest';
import { createMockHost, type MockHost } from '../../../renderer/host/mock';
import { createTrainStore } from '../../../renderer/panels/train/runStore';
import { projectName, replayRun } from '../../../renderer/panels/train/model';
import type { TrainingConfigInput } from '../../../shared/contract/training';

const graph = { nodes: [], edges: [], groups: [] };
const ready = { type: 'ready', backend: 'cpu', device: 'cpu', runDir: '/runs/p/r1', trainSamples: 9, valSamples: 1, testSamples: 1, startEpoch: 1 };
const done = { type: 'done', testAccuracy: 0.5, seconds: 1, backend: 'cpu', device: 'cpu', samplesPerSecond: 9, runDir: '/runs/p/r1', epochs: 1 };

/** A mock host whose startTraining records the config and answers run ids r1, r2, … */
function trainingHost(): { host: MockHost; started: unknown[] } {
  const host = createMockHost();
  const started: unknown[] = [];
  host.startTraining = async (config) => {
    started.push(config);
    return { runId: `r${started.length}` };
  };
  host.controlTraining = async () => undefined;
  return { host, started };
}

describe('train run store', () => {
  it('startConfig starts any config with the project filled in and follows its messages', async () => {
    const { host, started } = trainingHost();
    const store = createTrainStore(host, { project: () => 'lenet' });
    const config: TrainingConfigInput = { graph, dataset: { id: 'mnist' }, epochs: 3, resumeFrom: '/runs/p/old' };
    await store.getState().startConfig(config);
    expect(started[0]).toEqual({ ...config, project: 'lenet' });
    expect(store.getState().run.runId).toBe('r1');
    expect(store.getState().run.epochs).toBe(3);
    host.emitTrainingMessage('r1', ready);
    expect(store.getState().run.phase).toBe('running');
    expect(store.getState().run.runDir).toBe('/runs/p/r1');
    expect(store.getState().run.config?.resumeFrom).toBe('/runs/p/old');
    // An explicit project in the config wins.
    host.emitTrainingMessage('r1', done);
    await store.getState().startConfig({ ...config, project: 'other' });
    expect((started[1] as TrainingConfigInput).project).toBe('other');
    store.getState().dispose();
  });

  it('counts finished runs (done, stopped, failed) once each, including a failed start', async () => {
    const { host } = trainingHost();
    const store = createTrainStore(host);
    expect(store.getState().finishedRuns).toBe(0);
    await store.getState().start(graph);
    host.emitTrainingMessage('r1', ready);
    host.emitTrainingMessage('r1', done);
    expect(store.getState().run.phase).toBe('done');
    expect(store.getState().finishedRuns).toBe(1);
    host.emitTrainingMessage('r1', done); // a repeated end does not count again
    expect(store.getState().finishedRuns).toBe(1);
    await store.getState().start(graph);
    host.emitTrainingMessage('r2', { type: 'error', code: 'NAN_LOSS', message: 'NaN' });
    expect(store.getState().finishedRuns).toBe(2);
    host.startTraining = async () => {
      throw new Error('engine missing');
    };
    await store.getState().start(graph);
    expect(store.getState().run.fault?.message).toBe('engine missing');
    expect(store.getState().finishedRuns).toBe(3);
    store.getState().dispose();
  });

  it('applies messages that arrive before startTraining resolves', async () => {
    const host = createMockHost();
    host.startTraining = async () => {
      host.emitTrainingMessage('early', { ...ready, runDir: null });
      return { runId: 'early' };
    };
    const store = createTrainStore(host);
    await store.getState().start(graph);
    expect(store.getState().run.phase).toBe('running');
    store.getState().dispose();
  });

  it('names the project after the saved file, else the title', () => {
    const project = { meta: { title: 'LeNet-5' } } as unknown as Parameters<typeof projectName>[0]['project'];
    expect(projectName({ file: null, project })).toBe('LeNet-5');
    expect(projectName({ file: { path: '/w/mynet.netwright.json', name: 'mynet.netwright.json' }, project })).toBe('mynet');
    expect(projectName({ file: null, project: { ...project, meta: {} } })).toBe('Untitled');
  });
});

describe('reattaching after a reload', () => {
  const batchLine = (b: number) => ({ type: 'batch', epoch: 1, batch: b, batches: 100, loss: 2 / b, accuracy: 0.1 * (b % 10), samplesPerSec: 50, etaSeconds: 9, time: '2026-11-24T14:00:00Z' });

  it('restores the recorded points of the active run, then follows its live messages without duplicates', async () => {
    const host = createMockHost();
    let releaseRead: () => void = () => undefined;
    host.activeRuns = async () => [
      { runId: 'old', runDir: '/runs/p/a', project: 'p', startedAt: '2026-11-24T13:00:00Z', paused: false, config: { graph, dataset: { id: 'mnist' }, epochs: 1 } },
      { runId: 'live', runDir: '/runs/p/b', project: 'p', startedAt: '2026-11-24T14:00:00Z', paused: false, config: { graph, dataset: { id: 'mnist', limit: 640 }, epochs: 3, batchSize: 32, seed: 5 } },
    ];
    host.readRun = async (dir) => {
      expect(dir).toBe('/runs/p/b');
      // Live messages arrive while the run folder is being read: steps 4–6, of which 4–5 are also on disk.
      host.emitTrainingMessage('live', batchLine(4));
      host.emitTrainingMessage('live', batchLine(5));
      host.emitTrainingMessage('live', batchLine(6));
      await new Promise<void>((r) => (releaseRead = r));
      return { summary: {} as never, config: {}, metrics: [1, 2, 3, 4, 5].map(batchLine), eval: null, badLines: 0 };
    };
    const store = createTrainStore(host);
    await vi.waitFor(() => expect(store.getState().reattach?.state).toBe('loading'));
    expect(store.getState().run.runId).toBe('live');
    expect(store.getState().settings.batchSize).toBe(32);
    expect(store.getState().settings.limit).toBe(640);
    releaseRead();
    await vi.waitFor(() => expect(store.getState().reattach?.state).toBe('attached'));
    const run = store.getState().run;
    expect(run.phase).toBe('running');
    expect(run.epochs).toBe(3);
    expect(run.runDir).toBe('/runs/p/b');
    expect(run.points.step).toEqual([1, 2, 3, 4, 5, 6]);
    host.emitTrainingMessage('live', batchLine(7));
    host.emitTrainingMessage('other', batchLine(8));
    expect(store.getState().run.points.step).toEqual([1, 2, 3, 4, 5, 6, 7]);
    store.getState().dispose();
  });

  it('a run the host reports paused comes back paused (Resume enabled), and a later resumed message runs it', async () => {
    const host = createMockHost();
    host.activeRuns = async () => [{ runId: 'p', runDir: '/runs/p/c', project: 'p', startedAt: '2026-11-24T14:00:00Z', paused: true, config: {} }];
    host.readRun = async () => ({ summary: {} as never, config: {}, metrics: [1, 2].map(batchLine), eval: null, badLines: 0 });
    const store = createTrainStore(host);
    await vi.waitFor(() => expect(store.getState().reattach?.state).toBe('attached'));
    expect(store.getState().run.phase).toBe('paused');
    host.emitTrainingMessage('p', { type: 'resumed' });
    expect(store.getState().run.phase).toBe('running');
    store.getState().dispose();
  });

  it('keeps following when the run folder cannot be read, and says so', async () => {
    const host = createMockHost();
    host.activeRuns = async () => [{ runId: 'r', runDir: '/runs/x', project: null, startedAt: '2026-11-24T14:00:00Z', paused: false, config: {} }];
    host.readRun = async () => {
      throw new Error('metrics.jsonl is missing');
    };
    const store = createTrainStore(host);
    await vi.waitFor(() => expect(store.getState().reattach?.state).toBe('failed'));
    expect(store.getState().reattach?.message).toMatch(/metrics\.jsonl is missing/);
    host.emitTrainingMessage('r', batchLine(1));
    expect(store.getState().run.points.length).toBe(1);
    store.getState().dispose();
  });

  it('does nothing when the host trains nothing', async () => {
    const store = createTrainStore(createMockHost());
    await new Promise((r) => setTimeout(r, 10));
    expect(store.getState().run.phase).toBe('idle');
    expect(store.getState().reattach).toBeNull();
    store.getState().dispose();
  });
});

describe('showing the window\'s last run after a reload', () => {
  const summary = (status: 'done' | 'incomplete' | 'failed' | 'running') => ({
    dir: '/runs/p/r9', name: '20261124-140000-p-adam-lr0.001', project: 'p', createdAt: null, status, epochs: 2, lastEpoch: 1,
    dataset: 'mnist', engine: 'builtin', optimizer: 'adam', learningRate: 0.001, batchSize: 16, backend: 'wasm', device: 'cpu',
    finalLoss: 1, finalValAccuracy: 0.5, testAccuracy: null, canResume: true,
  });
  const lines = [
    { type: 'ready', backend: 'wasm', device: 'cpu', runDir: '/runs/p/r9', trainSamples: 32, valSamples: 0, testSamples: 8, startEpoch: 1 },
    { type: 'batch', epoch: 1, batch: 1, batches: 2, loss: 2.2, accuracy: 0.1, samplesPerSec: 9, etaSeconds: 1 },
    { type: 'batch', epoch: 1, batch: 2, batches: 2, loss: 2.0, accuracy: 0.2, samplesPerSec: 9, etaSeconds: 1 },
    { type: 'epoch', epoch: 1, loss: 2.1, accuracy: 0.15, valLoss: null, valAccuracy: null, learningRate: 0.001, seconds: 1 },
  ];
  const memoryOf = (dir: string | null) => {
    const saved: string[] = [];
    return { saved, memory: { get: () => dir, set: (d: string) => void saved.push(d) } };
  };

  it('replays a run that died while the page was away as a fault with the recorded points', () => {
    const run = replayRun({ summary: summary('incomplete'), metrics: lines, eval: null }, null);
    expect(run.phase).toBe('failed');
    expect(run.fault?.code).toBe('CHILD_CRASHED');
    expect(run.fault?.message).toMatch(/ended without finishing/);
    expect(run.points.step).toEqual([1, 2]);
    expect(run.epochs_).toHaveLength(1);
    const done = replayRun({
      summary: summary('done'),
      metrics: [...lines, { type: 'done', testAccuracy: 0.5, seconds: 2, backend: 'wasm', device: 'cpu', samplesPerSecond: 9, runDir: '/runs/p/r9', epochs: 1 }],
      eval: { testAccuracy: 0.5, testLoss: 1.2, classNames: ['a', 'b'], confusion: [[2, 2], [2, 2]], perClass: [] },
    }, null);
    expect(done.phase).toBe('done');
    expect(done.evaluation?.testLoss).toBe(1.2);
    expect(done.fault).toBeNull();
  });

  it('restores the remembered run when nothing is training, and remembers new runs\' folders', async () => {
    const host = createMockHost();
    host.readRun = async () => ({ summary: summary('incomplete'), config: { graph, dataset: { id: 'mnist', limit: 320 }, epochs: 2, batchSize: 16 }, metrics: lines, eval: null, badLines: 0 });
    const { memory } = memoryOf('/runs/p/r9');
    const store = createTrainStore(host, { memory });
    await vi.waitFor(() => expect(store.getState().reattach?.state).toBe('restored'));
    expect(store.getState().run.phase).toBe('failed');
    expect(store.getState().run.points.length).toBe(2);
    expect(store.getState().settings.limit).toBe(320);
    expect(store.getState().finishedRuns).toBe(0); // an old run, not one that just ended
    host.startTraining = async () => ({ runId: 'new' });
    await store.getState().start(graph);
    expect(store.getState().reattach).toBeNull(); // a new run clears the note
    store.getState().dispose();

    const { host: h2 } = trainingHost();
    const m2 = memoryOf(null);
    const s2 = createTrainStore(h2, { memory: m2.memory });
    await s2.getState().start(graph);
    h2.emitTrainingMessage('r1', ready);
    expect(m2.saved).toEqual(['/runs/p/r1']);
    s2.getState().dispose();
  });
});
