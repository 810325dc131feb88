import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../shared/format';
import {
  RUN_COLORS,
  defaultGranularity,
  formatDate,
  overlay,
  resumeConfig,
  runConfig,
  runCurve,
  runGraph,
  runProjectText,
  runRows,
} from '../../../renderer/panels/runs/model';
import { buildPreset } from '../../../shared/presets';
import { detail, metricsLines, summary, trainingConfig } from './fixtures';

describe('run rows', () => {
  it('formats one row per summary, newest first', () => {
    const rows = runRows([
      summary('20261124-140000-a', { createdAt: '2026-11-24T14:00:00.000Z' }),
      summary('20261124-150500-b', { createdAt: '2026-11-24T15:05:09.000Z', learningRate: 0.01, optimizer: 'sgd', batchSize: 16, status: 'stopped', lastEpoch: 1, epochs: 5, finalLoss: null, finalValAccuracy: null, testAccuracy: null }),
      summary('undated', { createdAt: null }),
    ]);
    expect(rows.map((r) => r.name)).toEqual(['20261124-150500-b', '20261124-140000-a', 'undated']);
    expect(rows[0]).toMatchObject({
      date: '2026-11-24 15:05',
      status: 'stopped',
      dataset: 'mnist',
      training: 'sgd · lr 0.01 · batch 16',
      epochs: '1/5',
      loss: '—',
      valAccuracy: '—',
      testAccuracy: '—',
      label: 'b',
      engine: 'builtin · wasm',
      device: 'CPU',
      canResume: true,
      canDelete: true,
    });
    expect(rows[1]).toMatchObject({ loss: '0.235', valAccuracy: '91.2%', testAccuracy: '90.5%', epochs: '2/2' });
    expect(rows[2].date).toBe('—');
    expect(rows[2].label).toBe('undated');
  });

  it('offers resume only for unfinished runs with a checkpoint, and no delete while running', () => {
    const [done, noCkpt, running, incomplete] = runRows([
      summary('a', { createdAt: '4' }),
      summary('b', { createdAt: '3', status: 'stopped', canResume: false, lastEpoch: null }),
      summary('c', { createdAt: '2', status: 'running' }),
      summary('d', { createdAt: '1', status: 'incomplete' }),
    ]);
    expect([done.canResume, noCkpt.canResume, running.canResume, incomplete.canResume]).toEqual([false, false, false, true]);
    expect([done.canDelete, running.canDelete]).toEqual([true, false]);
    expect(noCkpt.epochs).toBe('—/2');
  });

  it('keeps a date it cannot parse as it is', () => {
    expect(formatDate('yesterday')).toBe('yesterday');
  });
});

describe('run config and graph snapshot', () => {
  it('reads the config from the config.json envelope or as the config itself', () => {
    const d = detail(summary('r'));
    expect(runConfig(d)?.batchSize).toBe(64);
    expect(runConfig({ config: trainingConfig() })?.batchSize).toBe(64);
    expect(runConfig({ config: { something: 1 } })).toBeNull();
    expect(runGraph(d)?.nodes.map((n) => n.id)).toEqual(buildPreset('lenet5').graph.nodes.map((n) => n.id));
  });

  it('turns the snapshot into a loadable project titled after the run’s project, dataset selected', () => {
    const loaded = loadProject(runProjectText(detail(summary('r'))));
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.project.graph.nodes).toHaveLength(buildPreset('lenet5').graph.nodes.length);
    expect(loaded.project.meta).toMatchObject({ title: 'lenet5', dataset: 'mnist', run: 'r' });
    expect(() => runProjectText({ summary: summary('bad'), config: {} })).toThrow(/bad has no graph snapshot/);
  });

  it('builds the resume config: the run folder, the new epoch total, the run’s own settings', () => {
    const s = summary('r', { status: 'stopped', lastEpoch: 1, epochs: 2 });
    const c = resumeConfig(detail(s), 4);
    expect(c).toMatchObject({ resumeFrom: s.dir, runDir: s.dir, epochs: 4, batchSize: 64, dataset: { id: 'mnist', limit: 512 } });
    expect(() => resumeConfig(detail(s), 1)).toThrow(/more epochs than the 1 already trained/);
    expect(() => resumeConfig(detail({ ...s, canResume: false }), 4)).toThrow(/no checkpoint/);
    expect(() => resumeConfig({ summary: s, config: {} }, 4)).toThrow(/no training config/);
  });
});

