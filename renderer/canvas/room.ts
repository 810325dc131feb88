/**
 * Making room for blocks. A collapsed block is drawn as one node but its members keep their expanded
 * layout in the document, so: presets are compacted for the collapsed view when created, expanding a
 * block pushes what lies below it down by the extra height, and collapsing pulls it back up. Pure and
 * vertical-layout based (the editor lays graphs out top → bottom).
 */
import type { GraphData, Position } from '../../shared/graph/types';
import { NODE_H, groupMembers, visibleRepresentatives } from './derive';

const GAP = 40;
/** Space above an expanded block for its frame's title bar. */
export const FRAME_TOP = 40;

interface Item {
  id: string;
  members: string[];
  top: number;
  /** Height the item occupies in the document (a collapsed block: its members' full extent). */
  docHeight: number;
  collapsed: boolean;
}

function visibleItems(graph: GraphData): Item[] {
  const rep = visibleRepresentatives(graph);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const members = new Map<string, string[]>();
  for (const n of graph.nodes) {
    const r = rep.get(n.id) ?? n.id;
    members.set(r, [...(members.get(r) ?? []), n.id]);
  }
  return [...members.entries()].map(([id, ids]) => {
    const ys = ids.map((m) => byId.get(m)!.position.y);
    const top = Math.min(...ys);
    return { id, members: ids, top, docHeight: Math.max(...ys) + NODE_H - top, collapsed: !byId.has(id) };
  });
}

function shifted(graph: GraphData, shifts: Map<string, number>): { id: string; position: Position }[] {
  const out: { id: string; position: Position }[] = [];
  for (const n of graph.nodes) {
    const dy = shifts.get(n.id) ?? 0;
    if (dy !== 0) out.push({ id: n.id, position: { x: n.position.x, y: n.position.y + dy } });
  }
  return out;
}

/** Moves that remove the empty space each collapsed block leaves below its single node. */
export function compactMoves(graph: GraphData): { id: string; position: Position }[] {
  const items = visibleItems(graph);
  const blocks = items.filter((i) => i.collapsed && i.docHeight > NODE_H + GAP);
  const shifts = new Map<string, number>();
  for (const item of items) {
    let dy = 0;
    for (const b of blocks) if (b !== item && b.top + b.docHeight <= item.top + 1) dy -= b.docHeight - NODE_H;
    if (dy !== 0) for (const m of item.members) shifts.set(m, dy);
  }
  return shifted(graph, shifts);
}

export function compactGraph(graph: GraphData): GraphData {
  const moves = new Map(compactMoves(graph).map((m) => [m.id, m.position]));
  if (moves.size === 0) return graph;
  return { ...graph, nodes: graph.nodes.map((n) => (moves.has(n.id) ? { ...n, position: moves.get(n.id)! } : n)) };
}

/** Extra height a group takes when expanded, compared with its collapsed node. */
function extraHeight(graph: GraphData, groupId: string): { top: number; extra: number; members: Set<string> } | null {
  const ids = groupMembers(graph, groupId);
  if (ids.length === 0) return null;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const ys = ids.map((id) => byId.get(id)?.position.y ?? 0);
  const top = Math.min(...ys);
  return { top, extra: Math.max(0, Math.max(...ys) - top), members: new Set(ids) };
}

/** Moves pushing everything below the block down before it is expanded (or back up when collapsed). */
export function roomMoves(graph: GraphData, groupId: string, expanding: boolean): { id: string; position: Position }[] {
  const h = extraHeight(graph, groupId);
  if (!h) return [];
  const shifts = new Map<string, number>();
  const down = h.extra + FRAME_TOP;
  for (const m of h.members) shifts.set(m, expanding ? FRAME_TOP : -FRAME_TOP);
  // Below = starts under the collapsed node (expanding) or under the expanded extent (collapsing).
  const limit = expanding ? h.top + NODE_H / 2 : h.top + h.extra + NODE_H / 2;
  for (const item of visibleItems(graph)) {
    if (item.members.some((m) => h.members.has(m))) continue;
    if (item.top <= limit) continue;
    for (const m of item.members) shifts.set(m, expanding ? down : -down);
  }
  return shifted(graph, shifts);
}
