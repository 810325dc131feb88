// Run history through the real browser-mode server and real (tiny) training runs: the default run folder
// per project, 'running' while training, readRun, resume into the same folder, delete, activeRuns.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createBrowserHost, type BrowserHost } from '../../../renderer/host/browser';
import { defaultCapabilities } from '../../../main/server/wiring';
import { RpcError } from '../../../shared/contract/rpc';
import { nodeSocket, startTestServer, until, type TestServer } from './helpers';
import { smallMnist } from '../engine/trainer/helpers';

let server: TestServer;
let host: BrowserHost;
const messages = new Map<string, { type: string; [k: string]: unknown }[]>();
beforeAll(async () => {
  server = await startTestServer({ capabilities: await defaultCapabilities() });
  host = createBrowserHost(server.url, server.token, { socket: nodeSocket, callTimeoutMs: 20_000 });
  await host.ready();
  host.onTrainingMessage((runId, m) => messages.set(runId, [...(messages.get(runId) ?? []), m as { type: string }]));
});
afterAll(async () => {
  host?.close();
  await server?.close();
});

const config = (extra: Record<string, unknown> = {}) => ({
  graph: smallMnist(),
  dataset: { id: 'mnist', limit: 192 },
  epochs: 1,
  batchSize: 32,
  backend: 'cpu',
  workers: 1,
  project: 'LeNet Lab',
  optimizer: { type: 'adam', learningRate: 0.002 },
  ...extra,
});
const ended = (runId: string) => (messages.get(runId) ?? []).some((m) => m.type === 'done' || m.type === 'error');
const rpcCode = (e: unknown) => (e instanceof RpcError ? e.code : String(e));

