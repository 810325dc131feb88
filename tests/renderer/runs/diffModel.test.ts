import { describe, expect, it } from 'vitest';
import { formatValue, graphSections, runDiffView } from '../../../renderer/panels/runs/diffModel';
import { diffGraphs } from '../../../shared/graph/diff';
import { buildPreset } from '../../../shared/presets';
import { detail, summary, trainingConfig } from './fixtures';

describe('run diff view', () => {
  it('two runs differing only in learning rate: same graph, one changed setting, run folders ignored', () => {
    const a = detail(summary('a', { dir: '/r/a', learningRate: 0.001 }));
    const b = detail(summary('b', { dir: '/r/b', learningRate: 0.01 }));
    const v = runDiffView(a, b);
    expect(v.headline).toBe('Same graph · 1 setting changed.');
    expect(v.settings.filter((l) => l.kind !== 'same')).toEqual([{ key: 'optimizer.learningRate', before: '0.001', after: '0.01', kind: 'changed' }]);
    expect(v.settings.map((l) => l.key)).not.toContain('runDir');
    expect(v.settings.find((l) => l.key === 'actual.backend')).toEqual({ key: 'actual.backend', before: 'wasm', after: 'wasm', kind: 'same' });
    expect(v.graph).toEqual([]);
    expect(v.graphChanged).toBe(0);
  });

  it('words graph changes: edited parameter, added/removed layers, rewired connections', () => {
    const ga = buildPreset('lenet5').graph;
    const gb = structuredClone(ga);
    gb.nodes = gb.nodes.filter((n) => n.id !== 'fc2').map((n) => (n.id === 'conv1' ? { ...n, params: { ...n.params, filters: 8 } } : n));
    gb.nodes.push({ id: 'drop', type: 'Dropout', params: { rate: 0.5 }, position: { x: 0, y: 0 } });
    gb.edges = gb.edges.filter((e) => e.source !== 'fc2' && e.target !== 'fc2');
    gb.edges.push({ id: 'x1', source: 'fc1', target: 'drop', targetPort: 0 }, { id: 'x2', source: 'drop', target: 'fc3', targetPort: 0 });
    const v = runDiffView(detail(summary('a'), trainingConfig(ga)), detail(summary('b', { backend: 'cpu', batchSize: 32 }), { ...trainingConfig(gb), batchSize: 32 }));
    expect(v.headline).toBe('Graph: 7 differences · 2 settings changed.');
    expect(v.settings.filter((l) => l.kind === 'changed').map((l) => `${l.key}: ${l.before} → ${l.after}`)).toEqual(['actual.backend: wasm → cpu', 'batchSize: 64 → 32']);
    const byTitle = Object.fromEntries(v.graph.map((s) => [s.title, s.lines]));
    expect(byTitle['Changed layers']).toEqual([{ key: 'conv1.filters', before: '6', after: '8', kind: 'changed' }]);
    expect(byTitle['Added / removed layers']).toEqual([
      { key: 'fc2', before: 'Dense', after: '—', kind: 'removed' },
      { key: 'drop', before: '—', after: 'Dropout', kind: 'added' },
    ]);
    expect(byTitle.Connections.map((l) => `${l.kind} ${l.key}`)).toEqual(['removed fc1 → fc2', 'removed fc2 → fc3', 'added fc1 → drop', 'added drop → fc3']);
    expect(byTitle.Blocks).toBeUndefined();
  });

  it('ResNet-18 → ResNet-34 lists the added blocks by template and size', () => {
    const sections = graphSections(diffGraphs(buildPreset('resnet18').graph, buildPreset('resnet34').graph));
    const blocks = sections.find((s) => s.title === 'Blocks')!.lines;
    expect(blocks).toHaveLength(8);
    expect(blocks[0]).toEqual({ key: 'layer1_2', before: '—', after: 'ResidualBasic (7 layers)', kind: 'added' });
  });

  it('says so when a run has no graph snapshot', () => {
    const a = detail(summary('a'));
    const b = { ...detail(summary('b')), config: {} };
    const v = runDiffView(a, b);
    expect(v.graph).toEqual([{ title: 'Graph', lines: [{ key: 'snapshot', before: 'present', after: 'missing', kind: 'changed' }] }]);
  });

  it('formats values compactly', () => {
    expect([formatValue(undefined), formatValue('adam'), formatValue(0.1 + 0.2), formatValue([3, 3]), formatValue(true), formatValue(null)]).toEqual(['—', 'adam', '0.3', '[3,3]', 'true', 'null']);
  });
});
