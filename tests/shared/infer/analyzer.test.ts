import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IncrementalAnalyzer, analyzeWith } from '../../../shared/infer/analyzer';
import type { LayerLookup } from '../../../shared/infer/params';
import type { LayerSpec } from '../../../shared/layers/types';
import type { GraphAnalysis } from '../../../shared/infer/types';
import { applyCommand, commands as cmd } from '../../../shared/graph/commands';
import { History } from '../../../shared/graph/history';
import type { GraphData } from '../../../shared/graph/types';
import { testLayers, testRegistry } from './testLayers';
import { edge, lenetLike, node } from './fixtures';
import { emptyGraph, randomCommand } from '../graph/randomOps';

/** The test registry with call counters, to see what the analyzer actually recomputes. */
function counting(): { lookup: LayerLookup; infer: Map<string, number>; parse: { n: number } } {
  const infer = new Map<string, number>();
  const parse = { n: 0 };
  const wrapped = new Map<string, LayerSpec>();
  for (const [type, spec] of testRegistry) {
    wrapped.set(type, {
      ...spec,
      inferShape(inputs, params) {
        infer.set(type, (infer.get(type) ?? 0) + 1);
        return spec.inferShape(inputs, params);
      },
    });
  }
  return {
    lookup: {
      getLayerSpec: (t) => wrapped.get(t),
      parseLayerParams(t, raw) {
        parse.n++;
        return testLayers.parseLayerParams(t, raw);
      },
    },
    infer,
    parse,
  };
}
const calls = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('analysis of a LeNet-like chain', () => {
  const a = analyzeWith(testLayers, lenetLike());
  it('shapes, params, MACs, activation bytes, receptive field, totals', () => {
    const row = (id: string) => a.nodes.get(id)!;
    expect(a.order).toEqual(['input', 'conv1', 'pool1', 'conv2', 'flatten', 'fc']);
    expect(row('conv1')).toEqual({ outputShape: [28, 28, 6], inputShapes: [[28, 28, 1]], params: { trainable: 156, nonTrainable: 0 }, macs: 28 * 28 * 6 * 25, activationBytes: 28 * 28 * 6 * 4, receptiveField: 5 });
    expect(row('pool1').receptiveField).toBe(6); // 5 + (2-1)·1
    expect(row('conv2').receptiveField).toBe(14); // 6 + (5-1)·2 (jump 2 after the pool)
    expect(row('flatten')).toMatchObject({ outputShape: [1600], receptiveField: null });
    expect(row('fc').params.trainable).toBe(16010);
    expect(a.totals).toEqual({
      params: 156 + 2416 + 16010,
      trainableParams: 156 + 2416 + 16010,
      nonTrainableParams: 0,
      macs: 28 * 28 * 6 * 25 + 10 * 10 * 16 * 25 * 6 + 1600 * 10,
      activationBytes: 4 * (784 + 4704 + 1176 + 1600 + 1600 + 10),
    });
    expect(a.issues).toEqual([]);
  });
});

describe('IncrementalAnalyzer', () => {
  it('parses each params object once (zod stays off the hot path)', () => {
    const { lookup, parse } = counting();
    const g = lenetLike();
    const an = new IncrementalAnalyzer(lookup);
    an.update(g);
    expect(parse.n).toBe(6);
    analyzeWith(lookup, g);
    analyzeWith(lookup, { ...g, nodes: [...g.nodes] });
    expect(parse.n).toBe(6);
  });

  it('returns the same analysis when nothing relevant changed; a move re-infers nothing and keeps NodeInfo identity', () => {
    const { lookup, infer } = counting();
    const an = new IncrementalAnalyzer(lookup);
    const g = lenetLike();
    const a1 = an.update(g);
    expect(an.update(g)).toBe(a1);
    expect(an.update({ ...g, groups: [] })).toBe(a1);
    infer.clear();
    const moved = applyCommand(g, cmd.moveNodes([{ id: 'conv2', position: { x: 9, y: 9 } }])).graph;
    const a2 = an.update(moved);
    expect(calls(infer)).toBe(0);
    expect(a2).toBe(a1);
  });

  it('a param edit that keeps the output shape re-infers only that node; a shape change stops where shapes settle', () => {
    const { lookup, infer } = counting();
    const an = new IncrementalAnalyzer(lookup);
    let g = lenetLike();
    const before = an.update(g);
    infer.clear();
    const conv2 = g.nodes[3];
    g = applyCommand(g, cmd.setParams('conv2', { ...conv2.params, useBias: false })).graph;
    const a = an.update(g);
    expect(Object.fromEntries(infer)).toEqual({ Conv2D: 1 });
    expect(a.totals.trainableParams).toBe(before.totals.trainableParams - 16);
    expect(a.nodes.get('fc')).toBe(before.nodes.get('fc'));

    infer.clear();
    const conv1 = g.nodes[1];
    g = applyCommand(g, cmd.setParams('conv1', { ...conv1.params, filters: 3 })).graph;
    const b = an.update(g);
    // conv1 → pool1 (channels change) → conv2 (same output) → stop.
    expect(Object.fromEntries(infer)).toEqual({ Conv2D: 2, MaxPooling2D: 1 });
    expect(b.nodes.get('conv2')!.params.trainable).toBe(5 * 5 * 3 * 16);
    expect(b).toEqual(analyzeWith(testLayers, g));
  });

  it('after a wiring change only nodes whose inputs changed are re-inferred', () => {
    const { lookup, infer } = counting();
    const an = new IncrementalAnalyzer(lookup);
    let g = lenetLike();
    an.update(g);
    infer.clear();
    g = applyCommand(g, cmd.addNodes([node('side', 'Dense', { units: 4 })], [edge('flatten', 'side')])).graph;
    const a = an.update(g);
    expect(Object.fromEntries(infer)).toEqual({ Dense: 1 });
    expect(a.nodes.get('side')!.outputShape).toEqual([4]);
  });

  it('property: after any random edit session (with undo/redo), incremental = full analysis', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(1000), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 30 }), fc.nat(10), (seeds, undos) => {
        const h = new History(emptyGraph());
        const an = new IncrementalAnalyzer(testLayers);
        const check = (g: GraphData) => expect(normal(an.update(g))).toEqual(normal(analyzeWith(testLayers, g)));
        check(h.graph);
        for (const seed of seeds) {
          const c = randomCommand(h.graph, seed);
          if (!c) continue;
          check(h.execute(c));
        }
        for (let i = 0; i < undos && h.canUndo; i++) check(h.undo());
        for (let i = 0; i < undos && h.canRedo; i++) check(h.redo());
      }),
      { numRuns: 120 },
    );
  });
});

function normal(a: GraphAnalysis) {
  return { order: a.order, nodes: [...a.nodes.entries()].sort(([x], [y]) => (x < y ? -1 : 1)), issues: a.issues, totals: a.totals };
}
