import type { GraphData } from '../graph/types';
import type { ErrorList } from './errors';
import { joinPath } from './jsonpath';

const quote = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);

/**
 * Referential integrity the schema cannot express: unique ids, edges and groups that point at existing
 * nodes, group parents that exist and do not loop. `base` is the JSON path of the graph object.
 */
export function checkGraphIntegrity(graph: GraphData, base: string, errors: ErrorList): void {
  const nodeIndex = new Map<string, number>();
  graph.nodes.forEach((n, i) => {
    const first = nodeIndex.get(n.id);
    if (first !== undefined) {
      errors.add(joinPath(base, 'nodes', i, 'id'), `duplicate node id ${quote(n.id)} (also used by ${joinPath(base, 'nodes', first)})`);
    } else nodeIndex.set(n.id, i);
  });

  const edgeIndex = new Map<string, number>();
  graph.edges.forEach((e, i) => {
    const first = edgeIndex.get(e.id);
    if (first !== undefined) {
      errors.add(joinPath(base, 'edges', i, 'id'), `duplicate edge id ${quote(e.id)} (also used by ${joinPath(base, 'edges', first)})`);
    } else edgeIndex.set(e.id, i);
    for (const end of ['source', 'target'] as const) {
      if (!nodeIndex.has(e[end])) {
        errors.add(joinPath(base, 'edges', i, end), `edge ${quote(e.id)} ${end} ${quote(e[end])} is not a node of this graph`);
      }
    }
  });

  const groupIndex = new Map<string, number>();
  graph.groups.forEach((g, i) => {
    const first = groupIndex.get(g.id);
    if (first !== undefined) {
      errors.add(joinPath(base, 'groups', i, 'id'), `duplicate group id ${quote(g.id)} (also used by ${joinPath(base, 'groups', first)})`);
    } else groupIndex.set(g.id, i);
    g.nodeIds.forEach((nid, j) => {
      if (!nodeIndex.has(nid)) errors.add(joinPath(base, 'groups', i, 'nodeIds', j), `group ${quote(g.name)} lists ${quote(nid)}, which is not a node of this graph`);
    });
  });
  graph.groups.forEach((g, i) => {
    if (g.parentId === undefined) return;
    if (!groupIndex.has(g.parentId)) {
      errors.add(joinPath(base, 'groups', i, 'parentId'), `group ${quote(g.name)} has parent ${quote(g.parentId)}, which is not a group of this graph`);
      return;
    }
    // Walk up the parent chain; more steps than groups means a loop.
    let cur: string | undefined = g.parentId;
    for (let steps = 0; cur !== undefined; steps++) {
      if (cur === g.id || steps > graph.groups.length) {
        errors.add(joinPath(base, 'groups', i, 'parentId'), `group ${quote(g.name)} has a parentId chain that loops`);
        return;
      }
      const idx = groupIndex.get(cur);
      cur = idx === undefined ? undefined : graph.groups[idx].parentId;
    }
  });
}

/** Block inputs/outputs must name nodes of the block's own graph. */
export function checkBlockPorts(
  block: { graph: GraphData; inputs: string[]; outputs: string[] },
  base: string,
  errors: ErrorList,
): void {
  const ids = new Set(block.graph.nodes.map((n) => n.id));
  for (const key of ['inputs', 'outputs'] as const) {
    block[key].forEach((nid, j) => {
      if (!ids.has(nid)) errors.add(joinPath(base, key, j), `${quote(nid)} is not a node of this block's graph`);
    });
  }
}
