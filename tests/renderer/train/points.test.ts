import { describe, it, expect } from 'vitest';
import { SMOOTHING_ALPHA, TrainPoints } from '../../../renderer/panels/train/points';
import { initialTrainState, reduceTraining, smooth, startingState } from '../../../renderer/panels/train/model';

describe('TrainPoints (append-only curve columns)', () => {
  it('appends in place, skips replayed steps, turns non-finite values into gaps', () => {
    const p = new TrainPoints();
    const cols = p.step;
    expect(p.pushBatch(1, 2.3, 0.1)).toBe(true);
    expect(p.pushBatch(2, Number.NaN, null)).toBe(true);
    expect(p.pushBatch(2, 1.0, 0.5)).toBe(false); // replay of a recorded step
    expect(p.pushBatch(1, 1.0, 0.5)).toBe(false);
    expect(p.step).toBe(cols); // same array: nothing was copied
    expect(p.step).toEqual([1, 2]);
    expect(p.loss).toEqual([2.3, null]);
    expect(p.accuracy).toEqual([0.1, null]);
    expect(p.valLoss).toEqual([null, null]);
    expect(p.version).toBe(2);
  });

  it('puts validation values at the epoch-end step (adding the point when missing)', () => {
    const p = new TrainPoints();
    for (let s = 1; s <= 4; s++) p.pushBatch(s, 1 / s, 0.5);
    p.setValidation(2, 0.9, 0.6);
    p.setValidation(6, 0.8, 0.7); // beyond the last batch: a point of its own
    expect(p.valLoss).toEqual([null, 0.9, null, null, 0.8]);
    expect(p.valAccuracy).toEqual([null, 0.6, null, null, 0.7]);
    expect(p.step).toEqual([1, 2, 3, 4, 6]);
    expect(p.loss[4]).toBeNull();
    expect(p.indexOf(3)).toBe(2);
    expect(p.indexOf(5)).toBe(-1);
  });

  it('smooths online exactly like the batch EMA (nulls skipped)', () => {
    const values = [2.3, 2.1, null, 1.7, 1.2, 1.4, 0.9];
    const p = new TrainPoints();
    values.forEach((v, i) => p.pushBatch(i + 1, v, v === null ? null : v / 3));
    const expected = smooth(values, SMOOTHING_ALPHA);
    p.lossSmooth.forEach((v, i) => (expected[i] === null ? expect(v).toBeNull() : expect(v).toBeCloseTo(expected[i] as number, 12)));
  });

  it('records 100k batch messages into one storage appended in place (no copy per message)', () => {
    let s = startingState('r', 1);
    const n = 100_000;
    const msg = (b: number) => ({ type: 'batch', epoch: 1, batch: b, batches: n, loss: 1 / b, accuracy: 0.5, samplesPerSec: 1000, etaSeconds: 1 });
    s = reduceTraining(s, 'r', msg(1));
    const storage = s.points;
    for (let b = 2; b <= n; b++) s = reduceTraining(s, 'r', msg(b));
    // Speed is measured by `npm run bench:ui -- --only chart`; here: the same storage object grew, nothing was copied.
    expect(s.points).toBe(storage);
    expect(s.points.length).toBe(n);
    expect(s.pointsVersion).toBe(n);
    expect(s.lastBatch?.step).toBe(n);
    expect(initialTrainState().points.length).toBe(0);
  });
});

describe('chart data', () => {
  it('hands uPlot the recorded columns themselves (no copy), raw or smoothed', async () => {
    const { chartData, chartOptions } = await import('../../../renderer/panels/train/Chart');
    const p = new TrainPoints();
    p.pushBatch(1, 2, 0.1);
    const raw = chartData(p, false);
    expect(raw[0]).toBe(p.step);
    expect(raw[1]).toBe(p.loss);
    expect(raw[3]).toBe(p.valLoss);
    expect(chartData(p, true)[1]).toBe(p.lossSmooth);
    const opts = chartOptions(500, true, '#eee');
    expect(opts.scales?.loss?.distr).toBe(3);
    expect(opts.axes?.[1]?.stroke).toBe('#eee');
  });
});
