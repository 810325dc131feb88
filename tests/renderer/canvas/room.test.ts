import { describe, expect, it } from 'vitest';
import type { GraphData } from '../../../shared/graph/types';
import { compactGraph, roomMoves, FRAME_TOP } from '../../../renderer/canvas/room';
import { NODE_H } from '../../../renderer/canvas/derive';

// in → [block: a, b, c laid out expanded over 300 px] → out
const graph: GraphData = {
  nodes: [
    { id: 'in', type: 'Input', params: {}, position: { x: 0, y: 0 } },
    { id: 'a', type: 'Dense', params: {}, position: { x: 0, y: 100 } },
    { id: 'b', type: 'Dense', params: {}, position: { x: 0, y: 200 } },
    { id: 'c', type: 'Dense', params: {}, position: { x: 0, y: 400 } },
    { id: 'out', type: 'Dense', params: {}, position: { x: 0, y: 500 } },
  ],
  edges: [],
  groups: [{ id: 'g', name: 'g', nodeIds: ['a', 'b', 'c'], collapsed: true }],
};
const y = (g: GraphData, id: string) => g.nodes.find((n) => n.id === id)!.position.y;

describe('room for blocks', () => {
  it('compacts the space a collapsed block leaves below its node', () => {
    const c = compactGraph(graph);
    expect(y(c, 'out')).toBe(500 - (400 - 100)); // the block shows as one node: its 300 px extent collapses
    expect(y(c, 'a')).toBe(100);
    expect(y(c, 'in')).toBe(0);
  });

  it('expanding pushes what is below down; collapsing restores it exactly', () => {
    const c = compactGraph(graph);
    const down = roomMoves(c, 'g', true);
    const after = { ...c, nodes: c.nodes.map((n) => ({ ...n, position: down.find((m) => m.id === n.id)?.position ?? n.position })) };
    expect(y(after, 'a')).toBe(100 + FRAME_TOP);
    expect(y(after, 'out')).toBe(y(c, 'out') + (400 - 100) + FRAME_TOP);
    expect(y(after, 'out')).toBeGreaterThan(y(after, 'c') + NODE_H - 1);
    const expanded = { ...after, groups: [{ ...after.groups[0], collapsed: false }] };
    const up = roomMoves(expanded, 'g', false);
    const back = { ...expanded, nodes: expanded.nodes.map((n) => ({ ...n, position: up.find((m) => m.id === n.id)?.position ?? n.position })) };
    expect(back.nodes.map((n) => n.position)).toEqual(c.nodes.map((n) => n.position));
  });
});
