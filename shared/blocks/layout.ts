import type { Position } from '../graph/types';

/** Grid of the automatic layouts: horizontal spacing of side-by-side nodes, vertical spacing of levels. */
export const LAYOUT = { dx: 240, dy: 100 } as const;

/**
 * Top-to-bottom layered layout: a node's level is its longest path from a source; a node sits under the
 * mean x of its predecessors so chains stay straight and branches fan out side by side around their
 * parent. Nodes of one level are at least `dx` apart, levels `dy` apart, so nothing overlaps. Positions
 * are relative to `origin` (top centre). Edges to/from ids outside `ids` are ignored.
 */
export function layeredLayout(
  ids: readonly string[],
  edges: readonly { source: string; target: string }[],
  origin: Position = { x: 0, y: 0 },
): Map<string, Position> {
  const index = new Map(ids.map((id, i) => [id, i]));
  const preds = new Map<string, string[]>(ids.map((id) => [id, []]));
  const succs = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) {
    if (!index.has(e.source) || !index.has(e.target)) continue;
    preds.get(e.target)!.push(e.source);
    succs.get(e.source)!.push(e.target);
  }
  // Kahn in insertion order; nodes on a cycle (invalid graphs) are appended at the end.
  const indeg = new Map(ids.map((id) => [id, preds.get(id)!.length]));
  const queue = ids.filter((id) => indeg.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    order.push(queue[i]);
    for (const s of succs.get(queue[i])!) {
      const d = indeg.get(s)! - 1;
      indeg.set(s, d);
      if (d === 0) queue.push(s);
    }
  }
  const placed = new Set(order);
  for (const id of ids) if (!placed.has(id)) order.push(id);

  const level = new Map<string, number>();
  for (const id of order) {
    const ps = preds.get(id)!.filter((p) => level.has(p));
    level.set(id, ps.length ? Math.max(...ps.map((p) => level.get(p)!)) + 1 : 0);
  }
  const levels: string[][] = [];
  for (const id of order) (levels[level.get(id)!] ??= []).push(id);

  const x = new Map<string, number>();
  const out = new Map<string, Position>();
  levels.forEach((row, depth) => {
    const want = row.map((id) => {
      const ps = preds.get(id)!.filter((p) => x.has(p));
      return ps.length ? ps.reduce((a, p) => a + x.get(p)!, 0) / ps.length : 0;
    });
    const sorted = row.map((id, i) => ({ id, want: want[i], i })).sort((a, b) => a.want - b.want || a.i - b.i);
    const xs: number[] = [];
    sorted.forEach((n, i) => xs.push(i === 0 ? n.want : Math.max(n.want, xs[i - 1] + LAYOUT.dx)));
    // Centre the packed row on what its nodes wanted, so a fan-out is symmetric around its parent.
    const shift = sorted.reduce((a, n, i) => a + n.want - xs[i], 0) / sorted.length;
    sorted.forEach((n, i) => {
      x.set(n.id, xs[i] + shift);
      out.set(n.id, { x: origin.x + xs[i] + shift, y: origin.y + depth * LAYOUT.dy });
    });
  });
  return out;
}
