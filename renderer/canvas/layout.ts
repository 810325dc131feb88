/**
 * Auto-layout with elkjs (layered, top → bottom). Lays out what is visible — layers and collapsed blocks —
 * and returns document moves: a collapsed block's members move rigidly with it, so its inner layout
 * survives for when it is expanded again.
 */
import type { ELK as ElkApi } from 'elkjs/lib/elk-api';
import type { GraphData, Position } from '../../shared/graph/types';
import { NODE_H, NODE_W, blockAnchor, groupMembers, visibleRepresentatives } from './derive';

let elk: ElkApi | null = null;

/** elkjs is 1.5 MB: loaded on first use, not at start-up. */
async function getElk(): Promise<ElkApi> {
  if (!elk) {
    const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
    elk = new ELK();
  }
  return elk;
}

export async function autoLayout(graph: GraphData): Promise<{ id: string; position: Position }[]> {
  const elk = await getElk();
  const rep = visibleRepresentatives(graph);
  const visible = new Set(rep.values());
  const edges = new Map<string, { s: string; t: string }>();
  for (const e of graph.edges) {
    const s = rep.get(e.source);
    const t = rep.get(e.target);
    if (s && t && s !== t) edges.set(`${s}->${t}`, { s, t });
  }
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.spacing.nodeNode': '36',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
    },
    children: [...visible].map((id) => ({ id, width: NODE_W, height: NODE_H })),
    edges: [...edges.entries()].map(([id, { s, t }]) => ({ id, sources: [s], targets: [t] })),
  });
  const placed = new Map((result.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]));
  const moves: { id: string; position: Position }[] = [];
  for (const id of visible) {
    const target = placed.get(id);
    if (!target) continue;
    if (nodeById.has(id)) {
      moves.push({ id, position: target });
      continue;
    }
    // A collapsed group: shift its members so the block's anchor lands on target.
    const members = groupMembers(graph, id).map((m) => nodeById.get(m)).filter((n) => !!n);
    if (members.length === 0) continue;
    const anchor = blockAnchor(members.map((n) => n.position));
    for (const n of members) moves.push({ id: n.id, position: { x: n.position.x - anchor.x + target.x, y: n.position.y - anchor.y + target.y } });
  }
  return moves.filter((m) => {
    const n = nodeById.get(m.id);
    return n && (n.position.x !== m.position.x || n.position.y !== m.position.y);
  });
}
