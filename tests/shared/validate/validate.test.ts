import { describe, expect, it } from 'vitest';
import { analyzeWith } from '../../../shared/infer/analyzer';
import { fixCommand } from '../../../shared/validate/fix';
import { mergeProjectionFix } from '../../../shared/validate/shapeFixes';
import { applyCommand } from '../../../shared/graph/commands';
import type { GraphData } from '../../../shared/graph/types';
import type { GraphIssue } from '../../../shared/infer/types';
import { testLayers } from '../infer/testLayers';
import { badResidual, edge, lenetLike, node } from '../infer/fixtures';

const issuesOf = (g: GraphData) => analyzeWith(testLayers, g).issues;
const only = (g: GraphData, code: GraphIssue['code']) => issuesOf(g).filter((i) => i.code === code);
const g = (nodes: GraphData['nodes'], edges: GraphData['edges']): GraphData => ({ nodes, edges, groups: [] });
const input = (shape = [28, 28, 1]) => node('input', 'Input', { shape });

/** Applies the issue's fix as a command and returns the repaired graph. */
function applyFix(graph: GraphData, issue: GraphIssue): GraphData {
  const c = fixCommand(graph, issue, testLayers);
  expect(c).not.toBeNull();
  return applyCommand(graph, c!).graph;
}

describe('validation: each issue code, with specific messages', () => {
  it('cycle: names the layers around the loop and pins the closing edge', () => {
    const graph = g(
      [input([4]), node('a', 'Dense', {}, 'fc_a'), node('b', 'Add'), node('out', 'Dense')],
      [edge('input', 'b', 0), edge('b', 'a'), edge('a', 'b', 1), edge('b', 'out')],
    );
    const [cycle] = only(graph, 'cycle');
    expect(cycle).toMatchObject({ severity: 'error', nodeId: 'a', edgeId: 'a_in0' });
    expect(cycle.message).toBe("Cycle: 'fc_a' → 'b' → 'fc_a'. A network must flow one way; remove one of these connections");
    expect(analyzeWith(testLayers, graph).order).toEqual(['input']);
  });

  it('arity: too many and too few inputs, naming the node and counts', () => {
    const many = g([input([4]), node('x', 'Input', { shape: [4] }), node('fc', 'Dense', {}, 'head')], [edge('input', 'fc', 0), edge('x', 'fc', 1)]);
    expect(only(many, 'arity').map((i) => i.message)).toEqual(["Dense 'head' takes 1 input, has 2"]);
    const intoInput = g([input([4]), node('x', 'Input', { shape: [4] })], [edge('input', 'x')]);
    expect(only(intoInput, 'arity')[0]).toMatchObject({ nodeId: 'x', message: "Input 'x' takes no inputs, has 1" });
    const few = g([input([4]), node('add', 'Add')], [edge('input', 'add')]);
    expect(only(few, 'arity')[0].message).toBe("Add 'add' needs at least 2 inputs, has 1");
  });

  it('missing input: nothing connected, or a gap between ports', () => {
    const none = g([input([4]), node('fc', 'Dense'), node('out', 'Dense')], [edge('input', 'out')]);
    expect(only(none, 'missing-input')[0]).toMatchObject({ nodeId: 'fc', message: "Dense 'fc' has no input connected (needs 1)" });
    const gap = g([input([4]), node('a', 'Dense'), node('cat', 'Concatenate')], [edge('input', 'a'), edge('input', 'cat', 0), edge('a', 'cat', 2)]);
    expect(only(gap, 'missing-input').map((i) => i.message)).toEqual(["Concatenate 'cat': input 1 is not connected (input 2 is)"]);
  });

  it('dangling (warning): an Input feeding nothing, layers no Input reaches', () => {
    const graph = g(
      [input([4]), node('fc', 'Dense'), node('spare', 'Input', { shape: [3] }), node('orphan', 'Dense'), node('after', 'Dense')],
      [edge('input', 'fc'), edge('orphan', 'after')],
    );
    const dangling = only(graph, 'dangling');
    expect(dangling.map((i) => [i.severity, i.nodeId, i.message])).toEqual([
      ['warning', 'spare', "Input 'spare' feeds nothing"],
      ['warning', 'after', "Dense 'after' is not connected to any Input, so it is not part of the model"],
    ]);
    expect(only(graph, 'missing-input').map((i) => i.nodeId)).toEqual(['orphan']);
  });

  it('unknown layer type', () => {
    const graph = g([input([4]), node('x', 'Conv3D')], [edge('input', 'x')]);
    expect(only(graph, 'unknown-type')[0]).toMatchObject({ nodeId: 'x', message: "Conv3D 'x': unknown layer type 'Conv3D'" });
  });

  it('bad edge: dangling ids, a port fed twice, a reused edge id', () => {
    const graph = g(
      [input([4]), node('a', 'Dense'), node('b', 'Dense')],
      [edge('input', 'a'), edge('ghost', 'b', 0, 'e_ghost'), edge('input', 'b', 0, 'e1'), edge('a', 'b', 0, 'e2'), edge('input', 'a', 1, 'e1')],
    );
    expect(only(graph, 'bad-edge').map((i) => [i.edgeId, i.nodeId, i.message])).toEqual([
      ['e_ghost', 'b', "Edge 'e_ghost' points to a missing source 'ghost'"],
      ['e2', 'b', "Dense 'b' input 0 is fed twice: by 'input' and 'a'"],
      ['e1', 'a', "Edge id 'e1' is used twice"],
    ]);
  });

  it('no Input, no output', () => {
    expect(only(g([node('fc', 'Dense')], []), 'no-input')[0].message).toBe('The graph has no Input layer: add one to set the input shape');
    const loop = g([node('a', 'Dense'), node('b', 'Dense')], [edge('a', 'b'), edge('b', 'a')]);
    expect(only(loop, 'no-output')).toHaveLength(1);
    expect(issuesOf(g([], []))).toEqual([]);
  });

  it('invalid params: names the param and what is allowed', () => {
    const graph = lenetLike();
    graph.nodes[1] = { ...graph.nodes[1], params: { ...graph.nodes[1].params, filters: 0 } };
    const [bad] = only(graph, 'invalid-params');
    expect(bad.nodeId).toBe('conv1');
    expect(bad.message).toMatch(/^Conv2D 'conv1': invalid param 'filters': .*>\s*0/);
    // Downstream layers get no cascade of errors.
    expect(issuesOf(graph)).toHaveLength(1);
  });
});

