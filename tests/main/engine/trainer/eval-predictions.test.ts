// The eval message carries every test sample's label, predicted class and confidence in test-set order
// (the prediction gallery and confusion-cell drill-down), and eval.json keeps them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalMessageSchema, parseTrainingConfig, type ChildMessage, type EvalMessage } from '../../../../shared/contract/training';
import { loadDataset, type LoadedDataset } from '../../../../main/datasets/index';
import { predictionsOf, runTraining } from '../../../../main/engine/trainer/index';
import { smallMnist } from './helpers';

let data: LoadedDataset;
const tmp = mkdtempSync(path.join(tmpdir(), 'nw-evalpred-'));
beforeAll(async () => {
  data = await loadDataset('mnist', { limit: 300, inputShape: [28, 28, 1], seed: 3 });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('eval predictions', () => {
  it('softmax heads: confidence is the winning probability; logit heads: softmax of the winning logit', () => {
    const probs = new Float32Array([0.1, 0.7, 0.2, 0.6, 0.3, 0.1]);
    const p = predictionsOf({ nodeId: 'd', loss: 'categoricalCrossentropy', weight: 1, labels: 'onehot' }, probs, new Float32Array([1, 2]), 2);
    expect(p.labels).toEqual([1, 2]);
    expect(p.predicted).toEqual([1, 0]);
    expect(p.confidence[0]).toBeCloseTo(0.7, 6);
    expect(p.confidence[1]).toBeCloseTo(0.6, 6);
    const logits = new Float32Array([0, Math.log(3), 0]);
    const q = predictionsOf({ nodeId: 'd', loss: 'softmaxCrossEntropyFromLogits', weight: 1, labels: 'onehot' }, logits, new Float32Array([1]), 1);
    expect(q.predicted).toEqual([1]);
    expect(q.confidence[0]).toBeCloseTo(3 / 5, 6);
  });

  it('a trained run emits predictions for every test sample, consistent with the confusion matrix, and saves them', async () => {
    const messages: ChildMessage[] = [];
    const runDir = path.join(tmp, 'run');
    const config = parseTrainingConfig({ graph: smallMnist(), dataset: { id: 'mnist', limit: 300 }, seed: 3, epochs: 1, batchSize: 32, backend: 'wasm', workers: 1, runDir });
    await runTraining(config, { emit: (m) => messages.push(m), dataset: data });
    const ev = messages.find((m): m is EvalMessage => m.type === 'eval')!;
    expect(evalMessageSchema.parse(ev)).toEqual(ev);
    const p = ev.predictions!;
    expect(p.labels).toEqual(Array.from(data.test.y));
    expect(p.predicted).toHaveLength(data.test.count);
    expect(p.confidence.every((c) => c > 0 && c <= 1)).toBe(true);
    const confusion = ev.classNames.map(() => ev.classNames.map(() => 0));
    p.labels.forEach((t, i) => confusion[t][p.predicted[i]]++);
    expect(confusion).toEqual(ev.confusion);
    expect(p.predicted.filter((c, i) => c === p.labels[i]).length / data.test.count).toBeCloseTo(ev.testAccuracy, 10);
    const saved = JSON.parse(readFileSync(path.join(runDir, 'eval.json'), 'utf8'));
    expect(saved.predictions).toEqual(p);
  });
});
