import { describe, expect, it } from 'vitest';
import { applyCommand, commands as cmd } from '../../../shared/graph/commands';
import { countGraphChanges, diffGraphs, diffSettings, flattenSettings, sameValue } from '../../../shared/graph/diff';
import type { GraphData } from '../../../shared/graph/types';
import { buildPreset } from '../../../shared/presets';

const lenet = () => buildPreset('lenet5').graph;
const apply = (g: GraphData, ...cs: Parameters<typeof applyCommand>[1][]) => cs.reduce((acc, c) => applyCommand(acc, c).graph, g);

describe('diffGraphs', () => {
  it('finds nothing between a graph and its deep copy, even with nodes moved and groups collapsed', () => {
    const a = buildPreset('resnet18').graph;
    const b = structuredClone(a);
    b.nodes[3].position = { x: 999, y: -5 };
    b.groups[0].collapsed = !b.groups[0].collapsed;
    b.edges.reverse();
    const d = diffGraphs(a, b);
    expect(countGraphChanges(d)).toBe(0);
    expect(d).toEqual({ nodesAdded: [], nodesRemoved: [], nodesChanged: [], edgesAdded: [], edgesRemoved: [], groupsAdded: [], groupsRemoved: [], groupsChanged: [] });
  });

  it('ResNet-18 → ResNet-34: the extra basic blocks are added, the stage hand-offs rewired, nothing removed', () => {
    const a = buildPreset('resnet18').graph;
    const b = buildPreset('resnet34').graph;
    const d = diffGraphs(a, b);
    // 34 = 16 basic blocks vs 8: one more in stage 1, two in 2, four in 3, one in 4 (7 nodes each, no projection).
    expect(d.groupsAdded.map((g) => g.name).sort()).toEqual(['layer1_2', 'layer2_2', 'layer2_3', 'layer3_2', 'layer3_3', 'layer3_4', 'layer3_5', 'layer4_2']);
    expect(d.groupsAdded.every((g) => g.template === 'ResidualBasic' && g.size === 7)).toBe(true);
    expect(d.nodesAdded).toHaveLength(b.nodes.length - a.nodes.length);
    expect(d.nodesAdded).toHaveLength(56);
    expect(d.nodesRemoved).toEqual([]);
    expect(d.nodesChanged).toEqual([]);
    expect(d.groupsRemoved).toEqual([]);
    // Each of the 4 stage ends fed the next stage (main path + projection; the last feeds avgpool).
    expect(d.edgesRemoved).toContainEqual({ source: 'layer1_1_relu', target: 'layer2_0_conv1_conv_pad', targetPort: 0, sourcePort: 0 });
    expect(d.edgesRemoved).toContainEqual({ source: 'layer4_1_relu', target: 'avgpool', targetPort: 0, sourcePort: 0 });
    expect(d.edgesRemoved).toHaveLength(7);
    expect(d.edgesAdded).toContainEqual({ source: 'layer4_2_relu', target: 'avgpool', targetPort: 0, sourcePort: 0 });
    expect(d.edgesAdded.length).toBe(b.edges.length - a.edges.length + d.edgesRemoved.length);
  });

  it('reports a parameter edit as before → after, only the changed keys', () => {
    const a = lenet();
    const conv = a.nodes.find((n) => n.type === 'Conv2D')!;
    const b = apply(a, cmd.setParams(conv.id, { ...conv.params, filters: 12, kernelSize: [3, 3] }));
    const d = diffGraphs(a, b);
    expect(countGraphChanges(d)).toBe(1);
    expect(d.nodesChanged).toEqual([
      {
        id: conv.id,
        idBefore: conv.id,
        name: conv.name ?? conv.id,
        matchedBy: 'id',
        renamed: null,
        typeChanged: null,
        params: [
          { key: 'filters', before: conv.params.filters, after: 12 },
          { key: 'kernelSize', before: conv.params.kernelSize, after: [3, 3] },
        ],
      },
    ]);
  });

  it('reports renames and type changes, and keeps the renamed node’s edges unchanged', () => {
    const a = lenet();
    const dense = a.nodes.find((n) => n.type === 'Dense')!;
    const b = apply(a, cmd.rename(dense.id, 'classifier_hidden'));
    b.nodes = b.nodes.map((n) => (n.type === 'MaxPooling2D' ? { ...n, type: 'AveragePooling2D' } : n));
    const d = diffGraphs(a, b);
    const renamed = d.nodesChanged.find((c) => c.id === dense.id)!;
    expect(renamed.renamed).toEqual({ before: 'fc1', after: 'classifier_hidden' });
    expect(renamed.params).toEqual([]);
    expect(d.edgesAdded).toEqual([]);
    expect(d.edgesRemoved).toEqual([]);
    const pools = d.nodesChanged.filter((c) => c.typeChanged?.before === 'MaxPooling2D' && c.typeChanged.after === 'AveragePooling2D');
    expect(pools.map((c) => c.id)).toEqual(['pool1', 'pool2']);
    expect(pools.every((c) => c.params.length === 0 && c.renamed === null)).toBe(true);
  });

  it('matches a layer re-created under a fresh id by its name', () => {
    const a: GraphData = {
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [8] }, position: { x: 0, y: 0 } },
        { id: 'd1', name: 'head', type: 'Dense', params: { units: 4 }, position: { x: 0, y: 1 } },
      ],
      edges: [{ id: 'e', source: 'in', target: 'd1', targetPort: 0 }],
      groups: [],
    };
    const b: GraphData = {
      nodes: [a.nodes[0], { id: 'dense_7', name: 'head', type: 'Dense', params: { units: 10 }, position: { x: 5, y: 5 } }],
      edges: [{ id: 'dense_7_in0', source: 'in', target: 'dense_7', targetPort: 0 }],
      groups: [],
    };
    const d = diffGraphs(a, b);
    expect(d.nodesAdded).toEqual([]);
    expect(d.nodesRemoved).toEqual([]);
    expect(d.nodesChanged).toEqual([
      { id: 'dense_7', idBefore: 'd1', name: 'head', matchedBy: 'name', renamed: null, typeChanged: null, params: [{ key: 'units', before: 4, after: 10 }] },
    ]);
    expect(d.edgesAdded).toEqual([]);
    expect(d.edgesRemoved).toEqual([]);
  });

  it('lists removed layers with their edges, and port swaps on a merge as rewired edges', () => {
    const a: GraphData = {
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [8] }, position: { x: 0, y: 0 } },
        { id: 'x', type: 'Dense', params: { units: 8 }, position: { x: 0, y: 0 } },
        { id: 'y', type: 'Dense', params: { units: 8 }, position: { x: 0, y: 0 } },
        { id: 'cat', type: 'Concatenate', params: { axis: -1 }, position: { x: 0, y: 0 } },
        { id: 'drop', type: 'Dropout', params: { rate: 0.5 }, position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: '1', source: 'in', target: 'x', targetPort: 0 },
        { id: '2', source: 'in', target: 'y', targetPort: 0 },
        { id: '3', source: 'x', target: 'cat', targetPort: 0 },
        { id: '4', source: 'y', target: 'cat', targetPort: 1 },
        { id: '5', source: 'cat', target: 'drop', targetPort: 0 },
      ],
      groups: [],
    };
    const b: GraphData = {
      nodes: a.nodes.slice(0, 4),
      edges: [a.edges[0], a.edges[1], { ...a.edges[2], targetPort: 1 }, { ...a.edges[3], targetPort: 0 }],
      groups: [],
    };
    const d = diffGraphs(a, b);
    expect(d.nodesRemoved).toEqual([{ id: 'drop', name: 'drop', type: 'Dropout' }]);
    expect(d.edgesRemoved).toEqual([
      { source: 'x', target: 'cat', targetPort: 0, sourcePort: 0 },
      { source: 'y', target: 'cat', targetPort: 1, sourcePort: 0 },
      { source: 'cat', target: 'drop', targetPort: 0, sourcePort: 0 },
    ]);
    expect(d.edgesAdded).toEqual([
      { source: 'x', target: 'cat', targetPort: 1, sourcePort: 0 },
      { source: 'y', target: 'cat', targetPort: 0, sourcePort: 0 },
    ]);
  });

  it('reports a block’s parameter and membership changes', () => {
    const a = buildPreset('resnet18').graph;
    const b = structuredClone(a);
    const g = b.groups[0];
    g.block = { template: g.block!.template, params: { ...g.block!.params, filters: 32 } };
    g.nodeIds = g.nodeIds.slice(1);
    const d = diffGraphs(a, b);
    expect(d.groupsChanged).toEqual([
      {
        id: g.id,
        name: g.name,
        renamed: null,
        templateChanged: null,
        params: [{ key: 'filters', before: 64, after: 32 }],
        membersAdded: [],
        membersRemoved: [a.groups[0].nodeIds[0]],
      },
    ]);
  });
});

