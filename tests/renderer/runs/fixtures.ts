/** Run summaries/details as the Host returns them, and a mock host that serves them (for the Runs panel tests). */
import { createMockHost, type MockHost } from '../../../renderer/host/mock';
import type { RunDetailInfo, RunSummaryInfo } from '../../../shared/contract/runs';
import type { GraphData } from '../../../shared/graph/types';
import { buildPreset } from '../../../shared/presets';

export function summary(name: string, patch: Partial<RunSummaryInfo> = {}): RunSummaryInfo {
  return {
    dir: `/ws/runs/lenet5/${name}`,
    name,
    project: 'lenet5',
    createdAt: '2026-11-24T14:00:00.000Z',
    status: 'done',
    epochs: 2,
    lastEpoch: 2,
    dataset: 'mnist',
    engine: 'builtin',
    optimizer: 'adam',
    learningRate: 0.001,
    batchSize: 64,
    backend: 'wasm',
    device: 'CPU',
    finalLoss: 0.2346,
    finalValAccuracy: 0.9123,
    testAccuracy: 0.9051,
    canResume: true,
    ...patch,
  };
}

/** Protocol lines for `epochs` epochs of `batches` batches, loss falling with `rate`. */
export function metricsLines(epochs: number, batches: number, rate: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [{ type: 'ready', backend: 'wasm', device: 'CPU', runDir: null, trainSamples: 100, valSamples: 10, testSamples: 10, startEpoch: 1, time: 't' }];
  for (let e = 1; e <= epochs; e++) {
    for (let b = 1; b <= batches; b++) {
      const step = (e - 1) * batches + b;
      out.push({ type: 'batch', epoch: e, batch: b, batches, loss: 2 / (1 + rate * step), accuracy: Math.min(1, 0.1 + rate * step), samplesPerSec: 100, etaSeconds: 1, time: 't' });
    }
    out.push({ type: 'epoch', epoch: e, loss: 2 / (1 + rate * e * batches), accuracy: 0.5 + e / 10, valLoss: 1 / e, valAccuracy: 0.6 + e / 10, learningRate: 0.001, seconds: 1, time: 't' });
  }
  out.push({ type: 'done', testAccuracy: 0.9, seconds: 2, backend: 'wasm', device: 'CPU', samplesPerSecond: 100, runDir: null, epochs, time: 't' });
  return out;
}

export function trainingConfig(graph: GraphData = buildPreset('lenet5').graph, lr = 0.001): Record<string, unknown> {
  return {
    graph,
    dataset: { id: 'mnist', limit: 512, validationSplit: 0.1 },
    optimizer: { type: 'adam', learningRate: lr, momentum: 0, nesterov: false, weightDecay: 0 },
    batchSize: 64,
    epochs: 2,
    seed: 42,
    backend: 'auto',
    project: 'lenet5',
    runDir: '/ws/runs/lenet5/x',
  };
}

export function detail(s: RunSummaryInfo, config = trainingConfig(undefined, s.learningRate), metrics = metricsLines(s.lastEpoch ?? 0, 4, s.learningRate * 100)): RunDetailInfo {
  // config.json as the engine writes it: the config inside an envelope with backend/device/createdAt.
  return { summary: s, config: { config: { ...config, runDir: s.dir }, backend: s.backend, device: s.device, createdAt: s.createdAt }, metrics, eval: null, badLines: 0 };
}

export interface RunsHost extends MockHost {
  runs: Map<string, RunDetailInfo>;
  calls: string[];
  exported: { format: string; projectText: string; runDir?: string }[];
}

/** The mock host with an in-memory run history (listRuns filters by project like the real host). */
export function runsHost(details: RunDetailInfo[]): RunsHost {
  const base = createMockHost();
  const runs = new Map(details.map((d) => [d.summary.dir, d]));
  const calls: string[] = [];
  const exported: RunsHost['exported'] = [];
  return Object.assign(base, {
    runs,
    calls,
    exported,
    async listRuns(project: string | null) {
      calls.push(`listRuns:${project}`);
      return [...runs.values()].map((d) => d.summary).filter((s) => project === null || s.project === project);
    },
    async readRun(dir: string) {
      calls.push(`readRun:${dir}`);
      const d = runs.get(dir);
      if (!d) throw new Error(`${dir} is not a run folder (no readable config.json).`);
      return d;
    },
    async deleteRun(dir: string) {
      calls.push(`deleteRun:${dir}`);
      if (runs.get(dir)?.summary.status === 'running') throw new Error('Run is still training; stop it first.');
      runs.delete(dir);
    },
    async exportModel(request: { format: string; projectText: string; runDir?: string }) {
      exported.push(request);
      return { path: `/ws/exports/${request.format === 'onnx' ? 'model.onnx' : request.format}` };
    },
  });
}
