import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyCommand, commands as cmd, connectCommand, replaceGroupFrom, type Command } from '../../../shared/graph/commands';
import { History } from '../../../shared/graph/history';
import type { GraphData } from '../../../shared/graph/types';
import { emptyGraph, randomCommand } from './randomOps';

function chain(): GraphData {
  return {
    nodes: [
      { id: 'in', type: 'Input', params: { shape: [8, 8, 3] }, position: { x: 0, y: 0 } },
      { id: 'a', type: 'Conv2D', params: { filters: 4 }, position: { x: 0, y: 100 }, name: 'conv_a' },
      { id: 'b', type: 'Conv2D', params: { filters: 8 }, position: { x: 0, y: 200 } },
      { id: 'c', type: 'Add', params: {}, position: { x: 0, y: 300 } },
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'a', targetPort: 0 },
      { id: 'e2', source: 'a', target: 'b', targetPort: 0 },
      { id: 'e3', source: 'b', target: 'c', targetPort: 0 },
      { id: 'e4', source: 'a', target: 'c', targetPort: 1 },
    ],
    groups: [
      { id: 'outer', name: 'Outer', nodeIds: ['a', 'b', 'c'], collapsed: false },
      { id: 'inner', name: 'Inner', nodeIds: ['b'], collapsed: true, parentId: 'outer' },
    ],
  };
}

/** Applies, checks the inverse restores the exact input (same objects), returns the new graph. */
function roundTrip(g: GraphData, c: Command): GraphData {
  const { graph, inverse } = applyCommand(g, c);
  const back = applyCommand(graph, inverse).graph;
  expect(back).toEqual(g);
  back.nodes.forEach((n, i) => expect(n).toBe(g.nodes[i]));
  back.edges.forEach((e, i) => expect(e).toBe(g.edges[i]));
  back.groups.forEach((x, i) => expect(x).toBe(g.groups[i]));
  return graph;
}

