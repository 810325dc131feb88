import type { Position } from '../graph/types';

export const LAYER_SPACING_Y = 120;
export const NODE_SPACING_X = 220;

/**
 * A simple layered layout for files that come without positions: each node's row is its longest-path
 * depth from an input (Kahn's order), nodes in a row are centred around x = 0. Nodes on a cycle (which
 * validation reports later) go on a row below everything else. Edges naming unknown nodes are ignored.
 */
export function layeredLayout(
  nodeIds: readonly string[],
  edges: readonly { source: string; target: string }[],
): Map<string, Position> {
  const known = new Set(nodeIds);
  const out = new Map<string, string[]>();
  const indegree = new Map<string, number>();
  for (const id of nodeIds) {
    out.set(id, []);
    indegree.set(id, 0);
  }
  for (const e of edges) {
    if (!known.has(e.source) || !known.has(e.target)) continue;
    out.get(e.source)!.push(e.target);
    indegree.set(e.target, indegree.get(e.target)! + 1);
  }
  const depth = new Map<string, number>();
  const queue: string[] = [];
  for (const id of nodeIds) {
    if (indegree.get(id) === 0 && !depth.has(id)) {
      depth.set(id, 0);
      queue.push(id);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    const d = depth.get(id)!;
    for (const next of out.get(id)!) {
      depth.set(next, Math.max(depth.get(next) ?? 0, d + 1));
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  let maxDepth = -1;
  for (const d of depth.values()) maxDepth = Math.max(maxDepth, d);
  const ordered = new Set(queue);
  const rows: string[][] = [];
  const seen = new Set<string>();
  for (const id of nodeIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    // Cycle members never reached indegree 0: one row below the rest.
    const row = ordered.has(id) ? depth.get(id)! : maxDepth + 1;
    (rows[row] ??= []).push(id);
  }
  const positions = new Map<string, Position>();
  rows.forEach((row, r) => {
    row.forEach((id, i) => {
      positions.set(id, { x: (i - (row.length - 1) / 2) * NODE_SPACING_X, y: r * LAYER_SPACING_Y });
    });
  });
  return positions;
}
