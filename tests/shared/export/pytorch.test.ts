/**
 * The PyTorch export runs under real PyTorch for every preset, 20 seeded random graphs and the catalog graphs: output shape =
 * our inferred shape (NCHW for feature maps), trainable parameters = ours, importing prints nothing. One
 * python process runs all modules (torch import costs seconds).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetProject } from '../../../main/cli/source';
import { createProject, type NetwrightProject } from '../../../shared/format/index';
import { analyzeGraph } from '../../../shared/infer/index';
import { presetNames } from '../../../shared/presets/index';
import { pytorch } from '../../../shared/export/pytorch';
import { assertPeer, PYTHON, pythonWith, shouldRun } from './peers';
import { checkedCatalogGraphs } from './catalog-graphs';
import { randomGraphs } from './random-graphs';
import { runModules, writeModule } from './torch-runner';

const peer = pythonWith('torch');

interface Case {
  key: string;
  project: NetwrightProject;
}

const cases: Case[] = [
  ...presetNames.map((name) => ({ key: name, project: presetProject(name) })),
  ...randomGraphs(20).map((g) => ({ key: `random-${g.seed}`, project: createProject(g.graph) })),
  ...checkedCatalogGraphs().map((g) => ({ key: g.key, project: createProject(g.graph) })),
];

const nchw = (s: number[]) => (s.length === 3 ? [s[2], s[0], s[1]] : s);

interface Result {
  key: string;
  shape?: number[];
  trainable?: number;
  importOutput?: string;
  error?: string;
}

describe('PyTorch export (generated code)', () => {
  it('exports every preset and random graph', () => {
    for (const c of cases) {
      const r = pytorch.exportCode(c.project);
      if (!r.ok) throw new Error(`${c.key}: ${JSON.stringify(r.report)}`);
      expect(r.code).toContain('if __name__ == "__main__":');
      expect(pytorch.check(c.project)).toEqual([]);
    }
  });
});

describe.skipIf(!shouldRun('PyTorch export under torch', peer))('PyTorch export under real PyTorch', () => {
  let dir = '';
  let results = new Map<string, Result>();

  beforeAll(() => {
    assertPeer('torch', peer);
    dir = mkdtempSync(join(tmpdir(), 'nw-torch-'));
    const manifest = cases.map((c) => {
      const inputs = c.project.graph.nodes.filter((n) => n.type === 'Input').map((n) => nchw(n.params.shape as number[]));
      return { ...writeModule(dir, c), inputs };
    });
    results = runModules<Result>(dir, manifest);
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(cases.map((c) => [c.key, c] as const))('%s: shape and trainable params match ours', (_key, c) => {
    const r = results.get(c.key);
    expect(r, `no result for ${c.key}`).toBeDefined();
    expect(r!.error).toBeUndefined();
    const analysis = analyzeGraph(c.project.graph);
    const used = new Set(c.project.graph.edges.map((e) => e.source));
    const out = c.project.graph.nodes.find((n) => !used.has(n.id) && n.type !== 'Input')!;
    expect(r!.shape).toEqual([2, ...nchw(analysis.nodes.get(out.id)!.outputShape!)]);
    expect(r!.trainable).toBe(analysis.totals.trainableParams);
    expect(r!.importOutput).toBe('');
  });

  /** Runs an exported file as a training script; resolves with its JSON-line events. */
  function train(path: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; events: Record<string, unknown>[]; stderr: string }> {
    return new Promise((done) => {
      const child = spawn(PYTHON, [path, '--synthetic', '96', '--epochs', '2', '--batch-size', '32', '--workers', '0', '--log-every', '1', ...args], {
        env: { ...process.env, OMP_NUM_THREADS: '1', ...env },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => done({ code, stderr: err, events: out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) }));
    });
  }

  it('the training script trains and reports JSON lines (start, batch, epoch, done)', async () => {
    const run = await train(join(dir, 'lenet5.py'), ['--seed', '5']);
    expect(run.code, run.stderr).toBe(0);
    const kinds = run.events.map((e) => e.event);
    expect(kinds[0]).toBe('start');
    expect(run.events[0]).toMatchObject({ device: 'cpu', worldSize: 1, trainableParams: 61_706, trainSamples: 87, testSamples: 9 });
    expect(kinds.filter((k) => k === 'batch')).toHaveLength(6); // 3 batches × 2 epochs
    expect(run.events.filter((e) => e.event === 'epoch').map((e) => e.epoch)).toEqual([1, 2]);
    const done = run.events[run.events.length - 1];
    expect(done.event).toBe('done');
    expect(typeof done.testAccuracy).toBe('number');
    for (const e of run.events.filter((x) => x.event === 'batch')) expect(Number.isFinite(e.loss)).toBe(true);
  }, 60_000);

  it('trains with DistributedDataParallel across 2 processes (gloo, torchrun environment)', async () => {
    const env = (rank: number) => ({ RANK: String(rank), LOCAL_RANK: String(rank), WORLD_SIZE: '2', MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(29_500 + (process.pid % 500)) });
    const [r0, r1] = await Promise.all([train(join(dir, 'random_1.py'), [], env(0)), train(join(dir, 'random_1.py'), [], env(1))]);
    expect(r0.code, r0.stderr).toBe(0);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r0.events[0]).toMatchObject({ event: 'start', worldSize: 2 });
    expect(r0.events.filter((e) => e.event === 'batch')).toHaveLength(4); // 87 samples / 2 ranks / 32 → 2 batches × 2 epochs
    expect(r1.events).toEqual([]); // only rank 0 prints
  }, 60_000);
});