describe('commands: effects, exact inverses, structural sharing', () => {
  it('addNodes adds a subgraph wired to the document (nodes, edges, groups)', () => {
    const g = chain();
    const next = roundTrip(
      g,
      cmd.addNodes(
        [{ id: 'd', type: 'Dense', params: { units: 3 }, position: { x: 5, y: 5 } }],
        [{ id: 'e5', source: 'c', target: 'd', targetPort: 0 }],
        [{ id: 'head', name: 'Head', nodeIds: ['d'], collapsed: false }],
      ),
    );
    expect(next.nodes.map((n) => n.id)).toEqual(['in', 'a', 'b', 'c', 'd']);
    expect(next.edges.at(-1)).toEqual({ id: 'e5', source: 'c', target: 'd', targetPort: 0 });
    expect(next.groups.at(-1)?.id).toBe('head');
    expect(next.nodes[0]).toBe(g.nodes[0]); // untouched objects are shared
  });

  it('removeNodes drops incident edges and membership; a group left empty disappears', () => {
    const g = chain();
    const next = roundTrip(g, cmd.removeNodes(['b']));
    expect(next.nodes.map((n) => n.id)).toEqual(['in', 'a', 'c']);
    expect(next.edges.map((e) => e.id)).toEqual(['e1', 'e4']);
    expect(next.groups).toEqual([{ id: 'outer', name: 'Outer', nodeIds: ['a', 'c'], collapsed: false }]);
    const all = roundTrip(g, cmd.removeNodes(['a', 'b', 'c']));
    expect(all.groups).toEqual([]);
    expect(all.edges).toEqual([]);
  });

  it('moveNodes replaces only the moved node; arrays that did not change are shared', () => {
    const g = chain();
    const next = roundTrip(g, cmd.moveNodes([{ id: 'a', position: { x: 7, y: 9 } }]));
    expect(next.nodes[1].position).toEqual({ x: 7, y: 9 });
    expect(next.nodes[1].params).toBe(g.nodes[1].params);
    expect(next.nodes[2]).toBe(g.nodes[2]);
    expect(next.edges).toBe(g.edges);
    expect(next.groups).toBe(g.groups);
  });

  it('connect / disconnect', () => {
    const g = chain();
    const c = connectCommand(g, 'in', 'c', 2);
    expect(c).toEqual({ kind: 'connect', edge: { id: 'c_in2', source: 'in', target: 'c', targetPort: 2 } });
    const next = roundTrip(g, c);
    expect(next.edges).toHaveLength(5);
    expect(next.nodes).toBe(g.nodes);
    const cut = roundTrip(g, cmd.disconnect(['e2', 'e4']));
    expect(cut.edges.map((e) => e.id)).toEqual(['e1', 'e3']);
  });

  it('setParams replaces the params object; rename sets and clears the name', () => {
    const g = chain();
    const params = { filters: 99 };
    const next = roundTrip(g, cmd.setParams('b', params));
    expect(next.nodes[2].params).toBe(params);
    const named = roundTrip(g, cmd.rename('b', 'conv_b'));
    expect(named.nodes[2].name).toBe('conv_b');
    const cleared = roundTrip(g, cmd.rename('a', undefined));
    expect('name' in cleared.nodes[1]).toBe(false);
  });

  it('group / ungroup (nested groups move up) / setCollapsed', () => {
    const g = chain();
    const grouped = roundTrip(g, cmd.group({ id: 'pair', name: 'Pair', nodeIds: ['in', 'a'], collapsed: true }));
    expect(grouped.groups.map((x) => x.id)).toEqual(['outer', 'inner', 'pair']);
    const ungrouped = roundTrip(g, cmd.ungroup('outer'));
    expect(ungrouped.groups).toEqual([{ id: 'inner', name: 'Inner', nodeIds: ['b'], collapsed: true }]);
    const collapsed = roundTrip(g, cmd.setCollapsed('outer', true));
    expect(collapsed.groups[0].collapsed).toBe(true);
  });

  it('insertOnEdge splits an edge: new edge into port 0, old edge id now leaves the new node; joins shared groups', () => {
    const g = chain();
    const next = roundTrip(g, cmd.insertOnEdge('e2', { id: 'f', type: 'Flatten', params: {}, position: { x: 0, y: 150 } }));
    expect(next.edges.map((e) => [e.id, e.source, e.target, e.targetPort])).toEqual([
      ['e1', 'in', 'a', 0],
      ['f_in0', 'a', 'f', 0],
      ['e2', 'f', 'b', 0],
      ['e3', 'b', 'c', 0],
      ['e4', 'a', 'c', 1],
    ]);
    expect(next.groups[0].nodeIds).toEqual(['a', 'b', 'c', 'f']);
    expect(next.groups[1].nodeIds).toEqual(['b']);
  });

  it('replaceGroupContents swaps a block for its re-expansion, keeping outside wiring', () => {
    const g = chain();
    const fresh: GraphData = {
      nodes: [g.nodes[0], g.nodes[1], { id: 'b2', type: 'Conv2D', params: { filters: 16 }, position: { x: 0, y: 200 } }, g.nodes[3]],
      edges: [g.edges[0], { id: 'b2_in0', source: 'a', target: 'b2', targetPort: 0 }, { id: 'e3', source: 'b2', target: 'c', targetPort: 0 }, g.edges[3]],
      groups: [g.groups[0], { ...g.groups[1], nodeIds: ['b2'] }],
    };
    const next = roundTrip(g, replaceGroupFrom(fresh, 'inner'));
    expect(next.nodes.map((n) => n.id)).toEqual(['in', 'a', 'c', 'b2']);
    expect(next.edges.filter((e) => e.source === 'b2' || e.target === 'b2').map((e) => e.id).sort()).toEqual(['b2_in0', 'e3']);
    expect(next.groups.find((x) => x.id === 'outer')!.nodeIds).toEqual(['a', 'c', 'b2']);
    expect(next.groups.find((x) => x.id === 'inner')!.nodeIds).toEqual(['b2']);
  });

  it('batch applies in order and undoes in reverse', () => {
    const g = chain();
    const next = roundTrip(g, cmd.batch([cmd.addNodes([{ id: 'z', type: 'Dense', params: {}, position: { x: 0, y: 0 } }]), connectCommand(g, 'c', 'z', 0), cmd.rename('z', 'head')]));
    expect(next.nodes.at(-1)).toMatchObject({ id: 'z', name: 'head' });
    expect(next.edges.at(-1)).toMatchObject({ source: 'c', target: 'z' });
  });
});

