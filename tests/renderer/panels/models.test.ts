import { describe, expect, it } from 'vitest';
import { blockTemplates } from '../../../shared/blocks';
import { analyzeGraph } from '../../../shared/infer';
import { getLayerSpec, layerTypes } from '../../../shared/layers';
import { buildPreset } from '../../../shared/presets';
import { paletteGroups } from '../../../renderer/panels/paletteModel';
import { sortRows, summaryRows } from '../../../renderer/panels/summaryModel';

describe('palette model', () => {
  const all = paletteGroups(layerTypes, getLayerSpec, [...blockTemplates.values()], [], '');

  it('groups every layer by its spec category, then blocks', () => {
    const listed = all.filter((g) => g.title !== 'Blocks').flatMap((g) => g.items.map((i) => i.id));
    expect(listed.sort()).toEqual([...layerTypes].sort());
    expect(all[0].title).toBe('Input');
    for (const g of all.filter((x) => x.title !== 'Blocks')) for (const i of g.items) expect(getLayerSpec(i.id)!.category).toBe(g.title);
    expect(all.at(-1)!.title).toBe('Blocks');
    expect(all.at(-1)!.items.map((i) => i.id)).toContain('Inception');
  });

  it('searches names and docs', () => {
    const conv = paletteGroups(layerTypes, getLayerSpec, [...blockTemplates.values()], [], 'conv2d');
    expect(conv.flatMap((g) => g.items.map((i) => i.id))).toContain('Conv2D');
    expect(conv.flatMap((g) => g.items.map((i) => i.id))).not.toContain('Dense');
    expect(paletteGroups(layerTypes, getLayerSpec, [], [], 'zzzz-no-match')).toEqual([]);
  });

  it('lists user blocks under their own heading', () => {
    const user = { name: 'stem', graph: { nodes: [], edges: [], groups: [] }, inputs: [], outputs: [] };
    const groups = paletteGroups(layerTypes, getLayerSpec, [], [user], '');
    expect(groups.at(-1)).toMatchObject({ title: 'My blocks', items: [{ kind: 'user', id: 'stem' }] });
  });
});

describe('summary model', () => {
  const graph = buildPreset('lenet5').graph;
  const rows = summaryRows(graph, analyzeGraph(graph));

  it('has one row per layer in topological order with params adding up to 61,706', () => {
    expect(rows).toHaveLength(graph.nodes.length);
    expect(rows[0].type).toBe('Input');
    expect(rows.reduce((s, r) => s + r.trainable, 0)).toBe(61706);
  });

  it('sorts by any column, both directions, stable on ties', () => {
    const byParams = sortRows(rows, 'params', -1);
    expect(byParams[0].type).toBe('Dense');
    expect(byParams[0].params).toBe(48120);
    const asc = sortRows(rows, 'params', 1);
    expect(asc.at(-1)!.params).toBe(48120);
    expect(asc.slice(0, 3).map((r) => r.order)).toEqual([...asc.slice(0, 3).map((r) => r.order)].sort((a, b) => a - b));
    expect(sortRows(rows, 'name', 1).map((r) => r.name)).toEqual([...rows.map((r) => r.name)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  });
});
