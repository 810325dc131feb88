import type { GraphData, GraphGroup, UserBlock } from '../graph/types';

/**
 * Saves a selection as a reusable block. Inputs = selected nodes fed from outside the selection (one entry
 * per external edge, ordered by node then port), plus selected non-Input nodes fed by nothing at all (their
 * input is still to be connected); outputs = selected nodes feeding something outside, plus
 * selected sinks (their result would otherwise be lost). Edges crossing the boundary are dropped; groups
 * entirely inside the selection are kept. Positions are stored relative to the selection's top-left.
 */
export function saveSelectionAsBlock(graph: GraphData, nodeIds: string[], name: string): UserBlock {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('A block needs a name');
  if (nodeIds.length === 0) throw new Error(`Cannot save block '${trimmed}': the selection is empty`);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const missing = nodeIds.filter((id) => !byId.has(id));
  if (missing.length) throw new Error(`Cannot save block '${trimmed}': no node with id ${missing.map((m) => `'${m}'`).join(', ')}`);
  const selected = new Set(nodeIds);
  // Document order, so inputs/outputs come out in a stable, readable order.
  const nodes = graph.nodes.filter((n) => selected.has(n.id));

  const inside = graph.edges.filter((e) => selected.has(e.source) && selected.has(e.target));
  const entering = graph.edges
    .filter((e) => !selected.has(e.source) && selected.has(e.target))
    .sort((a, b) => order(nodes, a.target) - order(nodes, b.target) || a.targetPort - b.targetPort);
  const fed = new Set(graph.edges.map((e) => e.target));
  const unfed = nodes.filter((n) => !fed.has(n.id) && n.type !== 'Input').map((n) => n.id);
  const inputs = [...entering.map((e) => e.target), ...unfed].sort((a, b) => order(nodes, a) - order(nodes, b));
  const leaving = new Set(graph.edges.filter((e) => selected.has(e.source) && !selected.has(e.target)).map((e) => e.source));
  const hasSuccessor = new Set(graph.edges.map((e) => e.source));
  const outputs = nodes.filter((n) => leaving.has(n.id) || !hasSuccessor.has(n.id)).map((n) => n.id);

  const minX = Math.min(...nodes.map((n) => n.position.x));
  const minY = Math.min(...nodes.map((n) => n.position.y));
  const groups: GraphGroup[] = graph.groups
    .filter((g) => g.nodeIds.length > 0 && g.nodeIds.every((id) => selected.has(id)))
    .map((g) => JSON.parse(JSON.stringify(g)) as GraphGroup);
  const kept = new Set(groups.map((g) => g.id));
  for (const g of groups) if (g.parentId && !kept.has(g.parentId)) delete g.parentId;

  return {
    name: trimmed,
    graph: {
      nodes: nodes.map((n) => ({
        ...JSON.parse(JSON.stringify(n)),
        position: { x: n.position.x - minX, y: n.position.y - minY },
      })),
      edges: inside.map((e) => ({ ...e })),
      groups,
    },
    inputs,
    outputs,
  };
}

function order(nodes: { id: string }[], id: string): number {
  return nodes.findIndex((n) => n.id === id);
}