describe('run history in browser mode', () => {
  it('puts a run under runs/<project>/, reports it running (and undeletable), then done; resumes in place; deletes', async () => {
    const { runId } = await host.startTraining(config());
    await until(() => (messages.get(runId) ?? []).some((m) => m.type === 'batch'), 30_000, 'first batch');
    await host.controlTraining(runId, 'pause');
    await until(() => (messages.get(runId) ?? []).some((m) => m.type === 'paused') || ended(runId), 30_000, 'paused');

    const ready = messages.get(runId)!.find((m) => m.type === 'ready')!;
    const runDir = ready.runDir as string;
    expect(path.relative(fs.realpathSync(server.workspace), runDir)).toMatch(/^runs[/\\]lenet-lab[/\\]\d{8}-\d{6}-lenet-lab-adam-lr0\.002$/);
    const active = await host.activeRuns();
    const paused = (messages.get(runId) ?? []).some((m) => m.type === 'paused') && !ended(runId);
    expect(active).toEqual([expect.objectContaining({ runId, runDir, project: 'LeNet Lab', paused })]);
    expect((active[0].config as { dataset: { limit: number } }).dataset.limit).toBe(192);
    if (!ended(runId)) {
      expect((await host.listRuns('LeNet Lab'))[0]).toMatchObject({ dir: runDir, status: 'running' });
      expect(rpcCode(await host.deleteRun(runDir).catch((e: unknown) => e))).toBe('BAD_ARGS');
      const twice = await host.startTraining({ ...config({ epochs: 2 }), resumeFrom: runDir }).catch((e: unknown) => e);
      expect((twice as Error).message).toMatch(/is still training: stop it before resuming it/);
    }
    await host.controlTraining(runId, 'resume').catch(() => undefined);
    await until(() => ended(runId), 60_000, 'run end');
    await until(() => server.services.runs.size === 0, 5000, 'run removed');
    expect(messages.get(runId)!.at(-1)?.type).toBe('done');

    const [row] = await host.listRuns('LeNet Lab');
    expect(row).toMatchObject({ dir: runDir, project: 'LeNet Lab', status: 'done', epochs: 1, lastEpoch: 1, dataset: 'mnist', optimizer: 'adam', learningRate: 0.002, batchSize: 32, canResume: true });
    expect(row.testAccuracy).not.toBeNull();
    expect(await host.listRuns('Other project')).toEqual([]);
    expect((await host.listRuns(null)).map((r) => r.dir)).toEqual([runDir]);
    expect(await host.activeRuns()).toEqual([]);

    // predictions[i] belongs to datasetSamples' test sample i (same dataset ref and seed as the run).
    const ev = messages.get(runId)!.find((m) => m.type === 'eval') as unknown as { predictions: { labels: number[] } };
    const n = ev.predictions.labels.length;
    expect(n).toBeGreaterThan(0);
    const samples = await host.datasetSamples({ dataset: { ...config().dataset, validationSplit: 0.1 }, seed: 42, split: 'test', indices: [...Array(n).keys()] });
    expect(samples.map((s) => s.label)).toEqual(ev.predictions.labels);

    const detail = await host.readRun(runDir);
    expect(detail.summary.dir).toBe(runDir);
    expect((detail.config as { project: string }).project).toBe('LeNet Lab');
    expect(detail.metrics.map((m) => m.type)).toEqual(expect.arrayContaining(['ready', 'batch', 'epoch', 'eval', 'done']));
    expect(detail.eval?.testAccuracy).toBe(row.testAccuracy);

    // Resume for a second epoch: same folder, one history row, two epochs.
    const resumed = await host.startTraining({ ...config({ epochs: 2 }), resumeFrom: runDir });
    await until(() => ended(resumed.runId), 60_000, 'resumed run end');
    expect(messages.get(resumed.runId)!.find((m) => m.type === 'ready')).toMatchObject({ runDir, startEpoch: 2 });
    const rows = await host.listRuns('LeNet Lab');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ dir: runDir, status: 'done', epochs: 2, lastEpoch: 2 });

    // Layer inspection over the wire from the run's checkpoint; outside folders are refused.
    const sample = { dataset: { ...config().dataset, validationSplit: 0.1 }, seed: 42, split: 'test' as const, index: 0 };
    const insp = await host.inspectLayer({ runDir, nodeId: 'n0', sample, maxMaps: 2 });
    expect([1, 2]).toContain(insp.epoch); // best = the epoch with the lower validation loss
    expect(insp).toMatchObject({ weights: 'best', activation: { shape: [14, 14, 4] }, filters: { shape: [3, 3, 1, 4] } });
    expect(insp.activation.maps).toHaveLength(2);
    expect(rpcCode(await host.inspectLayer({ runDir: '/etc', nodeId: 'n0', sample, maxMaps: 2 }).catch((e: unknown) => e))).toBe('FORBIDDEN');
    expect(rpcCode(await host.inspectLayer({ runDir, nodeId: 'in', sample, maxMaps: 2 }).catch((e: unknown) => e))).toBe('BAD_ARGS');

    // Paths outside the runs folder are refused; a run folder is deleted.
    expect(rpcCode(await host.readRun('/etc').catch((e: unknown) => e))).toBe('FORBIDDEN');
    expect(rpcCode(await host.deleteRun(path.join(server.workspace, 'runs')).catch((e: unknown) => e))).toBe('FORBIDDEN');
    await host.deleteRun(runDir);
    expect(fs.existsSync(runDir)).toBe(false);
    expect(await host.listRuns(null)).toEqual([]);
  }, 120_000);

  it('records a failed run as failed with the reason, and leaves no empty folder when nothing started', async () => {
    const bad = smallMnist();
    (bad.nodes.at(-1)!.params as { units: number }).units = 7; // 7 outputs for 10 classes: BAD_CONFIG before any folder
    const { runId } = await host.startTraining(config({ graph: bad, project: 'Broken' }));
    await until(() => ended(runId), 60_000, 'failed run end');
    expect(messages.get(runId)!.at(-1)).toMatchObject({ type: 'error', code: 'BAD_CONFIG' });
    await until(() => server.services.runs.size === 0, 5000, 'run removed');
    await until(() => !fs.existsSync(path.join(server.workspace, 'runs', 'broken')) || fs.readdirSync(path.join(server.workspace, 'runs', 'broken')).length === 0, 5000, 'reserved folder dropped');
    expect(await host.listRuns('Broken')).toEqual([]);
  }, 60_000);

  it('answers readRun on a folder that holds no run with BAD_ARGS naming it', async () => {
    const empty = path.join(server.workspace, 'runs', 'not-a-run');
    fs.mkdirSync(empty, { recursive: true });
    const err = await host.readRun(empty).catch((e: unknown) => e);
    expect(rpcCode(err)).toBe('BAD_ARGS');
    expect((err as Error).message).toMatch(/not-a-run is not a run folder \(no readable config\.json\)/);
  });
});
