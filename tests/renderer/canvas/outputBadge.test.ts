import { describe, it, expect } from 'vitest';
import { badgeText, outputNodeId, reduceTraining, startingState } from '../../../renderer/panels/train/model';
import { buildPreset } from '../../../renderer/state/core';
import type { GraphData } from '../../../shared/graph/types';

const node = (id: string, type = 'Dense') => ({ id, type, params: {}, position: { x: 0, y: 0 } });

describe('output-node live badge', () => {
  it('sits on the node nothing consumes (last such node in document order)', () => {
    const g: GraphData = {
      nodes: [node('in', 'Input'), node('a'), node('b'), node('c')],
      edges: [{ id: 'e1', source: 'in', target: 'a', targetPort: 0 }, { id: 'e2', source: 'a', target: 'b', targetPort: 0 }, { id: 'e3', source: 'a', target: 'c', targetPort: 0 }],
      groups: [],
    } as GraphData;
    expect(outputNodeId(g)).toBe('c');
    expect(outputNodeId(g)).toBe(outputNodeId(g)); // cached per graph object
    expect(outputNodeId({ nodes: [node('in', 'Input')], edges: [], groups: [] } as GraphData)).toBeNull();
    const lenet = buildPreset('lenet5').graph;
    const out = outputNodeId(lenet);
    expect(lenet.nodes.find((n) => n.id === out)?.type).toBe('Dense');
  });

  it('shows loss · acc once a batch arrived, validation accuracy when an epoch has one', () => {
    let s = startingState('r', 1);
    expect(badgeText(s)).toBeNull();
    s = reduceTraining(s, 'r', { type: 'batch', epoch: 1, batch: 1, batches: 2, loss: 2.3456, accuracy: 0.125, samplesPerSec: 1, etaSeconds: 1 });
    expect(badgeText(s)).toBe('loss 2.346 · acc 13%');
    s = reduceTraining(s, 'r', { type: 'epoch', epoch: 1, loss: 2, accuracy: 0.2, valLoss: 1.9, valAccuracy: 0.91, learningRate: 0.001, seconds: 1 });
    expect(badgeText(s)).toBe('loss 2.346 · acc 91%');
    s = reduceTraining(s, 'r', { type: 'done', testAccuracy: 0.9, seconds: 1, backend: 'cpu', device: 'cpu', samplesPerSecond: 1, runDir: null, epochs: 1 });
    expect(badgeText(s)).toBe('loss 2.346 · acc 91%'); // stays after the run
    const regression = reduceTraining(startingState('q', 1), 'q', { type: 'batch', epoch: 1, batch: 1, batches: 1, loss: 0.5, accuracy: null, samplesPerSec: 1, etaSeconds: 0 });
    expect(badgeText(regression)).toBe('loss 0.500');
  });
});
