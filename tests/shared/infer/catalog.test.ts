/**
 * The analyzer and fixes against the real layer catalog (shared/layers) and the model zoo: the numbers
 * the product promises (LeNet-5 = 61,706 params, ResNet-50 ≈ 4.09 G MACs), incremental = full on a big
 * real graph, and every one-click fix clearing its issue with the real specs.
 */
import { describe, expect, it } from 'vitest';
import { IncrementalAnalyzer, analyzeGraph } from '../../../shared/infer/index';
import { fixToCommand } from '../../../shared/validate/index';
import { applyCommand, commands as cmd } from '../../../shared/graph/commands';
import { buildPreset } from '../../../shared/presets/index';
import type { GraphData } from '../../../shared/graph/types';
import type { GraphAnalysis } from '../../../shared/infer/types';
import { edge, node } from './fixtures';

const errors = (a: GraphAnalysis) => a.issues.filter((i) => i.severity === 'error');

function fixAll(graph: GraphData, code: string): GraphData {
  const issue = analyzeGraph(graph).issues.find((i) => i.code === code);
  expect(issue?.fix).toBeTruthy();
  const c = fixToCommand(graph, issue!);
  expect(c).not.toBeNull();
  return applyCommand(graph, c!).graph;
}

describe('real catalog: presets', () => {
  it('LeNet-5 has 61,706 trainable params and no issues', () => {
    const a = analyzeGraph(buildPreset('lenet5').graph);
    expect(a.issues).toEqual([]);
    expect(a.totals.trainableParams).toBe(61706);
  });

  it('ResNet-50 costs ≈ 4.09 G MACs at 224×224 with 25,557,032 trainable params (torchvision)', () => {
    const a = analyzeGraph(buildPreset('resnet50').graph);
    expect(errors(a)).toEqual([]);
    expect(a.totals.trainableParams).toBe(25557032);
    expect(a.totals.macs / 1e9).toBeCloseTo(4.09, 1);
  });

  it('ResNet-152: incremental analysis after a series of edits equals a full analysis', () => {
    let g = buildPreset('resnet152').graph;
    const an = new IncrementalAnalyzer();
    an.update(g);
    const convs = g.nodes.filter((n) => n.type === 'Conv2D');
    const picks = [3, 50, 51, 120, convs.length - 1].map((i) => convs[i].id);
    for (const [k, id] of picks.entries()) {
      const n = g.nodes.find((x) => x.id === id)!;
      const params = k % 2 ? { ...n.params, filters: Number(n.params.filters) + 1 } : { ...n.params, kernelSize: 5, padding: 'same' };
      g = applyCommand(g, cmd.setParams(id, params)).graph;
      const inc = an.update(g);
      const full = analyzeGraph(g);
      expect(inc.totals).toEqual(full.totals);
      expect(inc.issues).toEqual(full.issues);
      expect([...inc.nodes.entries()]).toEqual([...full.nodes.entries()]);
    }
  });
});

describe('real catalog: fixes clear their issue', () => {
  const conv = (id: string, p: Record<string, unknown>) => node(id, 'Conv2D', { filters: 8, kernelSize: 3, strides: 1, padding: 'same', ...p });

  it("kernel larger than the input → padding 'same'", () => {
    const g: GraphData = { nodes: [node('input', 'Input', { shape: [4, 4, 1] }), conv('c', { kernelSize: 5, padding: 'valid' })], edges: [edge('input', 'c')], groups: [] };
    expect(errors(analyzeGraph(g))[0].nodeId).toBe('c');
    expect(errors(analyzeGraph(fixAll(g, errors(analyzeGraph(g))[0].code)))).toEqual([]);
  });

  it('Add of mismatched feature maps → 1×1 conv projection; message names both sides', () => {
    const g: GraphData = {
      nodes: [node('input', 'Input', { shape: [28, 28, 64] }), node('pool2', 'MaxPooling2D', { poolSize: 1 }), conv('conv3_1', { filters: 128, strides: 2 }), conv('conv3_2', { filters: 128 }), node('res3_add', 'Add')],
      edges: [edge('input', 'pool2'), edge('pool2', 'conv3_1'), edge('conv3_1', 'conv3_2'), edge('conv3_2', 'res3_add', 0), edge('pool2', 'res3_add', 1)],
      groups: [],
    };
    const [issue] = errors(analyzeGraph(g));
    expect(issue.message).toBe("Add 'res3_add' needs equal shapes: [14,14,128] from 'conv3_2' vs [28,28,64] from 'pool2'");
    expect(issue.edgeId).toBe('res3_add_in1');
    const fixed = fixAll(g, 'shape-mismatch');
    expect(analyzeGraph(fixed).issues).toEqual([]);
  });

  it('Dense straight after a conv → Insert Flatten', () => {
    const g: GraphData = { nodes: [node('input', 'Input', { shape: [8, 8, 1] }), conv('c', {}), node('fc', 'Dense', { units: 10 })], edges: [edge('input', 'c'), edge('c', 'fc')], groups: [] };
    const fixed = fixAll(g, 'shape-mismatch');
    const a = analyzeGraph(fixed);
    expect(a.issues).toEqual([]);
    expect(a.nodes.get('fc')!.outputShape).toEqual([10]);
  });
});
