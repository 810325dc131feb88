import { describe, expect, it } from 'vitest';
import type { GraphData } from '../../../shared/graph/types';
import { extractFragment, fragmentToText, parseFragment, rebaseFragment, uniqueId } from '../../../renderer/state/fragment';

const graph: GraphData = {
  nodes: [
    { id: 'input', type: 'Input', params: { shape: [28, 28, 1] }, position: { x: 0, y: 0 }, name: 'input' },
    { id: 'conv', type: 'Conv2D', params: { filters: 6 }, position: { x: 0, y: 100 }, name: 'conv' },
    { id: 'pool', type: 'MaxPooling2D', params: {}, position: { x: 0, y: 200 }, name: 'pool' },
  ],
  edges: [
    { id: 'e1', source: 'input', target: 'conv', targetPort: 0 },
    { id: 'e2', source: 'conv', target: 'pool', targetPort: 0 },
  ],
  groups: [{ id: 'g', name: 'features', nodeIds: ['conv', 'pool'], collapsed: false }],
};

describe('clipboard fragments', () => {
  it('keeps only edges and groups inside the selection', () => {
    const f = extractFragment(graph, ['conv', 'pool']);
    expect(f.nodes.map((n) => n.id)).toEqual(['conv', 'pool']);
    expect(f.edges.map((e) => e.id)).toEqual(['e2']);
    expect(f.groups.map((g) => g.id)).toEqual(['g']);
    expect(extractFragment(graph, ['conv']).groups).toEqual([]);
  });

  it('round-trips through clipboard text and rejects other text', () => {
    const text = fragmentToText(extractFragment(graph, ['conv', 'pool']));
    expect(parseFragment(text)?.nodes).toHaveLength(2);
    expect(parseFragment('hello')).toBeNull();
    expect(parseFragment('{"format":"other"}')).toBeNull();
    expect(parseFragment('{"format":"netwright-fragment","nodes":[{"id":1}],"edges":[]}')).toBeNull();
  });

  it('re-ids pasted nodes, edges and groups against the document and offsets them', () => {
    const f = rebaseFragment(graph, extractFragment(graph, ['conv', 'pool']), { x: 40, y: 40 });
    expect(f.nodes.map((n) => n.id)).toEqual(['conv_2', 'pool_2']);
    expect(f.nodes.map((n) => n.name)).toEqual(['conv_2', 'pool_2']);
    expect(f.nodes[0].position).toEqual({ x: 40, y: 140 });
    expect(f.edges).toEqual([expect.objectContaining({ source: 'conv_2', target: 'pool_2', targetPort: 0 })]);
    expect(graph.edges.some((e) => e.id === f.edges[0].id)).toBe(false);
    expect(f.groups[0]).toMatchObject({ id: 'g_2', nodeIds: ['conv_2', 'pool_2'] });
  });

  it('makes readable unique ids', () => {
    expect(uniqueId('conv', new Set(['conv', 'conv_2']))).toBe('conv_3');
    expect(uniqueId('dense', new Set())).toBe('dense');
  });
});
