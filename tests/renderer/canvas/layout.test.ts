import { describe, expect, it } from 'vitest';
import { buildPreset } from '../../../shared/presets';
import { autoLayout } from '../../../renderer/canvas/layout';
import { blockAnchor, groupMembers, NODE_H } from '../../../renderer/canvas/derive';

describe('auto-layout (elkjs)', () => {
  it('lays a chain out top to bottom without overlaps', async () => {
    const g = buildPreset('lenet5').graph;
    const scrambled = { ...g, nodes: g.nodes.map((n, i) => ({ ...n, position: { x: (i * 37) % 100, y: 0 } })) };
    const moves = await autoLayout(scrambled);
    const pos = new Map(moves.map((m) => [m.id, m.position]));
    const ys = g.nodes.map((n) => pos.get(n.id)?.y ?? 0);
    for (const e of g.edges) expect(pos.get(e.target)!.y).toBeGreaterThanOrEqual(pos.get(e.source)!.y + NODE_H);
    expect(new Set(ys).size).toBe(ys.length);
  });

  it('moves collapsed blocks rigidly, keeping their inner layout', async () => {
    const g = buildPreset('resnet18').graph;
    const block = g.groups[0];
    const ids = groupMembers(g, block.id);
    const before = new Map(g.nodes.map((n) => [n.id, n.position]));
    const moves = await autoLayout(g);
    const after = new Map(before);
    for (const m of moves) after.set(m.id, m.position);
    const d0 = { x: after.get(ids[0])!.x - before.get(ids[0])!.x, y: after.get(ids[0])!.y - before.get(ids[0])!.y };
    for (const id of ids) {
      expect(after.get(id)!.x - before.get(id)!.x).toBe(d0.x);
      expect(after.get(id)!.y - before.get(id)!.y).toBe(d0.y);
    }
    // Consecutive collapsed blocks are drawn one node apart, not overlapping.
    const next = groupMembers(g, g.groups[1].id);
    const a = blockAnchor(ids.map((id) => after.get(id)!));
    const b = blockAnchor(next.map((id) => after.get(id)!));
    expect(Math.abs(b.y - a.y)).toBeGreaterThanOrEqual(NODE_H);
  });
});
