import { describe, it, expect } from 'vitest';
import { buildConfig, checkShape, DEFAULT_SETTINGS, faultAdvice, formatEta, initialTrainState, progress, reduceTraining, smooth, startingState, type TrainState } from '../../../renderer/panels/train/model';
import { trainingConfigSchema } from '../../../shared/contract/training';
import type { DatasetInfo } from '../../../shared/contract/datasets';
import type { GraphData } from '../../../shared/graph/types';

const mnist: DatasetInfo = {
  id: 'mnist', name: 'MNIST', kind: 'image', inputShape: [28, 28, 1], classNames: ['0', '1'],
  split: { train: 54000, val: 6000, test: 10000 }, classCounts: [1, 1], skipped: [],
};
const graph = (shape: number[]): GraphData => ({
  nodes: [{ id: 'in', type: 'Input', params: { shape }, position: { x: 0, y: 0 } }] as GraphData['nodes'],
  edges: [], groups: [],
});
const batch = (epoch: number, b: number, loss: number) => ({ type: 'batch', epoch, batch: b, batches: 2, loss, accuracy: 0.5, samplesPerSec: 100, etaSeconds: 3 });

function play(messages: unknown[], s: TrainState = startingState('r1', 2)): TrainState {
  return messages.reduce<TrainState>((acc, m) => reduceTraining(acc, 'r1', m), s);
}

describe('train panel state', () => {
  it('follows a run: ready → batches → epoch → pause/resume → eval → done', () => {
    let s = play([{ type: 'ready', backend: 'tensorflow', device: 'cpu', runDir: null, trainSamples: 900, valSamples: 100, testSamples: 100, startEpoch: 1 }]);
    expect(s.phase).toBe('running');
    s = play([batch(1, 1, 2.3), batch(1, 2, 2.0)], s);
    expect(s.points.step).toEqual([1, 2]);
    expect(progress(s)).toBeCloseTo(0.5);
    s = play([{ type: 'epoch', epoch: 1, loss: 2.1, accuracy: 0.5, valLoss: 1.9, valAccuracy: 0.6, learningRate: 0.001, seconds: 1 }], s);
    expect(s.epochs_).toEqual([{ epoch: 1, step: 2, loss: 2.1, accuracy: 0.5, valLoss: 1.9, valAccuracy: 0.6 }]);
    s = play([{ type: 'paused', epoch: 2, batch: 0 }], s);
    expect(s.phase).toBe('paused');
    s = play([{ type: 'resumed' }, batch(2, 1, 1.5)], s);
    expect(s.phase).toBe('running');
    expect(s.lastBatch?.step).toBe(3);
    s = play([
      { type: 'eval', testAccuracy: 0.75, testLoss: 0.8, classNames: ['0', '1'], confusion: [[3, 1], [0, 4]], perClass: [{ precision: 1, recall: 0.75, f1: 0.857, support: 4 }, { precision: 0.8, recall: 1, f1: 0.889, support: 4 }] },
      { type: 'done', testAccuracy: 0.75, seconds: 2, backend: 'tensorflow', device: 'cpu', samplesPerSecond: 100, runDir: null, epochs: 2 },
    ], s);
    expect(s.phase).toBe('done');
    expect(s.testAccuracy).toBe(0.75);
    expect(s.evaluation?.confusion).toEqual([[3, 1], [0, 4]]);
    expect(progress(s)).toBe(1);
  });

  it('marks a user stop as stopped and ignores other runs and malformed messages', () => {
    let s = play([batch(1, 1, 2)]);
    expect(reduceTraining(s, 'other', batch(1, 2, 1))).toBe(s);
    s = reduceTraining(s, 'r1', { type: 'batch', epoch: 'x' });
    expect(s.points.length).toBe(1);
    expect(s.log.at(-1)).toMatch(/malformed/);
    // Stopped during epoch 1 after 1 of 2 batches: the partial epoch's point sits on the last batch step.
    s = play([{ type: 'epoch', epoch: 1, loss: 2, accuracy: 0.5, valLoss: 1.8, valAccuracy: 0.4, learningRate: 0.001, seconds: 1 }], s);
    expect(s.epochs_[0].step).toBe(1);
    expect(s.points.valLoss).toEqual([1.8]);
    s = play([{ type: 'done', testAccuracy: null, seconds: 1, backend: 'cpu', device: 'cpu', samplesPerSecond: 1, runDir: null, epochs: 1, stopped: true }], s);
    expect(s.phase).toBe('stopped');
    expect(s.epochs).toBe(2); // the planned epochs stay (no "epoch 1/1" for a run stopped early)
  });

  it('turns an engine error into a fault with a next step and keeps recorded points', () => {
    const s = play([batch(1, 1, 2), { type: 'error', code: 'NAN_LOSS', message: 'Loss is NaN at epoch 1 batch 2' }]);
    expect(s.phase).toBe('failed');
    expect(s.points.length).toBe(1);
    expect(s.fault).toEqual({ code: 'NAN_LOSS', message: 'Loss is NaN at epoch 1 batch 2', advice: faultAdvice('NAN_LOSS') });
    expect(s.fault?.advice).toMatch(/lower the learning rate/i);
    expect(faultAdvice('DATASET')).toMatch(/dataset/i);
  });

  it('smooths with a bias-corrected EMA and keeps nulls', () => {
    expect(smooth([1, null, 1, 1], 0.9)).toEqual([1, null, 1, 1].map((v) => (v === null ? null : expect.closeTo(1, 10))));
    const out = smooth([0, 10], 0.5);
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo((0.5 * 10) / (1 - 0.25)); // 6.67
    expect(smooth([3, 4], 0)).toEqual([3, 4]);
  });

  it('checks the Input shape against the dataset and offers a fix', () => {
    expect(checkShape(graph([28, 28, 1]), mnist).ok).toBe(true);
    const bad = checkShape(graph([32, 32, 3]), mnist);
    expect(bad.ok).toBe(false);
    expect(bad.fix).toEqual({ nodeId: 'in', shape: [28, 28, 1] });
    expect(bad.message).toContain('[28,28,1]');
    expect(checkShape(graph([28, 28, 1]), undefined).ok).toBe(false);
    expect(checkShape({ nodes: [], edges: [], groups: [] }, mnist).message).toMatch(/exactly one Input/);
  });

  it('builds a config the training schema accepts', () => {
    const cfg = trainingConfigSchema.parse({ ...buildConfig(graph([28, 28, 1]), { ...DEFAULT_SETTINGS, limit: 1000, learningRate: 0.01, optimizer: 'sgd' }), graph: { nodes: [], edges: [], groups: [] } });
    expect(cfg.dataset).toEqual({ id: 'mnist', limit: 1000, validationSplit: 0.1 });
    expect(cfg.optimizer.type).toBe('sgd');
    expect(cfg.optimizer.learningRate).toBe(0.01);
    expect(formatEta(75)).toBe('1m 15s');
    expect(formatEta(0)).toBe('—');
    expect(initialTrainState().phase).toBe('idle');
  });
});