describe('validation: fixes are commands, and applying one clears the issue', () => {
  it("kernel larger than the input with 'valid' → set padding 'same'", () => {
    const graph = g([input([4, 4, 1]), node('conv', 'Conv2D', { filters: 2, kernelSize: 5, padding: 'valid' })], [edge('input', 'conv')]);
    const [issue] = issuesOf(graph);
    expect(issue).toMatchObject({ code: 'invalid-params', nodeId: 'conv', edgeId: 'conv_in0', fix: { kind: 'setParams', label: "Set padding to 'same'" } });
    expect(issue.message).toBe("Conv2D 'conv': kernel 5×5 is larger than the 4×4 input with padding 'valid'");
    const fixed = applyFix(graph, issue);
    expect(fixed.nodes[1].params).toEqual({ filters: 2, kernelSize: 5, padding: 'same' });
    expect(issuesOf(fixed)).toEqual([]);
  });

  it('merge mismatch: message names both sides; fix inserts a 1×1 conv projection on the offending edge', () => {
    const graph = badResidual();
    const [issue] = issuesOf(graph);
    expect(issue.message).toBe("Add 'res3_add' needs equal shapes: [14,14,128] from 'conv3_2' vs [28,28,64] from 'pool2'");
    expect(issue).toMatchObject({ code: 'shape-mismatch', edgeId: 'res3_add_in1', fix: { kind: 'insertBefore', port: 1, type: 'Conv2D', label: 'Insert 1×1 conv projection' } });
    const fixed = applyFix(graph, issue);
    const proj = fixed.nodes.at(-1)!;
    expect(proj).toMatchObject({ id: 'res3_add_proj1', type: 'Conv2D', params: { filters: 128, kernelSize: 1, strides: 2, padding: 'same', useBias: false } });
    expect(fixed.edges.find((e) => e.id === 'res3_add_in1')).toMatchObject({ source: 'res3_add_proj1', target: 'res3_add', targetPort: 1 });
    expect(issuesOf(fixed)).toEqual([]);
    expect(analyzeWith(testLayers, fixed).nodes.get('res3_add')!.outputShape).toEqual([14, 14, 128]);
  });

  it('projection fix picks the larger grid and an exact stride; none when grids do not divide', () => {
    expect(mergeProjectionFix('Add', [[7, 7, 32], [14, 14, 16]])).toMatchObject({ port: 1, params: { filters: 32, strides: 2 } });
    expect(mergeProjectionFix('Add', [[14, 14, 16], [7, 7, 32]])).toMatchObject({ port: 0, params: { filters: 32, strides: 2 } });
    expect(mergeProjectionFix('Add', [[8, 8, 16], [8, 8, 32]])).toMatchObject({ port: 1, params: { filters: 16, strides: 1 } });
    expect(mergeProjectionFix('Add', [[5, 5, 16], [12, 12, 16]])).toBeUndefined();
    expect(mergeProjectionFix('Concatenate', [[7, 7, 32], [14, 14, 16]])).toBeUndefined();
  });

  it('Dense right after a conv → warning with an "Insert Flatten" fix', () => {
    const graph = lenetLike();
    const noFlatten = applyCommand(graph, { kind: 'batch', commands: [{ kind: 'removeNodes', ids: ['flatten'] }, { kind: 'connect', edge: edge('conv2', 'fc') }] }).graph;
    const [issue] = issuesOf(noFlatten);
    expect(issue).toMatchObject({ code: 'shape-mismatch', severity: 'warning', nodeId: 'fc', edgeId: 'fc_in0', fix: { kind: 'insertBefore', type: 'Flatten', label: 'Insert Flatten' } });
    expect(issue.message).toBe("Dense 'fc' gets a [10,10,16] input from 'conv2' and acts on its last axis only, giving [10,10,10]; a classifier needs Flatten (or global pooling) first");
    const fixed = applyFix(noFlatten, issue);
    expect(issuesOf(fixed)).toEqual([]);
    expect(analyzeWith(testLayers, fixed).nodes.get('fc')!.outputShape).toEqual([10]);
  });

  it('no command for an issue without a fix or whose node is gone', () => {
    const graph = lenetLike();
    expect(fixCommand(graph, { code: 'no-input', severity: 'error', message: 'x' }, testLayers)).toBeNull();
    expect(fixCommand(graph, { code: 'invalid-params', severity: 'error', nodeId: 'gone', message: 'x', fix: { kind: 'setParams', label: 'l', params: {} } }, testLayers)).toBeNull();
  });
});
