/**
 * Clipboard fragments: a selection serialised as plain JSON text, so copy/paste works through the system
 * clipboard between windows and files. Pasting re-ids everything and offsets positions.
 */
import type { GraphData, GraphEdge, GraphGroup, GraphNode } from '../../shared/graph/types';

export const FRAGMENT_FORMAT = 'netwright-fragment';

export interface Fragment {
  format: typeof FRAGMENT_FORMAT;
  version: 1;
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
}

/** The selected nodes, the edges between them, and the groups entirely inside the selection. */
export function extractFragment(graph: GraphData, nodeIds: Iterable<string>): Fragment {
  const ids = new Set(nodeIds);
  const nodes = graph.nodes.filter((n) => ids.has(n.id));
  const edges = graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  const groups = graph.groups.filter((g) => g.nodeIds.length > 0 && g.nodeIds.every((id) => ids.has(id)));
  const groupIds = new Set(groups.map((g) => g.id));
  return {
    format: FRAGMENT_FORMAT,
    version: 1,
    nodes: structuredClone(nodes),
    edges: structuredClone(edges),
    groups: structuredClone(groups).map((g) => (g.parentId && !groupIds.has(g.parentId) ? { ...g, parentId: undefined } : g)),
  };
}

export function fragmentToText(f: Fragment): string {
  return JSON.stringify(f, null, 2);
}

/** Parses clipboard text; null when it is not a fragment (so a paste of random text is ignored, not an error). */
export function parseFragment(text: string): Fragment | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const o = v as Partial<Fragment>;
  if (o.format !== FRAGMENT_FORMAT || !Array.isArray(o.nodes) || !Array.isArray(o.edges)) return null;
  const okNode = (n: unknown): n is GraphNode =>
    !!n && typeof n === 'object' && typeof (n as GraphNode).id === 'string' && typeof (n as GraphNode).type === 'string';
  if (!o.nodes.every(okNode)) return null;
  return {
    format: FRAGMENT_FORMAT,
    version: 1,
    nodes: o.nodes.map((n) => ({ ...n, params: n.params ?? {}, position: n.position ?? { x: 0, y: 0 } })),
    edges: o.edges.filter((e) => e && typeof e.source === 'string' && typeof e.target === 'string'),
    groups: Array.isArray(o.groups) ? o.groups : [],
  };
}

/** Makes an id unique against `taken` by suffixing _2, _3, … (readable ids matter: exporters use them). */
export function uniqueId(base: string, taken: Set<string>): string {
  const stem = base.replace(/_\d+$/, '') || 'node';
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const id = `${stem}_${i}`;
    if (!taken.has(id)) return id;
  }
}

/** Re-ids a fragment against an existing graph and shifts it by `offset`. */
export function rebaseFragment(graph: GraphData, f: Fragment, offset: { x: number; y: number }): Fragment {
  const takenNodes = new Set(graph.nodes.map((n) => n.id));
  const takenEdges = new Set(graph.edges.map((e) => e.id));
  const takenGroups = new Set(graph.groups.map((g) => g.id));
  const nodeMap = new Map<string, string>();
  const takenNames = new Set(graph.nodes.map((n) => n.name ?? n.id));
  const nodes = f.nodes.map((n) => {
    const id = uniqueId(n.id, takenNodes);
    takenNodes.add(id);
    nodeMap.set(n.id, id);
    const name = n.name !== undefined ? uniqueId(n.name, takenNames) : undefined;
    if (name) takenNames.add(name);
    return { ...structuredClone(n), id, name, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } };
  });
  const edges = f.edges
    .filter((e) => nodeMap.has(e.source) && nodeMap.has(e.target))
    .map((e) => {
      const id = uniqueId(`e_${nodeMap.get(e.source)}_${nodeMap.get(e.target)}_${e.targetPort}`, takenEdges);
      takenEdges.add(id);
      return { ...e, id, source: nodeMap.get(e.source)!, target: nodeMap.get(e.target)! };
    });
  const groupMap = new Map<string, string>();
  for (const g of f.groups) {
    const id = uniqueId(g.id, takenGroups);
    takenGroups.add(id);
    groupMap.set(g.id, id);
  }
  const groups = f.groups.map((g) => ({
    ...structuredClone(g),
    id: groupMap.get(g.id)!,
    nodeIds: g.nodeIds.map((id) => nodeMap.get(id)).filter((x): x is string => !!x),
    parentId: g.parentId ? groupMap.get(g.parentId) : undefined,
  }));
  return { format: FRAGMENT_FORMAT, version: 1, nodes, edges, groups };
}