describe('diffSettings', () => {
  const base = {
    graph: lenet(),
    dataset: { id: 'mnist', limit: 512, validationSplit: 0.1 },
    optimizer: { type: 'adam', learningRate: 0.001, momentum: 0 },
    batchSize: 64,
    epochs: 1,
    augmentation: { flip: false, shift: 0 },
  };

  it('flattens nested settings into key paths, arrays as leaves', () => {
    expect(flattenSettings({ a: { b: 1, c: [1, 2] }, d: 'x', e: {} })).toEqual({ 'a.b': 1, 'a.c': [1, 2], d: 'x', e: {} });
  });

  it('lists the changed leaves with before/after and skips the graph', () => {
    const other = { ...base, graph: buildPreset('alexnet').graph, optimizer: { ...base.optimizer, learningRate: 0.01 }, augmentation: { flip: true, shift: 0 }, seed: 7 };
    const d = diffSettings(base, other);
    expect(d.changed).toEqual([
      { key: 'augmentation.flip', before: false, after: true },
      { key: 'optimizer.learningRate', before: 0.001, after: 0.01 },
      { key: 'seed', before: undefined, after: 7 },
    ]);
    expect(d.same.map((s) => s.key)).toEqual(['augmentation.shift', 'batchSize', 'dataset.id', 'dataset.limit', 'dataset.validationSplit', 'epochs', 'optimizer.momentum', 'optimizer.type']);
    expect(d.same.every((s) => !s.key.startsWith('graph'))).toBe(true);
  });

  it('finds identical configs identical, and honours extra ignored paths', () => {
    expect(diffSettings(base, structuredClone(base)).changed).toEqual([]);
    expect(diffSettings({ ...base, runDir: '/r/1' }, { ...base, runDir: '/r/2' }, ['graph', 'runDir']).changed).toEqual([]);
  });
});

describe('sameValue', () => {
  it('compares JSON values deeply, ignoring key order', () => {
    expect(sameValue({ a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameValue({ a: 1 }, { a: '1' })).toBe(false);
    expect(sameValue(NaN, NaN)).toBe(true);
  });
});
