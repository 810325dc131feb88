import type { GraphData, GraphEdge, GraphGroup, GraphNode, Position } from './types';
import { newId, takenIds, uniqueName } from './ids';

export interface ClonedSubgraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
  /** old id → new id, for nodes, edges and groups. */
  idMap: Map<string, string>;
}

/**
 * Copies the given nodes for paste/duplicate: fresh ids (and display names) unique in `graph`, positions
 * shifted by `offset`, edges between selected nodes kept, groups entirely inside the selection kept.
 * The result feeds an addNodes command directly.
 */
export function cloneSubgraph(graph: GraphData, nodeIds: Iterable<string>, offset: Position = { x: 40, y: 40 }): ClonedSubgraph {
  const selected = new Set(nodeIds);
  const taken = takenIds(graph);
  const names = new Set(graph.nodes.map((n) => n.name ?? n.id));
  const idMap = new Map<string, string>();
  const nodes: GraphNode[] = [];
  for (const n of graph.nodes) {
    if (!selected.has(n.id)) continue;
    const id = newId(n.id, taken);
    taken.add(id);
    idMap.set(n.id, id);
    const copy: GraphNode = {
      ...n,
      id,
      params: cloneJson(n.params),
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
    };
    if (n.name !== undefined) {
      copy.name = uniqueName(n.name, names);
      names.add(copy.name);
    }
    nodes.push(copy);
  }
  const missing = [...selected].find((id) => !idMap.has(id));
  if (missing !== undefined) throw new Error(`Cannot copy: no node '${missing}'`);
  const edges: GraphEdge[] = [];
  for (const e of graph.edges) {
    if (!selected.has(e.source) || !selected.has(e.target)) continue;
    const id = newId(`${idMap.get(e.target)}_in${e.targetPort}`, taken);
    taken.add(id);
    idMap.set(e.id, id);
    edges.push({ ...e, id, source: idMap.get(e.source)!, target: idMap.get(e.target)! });
  }
  const inside = graph.groups.filter((g) => g.nodeIds.length > 0 && g.nodeIds.every((id) => selected.has(id)));
  for (const g of inside) {
    const id = newId(g.id, taken);
    taken.add(id);
    idMap.set(g.id, id);
  }
  const groups = inside.map((g) => {
    const copy: GraphGroup = { ...g, id: idMap.get(g.id)!, nodeIds: g.nodeIds.map((id) => idMap.get(id)!) };
    if (g.block) copy.block = cloneJson(g.block);
    const parent = g.parentId === undefined ? undefined : idMap.get(g.parentId);
    if (parent === undefined) delete copy.parentId;
    else copy.parentId = parent;
    return copy;
  });
  return { nodes, edges, groups, idMap };
}

/** Deep copy of JSON-like document data (params, block records); shared/ has no structuredClone typing. */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneJson) as T;
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = cloneJson(x);
    return out as T;
  }
  return v;
}