describe('commands: invalid commands are refused with a clear error and change nothing', () => {
  const g = chain();
  const cases: [string, Command, RegExp][] = [
    ['unknown node', cmd.setParams('nope', {}), /No node 'nope'/],
    ['unknown node in move', cmd.moveNodes([{ id: 'nope', position: { x: 0, y: 0 } }]), /No node 'nope'/],
    ['duplicate node id', cmd.addNodes([{ id: 'a', type: 'Dense', params: {}, position: { x: 0, y: 0 } }]), /Duplicate id 'a'/],
    ['node id = group id', cmd.addNodes([{ id: 'outer', type: 'Dense', params: {}, position: { x: 0, y: 0 } }]), /Duplicate id 'outer'/],
    ['duplicate edge id', cmd.connect({ id: 'e1', source: 'in', target: 'c', targetPort: 2 }), /Duplicate edge id 'e1'/],
    ['dangling edge', cmd.connect({ id: 'x', source: 'ghost', target: 'c', targetPort: 2 }), /no source node 'ghost'/],
    ['port already fed', cmd.connect({ id: 'x', source: 'in', target: 'c', targetPort: 1 }), /Input 1 of 'c' is already fed by 'a'/],
    ['bad port', cmd.connect({ id: 'x', source: 'in', target: 'c', targetPort: -1 }), /targetPort must be an integer/],
    ['unknown edge', cmd.disconnect('nope'), /No edge 'nope'/],
    ['unknown group', cmd.ungroup('nope'), /No group 'nope'/],
    ['group with unknown node', cmd.group({ id: 'g', name: 'g', nodeIds: ['ghost'], collapsed: false }), /unknown node 'ghost'/],
    ['group with unknown parent', cmd.group({ id: 'g', name: 'g', nodeIds: ['a'], collapsed: false, parentId: 'p' }), /no parent group 'p'/],
    ['duplicate name', cmd.rename('b', 'conv_a'), /already named 'conv_a'/],
    ['empty name', cmd.rename('b', '  '), /cannot be empty/],
    ['insert on unknown edge', cmd.insertOnEdge('nope', { id: 'q', type: 'Flatten', params: {}, position: { x: 0, y: 0 } }), /No edge 'nope'/],
    ['bad batch member', cmd.batch([cmd.rename('a', 'ok'), cmd.removeNodes(['ghost'])]), /No node 'ghost'/],
    ['delete twice', cmd.removeNodes(['a', 'a']), /same node twice/],
  ];
  it.each(cases)('%s', (_label, c, message) => {
    const snapshot = structuredClone(g);
    expect(() => applyCommand(g, c)).toThrow(message);
    expect(g).toEqual(snapshot);
  });
});

describe('commands: property — random sessions undo to the original and redo to the same end', () => {
  it('undo all → original (same objects), redo all → same graph', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(1000), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 40 }), (seeds) => {
        const start = emptyGraph();
        const h = new History(start);
        const seen: GraphData[] = [];
        for (const seed of seeds) {
          const c = randomCommand(h.graph, seed);
          if (!c) continue;
          h.execute(c);
          kinds.add(c.kind === 'batch' ? `batch:${c.commands[0].kind}` : c.kind);
          seen.push(h.graph);
        }
        const end = h.graph;
        for (let i = seen.length - 2; i >= -1; i--) {
          const g = h.undo();
          expect(g).toEqual(i >= 0 ? seen[i] : start);
        }
        expect(h.canUndo).toBe(false);
        expect(h.graph.nodes[0]).toBe(start.nodes[0]);
        for (const expected of seen) expect(h.redo()).toEqual(expected);
        expect(h.graph).toEqual(end);
      }),
      { numRuns: 150 },
    );
    // The generator really exercised every command kind.
    for (const k of ['addNodes', 'removeNodes', 'moveNodes', 'connect', 'disconnect', 'setParams', 'rename', 'group', 'ungroup', 'setCollapsed', 'insertOnEdge', 'replaceGroupContents']) {
      expect(kinds).toContain(k);
    }
    expect([...kinds].some((k) => k.startsWith('batch:'))).toBe(true);
  });
});