describe('overlay curves', () => {
  const fast = metricsLines(2, 4, 0.5);
  const slow = metricsLines(3, 2, 0.05);

  it('per batch: train values at fractional epochs', () => {
    const c = runCurve(fast, 'batch', 'train', 'loss');
    expect(c.map((p) => p.x)).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
    expect(c[0].y).toBeCloseTo(2 / 1.5);
    expect(runCurve(fast, 'batch', 'val', 'loss')).toEqual([]);
  });

  it('per epoch: train or validation values', () => {
    expect(runCurve(slow, 'epoch', 'val', 'accuracy')).toEqual([
      { x: 1, y: 0.7 },
      { x: 2, y: 0.8 },
      { x: 3, y: expect.closeTo(0.9) },
    ]);
    expect(runCurve(slow, 'epoch', 'train', 'loss').map((p) => p.x)).toEqual([1, 2, 3]);
  });

  it('keeps the later line when a resumed run repeats an epoch, and skips non-numbers', () => {
    const lines = [
      { type: 'epoch', epoch: 1, loss: 1, accuracy: 0.5, valLoss: null, valAccuracy: null },
      { type: 'epoch', epoch: 2, loss: 0.9, accuracy: 0.6, valLoss: null, valAccuracy: null },
      { type: 'ready', startEpoch: 2 },
      { type: 'epoch', epoch: 2, loss: 0.7, accuracy: 0.65, valLoss: null, valAccuracy: null },
      { type: 'epoch', epoch: 3, loss: Number.NaN, accuracy: null, valLoss: null, valAccuracy: null },
    ];
    expect(runCurve(lines, 'epoch', 'train', 'loss')).toEqual([
      { x: 1, y: 1 },
      { x: 2, y: 0.7 },
    ]);
    expect(runCurve(lines, 'epoch', 'val', 'loss')).toEqual([]);
  });

  it('aligns several runs on the union of their x values, one coloured series per run', () => {
    const o = overlay(
      [
        { label: 'fast', metrics: fast },
        { label: 'slow', metrics: slow },
      ],
      'epoch',
      'val',
      'loss',
    );
    expect(o.data[0]).toEqual([1, 2, 3]);
    expect(o.data[1]).toEqual([1, 0.5, null]);
    expect(o.data[2]).toEqual([1, 0.5, 1 / 3]);
    expect(o.series).toEqual([
      { label: 'fast', color: RUN_COLORS[0], points: 2 },
      { label: 'slow', color: RUN_COLORS[1], points: 3 },
    ]);
    const batch = overlay([{ label: 'fast', metrics: fast }, { label: 'slow', metrics: slow }], 'batch', 'train', 'accuracy');
    expect(batch.data[0]).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3]);
    expect(batch.data[2].filter((v) => v !== null)).toHaveLength(6);
    expect(overlay([{ label: 'empty', metrics: [] }], 'epoch', 'train', 'loss')).toEqual({ data: [[], []], series: [{ label: 'empty', color: RUN_COLORS[0], points: 0 }] });
  });

  it('shows batches for short runs and epochs once there are three', () => {
    expect(defaultGranularity([{ metrics: fast }])).toBe('batch');
    expect(defaultGranularity([{ metrics: fast }, { metrics: slow }])).toBe('epoch');
    expect(defaultGranularity([])).toBe('batch');
  });
});
