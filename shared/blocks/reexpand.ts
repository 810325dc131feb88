import type { GraphData, GraphEdge } from '../graph/types';
import type { BlockInstance } from './instantiate';

/** instantiateBlock's signature, injected to avoid an import cycle with index.ts. */
type Instantiate = (
  template: string,
  params: unknown,
  opts: { idPrefix: string; inputChannels: number; position: { x: number; y: number }; existingIds?: ReadonlySet<string> },
) => BlockInstance;

/**
 * Rebuilds a template group after its params changed: same group id and place, same upstream source and
 * downstream consumers. Returns the new document plus the new instance (for a replaceGroupContents
 * command). `inputChannels` is the width feeding the block (from shape inference).
 */
export function reexpandWith(
  instantiate: Instantiate,
  graph: GraphData,
  groupId: string,
  params: unknown,
  inputChannels: number,
): { graph: GraphData; instance: BlockInstance } {
  const group = graph.groups.find((g) => g.id === groupId);
  if (!group) throw new Error(`No group '${groupId}'`);
  if (!group.block) throw new Error(`Group '${group.name}' is not a template block; only blocks made from templates can be re-expanded`);
  const old = new Set(group.nodeIds);
  const entering = graph.edges.filter((e) => !old.has(e.source) && old.has(e.target));
  const sources = [...new Set(entering.map((e) => e.source))];
  if (sources.length > 1)
    throw new Error(`Block '${group.name}' is fed by ${sources.map((s) => `'${s}'`).join(' and ')}; a template block takes one input`);
  const leaving = graph.edges.filter((e) => old.has(e.source) && !old.has(e.target));

  const oldNodes = graph.nodes.filter((n) => old.has(n.id));
  const xs = oldNodes.map((n) => n.position.x);
  const position = oldNodes.length
    ? { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: Math.min(...oldNodes.map((n) => n.position.y)) }
    : { x: 0, y: 0 };
  const dropEdge = (e: GraphEdge) => old.has(e.source) || old.has(e.target);
  const keptNodes = graph.nodes.filter((n) => !old.has(n.id));
  const keptEdges = graph.edges.filter((e) => !dropEdge(e));
  const keptGroups = graph.groups.filter((g) => g.id !== groupId);
  const existingIds = new Set([
    ...keptNodes.map((n) => n.id),
    ...keptEdges.map((e) => e.id),
    ...leaving.map((e) => e.id),
    ...keptGroups.map((g) => g.id),
  ]);

  const inst = instantiate(group.block.template, params, { idPrefix: groupId, inputChannels, position, existingIds });
  const instance: BlockInstance = { ...inst, group: { ...inst.group, name: group.name, collapsed: group.collapsed, ...(group.parentId ? { parentId: group.parentId } : {}) } };
  const wires: GraphEdge[] = [];
  const fresh = (base: string) => {
    let id = base;
    for (let n = 2; existingIds.has(id); n++) id = `${base}_${n}`;
    existingIds.add(id);
    return id;
  };
  if (sources.length === 1)
    for (const target of instance.inputs) wires.push({ id: fresh(`${target}_in0`), source: sources[0], target, targetPort: 0 });
  for (const e of leaving) wires.push({ ...e, source: instance.output });
  return {
    graph: {
      nodes: [...keptNodes, ...instance.nodes],
      edges: [...keptEdges, ...instance.edges, ...wires],
      groups: [...keptGroups, instance.group],
    },
    instance,
  };
}
