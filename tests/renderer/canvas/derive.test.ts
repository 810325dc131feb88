import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/infer';
import { buildPreset } from '../../../shared/presets';
import { blockEndpoint, deriveFlow, visibleRepresentatives } from '../../../renderer/canvas/derive';
import { formatCount, formatShape } from '../../../renderer/canvas/format';

describe('canvas view derived from the document', () => {
  const graph = buildPreset('resnet18').graph;
  const analysis = analyzeGraph(graph);

  it('draws collapsed blocks as one node with per-block totals and output shape', () => {
    const { nodes, edges } = deriveFlow(graph, analysis);
    const g = graph.groups[0];
    const block = nodes.find((n) => n.id === g.id)!;
    expect(block.type).toBe('block');
    const members = new Set(g.nodeIds);
    const expected = g.nodeIds.reduce((sum, id) => {
      const p = analysis.nodes.get(id)!.params;
      return sum + p.trainable + p.nonTrainable;
    }, 0);
    expect(block.data.params).toBe(expected);
    expect(block.data.outputShape).toEqual([56, 56, 64]);
    // No member is drawn on its own, and no edge stays inside the block.
    expect(nodes.some((n) => members.has(n.id))).toBe(false);
    expect(edges.some((e) => members.has(e.source) || members.has(e.target))).toBe(false);
    expect(edges.every((e) => e.data!.label.length > 0)).toBe(true);
  });

  it('labels edges with the source tensor shape and re-points them to blocks', () => {
    const { edges } = deriveFlow(graph, analysis);
    const g = graph.groups[0];
    const into = edges.find((e) => e.target === g.id)!;
    expect(into.data!.label).toBe(formatShape(analysis.nodes.get(into.source)!.outputShape));
    expect(blockEndpoint(graph, analysis, g.id, 'input')).toBe(graph.edges.find((e) => e.source === into.source && g.nodeIds.includes(e.target))!.target);
  });

  it('shows members and a frame once a block is expanded', () => {
    const expanded = { ...graph, groups: graph.groups.map((g, i) => (i === 0 ? { ...g, collapsed: false } : g)) };
    const { nodes } = deriveFlow(expanded, analysis);
    expect(nodes.some((n) => n.id === `frame:${graph.groups[0].id}`)).toBe(true);
    expect(nodes.filter((n) => graph.groups[0].nodeIds.includes(n.id))).toHaveLength(graph.groups[0].nodeIds.length);
    expect(visibleRepresentatives(expanded).get(graph.groups[0].nodeIds[0])).toBe(graph.groups[0].nodeIds[0]);
  });

  it('formats counts and shapes compactly', () => {
    expect(formatCount(61706)).toBe('61.7K');
    expect(formatCount(25557032)).toBe('25.6M');
    expect(formatCount(4.09e9)).toBe('4.09G');
    expect(formatShape([28, 28, 1])).toBe('28×28×1');
    expect(formatShape(null)).toBe('?');
  });
});
