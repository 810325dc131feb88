import { describe, it, expect } from 'vitest';
import { createMockHost, type MockHost } from '../../../renderer/host/mock';
import { createTrainStore } from '../../../renderer/panels/train/runStore';
import { projectName } from '../../../renderer/panels/train/model';
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
