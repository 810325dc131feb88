import { describe, expect, it } from 'vitest';
import { applyCommand, commands as cmd } from '../../../shared/graph/commands';
import { cloneSubgraph } from '../../../shared/graph/clone';
import { newId, sanitizeId, uniqueName } from '../../../shared/graph/ids';
import { topologicalOrder } from '../../../shared/graph/topo';
import type { GraphData } from '../../../shared/graph/types';

const g: GraphData = {
  nodes: [
    { id: 'c', type: 'Add', params: {}, position: { x: 0, y: 300 } },
    { id: 'in', type: 'Input', params: { shape: [4, 4, 1] }, position: { x: 0, y: 0 } },
    { id: 'a', type: 'Conv2D', params: { filters: 2 }, position: { x: 0, y: 100 }, name: 'conv' },
    { id: 'b', type: 'Conv2D', params: { filters: 2 }, position: { x: 50, y: 100 } },
  ],
  edges: [
    { id: 'e1', source: 'in', target: 'a', targetPort: 0 },
    { id: 'e2', source: 'in', target: 'b', targetPort: 0 },
    { id: 'e3', source: 'a', target: 'c', targetPort: 0 },
    { id: 'e4', source: 'b', target: 'c', targetPort: 1 },
  ],
  groups: [{ id: 'blk', name: 'Block', nodeIds: ['a', 'b'], collapsed: true, block: { template: 'X', params: { k: 1 } } }],
};

describe('topologicalOrder (Kahn)', () => {
  it('orders every node after its inputs, ties in document order', () => {
    expect(topologicalOrder(g)).toEqual({ order: ['in', 'a', 'b', 'c'], cyclic: [] });
  });
  it('leaves cyclic nodes out and lists them', () => {
    const cyc = applyCommand(g, cmd.connect({ id: 'back', source: 'c', target: 'a', targetPort: 1 })).graph;
    expect(topologicalOrder(cyc)).toEqual({ order: ['in', 'b'], cyclic: ['c', 'a'] });
  });
});

describe('ids', () => {
  it('newId gives readable unique ids', () => {
    expect(newId('conv', new Set())).toBe('conv');
    expect(newId('conv', new Set(['conv', 'conv_2']))).toBe('conv_3');
    expect(newId('conv_2', new Set(['conv_2']))).toBe('conv_3');
    expect(newId('3x3 conv', new Set())).toBe('n3x3_conv');
    expect(sanitizeId('')).toBe('node');
    expect(uniqueName('my conv', new Set(['my conv']))).toBe('my conv_2');
  });
});

describe('cloneSubgraph (copy/paste)', () => {
  it('fresh ids and names, inner edges kept, boundary edges dropped, inner groups kept and remapped', () => {
    const c = cloneSubgraph(g, ['a', 'b', 'c'], { x: 10, y: 20 });
    expect(c.nodes.map((n) => n.id)).toEqual(['c_2', 'a_2', 'b_2']);
    expect(c.nodes.find((n) => n.id === 'a_2')).toMatchObject({ name: 'conv_2', position: { x: 10, y: 120 } });
    expect(c.edges.map((e) => [e.source, e.target, e.targetPort])).toEqual([
      ['a_2', 'c_2', 0],
      ['b_2', 'c_2', 1],
    ]);
    expect(c.groups).toEqual([{ id: 'blk_2', name: 'Block', nodeIds: ['a_2', 'b_2'], collapsed: true, block: { template: 'X', params: { k: 1 } } }]);
    expect(c.nodes[1].params).not.toBe(g.nodes[2].params); // deep copy: editing the paste never edits the original
    const pasted = applyCommand(g, cmd.addNodes(c.nodes, c.edges, c.groups)).graph;
    expect(pasted.nodes).toHaveLength(7);
    expect(() => cloneSubgraph(g, ['ghost'])).toThrow(/no node 'ghost'/);
  });
});
