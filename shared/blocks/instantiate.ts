import type { GraphEdge, GraphGroup, GraphNode, Position, UserBlock } from '../graph/types';
import type { Expansion } from './types';
import { layeredLayout } from './layout';
import { normaliseLayerParams } from './normalise';

export interface InstantiateOptions {
  /** Prefix of every new id (node, edge, group); also the group's name. Suffixed `_2`, `_3`… on collision. */
  idPrefix: string;
  /** Channels of the tensor that will feed the block (projection shortcuts, SE widths depend on it). */
  inputChannels: number;
  /** Top-centre of the block's internal layout. */
  position: Position;
  /** Ids already used in the document (nodes, edges, groups). */
  existingIds?: ReadonlySet<string>;
}

export interface BlockInstance {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Collapsed group holding every new node; `block` records where it came from. */
  group: GraphGroup;
  /**
   * Node ids that take the block's external input. Connect the upstream node to each at its lowest port
   * not fed inside the block (port 0 for templates); a node listed twice takes two external inputs.
   */
  inputs: string[];
  /** Node id whose output leaves the block. */
  output: string;
  /** All outputs, in order (templates have one; user blocks may have several). */
  outputs: string[];
  /** Groups nested inside a user block, re-parented under `group` (templates have none). */
  innerGroups: GraphGroup[];
}

/** Ports of `inputs` in connection order, resolving the "lowest free port" rule of `BlockInstance.inputs`. */
export function inputPorts(instance: Pick<BlockInstance, 'edges' | 'inputs'>): { nodeId: string; port: number }[] {
  const used = new Map<string, Set<number>>();
  for (const e of instance.edges) {
    if (!used.has(e.target)) used.set(e.target, new Set());
    used.get(e.target)!.add(e.targetPort);
  }
  return instance.inputs.map((nodeId) => {
    const taken = used.get(nodeId) ?? new Set<number>();
    let port = 0;
    while (taken.has(port)) port++;
    taken.add(port);
    used.set(nodeId, taken);
    return { nodeId, port };
  });
}

/** Params are plain JSON (document invariant), so a JSON round trip is a faithful deep copy. */
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** First of `prefix`, `prefix_2`, `prefix_3`… whose generated ids are all free. */
export function uniquePrefix(prefix: string, suffixes: readonly string[], existing?: ReadonlySet<string>): string {
  if (!/^[A-Za-z_][\w-]*$/.test(prefix))
    throw new Error(`idPrefix '${prefix}' must start with a letter or '_' and contain only letters, digits, '_' or '-'`);
  if (!existing || existing.size === 0) return prefix;
  for (let n = 1; ; n++) {
    const p = n === 1 ? prefix : `${prefix}_${n}`;
    if (!existing.has(p) && suffixes.every((s) => !existing.has(`${p}_${s}`))) return p;
  }
}

/** Turns a local fragment (local ids) into document nodes/edges/group under a fresh prefix, laid out. */
export function materialise(
  fragment: Expansion,
  opts: Omit<InstantiateOptions, 'inputChannels'>,
  group: Omit<GraphGroup, 'id' | 'nodeIds' | 'collapsed'>,
  user?: {
    outputs: string[];
    /** The saved layout (local ids), instead of a fresh one. */
    positions: Map<string, Position>;
    /** Local ids of saved groups, which also need free `${prefix}_${id}` names. */
    groupIds: readonly string[];
  },
): BlockInstance {
  const outputs = user?.outputs ?? [fragment.output];
  const extraSuffixes = user?.groupIds ?? [];
  const localIds = fragment.nodes.map((n) => n.id);
  const edgeSuffixes = fragment.edges.map((_, i) => `edge${i}`);
  const prefix = uniquePrefix(opts.idPrefix, [...localIds, ...edgeSuffixes, ...extraSuffixes], opts.existingIds);
  const id = (local: string) => `${prefix}_${local}`;
  const layout = user?.positions ?? layeredLayout(localIds, fragment.edges, { x: 0, y: 0 });
  const nodes: GraphNode[] = fragment.nodes.map((n) => {
    const p = layout.get(n.id) ?? { x: 0, y: 0 };
    // Template params are ours: normalise (and catch template bugs). User blocks are copied verbatim, since
    // a saved fragment may legitimately hold params the validator will flag.
    const params = user ? clone(n.params) : normaliseLayerParams(n.type, clone(n.params));
    return { ...n, id: id(n.id), params, position: { x: opts.position.x + p.x, y: opts.position.y + p.y } };
  });
  const edges: GraphEdge[] = fragment.edges.map((e, i) => ({
    ...e,
    id: id(edgeSuffixes[i]),
    source: id(e.source),
    target: id(e.target),
  }));
  const all = new Set([prefix, ...nodes.map((n) => n.id), ...edges.map((e) => e.id), ...extraSuffixes.map(id)]);
  if (all.size !== 1 + nodes.length + edges.length + extraSuffixes.length)
    throw new Error(`block '${group.name}': its local ids collide once prefixed (rename nodes named like 'edge0')`);
  return {
    nodes,
    edges,
    group: { ...group, id: prefix, nodeIds: nodes.map((n) => n.id), collapsed: true },
    inputs: fragment.inputs.map(id),
    output: id(fragment.output),
    outputs: outputs.map(id),
    innerGroups: [],
  };
}

/**
 * Places a saved user block into a document. The outer group records `{ template: 'user:<name>' }`;
 * groups saved inside it keep their own `block` and are re-parented under the new group.
 */
export function instantiateUserBlock(block: UserBlock, opts: Omit<InstantiateOptions, 'inputChannels'>): BlockInstance {
  const { graph } = block;
  if (graph.nodes.length === 0) throw new Error(`user block '${block.name}' is empty`);
  const ids = new Set(graph.nodes.map((n) => n.id));
  for (const ref of [...block.inputs, ...block.outputs])
    if (!ids.has(ref)) throw new Error(`user block '${block.name}' lists '${ref}' as input/output but has no such node`);
  if (block.outputs.length === 0) throw new Error(`user block '${block.name}' has no output`);
  // Keep the saved layout, shifted so its top-centre lands on opts.position.
  const minY = Math.min(...graph.nodes.map((n) => n.position.y));
  const xs = graph.nodes.map((n) => n.position.x);
  const midX = (Math.min(...xs) + Math.max(...xs)) / 2;
  const positions = new Map(graph.nodes.map((n) => [n.id, { x: n.position.x - midX, y: n.position.y - minY }]));
  const fragment: Expansion = {
    nodes: graph.nodes.map(({ id, type, params, name }) => (name === undefined ? { id, type, params } : { id, type, params, name })),
    edges: graph.edges.map(({ source, target, targetPort, sourcePort }) =>
      sourcePort === undefined ? { source, target, targetPort } : { source, target, targetPort, sourcePort },
    ),
    inputs: block.inputs,
    output: block.outputs[0],
  };
  const groupSuffixes = graph.groups.map((g) => g.id);
  const inst = materialise(
    fragment,
    opts,
    { name: block.name, block: { template: `user:${block.name}`, params: {} } },
    { outputs: block.outputs, positions, groupIds: groupSuffixes },
  );
  const prefix = inst.group.id;
  const inner: GraphGroup[] = graph.groups.map((g) => ({
    ...clone(g),
    id: `${prefix}_${g.id}`,
    nodeIds: g.nodeIds.filter((n) => ids.has(n)).map((n) => `${prefix}_${n}`),
    parentId: g.parentId && groupSuffixes.includes(g.parentId) ? `${prefix}_${g.parentId}` : prefix,
  }));
  return { ...inst, innerGroups: inner };
}
