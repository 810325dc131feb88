import type { GraphData } from './types';

/**
 * Kahn's algorithm over node ids. Ties keep document order, so the result is stable for exporters.
 * Nodes on a cycle (and those only reachable through one) are left out and listed in `cyclic`.
 * Edges with unknown endpoints are ignored (validation reports them).
 */
export function topologicalOrder(graph: GraphData): { order: string[]; cyclic: string[] } {
  const n = graph.nodes.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(graph.nodes[i].id, i);
  const indeg = new Int32Array(n);
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const e of graph.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined) continue;
    out[s].push(t);
    indeg[t]++;
  }
  // A min-queue by document index would be O(n log n); a FIFO seeded in document order is stable enough.
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (indeg[i] === 0) queue.push(i);
  const order: string[] = [];
  for (let h = 0; h < queue.length; h++) {
    const i = queue[h];
    order.push(graph.nodes[i].id);
    for (const t of out[i]) if (--indeg[t] === 0) queue.push(t);
  }
  const cyclic: string[] = [];
  if (order.length < n) for (let i = 0; i < n; i++) if (indeg[i] > 0) cyclic.push(graph.nodes[i].id);
  return { order, cyclic };
}
