import type { GraphEdge, GraphNode } from '../../../shared/graph/types';
import { LAYOUT } from '../../../shared/blocks';

/** Pairs of nodes whose boxes (0.9 of the layout grid) would overlap on the canvas. */
export function overlapping(nodes: Pick<GraphNode, 'id' | 'position'>[]): [string, string][] {
  const out: [string, string][] = [];
  const sorted = [...nodes].sort((a, b) => a.position.y - b.position.y);
  for (let i = 0; i < sorted.length; i++)
    for (let j = i + 1; j < sorted.length && sorted[j].position.y - sorted[i].position.y < LAYOUT.dy * 0.9; j++)
      if (Math.abs(sorted[j].position.x - sorted[i].position.x) < LAYOUT.dx * 0.9) out.push([sorted[i].id, sorted[j].id]);
  return out;
}

/** Node ids in a topological order, or throws on a cycle. */
export function topoOrder(nodes: { id: string }[], edges: Pick<GraphEdge, 'source' | 'target'>[]): string[] {
  const indeg = new Map(nodes.map((n) => [n.id, 0]));
  for (const e of edges) indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
  const queue = nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  for (let i = 0; i < queue.length; i++)
    for (const e of edges)
      if (e.source === queue[i]) {
        indeg.set(e.target, indeg.get(e.target)! - 1);
        if (indeg.get(e.target) === 0) queue.push(e.target);
      }
  if (queue.length !== nodes.length) throw new Error('cycle');
  return queue;
}
